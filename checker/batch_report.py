"""Writers for batch scorecards: a CSV for spreadsheets and one self-contained HTML page.

The page is rendered from ``templates/report.html.j2`` (Jinja2, every value
escaped) from a batch summary (batch.Summary): totals, the score distribution,
findings per category, the most frequent taboo phrases, the missing required
phrases, the worst calls, and per agent and per queue when the input has such
columns; the same size at ten calls or a million. Charts are CSS bars with
relative widths; inline CSS only: no script, no link, no request to anything.
"""

import csv
from pathlib import Path

import jinja2

from .errors import CheckerError
from .reports.formats import spreadsheet_safe as _cell


CSV_FIELDS = ["path", "score", "errors", "warnings", "info", "findings", "missing_required", "read_error"]


def write_csv(summary, path):
    """One row per call (unreadable files too, with ``read_error`` set), then one column per category.

    UTF-8 with a byte-order mark, so that Excel shows Chinese correctly.
    """
    categories = sorted(item["category"] for item in summary["categories"])
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_FIELDS + [f"category:{c}" for c in categories])
        for card in summary["calls"]:
            row = [card["path"], card["score"], card["errors"], card["warnings"], card["info"], card["findings"], " ".join(card["missing"]), ""]
            writer.writerow([_cell(v) for v in row] + [card["categories"].get(c, 0) for c in categories])
        for error in summary["errors"]:
            row = [error["path"], "", "", "", "", "", "", error["reason"]]
            writer.writerow([_cell(v) for v in row] + ["" for _ in categories])
    return path


# ---------------------------------------------------------------- HTML

LABELS = {
    "zh": {
        "title": "通话质量评分报告",
        "overview": "概览",
        "calls_n": "通话数",
        "mean": "平均分",
        "lowest": "最低分",
        "findings_n": "问题总数",
        "unreadable_n": "无法读取的文件",
        "weights": "扣分规则：每个错误扣 {error} 分，每个警告扣 {warning} 分，每个提示扣 {info} 分（满分 100，最低 0）。",
        "turns_n": "轮次",
        "bad_n": "跳过的坏记录",
        "inferred_n": "推断角色的通话",
        "version": "规则版本（规则包与团队设置的哈希；版本相同的评分可以相互比较）：",
        "scores_chart": "得分分布（通话数）",
        "categories_chart": "各类别问题数",
        "worst": "得分最低的通话",
        "worst_note": "{total} 个通话中得分最低的 {shown} 个；逐通话的评分见 summary.csv。",
        "by_agent": "按坐席",
        "by_queue": "按队列",
        "group_note": "共 {total} 个，按平均分从低到高列出前 {shown} 个。",
        "missing_h": "缺少必备用语的通话",
        "calls_with": "涉及通话",
        "rules_h": "主要问题",
        "call": "通话",
        "agent": "坐席",
        "queue": "队列",
        "name": "名称",
        "line": "行",
        "more_errors": "另有 {n} 条未列出。",
        "per_category": "按类别统计",
        "top": "高频忌语",
        "errors_h": "无法读取的文件与跳过的记录",
        "path": "文件",
        "score": "得分",
        "errors": "错误",
        "warnings": "警告",
        "info": "提示",
        "findings": "问题数",
        "missing": "缺少的必备用语",
        "category": "类别",
        "count": "次数",
        "rule": "规则",
        "message": "说明",
        "examples": "实际说法示例",
        "reason": "原因",
        "none": "无",
        "no_calls": "没有可评分的通话。",
        "no_findings": "没有发现问题。",
        "chart_scores_alt": "各得分段通话数的条形图",
        "chart_categories_alt": "各类别问题数的条形图",
    },
    "en": {
        "title": "Call quality scorecard report",
        "overview": "Overview",
        "calls_n": "Calls",
        "mean": "Mean score",
        "lowest": "Lowest score",
        "findings_n": "Findings",
        "unreadable_n": "Unreadable files",
        "weights": "Scoring: each error costs {error} points, each warning {warning}, each info {info} (out of 100, never below 0).",
        "turns_n": "Turns",
        "bad_n": "Bad records skipped",
        "inferred_n": "Calls with inferred roles",
        "version": "Rules version (a hash of the rules bundle and the team settings; scores with the same version are comparable):",
        "scores_chart": "Score distribution (calls)",
        "categories_chart": "Findings per category",
        "worst": "Lowest-scored calls",
        "worst_note": "The {shown} lowest of {total} calls; every call's scorecard is in summary.csv.",
        "by_agent": "By agent",
        "by_queue": "By queue",
        "group_note": "{total} in all; the {shown} with the lowest mean score are listed.",
        "missing_h": "Calls missing a required phrase",
        "calls_with": "Calls",
        "rules_h": "Main problems",
        "call": "Call",
        "agent": "Agent",
        "queue": "Queue",
        "name": "Name",
        "line": "Line",
        "more_errors": "{n} more not listed.",
        "per_category": "Findings per category",
        "top": "Most frequent taboo phrases",
        "errors_h": "Files that could not be read, records skipped",
        "path": "File",
        "score": "Score",
        "errors": "Errors",
        "warnings": "Warnings",
        "info": "Info",
        "findings": "Findings",
        "missing": "Missing required phrases",
        "category": "Category",
        "count": "Count",
        "rule": "Rule",
        "message": "Message",
        "examples": "What was said",
        "reason": "Reason",
        "none": "none",
        "no_calls": "No call could be scored.",
        "no_findings": "No findings.",
        "chart_scores_alt": "Bar chart of the number of calls in each score band",
        "chart_categories_alt": "Bar chart of the number of findings in each category",
    },
}

CSS = """
:root { color-scheme: light; }
body { margin: 0; padding: 24px 32px 48px; color: #1f2328; background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC",
  "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
h1 { font-size: 24px; margin: 0 0 16px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 16px; margin: 20px 0 8px; }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 8px; padding: 0; list-style: none; }
.stats li { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.stats b { display: block; font-size: 22px; }
.stats span { color: #57606a; font-size: 13px; }
.note { color: #57606a; font-size: 13px; margin: 6px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 24px 48px; align-items: flex-start; margin-top: 24px; }
figure { margin: 0; flex: 1 1 380px; max-width: 640px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.path { word-break: break-all; max-width: 420px; }
table.chart { width: 100%; }
table.chart th, table.chart td { border: 0; padding: 2px 6px; background: none; font-weight: normal; }
table.chart th { text-align: right; white-space: nowrap; width: 1%; }
td.barcell, th.barcell { width: 60%; min-width: 120px; }
.bar { display: block; height: 14px; background: #f6f8fa; border-radius: 2px; }
.bar i { display: block; height: 100%; border-radius: 2px; background: #0969da; min-width: 1px; }
.bar i.good { background: #2da44e; } .bar i.fair { background: #d4a72c; } .bar i.poor { background: #cf222e; }
.good { color: #1a7f37; } .fair { color: #9a6700; } .poor { color: #cf222e; font-weight: 600; }
code { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 13px; }
.ex { display: inline-block; background: #fff1f0; border: 1px solid #ffcecb; border-radius: 4px; padding: 0 5px; margin: 1px 4px 1px 0; }
"""


def band(score):
    return "good" if score >= 90 else "fair" if score >= 70 else "poor"


def category_name(item, lang):
    """The category's name in ``lang`` when the rules bundle gives one, else its id."""
    names = item.get("names") or {}
    return names.get(lang) or item["category"]


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("templates"))),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render_html(summary, lang="zh"):
    """The report as one HTML document: inline CSS, no script, nothing fetched."""
    if lang not in LABELS:
        raise ValueError(f"lang must be one of {', '.join(LABELS)}")
    empty = {"count": 0, "rows": []}
    context = {
        **summary,
        "lang": lang,
        "L": LABELS[lang],
        "css": CSS,
        "band": band,
        "weights": {k: _fmt_number(v) for k, v in summary["weights"].items()},
        "version": summary.get("version"),
        "agents": summary.get("agents", empty),
        "queues": summary.get("queues", empty),
        "groups": {"agents": summary.get("agents", empty), "queues": summary.get("queues", empty)},
        "more_errors": summary.get("more_errors", 0),
    }
    return _env.get_template("report.html.j2").render(context)


def _fmt_number(value):
    return int(value) if float(value).is_integer() else value


def write_html(summary, path, lang="zh"):
    """Write the report (see ``render_html``) as UTF-8."""
    path = Path(path)
    path.write_text(render_html(summary, lang), encoding="utf-8")
    return path


def write_report(summary, folder, lang="zh", scorecards=True):
    """``folder/summary.csv`` and ``folder/report.html``; the folder is made when missing.

    With ``scorecards`` false the CSV is left to the caller (a streamed run writes it as it goes).
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        csv_path = write_csv(summary, folder / "summary.csv") if scorecards else folder / "summary.csv"
        return csv_path, write_html(summary, folder / "report.html", lang)
    except OSError as exc:
        raise CheckerError(f"{folder}: cannot write the report: {exc.strerror or exc}") from None
