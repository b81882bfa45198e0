"""Deterministic benchmark text: clean service replies with taboo phrases mixed in.

The clean sentences are written for the benchmark (none of them is flagged by
any rule); the taboo sentences are the rules' own ``examples.flag`` texts from
checker/rules.json. Some sentences are disguised the way pasted text often is:
traditional characters, full-width letters and digits, spaces between
characters. The same seed always gives the same text.
"""

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from checker.rules import read_bundle  # noqa: E402

SEED = 20240611
TABOO_EVERY = 300  # characters of text per taboo phrase, on average
CJK = re.compile(r"[\u3400-\u9fff]")

CLEAN_ZH = [
    "您好，很高兴为您服务，请问有什么可以帮您？",
    "感谢您的耐心等待，您反映的问题我已经记录下来了。",
    "请您提供一下订单号，我马上为您查询物流信息。",
    "您的包裹目前在转运中心，预计明天下午送达。",
    "非常抱歉给您带来不便，我们会尽快为您处理。",
    "我已经把您的问题转给技术部门，今天下午五点前给您回复。",
    "请您稍等片刻，我帮您核实一下账户信息。",
    "为了保护您的账户安全，需要验证一下您预留的手机号码后四位。",
    "您说的情况我理解，换作是我也会着急的。",
    "这个问题我来帮您跟进，有进展我第一时间联系您。",
    "请您在设置页面点击“系统维护”，然后选择“重建索引”。",
    "您可以在个人中心查看发票的开具进度。",
    "退款会在三到五个工作日内原路退回您的支付账户。",
    "我们已经安排快递员明天上午上门取件，请您保持电话畅通。",
    "关于您提到的报表导出问题，新版本2.4.1已经修复了。",
    "如果方便的话，请您把错误提示截图发到我们的服务邮箱。",
    "您的意见对我们非常重要，我会如实反馈给相关部门。",
    "目前系统显示您的工单编号是A20240611003，请您留存。",
    "请问您方便告诉我是在哪一步操作时出现的提示吗？",
    "我们的服务时间是每天早上八点到晚上八点，节假日照常。",
    "您的会员积分已经补发到账，可以在下次下单时抵扣。",
    "为了更快解决问题，我们的工程师会通过远程协助帮您排查。",
    "请您重新登录一下客户端，看看问题是否还存在。",
    "感谢您的理解和支持，祝您工作顺利！",
    "这边已经为您申请了补发，新的运单号稍后会以短信通知您。",
    "您反映的配送延误我们非常重视，已经督促站点尽快派送。",
    "如果还有其他问题，欢迎您随时拨打服务热线。",
    "我再跟您确认一下：收货地址是北京市海淀区中关村大街27号，对吗？",
    "由于近期订单较多，发货时间可能比平时晚一天，请您谅解。",
    "您的建议很好，我们会在下一个版本中考虑加入这个功能。",
    "请您检查一下网络连接，然后在浏览器里清除缓存后再试。",
    "我们会在24小时内给您一个明确的处理方案。",
    "您好，我是28号客服代表，请问您是王先生吗？",
    "您的投诉我们已经受理，处理结果会通过电话告知您。",
    "为您带来的困扰我们深表歉意，这次的运费由我们承担。",
    "您可以在App首页的“我的订单”里申请售后服务。",
    "麻烦您把问题发邮件给我，并抄送给相关商务，我们会明确安排时间来解决。",
    "根据公司规定，破损的商品可以免费换新，请您放心。",
    "我这边看到您的设备还在保修期内，维修不收取费用。",
    "今天的回访就到这里，再次感谢您的配合，再见！",
]

CLEAN_EN = [
    "Thank you for calling, how may I help you today?",
    "Could you give me your order number so I can check the delivery status?",
    "I have passed your question to our engineers and will call you back before 5 pm.",
    "I am sorry for the inconvenience; I will refund the shipping fee for you.",
    "Please restart the client and let us know whether the problem persists.",
    "Your ticket number is A20240611003; please keep it for reference.",
]


def taboo_examples():
    """(rule id, text) for every ``examples.flag`` text of every forbid/replace rule."""
    out = []
    for rule in read_bundle()["rules"]:
        if rule["kind"] == "require":
            continue
        for text in rule.get("examples", {}).get("flag", []):
            out.append((rule["id"], text))
    return out


def full_width(text):
    """ASCII letters, digits and punctuation as their full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def spaced(text, rng):
    """A space between some neighbouring Chinese characters."""
    out = []
    for i, c in enumerate(text):
        out.append(c)
        if i + 1 < len(text) and CJK.match(c) and CJK.match(text[i + 1]) and rng.random() < 0.5:
            out.append(" ")
    return "".join(out)


class Corpus:
    def __init__(self, seed=SEED):
        from opencc import OpenCC

        self.rng = random.Random(seed)
        self.s2t = OpenCC("s2t")
        self._trad = {}
        examples = taboo_examples()
        self.taboo_zh = [t for _, t in examples if CJK.search(t)]
        self.taboo_en = [t for _, t in examples if not CJK.search(t)]

    def traditional(self, text):
        if text not in self._trad:
            self._trad[text] = self.s2t.convert(text)
        return self._trad[text]

    def disguise(self, sentence):
        roll = self.rng.random()
        if roll < 0.08:
            return self.traditional(sentence)
        if roll < 0.13:
            return full_width(sentence)
        if roll < 0.17:
            return spaced(sentence, self.rng)
        return sentence

    def sentences(self):
        """An endless stream of (sentence, is_taboo), one taboo every ~TABOO_EVERY characters."""
        rng = self.rng
        gap = rng.randint(TABOO_EVERY // 2, TABOO_EVERY * 3 // 2)
        since = 0
        while True:
            english = rng.random() < 0.12
            if since >= gap:
                pool = self.taboo_en if english else self.taboo_zh
                sentence, taboo = rng.choice(pool), True
                since, gap = 0, rng.randint(TABOO_EVERY // 2, TABOO_EVERY * 3 // 2)
            else:
                sentence, taboo = rng.choice(CLEAN_EN if english else CLEAN_ZH), False
            sentence = self.disguise(sentence)
            since += len(sentence)
            yield (sentence + " " if english else sentence), taboo

    def text(self, size_bytes):
        """At least ``size_bytes`` of UTF-8: paragraphs of 3-8 sentences. Returns (text, taboo count)."""
        parts, size, taboos, in_para = [], 0, 0, 0
        para_len = self.rng.randint(3, 8)
        for sentence, taboo in self.sentences():
            parts.append(sentence)
            size += len(sentence.encode("utf-8"))
            taboos += taboo
            in_para += 1
            if in_para == para_len:
                parts.append("\n")
                size += 1
                in_para, para_len = 0, self.rng.randint(3, 8)
            if size >= size_bytes:
                break
        return "".join(parts), taboos


def make_text(size_bytes, seed=SEED):
    return Corpus(seed).text(size_bytes)


def make_reply(size_bytes=2048, seed=SEED + 1):
    """A ~2 kB reply (UTF-8 bytes) with the usual taboo density, ending on a whole sentence."""
    return Corpus(seed).text(size_bytes)


if __name__ == "__main__":  # a look at the text
    text, taboos = make_text(4000)
    print(text)
    print(f"\n{len(text.encode('utf-8'))} bytes, {len(text)} characters, {taboos} taboo sentences")
