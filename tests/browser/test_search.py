"""Site search in Chromium: one index per language, each entry its own result, the
exact phrase first, queries folded as the checker folds text (shared vectors)."""

import json
import random
import re
from pathlib import Path

import pytest

from checker.normalize import Folder
from generator import data, search
from tests.browser.conftest import new_page

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).with_name("screenshots")
MERMAID = re.compile(r"flowchart (TD|LR)|-->|\bs_\d+[\[_]")
SAMPLE_SEED = 13
SAMPLE_SIZE = 20


@pytest.fixture(scope="module")
def records():
    return search.entry_records(data.read(ROOT / "data"))


@pytest.fixture(scope="module")
def folder(site):
    return Folder(json.loads((site / "assets" / "search" / "t2s.json").read_text(encoding="utf-8")))


def open_search(page):
    page.locator("label.md-search__icon, .md-search__input").first.click()


def search_for(page, term):
    """Type ``term`` into Material's search box; the result items once they are shown."""
    box = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item")
    box.fill("")
    box.press("End")  # Material reads the box on keyup
    results.first.wait_for(state="detached", timeout=60000)
    box.fill(term)
    box.press("End")
    results.first.wait_for(timeout=60000)  # the index loads in a worker; slow under load
    return results


def first_entry(results):
    """(href, title) of the best section of the first page group: Material shows the
    page first, then its matching sections; an entry is a section with an anchor."""
    link = results.first.locator("a.md-search-result__link[href*='#']").first
    return link.get_attribute("href"), link.locator("h2, h1").first.inner_text()


def sample(records, lang, folder):
    """A fixed sample of entry titles, each one no other entry of that language shares."""
    folded = {}
    for entry_id, record in records[lang].items():
        folded.setdefault(folder.fold(record["title"]).text.strip(), []).append(entry_id)
    unique = sorted((ids[0], records[lang][ids[0]]["title"]) for ids in folded.values() if len(ids) == 1)
    return random.Random(SAMPLE_SEED).sample(unique, SAMPLE_SIZE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sampled_phrases_find_their_entry_first_in_the_page_language(page, server, records, folder, lang):
    prefix = "en/" if lang == "en" else ""
    page.goto(server.base + prefix)
    open_search(page)
    misses = []
    for entry_id, title in sample(records, lang, folder):
        results = search_for(page, title)
        href, shown = first_entry(results)
        path = href.split("://", 1)[-1].split("/", 1)[-1]
        in_language = path.startswith("en/") == (lang == "en")
        if not href.endswith("#" + entry_id) or not in_language:
            misses.append((title, entry_id, href, shown))
    assert not misses, misses
    assert not page.guard.console_errors, page.guard.console_errors


@pytest.mark.parametrize("lang, query, entry", [
    ("zh", "不归我管", "s000-not-my-business"),
    ("en", "不归我管", "s000-not-my-business"),  # a Chinese phrase on the English site: the English entry
    ("en", "not my business", "s000-not-my-business"),
    ("zh", "退款", "d-refuse-flat"),
    ("en", "refund", "d-refuse-flat"),
])
def test_known_queries_find_the_right_entry_first(page, server, records, lang, query, entry):
    page.goto(server.base + ("en/" if lang == "en" else ""))
    open_search(page)
    href, shown = first_entry(search_for(page, query))
    assert href.endswith("#" + entry), (href, shown)
    assert ("/en/" in href) == (lang == "en")
    assert shown == records[lang][entry]["title"]


@pytest.mark.parametrize("query", ["投訴", "投　訴", "　投訴 "])
def test_traditional_and_full_width_queries_find_simplified_entries(page, server, query):
    page.goto(server.base)
    open_search(page)
    results = search_for(page, query)
    titles = results.locator("h2").all_inner_texts()
    assert titles and "投诉" in titles[0], titles[:3]
    assert results.first.locator("mark").first.inner_text() == "投诉"


def test_full_width_and_upper_case_english(page, server):
    page.goto(server.base + "en/")
    open_search(page)
    href, shown = first_entry(search_for(page, "ＮＯＴ ＭＹ ＢＵＳＩＮＥＳＳ"))
    assert href.endswith("#s000-not-my-business"), (href, shown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_results_show_no_mermaid_source_and_no_other_language(page, server, records, lang):
    """Queries that would hit a flowchart's source (its words, its step texts) show none of it."""
    prefix = "en/" if lang == "en" else ""
    page.goto(server.base + prefix + "scripts/")
    open_search(page)
    queries = ["flowchart", "TD", "s_1", "-->"] + (["您好", "联系人", "转接"] if lang == "zh" else ["hello", "contact", "transfer"])
    for query in queries:
        box = page.locator(".md-search__input")
        box.fill(query)
        box.press("End")
        page.wait_for_timeout(300)
        text = page.locator(".md-search-result").inner_text()
        assert not MERMAID.search(text), (query, MERMAID.search(text).group(0))
        hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert all(h.startswith("/en/") == (lang == "en") for h in hrefs), (query, hrefs)


def test_fold_matches_the_checker_on_shared_vectors(page, server, folder, records):
    """The worker's fold (assets/search/fold.js) against checker.normalize on vectors made
    here from the data: traditional script, full-width forms, case, spaces and zero-width
    characters inside Chinese, English contractions, regional words."""
    table = json.loads((server.site / "assets" / "search" / "t2s.json").read_text(encoding="utf-8"))
    to_traditional = {}
    for trad, simple in table["one"].items():
        if "\u4e00" <= simple <= "\u9fff":
            to_traditional.setdefault(simple, trad)
    rng = random.Random(SAMPLE_SEED)
    titles = sorted(r["title"] for lang in records for r in records[lang].values())
    raws = []
    for title in rng.sample(titles, 60):
        raws.append("".join(to_traditional.get(c, c) for c in title))
        raws.append("".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in title))
        raws.append(title.upper())
        raws.append("\u3000".join(title[:6]) + "\u200b" + title[6:])
        raws.append(" ".join(title.split()).replace("'", "\u2019") + "  ")
    raws += ["我 · 不 管", "CAN'T  do", "can not help", "don\u200bt", "ｗｅ’ＲＥ ｓｏｒｒｙ", "½ 投訴…", "這個　不歸我管"]
    # regional words (data/dialect.yml), with their contexts
    raws += ["莫得办法，侬自己去问伐？", "唔，好的。唔知呀，你揾佢啦", "較真兒也沒用，明兒再來", "额也不知道，金额不对", "不知道欸。欸那个", "步伐很快 好伐", "儿子在儿科"]
    vectors = [[raw, folder.fold(raw).text] for raw in raws]
    page.goto(server.base)
    page.add_script_tag(url=server.base + "assets/search/fold.js")
    got = page.evaluate(
        """async (raws) => {
            const table = await (await fetch("assets/search/t2s.json")).json();
            const folder = phbFold(table);
            return raws.map((raw) => folder.fold(raw));
        }""",
        [raw for raw, _ in vectors],
    )
    wrong = [(raw, want, have) for (raw, want), have in zip(vectors, got) if want != have]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_search_results(browser, server, lang, width):
    context, page, guard = new_page(browser, width=width, height=900)
    try:
        page.goto(server.base + ("en/" if lang == "en" else ""))
        if width < 600:
            page.locator("label[for=__search]").first.click()
        else:
            open_search(page)
        search_for(page, "不归我管")
        page.wait_for_timeout(300)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"search-{lang}-{width}.png"))
        assert not guard.blocked and not guard.console_errors, (guard.blocked, guard.console_errors)
    finally:
        context.close()
