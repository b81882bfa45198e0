"""The checker page as a writing assistant: one-click fixes (previewed, undoable, re-checked),
findings at the text, transcript detection, the readable scorecard, false-alarm reports."""

import re

import pytest

from checker.rules import read_bundle
from tests.browser.conftest import new_page
from tests.browser.test_checker_page import STATES, check, ready

REPLY = "这个不归我管，你找别人吧。我也没办法。"
DOUBLED_PUNCT = re.compile(r"[，。！？、；：,!?;:]{2}|(?<!\.)\.\.(?!\.)")
DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,})\1|\b([A-Za-z]+) \2\b", re.I)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
RULE_ID = re.compile(r"\bs\d{3}-[a-z0-9-]+")

# Runs in the page: for each text, check it, then click the first one-click fix and
# re-check, until the text is clean or no fix is left. One page, many texts.
FIX_ALL = """async ({texts, max}) => {
  const root = document.querySelector('.phb-checker');
  const box = root.querySelector('[data-testid=reply-input]');
  const status = root.querySelector('[data-testid=checker-status]');
  const done = ['clean', 'findings', 'failed'];
  const settle = () => new Promise((resolve) => {
    const t0 = performance.now();
    (function poll() {
      if (done.includes(status.dataset.state)) resolve(status.dataset.state);
      else if (performance.now() - t0 > 30000) resolve('timeout');
      else setTimeout(poll, 2);
    })();
  });
  const out = [];
  for (const [rule, text] of texts) {
    status.dataset.state = 'stale';
    box.value = text;
    root.querySelector('.phb-check-run').click();
    let state = await settle();
    const shown = [];
    const applied = [];
    let rounds = 0;
    while (state === 'findings' && rounds < max) {
      for (const s of root.querySelectorAll('.phb-suggestion, .phb-fix-manual, .phb-finding-message')) shown.push(s.textContent);
      const button = root.querySelector('[data-testid=finding] [data-testid=apply-fix]');
      if (!button) break;
      applied.push(button.textContent);
      status.dataset.state = 'stale';
      button.click();
      rounds++;
      state = await settle();
    }
    out.push({rule, text, final: box.value, state, applied, shown,
              left: Array.from(root.querySelectorAll('[data-testid=finding]')).map((li) => li.dataset.rule)});
  }
  return out;
}"""


def fix_all(page, texts, max_rounds=8):
    return page.evaluate(FIX_ALL, {"texts": texts, "max": max_rounds})


def settle(page):
    page.wait_for_function(f"el => {STATES}.includes(el.dataset.state)", arg=page.get_by_test_id("checker-status").element_handle(), timeout=30000)


def doubles(text, sources=()):
    """Punctuation or words written twice in ``text`` that none of ``sources`` has
    (a suggestion may say 一项一项 on purpose)."""
    found = [m.group(0) for m in DOUBLED_PUNCT.finditer(text)] + [m.group(0) for m in DOUBLED_WORD.finditer(text)]
    return [d for d in found if not any(d in source for source in sources)]


def sound(text, sources=()):
    return not doubles(text, sources)


def test_the_reply_fixed_one_click_at_a_time_ends_correct_and_clean(page, server):
    ready(page, server.base + "checker/")
    findings = check(page, REPLY)
    assert findings.count() >= 2
    for _ in range(6):
        if page.get_by_test_id("checker-status").get_attribute("data-state") == "clean":
            break
        page.get_by_test_id("finding").first.get_by_test_id("apply-fix").first.click()
        settle(page)
    text = page.get_by_test_id("reply-input").input_value()
    assert page.get_by_test_id("checker-status").get_attribute("data-state") == "clean", text
    assert sound(text) and text.endswith(("。", "！", "？")), text
    assert "不归我管" not in text and "没办法" not in text


def test_every_rules_first_flag_example_fixes_to_a_clean_correct_text(page, server):
    # A rule with no suggestion has nothing to click: its finding says to reword by hand.
    rules = [r for r in read_bundle()["rules"] if r.get("suggest")]
    texts = [[r["id"], r["examples"]["flag"][0]] for r in rules]
    ready(page, server.base + "checker/")
    results = fix_all(page, texts)
    stuck = [(r["rule"], r["text"], r["final"], r["left"]) for r in results if r["state"] != "clean"]
    broken = [(r["rule"], r["final"]) for r in results if not sound(r["final"], [r["text"], *r["applied"]])]
    assert not stuck, f"{len(stuck)} of {len(results)} do not end clean: {stuck[:10]}"
    assert not broken, broken[:10]
    # No suggestion or message on the page shows a blank or an unfilled placeholder.
    shown = {s for r in results for s in r["shown"]}
    bad = sorted(s for s in shown if "**" in s or "XXX" in s or PLACEHOLDER.search(s))
    assert not bad, bad[:10]


def test_a_finding_without_a_fix_says_to_reword_by_hand(page, server):
    bare = [r for r in read_bundle()["rules"] if not r.get("suggest") and r["kind"] == "forbid"]
    if not bare:
        pytest.skip("every rule has a suggestion")
    ready(page, server.base + "checker/")
    check(page, bare[0]["examples"]["flag"][0])
    item = page.locator(f"[data-testid=finding][data-rule={bare[0]['id']}]").first
    assert item.get_by_test_id("apply-fix").count() == 0
    assert "手动" in item.locator(".phb-no-fix").inner_text()


def test_fix_preview_on_hover_and_focus(page, server):
    ready(page, server.base + "checker/")
    check(page, REPLY)
    finding = page.get_by_test_id("finding").first
    button = finding.get_by_test_id("apply-fix").first
    preview = finding.get_by_test_id("fix-preview").first
    assert not preview.is_visible()
    button.hover()
    assert preview.is_visible()
    assert "不归我管" in preview.locator("del").text_content()
    assert preview.locator("ins").text_content() == button.text_content()  # a rewrite: the whole sentence
    page.mouse.move(0, 0)
    button.focus()
    assert preview.is_visible()
    # Screen readers get the preview as the button's description.
    assert page.evaluate("b => document.getElementById(b.getAttribute('aria-describedby')).textContent", button.element_handle()) == preview.text_content()


def test_drop_in_replaces_only_the_words(page, server):
    ready(page, server.base + "checker/")
    check(page, "你的货明天到。")
    item = page.locator("[data-testid=finding][data-rule=s002-addr-ni]")
    item.get_by_test_id("apply-fix").first.click()
    settle(page)
    assert page.get_by_test_id("reply-input").input_value() == "您的货明天到。"


def test_undo_with_the_button_and_with_ctrl_z(page, server):
    ready(page, server.base + "checker/")
    check(page, REPLY)
    undo = page.get_by_test_id("undo")
    assert undo.is_disabled()
    page.get_by_test_id("finding").first.get_by_test_id("apply-fix").first.click()
    settle(page)
    box = page.get_by_test_id("reply-input")
    assert box.input_value() != REPLY
    undo.click()
    settle(page)
    assert box.input_value() == REPLY and page.get_by_test_id("finding").count() >= 2
    page.get_by_test_id("finding").first.get_by_test_id("apply-fix").first.click()
    settle(page)
    assert box.input_value() != REPLY
    page.keyboard.press("Control+z")
    settle(page)
    assert box.input_value() == REPLY


def test_pasted_transcript_is_detected_and_can_be_switched_back(browser, server):
    context, page, guard = new_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base.rstrip("/"))
    try:
        ready(page, server.base + "checker/")
        transcript = "客户：这个不归我管，你找别人吧\n座席：您好，我是3号客服代表，请问有什么可以帮您？\n客户：好的\n座席：感谢您的来电，再见。"
        page.evaluate("t => navigator.clipboard.writeText(t)", transcript)
        page.get_by_test_id("reply-input").focus()
        page.evaluate("el => { el.dataset.state = 'stale'; }", page.get_by_test_id("checker-status").element_handle())
        page.keyboard.press("Control+v")
        settle(page)
        assert page.get_by_test_id("reply-input").input_value() == transcript
        assert page.get_by_test_id("mode-note").is_visible()
        assert page.locator("input[name=phb-mode][value=transcript]").is_checked()
        assert page.get_by_test_id("finding").count() == 0  # the customer's words are not the agent's
        assert page.get_by_test_id("scorecard").is_visible()
        page.get_by_test_id("mode-back").click()
        settle(page)
        assert not page.get_by_test_id("mode-note").is_visible()
        assert page.locator("input[name=phb-mode][value=reply]").is_checked()
        assert page.get_by_test_id("finding").count() >= 1
    finally:
        context.close()
    assert not guard.blocked


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scorecard_names_items_and_shows_no_rule_ids(page, server, lang):
    ready(page, server.base + ("en/" if lang == "en" else "") + "checker/")
    text = "客户：在吗\n座席：请讲，我是3号客服代表。这个不归我管\n座席：好的，就这样"
    findings = check(page, text)
    card = page.get_by_test_id("scorecard")
    assert card.is_visible()
    shown = card.inner_text()
    if lang == "zh":
        for name in ("问候", "自报工号", "道别", "用语"):
            assert name in shown, shown
        assert "通话开头缺少问候" in shown and "已说" in shown
    else:
        for name in ("Greeting", "Goodbye", "Wording"):
            assert name in shown, shown
    assert re.search(r"−4", shown) and re.search(r"\d+/100", shown)
    missing = page.locator("[data-testid=finding][data-kind=require]")
    assert missing.count() == 2
    head = missing.first.locator(".phb-finding-head").inner_text()
    assert ("通话开头缺少问候" if lang == "zh" else "Greeting missing at the start") in head
    assert "避免" not in head and "Avoid" not in head and "“" not in head
    visible = shown + "".join(findings.nth(i).inner_text() for i in range(findings.count()))
    assert not RULE_ID.search(visible), RULE_ID.search(visible)
    # The id is there for a team lead, behind the details toggle.
    details = findings.first.locator(".phb-finding-details")
    details.locator("summary").click()
    assert RULE_ID.search(details.inner_text())


def test_clicking_a_highlight_opens_its_finding(page, server):
    ready(page, server.base + "checker/")
    check(page, REPLY)
    mark = page.locator(".phb-highlight mark").nth(2)
    index = mark.get_attribute("data-index")
    b = mark.bounding_box()
    page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    item = page.locator(f"#phb-finding-{index}")
    assert "phb-active" in item.get_attribute("class")
    assert "phb-active" in mark.get_attribute("class")


def test_keyboard_moves_onto_a_highlight(page, server):
    ready(page, server.base + "checker/")
    check(page, REPLY)
    box = page.get_by_test_id("reply-input")
    box.focus()
    box.press("Home")
    for _ in range(3):
        box.press("ArrowRight")  # into 不归我管
    active = page.locator("[data-testid=finding].phb-active")
    assert active.count() == 1 and "不归我管" in active.inner_text()
    active.get_by_test_id("apply-fix").first.focus()
    page.keyboard.press("Enter")
    settle(page)
    assert "不归我管" not in box.input_value()


def test_narrow_screen_shows_the_finding_and_its_fix_with_the_text(browser, server):
    context, page, guard = new_page(browser, width=390, height=844)
    try:
        ready(page, server.base + "checker/")
        check(page, REPLY)
        box = page.get_by_test_id("reply-input")
        box.scroll_into_view_if_needed()
        mark = page.locator(".phb-highlight mark").last
        b = mark.bounding_box()
        page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
        active = page.locator("[data-testid=finding].phb-active")
        assert active.count() == 1
        fix = active.get_by_test_id("apply-fix").first
        text_box, fix_box = box.bounding_box(), fix.bounding_box()
        assert text_box["y"] + 40 > 0 and text_box["y"] < 844, text_box  # the text is still on screen
        assert 0 <= fix_box["y"] and fix_box["y"] + fix_box["height"] <= 844, fix_box
        assert page.evaluate("document.documentElement.scrollWidth") <= 392
    finally:
        context.close()
    assert not guard.blocked


def test_report_a_false_alarm(browser, server):
    context, page, guard = new_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base.rstrip("/"))
    try:
        ready(page, server.base + "checker/")
        check(page, REPLY)
        first = page.get_by_test_id("finding").first
        rule = first.get_attribute("data-rule")
        first.get_by_test_id("false-alarm").click()
        page.wait_for_function("el => el.textContent.includes('误报')", arg=page.get_by_test_id("checker-status").element_handle())
        note = page.evaluate("navigator.clipboard.readText()")
        assert rule in note and "不归我管" in note and "这个不归我管，你找别人吧。" in note
        # With an address in team settings, it is an email to the authors instead.
        page.locator(".phb-settings summary").click()
        page.get_by_test_id("report-address").fill("authors@example.org")
        page.get_by_test_id("report-address").dispatch_event("change")
        settle(page)
        link = page.get_by_test_id("finding").first.get_by_test_id("false-alarm")
        href = link.get_attribute("href")
        assert href.startswith("mailto:authors@example.org?") and rule in href
    finally:
        context.close()
    assert not guard.blocked


def test_team_settings_fill_the_new_placeholders(page, server):
    ready(page, server.base + "checker/")
    names = page.locator(".phb-set-name")
    present = {names.nth(i).get_attribute("data-name") for i in range(names.count())}
    if "agent_id" not in present:
        pytest.skip("data/settings.yml has no {agent_id} placeholder yet")
    page.locator(".phb-settings summary").click()
    page.locator(".phb-set-name[data-name=agent_id][data-lang=zh]").fill("1024号")
    page.locator(".phb-set-name[data-name=agent_id][data-lang=zh]").dispatch_event("change")
    settle(page)
    page.locator("input[name=phb-mode][value=transcript]").check()
    check(page, "客户：在吗\n座席：请讲\n座席：再见")
    labels = page.locator("[data-testid=finding][data-kind=require] [data-testid=apply-fix]").all_text_contents()
    assert any("1024号" in label for label in labels), labels


def test_unreadable_file_is_rejected_as_the_command_line_does(page, server, tmp_path):
    ready(page, server.base + "checker/")
    path = tmp_path / "soup.txt"
    path.write_bytes(bytes(range(0x81, 0xFF)) * 4)
    status = page.get_by_test_id("checker-status")
    page.locator(".phb-check-file").set_input_files(str(path))
    page.wait_for_function("el => el.dataset.state === 'failed'", arg=status.element_handle(), timeout=30000)
    assert "GB18030" in status.text_content()
    path = tmp_path / "utf32.txt"
    path.write_bytes(("座席：" + REPLY).encode("utf-32"))
    page.evaluate("el => { el.dataset.state = 'stale'; }", status.element_handle())
    page.locator(".phb-check-file").set_input_files(str(path))
    settle(page)
    assert page.get_by_test_id("reply-input").input_value() == "座席：" + REPLY
