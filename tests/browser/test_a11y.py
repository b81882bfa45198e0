"""Accessibility: axe-core's WCAG 2 A and AA rules on every page of the built site, zh and en,
in the light and the dark colour scheme (light as the system asks for it, then dark through the
header's toggle, on one page load: in dark only the rules that colours decide, since nothing else
differs); and the palette toggle itself.

axe-core is the npm package vendored by `make vendor` (.cache/test-vendor/axe-core/axe.min.js),
for the tests only: Playwright serves it to the page under a same-origin path of the test server, so
the page's own Content-Security-Policy stays in force and nothing comes from another host.
Closed <details> are opened before the run, so what they hold (team settings, a finding's
details) is checked too; on the checker page a taboo is checked first, so the findings, badges
and highlights are on the page.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, SITE, new_page
from tests.browser.test_checker_page import TABOO, check, ready

AXE = ROOT / ".cache" / "test-vendor" / "axe-core" / "axe.min.js"
AXE_PATH = "__axe__/axe.min.js"  # answered by the test's route, never by the site
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
# The WCAG A/AA rules of axe whose outcome depends on colours: all the dark scheme can change.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def site_pages(site=SITE):
    """Every HTML page of the built site as a path under its root ('' is the home page)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


PAGES = site_pages() or ["(site not built)"]  # the site fixture then fails with its reason


@pytest.fixture(scope="module")
def axe_file():
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `make vendor` (it fetches the npm package axe-core)")
    return AXE


def run_axe(page, server, axe_file, colours_only=False):
    """axe's WCAG A/AA violations on the page; ``colours_only``: only the rules a colour scheme
    can change (the same page in the other scheme differs in colours, nothing else)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.route("**/" + AXE_PATH, lambda route: route.fulfill(path=str(axe_file), content_type="text/javascript"))
        page.add_script_tag(url=server.base + AXE_PATH)
    run_only = {"type": "rule", "values": COLOUR_RULES} if colours_only else {"type": "tag", "values": TAGS}
    return page.evaluate(
        """async runOnly => {
            const result = await axe.run(document, {runOnly, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' ')),
            }));
        }""",
        run_only,
    )


def open_page(page, server, path):
    if path.rstrip("/").endswith("checker"):
        ready(page, server.base + path)
        check(page, "您好。" + TABOO + " Calm down, that's not my problem.")
    else:
        page.goto(server.base + path)
    if page.locator(".phb-flow-chart").count():
        page.locator(".phb-flow-chart svg").first.wait_for(timeout=20000)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {v['count']} elements): {v['help']}")
        lines.extend("    " + n for n in v["nodes"])
    return "\n".join(lines)


def toggle_scheme(page):
    """Switch light <-> dark with the header's palette toggle, as a reader does."""
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=before)


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations(browser, server, site, axe_file, path):
    """Light as the system asks for it (every WCAG A/AA rule), then dark through the toggle (the
    colour rules: the rest cannot change with the scheme); one page load for both."""
    context, page, guard = new_page(browser)
    found = {}
    try:
        page.emulate_media(color_scheme="light")
        open_page(page, server, path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES["light"]
        found["light"] = run_axe(page, server, axe_file)
        toggle_scheme(page)
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES["dark"]
        found["dark"] = run_axe(page, server, axe_file, colours_only=True)
    finally:
        context.close()
    assert not guard.blocked
    failed = {scheme: violations for scheme, violations in found.items() if violations}
    assert not failed, "\n".join(f"/{path} ({scheme}):\n{describe(v)}" for scheme, v in failed.items())


def test_every_page_is_checked(site):
    """The list above is the site: zh and en, the 404 pages included."""
    pages = site_pages(site)
    assert "" in pages and "en/" in pages and "404.html" in pages
    assert len([p for p in pages if p.startswith("en/")]) >= len(pages) // 2 - 1


@pytest.mark.parametrize("start, other", [("light", "dark"), ("dark", "light")])
def test_palette_toggle_follows_the_system_then_the_reader(browser, server, start, other):
    context, page, guard = new_page(browser)
    try:
        page.emulate_media(color_scheme=start)
        page.goto(server.base + "en/phrasebook/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[start]
        toggle = page.locator("form[data-md-component=palette] label:visible")
        assert toggle.count() == 1
        assert toggle.get_attribute("title")  # the toggle says what it does
        toggle.click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[other]
        page.goto(server.base + "phrasebook/")  # the reader's choice holds on the next page
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[other]
    finally:
        context.close()
    assert not guard.blocked


def test_focus_is_visible(page, server):
    """Tabbing onto a link or a button draws an outline (or a ring) the reader can see."""
    page.goto(server.base + "phrasebook/")
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const el = document.activeElement; if (!el || el === document.body) return null;
                const s = getComputedStyle(el);
                return {tag: el.tagName, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                        ring: s.boxShadow !== 'none', visible: el.getClientRects().length > 0}; }"""
        )
        if style and style["visible"]:
            seen += 1
            assert style["outline"] or style["ring"], style
    assert seen >= 10
