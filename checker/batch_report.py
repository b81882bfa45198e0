"""Writers for batch scorecards: a CSV for spreadsheets and one self-contained HTML page.

The HTML has inline CSS and SVG charts drawn here: no script, no link, no
request to anything. Every string that comes from a file or a rule is escaped.
"""

import csv
import html
import os
from pathlib import Path

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
        "scores_chart": "各通话得分",
        "categories_chart": "各类别问题数",
        "per_call": "逐通话评分",
        "per_category": "按类别统计",
        "top": "高频忌语",
        "errors_h": "无法读取的文件",
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
        "chart_scores_alt": "各通话得分的条形图",
        "chart_categories_alt": "各类别问题数的条形图",
        "legend": ("90 分及以上", "70–89 分", "70 分以下"),
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
        "scores_chart": "Score per call",
        "categories_chart": "Findings per category",
        "per_call": "Scorecard per call",
        "per_category": "Findings per category",
        "top": "Most frequent taboo phrases",
        "errors_h": "Files that could not be read",
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
        "chart_scores_alt": "Bar chart of the score of each call",
        "chart_categories_alt": "Bar chart of the number of findings in each category",
        "legend": ("90 and above", "70–89", "below 70"),
    },
}

CSS = """
:root { color-scheme: light; }
body { margin: 0; padding: 24px 32px 48px; color: #1f2328; background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC",
  "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
h1 { font-size: 24px; margin: 0 0 16px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 8px; padding: 0; list-style: none; }
.stats li { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.stats b { display: block; font-size: 22px; }
.stats span { color: #57606a; font-size: 13px; }
.note { color: #57606a; font-size: 13px; margin: 6px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 24px 48px; align-items: flex-start; }
figure { margin: 0; max-width: 100%; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font-family: inherit; font-size: 12px; fill: #1f2328; }
svg .axis { stroke: #8c959f; stroke-width: 1; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.path { word-break: break-all; max-width: 420px; }
.good { color: #1a7f37; } .fair { color: #9a6700; } .poor { color: #cf222e; font-weight: 600; }
code { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 13px; }
.legend { display: flex; gap: 14px; margin: 2px 0 4px; padding: 0; list-style: none; font-size: 12px; color: #57606a; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.ex { display: inline-block; background: #fff1f0; border: 1px solid #ffcecb; border-radius: 4px; padding: 0 5px; margin: 1px 4px 1px 0; }
"""

COLORS = {"good": "#2da44e", "fair": "#d4a72c", "poor": "#cf222e"}
CATEGORY_COLOR = "#0969da"


def band(score):
    return "good" if score >= 90 else "fair" if score >= 70 else "poor"


def _e(value):
    return html.escape(str(value), quote=True)


def _text_width(text, size=12):
    """Rough rendered width: CJK and other wide characters take a full em, the rest about 0.6."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def _shorten(text, limit, size=12):
    """``text`` cut in the middle with … so that it fits in ``limit`` pixels (roughly)."""
    if _text_width(text, size) <= limit:
        return text
    head, tail = "", ""
    left, right = 0, len(text) - 1
    budget = limit - size
    while left <= right:
        if _text_width(tail, size) < _text_width(head, size):
            candidate = text[right] + tail
            if _text_width(head + candidate, size) > budget:
                break
            tail, right = candidate, right - 1
        else:
            candidate = head + text[left]
            if _text_width(candidate + tail, size) > budget:
                break
            head, left = candidate, left + 1
    return head + "…" + tail


def _labels_for(paths):
    """Chart labels: the paths without the folder they all share."""
    if len(paths) < 2:
        return [os.path.basename(p) or p for p in paths]
    try:
        common = os.path.commonpath(paths)
    except ValueError:
        return list(paths)
    if not common or common in paths:
        return list(paths)
    return [os.path.relpath(p, common) for p in paths]


def bar_chart(rows, max_value, alt, css_class, label_limit=260, width=560, ticks=(0, 25, 50, 75, 100)):
    """An inline horizontal bar chart: ``rows`` are ``(label, value, colour, tooltip)``."""
    size, bar, gap, top, bottom = 12, 18, 8, 8, 26
    label_w = min(label_limit, max((_text_width(label, size) for label, *_ in rows), default=0)) + 12
    value_w = 44
    plot_w = width - label_w - value_w
    height = top + len(rows) * (bar + gap) + bottom
    scale = plot_w / max_value if max_value else 0
    out = [
        f'<svg class="{css_class}" role="img" aria-label="{_e(alt)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f"<title>{_e(alt)}</title>",
    ]
    base = top + len(rows) * (bar + gap)
    for tick in ticks:
        x = label_w + tick * scale
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{base}"/>')
        out.append(f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle">{_e(tick)}</text>')
    for i, (label, value, colour, tooltip) in enumerate(rows):
        y = top + i * (bar + gap)
        w = max(value * scale, 0)
        shown = _shorten(label, label_limit, size)
        out.append("<g>")
        out.append(f"<title>{_e(tooltip)}</title>")
        out.append(f'<text x="{label_w - 8:.1f}" y="{y + bar / 2 + 4:.1f}" text-anchor="end">{_e(shown)}</text>')
        out.append(f'<rect x="{label_w:.1f}" y="{y}" width="{w:.1f}" height="{bar}" rx="2" fill="{colour}"/>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar / 2 + 4:.1f}">{_e(value)}</text>')
        out.append("</g>")
    out.append(f'<line class="axis" x1="{label_w:.1f}" y1="{top - 4}" x2="{label_w:.1f}" y2="{base}"/>')
    out.append("</svg>")
    return "\n".join(out)


def _count_ticks(max_value):
    """About five round ticks from 0 to at least ``max_value``."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if max_value / candidate <= 5:
            break
    else:
        while max_value / step > 5:
            step *= 10
    top = -(-max_value // step) * step or step
    return top, tuple(range(0, top + 1, step))


def score_chart(summary, lang="zh"):
    calls = summary["calls"]
    labels = _labels_for([card["path"] for card in calls])
    L = LABELS[lang]
    rows = [
        (label, card["score"], COLORS[band(card["score"])], f"{card['path']}: {L['score']} {card['score']}/100")
        for label, card in zip(labels, calls)
    ]
    return bar_chart(rows, 100, L["chart_scores_alt"], "chart-scores")


def category_name(item, lang):
    """The category's name in ``lang`` when the rules bundle gives one, else its id."""
    names = item.get("names") or {}
    return names.get(lang) or item["category"]


def category_chart(summary, lang="zh"):
    L = LABELS[lang]
    items = summary["categories"]
    top, ticks = _count_ticks(max((item["count"] for item in items), default=1))
    rows = [(category_name(item, lang), item["count"], CATEGORY_COLOR, f"{category_name(item, lang)}: {item['count']}") for item in items]
    return bar_chart(rows, top, L["chart_categories_alt"], "chart-categories", label_limit=180, width=460, ticks=ticks)


def render_html(summary, lang="zh"):
    """The report as one HTML document: inline CSS and SVG, no script, nothing fetched."""
    if lang not in LABELS:
        raise ValueError(f"lang must be one of {', '.join(LABELS)}")
    L = LABELS[lang]
    totals = summary["totals"]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(L['title'])}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(L['title'])}</h1>",
        f'<section id="overview"><h2>{_e(L["overview"])}</h2>',
        '<ul class="stats">',
        _stat(totals["calls"], L["calls_n"]),
        _stat(totals["mean_score"] if totals["mean_score"] is not None else "–", L["mean"]),
        _stat(totals["min_score"] if totals["min_score"] is not None else "–", L["lowest"]),
        _stat(totals["findings"], L["findings_n"]),
    ]
    if totals["unreadable"]:
        parts.append(_stat(totals["unreadable"], L["unreadable_n"], "poor"))
    parts.append("</ul>")
    weights = {k: _fmt_number(v) for k, v in summary["weights"].items()}
    parts.append(f'<p class="note">{_e(L["weights"].format(**weights))}</p></section>')

    parts.append('<section class="charts">')
    if summary["calls"]:
        legend = "".join(
            f'<li><i style="background:{COLORS[key]}"></i>{_e(text)}</li>' for key, text in zip(("good", "fair", "poor"), L["legend"])
        )
        parts.append(
            f'<figure id="chart-scores"><figcaption>{_e(L["scores_chart"])}</figcaption>'
            f'<ul class="legend">{legend}</ul>{score_chart(summary, lang)}</figure>'
        )
    if summary["categories"]:
        parts.append(f'<figure id="chart-categories"><figcaption>{_e(L["categories_chart"])}</figcaption>{category_chart(summary, lang)}</figure>')
    parts.append("</section>")

    parts.append(f'<section id="calls"><h2>{_e(L["per_call"])}</h2>')
    if summary["calls"]:
        parts.append("<table><thead><tr>")
        parts.append(f'<th>{_e(L["path"])}</th><th class="num">{_e(L["score"])}</th><th class="num">{_e(L["errors"])}</th>'
                     f'<th class="num">{_e(L["warnings"])}</th><th class="num">{_e(L["info"])}</th><th>{_e(L["missing"])}</th>')
        parts.append("</tr></thead><tbody>")
        for card in summary["calls"]:
            missing = " ".join(f"<code>{_e(m)}</code>" for m in card["missing"]) or _e(L["none"])
            parts.append(
                f'<tr><td class="path">{_e(card["path"])}</td><td class="num {band(card["score"])}">{_e(card["score"])}</td>'
                f'<td class="num">{_e(card["errors"])}</td><td class="num">{_e(card["warnings"])}</td>'
                f'<td class="num">{_e(card["info"])}</td><td>{missing}</td></tr>'
            )
        parts.append("</tbody></table>")
    else:
        parts.append(f'<p class="note">{_e(L["no_calls"])}</p>')
    parts.append("</section>")

    parts.append(f'<section id="categories"><h2>{_e(L["per_category"])}</h2>')
    if summary["categories"]:
        parts.append(f'<table><thead><tr><th>{_e(L["category"])}</th><th class="num">{_e(L["count"])}</th></tr></thead><tbody>')
        for item in summary["categories"]:
            parts.append(f'<tr><td>{_e(category_name(item, lang))} <code>{_e(item["category"])}</code></td><td class="num">{_e(item["count"])}</td></tr>')
        parts.append("</tbody></table>")
    else:
        parts.append(f'<p class="note">{_e(L["no_findings"])}</p>')
    parts.append("</section>")

    parts.append(f'<section id="top-phrases"><h2>{_e(L["top"])}</h2>')
    if summary["top_phrases"]:
        parts.append(f'<table><thead><tr><th>{_e(L["rule"])}</th><th>{_e(L["message"])}</th><th class="num">{_e(L["count"])}</th>'
                     f'<th>{_e(L["examples"])}</th></tr></thead><tbody>')
        for item in summary["top_phrases"]:
            message = item.get("messages", {}).get(lang) or item["message"]
            examples = "".join(f'<span class="ex">{_e(x)}</span>' for x in item["examples"])
            parts.append(f'<tr><td><code>{_e(item["rule"])}</code></td><td>{_e(message)}</td>'
                         f'<td class="num">{_e(item["count"])}</td><td>{examples}</td></tr>')
        parts.append("</tbody></table>")
    else:
        parts.append(f'<p class="note">{_e(L["no_findings"])}</p>')
    parts.append("</section>")

    if summary["errors"]:
        parts.append(f'<section id="errors"><h2>{_e(L["errors_h"])}</h2>')
        parts.append(f'<table><thead><tr><th>{_e(L["path"])}</th><th>{_e(L["reason"])}</th></tr></thead><tbody>')
        for error in summary["errors"]:
            parts.append(f'<tr><td class="path">{_e(error["path"])}</td><td>{_e(error["reason"])}</td></tr>')
        parts.append("</tbody></table></section>")

    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _stat(value, label, css=""):
    cls = f' class="{css}"' if css else ""
    return f"<li{cls}><b>{_e(value)}</b><span>{_e(label)}</span></li>"


def _fmt_number(value):
    return int(value) if float(value).is_integer() else value


def write_html(summary, path, lang="zh"):
    """Write the report (see ``render_html``) as UTF-8."""
    path = Path(path)
    path.write_text(render_html(summary, lang), encoding="utf-8")
    return path


def write_report(summary, folder, lang="zh"):
    """``folder/summary.csv`` and ``folder/report.html``; the folder is made when missing."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return write_csv(summary, folder / "summary.csv"), write_html(summary, folder / "report.html", lang)
    except OSError as exc:
        raise CheckerError(f"{folder}: cannot write the report: {exc.strerror or exc}") from None
