"""Fixed wording of the pages, in both languages."""

LABELS = {
    "home": ("首页", "Home"),
    "phrasebook": ("场景话术", "Phrasebook"),
    "taboos": ("忌语清单", "Taboo list"),
    "guidelines": ("规范与技巧", "Guidelines"),
    "procedures": ("工作程序", "Procedures"),
    "scripts": ("通话脚本", "Call scripts"),
    "transcripts": ("通话实例", "Example calls"),
    "checker": ("话术检查", "Reply checker"),
    "authors": ("编写指南", "For authors"),
    "forms": ("表单", "Forms"),
    "say": ("推荐说法", "Say"),
    "avoid": ("不要说", "Never say"),
    "guidance": ("怎么做", "What to do"),
    "situation": ("情景", "Situation"),
    "customer_says": ("客户说", "The customer says"),
    "copy": ("复制", "Copy"),
    "copied": ("已复制", "Copied"),
    "source": ("出处", "Source"),
    "category": ("类别", "Category"),
    "severity": ("级别", "Severity"),
    "channel": ("渠道", "Channel"),
    "all": ("全部", "All"),
    "filter_text": ("筛选", "Filter"),
    "shown": ("条显示", "shown"),
    "what_it_catches": ("检查什么", "What it catches"),
    "why": ("为什么", "Why"),
    "example": ("示例", "Example"),
    "say_instead": ("改为这样说", "Say instead"),
    "flagged": ("会被标出", "Flagged"),
    "passes": ("不会被标出", "Passes"),
    "duties": ("岗位职责", "Duties"),
    "flow": ("工作流程", "Flow"),
    "key_points": ("工作要点及注意事项", "Key points"),
    "norms": ("行为规范要素", "Behaviour norms"),
    "kpis": ("考核指标", "KPIs"),
    "tools": ("服务管理工具中的应用", "In the service management tool"),
    "scope": ("适用范围", "Scope"),
    "related_scripts": ("相关通话脚本", "Related call scripts"),
    "flowchart": ("流程图", "Flowchart"),
    "player": ("逐步演练", "Step-by-step player"),
    "restart": ("重新开始", "Restart"),
    "back": ("上一步", "Back"),
    "next": ("继续", "Continue"),
    "end": ("通话结束", "End of call"),
    "steps": ("全部步骤", "All steps"),
    "notes": ("整理说明", "Editorial notes"),
    # Where an entry or a reply comes from (its ``origin``); a seed's own needs no mark.
    "origin_seed": ("原始资料", "Source documents"),
    "origin_derived": ("衍生", "derived"),
    "origin_editorial": ("编者", "editors"),
    "origin_team": ("团队", "team"),
    "origin_title_derived": ("为落实原始资料中的原则而写", "Written to implement a principle of the source document"),
    "origin_title_editorial": ("由编者撰写，并非出自原始资料", "Written by the editors, not taken from the source document"),
    "origin_title_team": ("团队自己的条目", "The team's own entry"),
    "goto": ("转", "go to"),
    "field": ("栏目", "Field"),
    "hint": ("填写要点", "How to fill it in"),
    "agent": ("座席", "Agent"),
    "customer": ("客户", "Customer"),
    "lessons": ("要点", "Lessons"),
    "good": ("好", "Good"),
    "bad": ("不妥", "Poor"),
    "neutral": ("一般", "So-so"),
    "error": ("忌语", "Taboo"),
    "warning": ("避免", "Avoid"),
    "info": ("建议", "Advice"),
    "phone": ("电话", "Phone"),
    "onsite": ("现场", "On site"),
    "chat": ("在线", "Chat"),
    "email": ("邮件", "Email"),
    "purpose": ("用途", "Purpose"),
    "print": ("打印", "Print"),
    "rules_count": ("条规则", "rules"),
    "scenarios_count": ("个场景", "scenarios"),
    "see_rule": ("规则说明", "Rule details"),
    "principles": ("沟通原则与服务心态", "Principles and mindsets"),
    "conduct": ("行为规范", "Conduct"),
    "etiquette": ("礼仪", "Etiquette"),
    "techniques": ("技巧", "Techniques"),
    "customer_types": ("难以应对的客户", "Difficult customers"),
    "dos_donts": ("该做与不该做", "Dos and don'ts"),
    "narration": ("旁白", "Narration"),
    "missing": ("缺少", "Missing"),
}

# What the checker page's team settings call each placeholder of data/settings.yml.
PLACEHOLDER_LABELS = {
    "company": ("公司名称", "Company name"),
    "product": ("产品名称", "Product name"),
    "hotline": ("服务热线", "Service hotline"),
    "agent": ("座席姓名", "Agent's name"),
    "agent_id": ("工号（如 1024号）", "Staff number (e.g. representative number 1024)"),
    "reply_by": ("承诺答复时间（如 今天下班前）", "Reply promised (e.g. before the end of today)"),
}

# Guideline kinds -> the page they appear on.
GUIDELINE_PAGES = {
    "principles": ("principle", "mindset", "definition"),
    "conduct": ("norm", "kpi"),
    "dos-donts": ("do", "dont"),
    "etiquette": ("etiquette",),
    "techniques": ("technique", "tip"),
    "customer-types": ("customer-type",),
}


def placeholder_label(name, lang):
    zh, en = PLACEHOLDER_LABELS.get(name, (name, name))
    return zh if lang == "zh" else en


def label(key, lang):
    zh, en = LABELS[key]
    return zh if lang == "zh" else en
