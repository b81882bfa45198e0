"""Handbook pages in Chromium: search, call-script player, copy buttons, languages, screenshots."""

from pathlib import Path

import pytest

from tests.browser.conftest import new_page
from tests.browser.test_checker_page import TABOO, check, ready

SHOTS = Path(__file__).with_name("screenshots")


def search(page, term):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").fill(term)
    page.locator(".md-search__input").press("End")  # Material reads the box on keyup
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=60000)  # the index loads in a worker; slow under load
    return results


@pytest.mark.parametrize("term, expected", [("投诉", "投诉"), ("没办法", "没办法"), ("推诿", "推诿")])
def test_chinese_search_finds_entries(page, server, term, expected):
    page.goto(server.base)
    results = search(page, term)
    assert results.count() >= 1
    assert expected in results.first.text_content()


def test_english_search(page, server):
    page.goto(server.base + "en/")
    results = search(page, "complaint")
    assert results.count() >= 1
    assert "omplaint" in results.first.text_content()


def test_call_script_player_follows_yes_and_no(page, server):
    page.goto(server.base + "scripts/s001-script-hotline/")
    player = page.locator(".phb-player")
    current = player.locator(".phb-step.phb-current")
    assert current.get_attribute("data-step") == "1"
    while current.locator(".phb-branch").count() == 1:  # go on to the first real branch
        current.locator(".phb-branch").click()
    branch_step = current.get_attribute("data-step")
    branches = current.locator(".phb-branch")
    assert branches.count() >= 2
    first_target, second_target = branches.nth(0).get_attribute("data-goto"), branches.nth(1).get_attribute("data-goto")
    branches.nth(0).click()
    assert current.get_attribute("data-step") == first_target
    player.locator(".phb-player-bar button").first.click()  # back
    assert current.get_attribute("data-step") == branch_step
    current.locator(".phb-branch").nth(1).click()
    assert current.get_attribute("data-step") == second_target
    assert player.locator(".phb-trail").text_content() == f"第 {len(page.evaluate('window.phb.step'))} 步"
    player.locator(".phb-restart").click()
    assert current.get_attribute("data-step") == "1"
    assert page.locator(".phb-player .phb-step:visible").count() == 1


def test_script_flowchart_renders_from_the_vendored_mermaid(page, server):
    page.goto(server.base + "scripts/s001-script-hotline/")
    page.locator(".phb-flow-chart svg").wait_for(timeout=20000)


def test_copy_button_copies(browser, server):
    context, page, guard = new_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base.rstrip("/"))
    try:
        page.goto(server.base + "phrasebook/complaint/")
        item = page.locator(".phb-say li").first
        text = item.locator(".phb-say-text").text_content()
        item.locator(".phb-copy").click()
        assert page.evaluate("navigator.clipboard.readText()") == text
    finally:
        context.close()
    assert not guard.blocked


def test_phrasebook_filters(page, server):
    page.goto(server.base + "phrasebook/complaint/")
    all_items = page.locator(".phb-scenario:visible").count()
    page.locator(".phb-filters select[data-filter=channel]").select_option("chat")
    shown = page.locator(".phb-scenario:visible")
    assert 0 < shown.count() < all_items
    assert all("chat" in shown.nth(i).get_attribute("data-channel").split() for i in range(shown.count()))
    page.locator(".phb-filters select[data-filter=channel]").select_option("")
    title = page.locator(".phb-scenario .phb-entry-phrase a").first.text_content().strip()
    page.locator(".phb-filters input[data-filter=text]").fill(title)
    assert 0 < page.locator(".phb-scenario:visible").count() < all_items


def test_language_switch_keeps_the_page(page, server):
    page.goto(server.base + "phrasebook/")
    link = page.locator(".md-select a[hreflang=en]")
    assert link.count() == 1
    page.goto(link.evaluate("a => a.href"))
    assert page.url.endswith("/en/phrasebook/")
    assert page.locator("article h1").first.text_content().strip().rstrip("¶") == "Phrasebook"


def test_settings_panel_disables_a_category(page, server):
    ready(page, server.base + "checker/")
    assert check(page, TABOO).count() >= 1
    page.locator(".phb-settings summary").click()
    for category in ("shirking", "neglect", "refusal", "impatience", "interrogation", "blaming", "mocking", "addressing"):
        box = page.locator(f".phb-set-categories input[value={category}]")
        if box.count():
            box.check()
    assert check(page, TABOO).count() == 0
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0  # nothing kept unless asked
    page.locator(".phb-set-save").check()
    assert page.evaluate("Object.keys(localStorage)") == ["phrasebook-checker-settings"]
    page.reload()
    ready(page, server.base + "checker/")
    assert page.locator(".phb-set-categories input[value=shirking]").is_checked()
    page.locator(".phb-settings summary").click()
    page.locator(".phb-set-save").uncheck()
    assert page.evaluate("localStorage.length") == 0


PAGES = {"home": "", "phrasebook": "phrasebook/", "script": "scripts/s001-script-hotline/", "checker": "checker/", "taboos": "taboos/"}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshots(browser, server, name, width):
    """Screenshots for review; the page must not scroll sideways on a phone."""
    context, page, guard = new_page(browser, width=width, height=900)
    try:
        if name == "checker":
            ready(page, server.base + PAGES[name])
            check(page, "您好。" + TABOO)
        else:
            page.goto(server.base + PAGES[name])
            page.wait_for_timeout(500)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 2
    finally:
        context.close()
    assert not guard.blocked
