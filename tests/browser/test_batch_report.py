"""The batch report (``--transcript --report DIR``) in Chromium: charts drawn, nothing fetched."""

from pathlib import Path

import pytest

from checker.cli import main
from tests.browser.conftest import ROOT, Server, new_page

SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"

CALLS = {
    "华东/张三-0301.txt": "座席：您好，西盈服务热线\n客户：我的快递到哪了？\n座席：这个不归我管，你找别人吧\n座席：我不清楚\n座席：再见\n",
    "华东/李四-0302.txt": "座席：请讲\n客户：能退款吗\n座席：我不清楚，没办法\n座席：不歸我管\n",
    "华南/王五-0303.txt": "座席：您好，请问有什么可以帮您？\n客户：查一下订单\n座席：好的，我帮您确认一下\n座席：感谢您的来电，再见\n",
    "华南/<b>赵六</b> & co.txt": "座席：您好\n座席：你到底听清楚没有\n座席：我不清楚\n座席：再见\n",
    "华南/broken.txt": b"\x00\x01\x02 not text \x00",
}


@pytest.fixture
def report(tmp_path, fixture_bundle, monkeypatch, capsys):
    calls = tmp_path / "calls"
    for name, content in CALLS.items():
        path = calls / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "report"
    monkeypatch.chdir(tmp_path)
    code = main(["--rules", str(fixture_bundle), "--no-config", "--transcript", "calls", "--report", str(out)])
    printed = capsys.readouterr().out
    assert code == 2  # broken.txt could not be read; the report is written all the same
    assert f"Report written to {out / 'report.html'}" in printed
    return out


def test_report_renders_charts_offline(browser, report):
    server = Server(report)
    context, page, guard = new_page(browser, width=1280, height=900)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(server.base + "report.html")
        page.wait_for_load_state("load")

        scores = page.locator("#chart-scores")
        categories = page.locator("#chart-categories")
        assert scores.is_visible() and categories.is_visible()
        # a row per score band that has calls, one per category; every bar drawn with a real size
        assert scores.locator("tr").count() >= 1
        assert categories.locator("tr").count() == 4
        for bars in (scores.locator(".bar i"), categories.locator(".bar i")):
            assert bars.count() >= 1
            for i in range(bars.count()):
                box = bars.nth(i).bounding_box()
                assert box and box["width"] > 0 and box["height"] > 0
        score_box, category_box = scores.bounding_box(), categories.bounding_box()
        assert score_box["width"] > 200 and category_box["width"] > 200 and category_box["height"] > 60

        # the escaped file name shows as text, not markup; the unreadable file is listed
        assert page.locator("#calls td.path", has_text="<b>赵六</b> & co.txt").count() == 1
        assert page.locator("#calls b").count() == 0
        assert page.locator("#errors td.path", has_text="broken.txt").count() == 1
        assert page.locator("#top-phrases code", has_text="t-dont-know").count() == 1
        assert page.evaluate("document.scripts.length") == 0

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "batch-report.png"), full_page=True)
        assert (SCREENSHOTS / "batch-report.png").stat().st_size > 10_000
    finally:
        context.close()
        server.stop()
    assert not guard.blocked, f"requests to other hosts were attempted: {guard.blocked}"
    assert not guard.console_errors, guard.console_errors
    # the page itself is the only thing loaded (Chromium may ask for /favicon.ico on its own)
    assert {Path(u.split("?")[0]).name for u in requests} <= {"report.html", "favicon.ico"}, requests
    assert all(u.startswith(server.base) for u in requests), requests
