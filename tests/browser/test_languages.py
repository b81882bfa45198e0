"""Every page in one language: a crawl of the built site in Chromium.

On an English page no Chinese may be seen outside an element marked
``lang="zh"`` (a Chinese example sits in one, with its English gloss beside it);
on a Chinese page no English sentence outside ``lang="en"``, code and the brand
placeholders, and no ASCII colon, comma or bracket against a Chinese character
(Chinese takes full-width punctuation). What counts is what a reader meets:
rendered text (not script, style or hidden elements) and the placeholder,
label and alt texts of the elements shown.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import SITE

# Returns the offending strings of the page shown, as {kind, text, where}.
SCAN = r"""
(pageLang) => {
  const HAN = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/;
  // Two or more English words in a row: a phrase or sentence, not an acronym such as VIP or a term such as Tab.
  const SENTENCE = /[A-Za-z][A-Za-z'’]*(?:[ ,.\-]+[A-Za-z][A-Za-z'’]*)+/;
  const HALF_WIDTH = /[\u3400-\u9fff][:;,?!()]|[()][\u3400-\u9fff]/;
  const PLACEHOLDER = /\{[a-z_]+\}/g;
  const CODE = "code, pre, kbd, samp, script, style, template, noscript, svg";
  const ATTRIBUTES = ["placeholder", "aria-label", "alt", "title"];
  const found = [];
  const langOf = (el) => ((el.closest("[lang]") || document.documentElement).getAttribute("lang") || "").toLowerCase();
  const where = (el) => {
    const id = el.closest("[id]");
    return el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "") + (id ? " in #" + id.id : "");
  };
  const check = (text, el, what) => {
    const lang = langOf(el);
    const plain = text.replace(PLACEHOLDER, " ");
    if (pageLang === "en") {
      if (!lang.startsWith("zh") && HAN.test(plain)) found.push({kind: "Chinese on an English page", text: text.trim().slice(0, 100), where: what + where(el)});
    } else {
      if (!lang.startsWith("en") && SENTENCE.test(plain)) found.push({kind: "English on a Chinese page", text: text.trim().slice(0, 100), where: what + where(el)});
      if (HALF_WIDTH.test(plain)) found.push({kind: "half-width punctuation in Chinese", text: text.trim().slice(0, 100), where: what + where(el)});
    }
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.data.trim() || el.closest(CODE) || !el.checkVisibility()) continue;
    check(node.data, el, "");
  }
  for (const el of document.body.querySelectorAll(ATTRIBUTES.map((a) => "[" + a + "]").join(","))) {
    if (el.closest(CODE) || !el.checkVisibility()) continue;
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value && value.trim()) check(value, el, "@" + name + " of ");
    }
  }
  return found;
}
"""


def site_pages():
    """Every page of the built site as a path under the site root, the 404 pages included."""
    paths = sorted(p.relative_to(SITE).parent.as_posix() + "/" for p in SITE.rglob("index.html"))
    paths = ["" if p == "./" else p for p in paths]
    return paths + sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("404.html"))


@pytest.fixture(scope="module")
def reader(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    yield page
    context.close()


def scan(page):
    return page.evaluate(SCAN, page.evaluate("document.documentElement.lang"))


@pytest.mark.parametrize("html, expected", [
    ('<html lang="en"><body><p>Source: 客户服务忌语</p></body></html>', ["Chinese on an English page"]),
    ('<html lang="en"><body><p>Say <span lang="zh">您</span> (nin)</p><p hidden>隐藏</p><code>客户：</code></body></html>', []),
    ('<html lang="en"><body><input placeholder="热线客服代表"></body></html>', ["Chinese on an English page"]),
    ('<html lang="zh"><body><p>Old man, move out of the way</p></body></html>', ["English on a Chinese page"]),
    ('<html lang="zh"><body><p><span lang="en">Hey there!</span> 很正常；VIP 客户，{company} 的热线</p></body></html>', []),
    ('<html lang="zh"><body><p><strong>情景:</strong> 客户来电</p></body></html>', ["half-width punctuation in Chinese"]),
])
def test_the_scan_tells_a_page_in_one_language(reader, html, expected):
    reader.set_content(html)
    assert [f["kind"] for f in scan(reader)] == expected


def test_every_page_is_in_its_own_language(reader, server):
    pages = site_pages()
    assert len(pages) > 40 and "checker/" in pages and "en/checker/" in pages and "404.html" in pages
    problems = {}  # (kind, text) -> where it was seen
    for path in pages:
        reader.goto(server.base + path)
        for f in scan(reader):
            problems.setdefault((f["kind"], f["text"]), []).append(f"/{path} {f['where']}")
    lines = [f"{kind}: 「{text}」 ×{len(seen)}, first at {seen[0]}" for (kind, text), seen in problems.items()]
    assert not lines, f"{sum(map(len, problems.values()))} strings in the other language, {len(lines)} distinct:\n" + "\n".join(lines[:40])


def test_the_language_menu_names_each_language_in_itself(reader, server):
    for path in ("", "en/"):
        reader.goto(server.base + path)
        links = reader.locator(".md-select__link")
        names = {links.nth(i).get_attribute("lang"): links.nth(i).text_content().strip() for i in range(links.count())}
        assert names == {"zh": "中文", "en": "English"}
