"""The phrasebook and the taboo list in Chromium: one page per category, compact entries,
filters kept in the URL, old links to the one long page, the language switch; call-script
flowcharts and what is kept for authors."""

import re

import pytest

from tests.browser.conftest import ROOT

SECTIONS = ("phrasebook", "taboos")
MAX_HEIGHT = 15000


def category_pages(site):
    return sorted(f"{section}/{d.name}/" for section in SECTIONS for d in (site / section).iterdir() if (d / "index.html").is_file())


def other_language(page):
    """Follow the language menu's link, as a click on it would."""
    lang = page.evaluate("document.documentElement.lang")
    link = page.locator(f".md-select a[hreflang={'en' if lang.startswith('zh') else 'zh'}]")
    assert link.count() == 1
    page.goto(link.evaluate("a => a.href"))


def in_view(page, selector):
    return page.evaluate(f"""() => {{
        const r = document.querySelector({selector!r}).getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight;
    }}""")


def test_every_page_is_short_at_1280_in_both_languages(page, server, site):
    pages = category_pages(site)
    assert len(pages) >= 20
    heights = {}
    for path in ["phrasebook/", "taboos/", *pages]:
        for lang in ("", "en/"):
            page.goto(server.base + lang + path)
            heights[lang + path] = page.evaluate("document.documentElement.scrollHeight")
    too_tall = {p: h for p, h in heights.items() if h >= MAX_HEIGHT}
    assert not too_tall, too_tall


@pytest.mark.parametrize("path", ["taboos/impatience/", "en/phrasebook/complaint/"])
def test_entries_show_phrase_and_say_instead_without_a_click(page, server, path):
    page.goto(server.base + path)
    entries = page.locator(".phb-entry")
    assert entries.count() > 10
    for i in range(entries.count()):
        entry = entries.nth(i)
        assert entry.locator(".phb-entry-phrase").is_visible()
        assert entry.locator(".phb-say li, .phb-entry-message").first.is_visible()
        details = entry.locator("details.phb-entry-details")
        assert details.get_attribute("open") is None
    first = entries.first.locator("details.phb-entry-details")
    assert not first.locator(".phb-source").is_visible()
    first.locator("summary").click()
    assert first.locator(".phb-source").is_visible()


def test_index_lists_the_categories_with_counts(page, server, site):
    page.goto(server.base + "taboos/")
    groups = page.locator(".phb-cat:visible")
    assert groups.count() == len([p for p in category_pages(site) if p.startswith("taboos/")])
    counts = [int(groups.nth(i).locator(".phb-cat-count").get_attribute("data-total")) for i in range(groups.count())]
    assert sum(counts) == page.evaluate("JSON.parse(document.querySelector('.phb-categories').dataset.pages)").__len__()
    groups.first.locator("h2 a").click()
    page.locator(".phb-rule").first.wait_for()
    assert page.locator(".phb-rule").count() == counts[0]


def test_filter_state_survives_reload_and_language_switch(page, server):
    page.goto(server.base + "taboos/impatience/")
    total = page.locator(".phb-rule").count()
    page.locator(".phb-filters select[data-filter=severity]").select_option("warning")
    shown = page.locator(".phb-rule:visible").count()
    assert 0 < shown < total
    assert "severity=warning" in page.url
    page.reload()
    assert page.locator(".phb-filters select[data-filter=severity]").input_value() == "warning"
    assert page.locator(".phb-rule:visible").count() == shown
    other_language(page)
    assert "/en/taboos/impatience/" in page.url and "severity=warning" in page.url
    assert page.locator(".phb-filters select[data-filter=severity]").input_value() == "warning"
    assert page.locator(".phb-rule:visible").count() == shown
    # Text is kept as typed, and a link to the index carries the filters there.
    page.locator(".phb-filters input[data-filter=text]").fill("calm")
    page.reload()
    assert page.locator(".phb-filters input[data-filter=text]").input_value() == "calm"
    page.locator(".phb-crumb a").click()
    page.wait_for_url(re.compile(r"/en/taboos/\?"))
    assert page.locator(".phb-filters select[data-filter=severity]").input_value() == "warning"
    assert page.locator(".phb-filters input[data-filter=text]").input_value() == "calm"


@pytest.mark.parametrize("lang", ["", "en/"])
def test_empty_groups_hidden_and_no_results(page, server, lang):
    page.goto(server.base + lang + "phrasebook/")
    groups = page.locator(".phb-cat")
    everything = groups.count()
    assert page.locator(".phb-no-results").is_hidden()
    page.locator(".phb-filters select[data-filter=channel]").select_option("email")
    page.locator(".phb-cat-matches li").first.wait_for()
    visible = page.locator(".phb-cat:visible")
    assert 0 < visible.count() < everything
    for i in range(visible.count()):  # every group shown has matches, each a link to its entry
        rows = visible.nth(i).locator(".phb-cat-matches li a")
        assert rows.count() >= 1
        assert re.search(r"^[a-z]+/\?channel=email#s", rows.first.get_attribute("href").split("phrasebook/")[-1])
    page.locator(".phb-filters input[data-filter=text]").fill("zzqqxx")
    assert page.locator(".phb-cat:visible").count() == 0
    assert page.locator(".phb-no-results").is_visible()
    assert page.locator(".phb-no-results").text_content().strip().startswith("No entries" if lang else "没有")
    page.locator(".phb-filter-clear").click()
    assert page.locator(".phb-cat:visible").count() == everything and page.locator(".phb-no-results").is_hidden()
    assert "?" not in page.url
    # A category page says so too, with a link to filter every category.
    page.goto(server.base + lang + "taboos/shirking/?filter=zzqqxx")
    assert page.locator(".phb-rule:visible").count() == 0
    assert page.locator(".phb-no-results").is_visible()
    assert page.locator(".phb-no-results a").get_attribute("href").endswith("/taboos/?filter=zzqqxx")


def test_a_match_on_the_index_leads_to_the_entry(page, server):
    page.goto(server.base + "taboos/?filter=%E4%B8%8D%E5%BD%92%E6%88%91%E7%AE%A1")  # 不归我管
    link = page.locator(".phb-cat-matches a").first
    link.wait_for()
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(f"**/taboos/*/?filter=*#{target}")
    assert page.locator(f"[id='{target}']").is_visible() and in_view(page, f"[id='{target}']")


@pytest.mark.parametrize("old, new", [
    ("taboos/#s000-not-my-business", "taboos/shirking/#s000-not-my-business"),
    ("phrasebook/#s000-scn-im-questions", "phrasebook/shirking/#s000-scn-im-questions"),
    ("en/phrasebook/#s000-scn-im-questions", "en/phrasebook/shirking/#s000-scn-im-questions"),
    ("phrasebook/#category-complaint", "phrasebook/complaint/"),
])
def test_old_anchors_land_on_the_entry(page, server, old, new):
    page.goto(server.base + old)
    page.wait_for_url(server.base + new)
    if "#" in new:
        target = "#" + new.split("#")[1]
        assert in_view(page, target)
        assert page.locator(f"{target} details.phb-entry-details").get_attribute("open") is not None


def test_language_switch_keeps_the_anchor(page, server):
    page.goto(server.base + "phrasebook/shirking/#s000-scn-im-questions")
    other_language(page)
    assert page.url == server.base + "en/phrasebook/shirking/#s000-scn-im-questions"
    assert in_view(page, "#s000-scn-im-questions")
    other_language(page)
    assert page.url == server.base + "phrasebook/shirking/#s000-scn-im-questions"


def test_links_to_entries_from_other_pages_land_on_them(page, server):
    # The guideline pages link to taboo entries; the checker's "Rule details" goes through the index.
    page.goto(server.base + "en/guidelines/conduct/")
    link = page.locator("article a[href*='taboos/']").first
    href = link.get_attribute("href")
    assert re.search(r"taboos/[a-z]+/#", href), href
    link.click()
    target = href.split("#")[1]
    page.wait_for_url(f"**/en/taboos/*/#{target}")
    assert in_view(page, f"[id='{target}']")
    rule_page = page.evaluate("() => fetch('../../checker/').then(r => r.text())")
    assert 'data-rule-page="../taboos/"' in rule_page


def test_staff_pages_show_no_rule_ids(page, server, site):
    from generator import data as data_mod

    ids = [r["id"] for r in data_mod.read(ROOT / "data").rules]
    for path in ("taboos/shirking/", "en/taboos/impatience/", "phrasebook/complaint/"):
        page.goto(server.base + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        text = page.locator("article").inner_text()
        assert not [i for i in ids if i in text], path


SCRIPT = "scripts/s001-script-hotline/"


def chart(page, url):
    page.goto(url)
    page.locator(".phb-flow-chart svg").wait_for(timeout=30000)
    return page.locator(".phb-flow-view")


def current_node(page):
    return page.evaluate("""() => {
        const nodes = document.querySelectorAll('.phb-flow-chart g.node.phb-flow-current');
        return Array.from(nodes, (g) => g.id.replace(/^.*-flowchart-(.+)-\\d+$/, '$1'));
    }""")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_flowchart_is_full_width_readable_and_zooms(page, server, lang):
    view = chart(page, server.base + lang + SCRIPT)
    article = page.locator("article").bounding_box()
    box = view.bounding_box()
    assert box["width"] >= article["width"] - 40  # the width of the page's text column, not a thumbnail
    scale = page.evaluate("document.querySelector('.phb-flow-chart svg').getBoundingClientRect().width / document.querySelector('.phb-flow-chart svg').viewBox.baseVal.width")
    assert scale >= 0.74  # text at three quarters of Mermaid's size or more
    percent = page.locator(".phb-flow-percent")
    before = percent.text_content()
    page.locator(".phb-flow-tools button").nth(1).click()  # zoom in
    assert int(percent.text_content().rstrip("%")) > int(before.rstrip("%"))
    page.locator(".phb-flow-tools button").nth(2).click()  # fit width
    width = page.evaluate("document.querySelector('.phb-flow-chart svg').getBoundingClientRect().width")
    assert width <= box["width"]
    page.locator(".phb-flow-tools button").nth(3).click()  # actual size
    assert percent.text_content() == "100%"
    # Drag to pan: the box scrolls.
    left = view.evaluate("v => v.scrollLeft")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 200, box["y"] + 100, steps=5)
    page.mouse.up()
    assert view.evaluate("v => v.scrollLeft") > left


def test_chart_highlight_follows_the_player(page, server):
    view = chart(page, server.base + SCRIPT)
    player = page.locator(".phb-player")
    current = player.locator(".phb-step.phb-current")
    assert current_node(page) == [current.get_attribute("data-node")]
    for _ in range(3):
        current.locator(".phb-branch").last.click()
        node = current.get_attribute("data-node")
        assert current_node(page) == [node]
        page.wait_for_timeout(600)  # the box scrolls smoothly to the step
        assert page.evaluate("""(node) => {
            const g = document.querySelector(`.phb-flow-chart g.node[id*="-flowchart-${node}-"]`).getBoundingClientRect();
            const v = document.querySelector('.phb-flow-view').getBoundingClientRect();
            return g.left >= v.left - 1 && g.right <= v.right + 1 && g.top >= v.top - 1 && g.bottom <= v.bottom + 1;
        }""", node)
    assert page.locator(".phb-flow-chart g.node.phb-flow-visited").count() >= 2
    assert page.locator(".phb-flow-chart .phb-flow-walked").count() >= 3
    player.locator(".phb-player-bar button").first.click()  # back
    assert current_node(page) == [current.get_attribute("data-node")]
    player.locator(".phb-restart").click()
    assert current.get_attribute("data-step") == player.get_attribute("data-start")
    assert current_node(page) == [current.get_attribute("data-node")]
    assert page.locator(".phb-flow-chart g.node.phb-flow-visited").count() == 0


def test_call_scripts_show_no_step_ids_or_editorial_notes(page, server, site):
    from generator import data as data_mod
    from generator.pages import Page

    book = data_mod.read(ROOT / "data")
    text_of = {lang: Page(book, lang, 0).t for lang in ("zh", "en")}
    for script in book.entries["scripts"]:
        ids = {step["id"] for step in script["steps"] if not step["id"].isdigit()}
        for lang in ("zh", "en"):
            page.goto(server.base + ("en/" if lang == "en" else "") + f"scripts/{script['id']}/")
            page.locator(".phb-flow-chart svg").wait_for(timeout=30000)
            text = page.locator("article").inner_text()
            assert not [i for i in ids if i in text], (script["id"], lang)
            assert not re.search(r"→ ?\d", text)  # no "→ 2" on the buttons or in the trail
            assert ("整理说明" if lang == "zh" else "Editorial notes") not in text
            for note in script.get("notes", []):
                assert text_of[lang](note)[:20] not in text
    # The authors page has them, each script's notes closed until asked for.
    for lang in ("zh", "en"):
        page.goto(server.base + ("en/" if lang == "en" else "") + "authors/")
        notes = page.locator("details.phb-script-notes")
        assert notes.count() == len([s for s in book.entries["scripts"] if s.get("notes")])
        assert notes.first.get_attribute("open") is None
        notes.first.locator("summary").click()
        first = next(s for s in book.entries["scripts"] if s.get("notes"))
        assert text_of[lang](first["notes"][0])[:20] in notes.first.inner_text()
