"""sitemap.xml: written only when site_url is set (its URLs must be absolute), never with "None".

Each case builds two small pages (zh and en) with the project's own mkdocs.yml, theme override
and hooks, so the i18n plugin's sitemap template is the one under test.
"""

import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def build_small_site(tmp_path, site_url):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n\n正文。\n", encoding="utf-8")
    (docs / "index.en.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    (docs / "about.md").write_text("# 关于\n\n正文。\n", encoding="utf-8")
    (docs / "about.en.md").write_text("# About\n\nText.\n", encoding="utf-8")
    site = tmp_path / "site"
    overrides = {"docs_dir": str(docs), "site_dir": str(site), "strict": False, "extra_css": [], "extra_javascript": []}
    if site_url is not None:
        overrides["site_url"] = site_url
    config = load_config(str(ROOT / "mkdocs.yml"), **overrides)
    # The search plugin (jieba) is not what is tested here: leave it out to keep the build small.
    config["plugins"].pop("material/search", None)
    config["plugins"].pop("search", None)
    build(config)
    return site


def test_no_sitemap_without_site_url(tmp_path):
    site = build_small_site(tmp_path, None)
    assert (site / "index.html").is_file() and (site / "en" / "about" / "index.html").is_file()
    assert not (site / "sitemap.xml").exists()
    assert not (site / "sitemap.xml.gz").exists()
    assert "sitemap.xml" not in (site / "sw.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("site_url", ["https://handbook.intranet.example/", "https://intranet.example/service/handbook/"])
def test_sitemap_lists_absolute_urls_with_site_url(tmp_path, site_url):
    site = build_small_site(tmp_path, site_url)
    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(SITEMAP_NS + "loc")]
    assert sorted(locs) == sorted(site_url + rel for rel in ("", "about/", "en/", "en/about/"))
    assert "None" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (site / "sitemap.xml.gz").is_file()
