"""How the checker page starts: from the build's snapshot, or plainly when the snapshot cannot be used."""

import base64
import gzip
import json

import pytest

from tests.browser.conftest import KEPT, Server, kept_whole, new_page, until
from tests.browser.test_checker_page import TABOO, check, ready, rules_of

SNAPSHOT = "**/assets/checker/checker-snapshot.bin.gz"
MANIFEST = "**/assets/checker/checker-snapshot.json"


def started(page, url):
    status = ready(page, url)
    return status.get_attribute("data-start"), status.get_attribute("title")


def findings_of(page):
    findings = check(page, TABOO)
    return rules_of(findings), [findings.nth(i).text_content() for i in range(findings.count())]


def test_the_snapshot_is_built_with_its_manifest(site):
    """The file holds Pyodide's header and the heap's non-zero runs, as the manifest lists them."""
    manifest = json.loads((site / "assets" / "checker" / "checker-snapshot.json").read_text(encoding="utf-8"))
    data = gzip.decompress((site / "assets" / "checker" / "checker-snapshot.bin.gz").read_bytes())
    header, runs = manifest["header"], manifest["runs"]
    assert int.from_bytes(data[4:8], "little") == header  # where Pyodide's header says the heap starts
    assert base64.b64decode(manifest["head"]) == data[:header]  # the header, repeated in the manifest
    assert len(data) == header + sum(length for _, length in runs)
    ends = [0] + [at + length for at, length in runs]
    assert all(at >= end and length > 0 and at % 4096 == 0 for (at, length), end in zip(runs, ends))
    assert ends[-1] <= manifest["size"] - header
    pages = [data[i : i + 4096] for i in range(header, len(data), 4096)]
    assert all(page.strip(b"\0") for page in pages)  # only pages that are not all zeros are kept
    assert manifest["rules"] and manifest["probe"]


def test_starts_from_the_snapshot(page, server):
    path, title = started(page, server.base + "checker/")
    assert path == "snapshot", title
    assert int(page.get_by_test_id("checker-status").get_attribute("data-heap")) > 0
    assert findings_of(page)[0]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda route: route.fulfill(status=404, body="not here"), id="missing"),
        pytest.param(lambda route: route.fulfill(status=200, body=b"\x00" * 4096), id="not-gzip"),
        pytest.param(lambda route: route.fulfill(status=200, body=gzip.compress(b"\x00" * 1024)), id="truncated"),
    ],
)
def test_falls_back_to_a_plain_start_with_the_same_findings(browser, server, spoil):
    context, page, guard = new_page(browser)
    try:
        assert started(page, server.base + "checker/")[0] == "snapshot"
        expected = findings_of(page)
    finally:
        context.close()
    context, page, guard = new_page(browser)
    try:
        context.route(SNAPSHOT, spoil)
        path, title = started(page, server.base + "checker/")
        assert path == "plain" and "snapshot not used" in title
        assert findings_of(page) == expected
    finally:
        context.close()
    assert not guard.blocked


def test_a_snapshot_for_other_rules_is_not_used(browser, server, site):
    manifest = json.loads((site / "assets" / "checker" / "checker-snapshot.json").read_text(encoding="utf-8"))
    other = json.dumps({**manifest, "bundle": "00000000-1"})
    context, page, guard = new_page(browser)
    try:
        context.route(MANIFEST, lambda route: route.fulfill(status=200, body=other, content_type="application/json"))
        path, title = started(page, server.base + "checker/")
        assert path == "plain" and "other rules" in title
        assert findings_of(page)[0]
    finally:
        context.close()


def test_repeat_visit_offline_starts_from_the_cached_snapshot(browser, site):
    server = Server(site)
    context, page, guard = new_page(browser, service_workers="allow")
    try:
        ready(page, server.base + "checker/")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60000)
        until(
            page,
            "async () => { for (const key of await caches.keys()) { const c = await caches.open(key);"
            " if ((await c.keys()).some((r) => r.url.endsWith('checker-snapshot.bin.gz'))) return true; } return false; }",
        )
        server.stop()
        page.reload()
        path, title = started(page, server.base + "checker/")
        assert path == "snapshot", title
        assert findings_of(page)[0]
    finally:
        context.close()
    assert not guard.blocked


def source_of(page):
    """Where the snapshot came from: kept (the worker's own copy) or read (the file as served)."""
    return json.loads(page.get_by_test_id("checker-status").get_attribute("data-marks"))["source"]


def test_a_repeat_visit_reads_the_kept_copy(browser, server, site):
    """The first start keeps the snapshot unpacked (named by its digest); the next one
    restores from that copy with the same findings."""
    manifest = json.loads((site / "assets" / "checker" / "checker-snapshot.json").read_text(encoding="utf-8"))
    context, page, guard = new_page(browser)
    try:
        assert started(page, server.base + "checker/")[0] == "snapshot"
        assert source_of(page) == "read"
        expected = findings_of(page)
        name = kept_whole(page, site)  # the snapshot and Python's standard library beside it, written and closed
        assert name == f"checker-snapshot-{manifest['digest']}.bin"
        size = page.evaluate("async (name) => (await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile()).size", name)
        assert size == manifest["header"] + sum(length for _, length in manifest["runs"])
        path, title = started(page, server.base + "checker/")
        assert path == "snapshot", title
        assert source_of(page) == "kept"
        assert findings_of(page) == expected
    finally:
        context.close()
    assert not guard.blocked


SPOIL_KEPT = """async ([name, cut]) => {
  const file = await (await navigator.storage.getDirectory()).getFileHandle(name);
  const size = (await file.getFile()).size;
  let out = null;
  for (let tries = 0; !out; tries++) {  // the worker's writer may still hold the file for a moment
    try { out = await file.createWritable(); } catch (error) { if (tries > 50) throw error; await new Promise((r) => setTimeout(r, 100)); }
  }
  await out.write(new Uint8Array(cut ? size - 4096 : size));  // zeros: the header is gone too
  await out.close();
}"""


@pytest.mark.parametrize("cut", [False, True], ids=["zeroed", "cut-short"])
def test_a_spoilt_kept_copy_is_not_used(browser, server, site, cut):
    """A kept copy of the wrong size is passed over (the file as served is read); one that
    does not restore gives a plain start, with the same findings, and is removed."""
    context, page, guard = new_page(browser)
    try:
        assert started(page, server.base + "checker/")[0] == "snapshot"
        expected = findings_of(page)
        name = kept_whole(page, site)
        page.evaluate(SPOIL_KEPT, [name, cut])
        path, title = started(page, server.base + "checker/")
        if cut:
            assert path == "snapshot" and source_of(page) == "read", title
        else:
            assert path == "plain" and "kept copy" in title
            assert page.evaluate(KEPT) is None
        assert findings_of(page) == expected
    finally:
        context.close()
    assert not guard.blocked


TEAM_TEXT = "这个你找西盈科技老王吧。你到底听清楚没有？"


def test_team_settings_on_a_quick_start_match_a_plain_start(browser, server):
    """A changed name and a disabled category, applied on top of the restored checker,
    give what a plain start gives with the same settings."""
    seen = {}
    for spoiled in (False, True):
        context, page, guard = new_page(browser)
        try:
            if spoiled:
                context.route(SNAPSHOT, lambda route: route.fulfill(status=404, body="not here"))
            path, title = started(page, server.base + "checker/")
            page.locator(".phb-settings summary").click()
            name = page.locator(".phb-set-name[data-name=company][data-lang=zh]")
            name.fill("西盈科技")
            name.dispatch_event("change")
            page.locator(".phb-set-categories input[value=addressing]").check()
            findings = check(page, TEAM_TEXT)
            seen[path] = rules_of(findings), [findings.nth(i).text_content() for i in range(findings.count())]
        finally:
            context.close()
    assert set(seen) == {"snapshot", "plain"}
    assert seen["snapshot"] == seen["plain"]
    assert "s000-ask-someone-at-company" in seen["snapshot"][0]  # found through the team's company name
    assert "s002-addr-ni" not in seen["snapshot"][0]  # its category is disabled
