"""The checker page in Chromium: loads Pyodide from the site itself and flags phrases."""

import json
import subprocess
import sys

import pytest

from tests.browser.conftest import ROOT

TABOO = "这个不归我管，你找别人吧。"


def _ready(page, url):
    page.goto(url)
    status = page.get_by_test_id("checker-status")
    page.wait_for_function(
        "el => ['ready', 'failed'].includes(el.dataset.state) || el.dataset.state === 'clean' || el.dataset.state === 'findings'",
        arg=status.element_handle(),
        timeout=60000,
    )
    assert status.get_attribute("data-state") != "failed", status.text_content()
    return status


def _check(page, text):
    box = page.get_by_test_id("reply-input")
    box.fill(text)
    page.locator(".phb-check-run").click()
    page.wait_for_function("el => ['clean', 'findings', 'failed'].includes(el.dataset.state)", arg=page.get_by_test_id("checker-status").element_handle(), timeout=20000)
    return page.get_by_test_id("finding")


def test_taboo_is_flagged_and_clean_text_is_not(page, server):
    _ready(page, server.base + "checker/")
    findings = _check(page, TABOO)
    assert findings.count() >= 1
    assert "不归我管" in findings.first.text_content()
    findings = _check(page, "您好，这个问题我来帮您跟进，今天下午五点前给您回复。")
    assert findings.count() == 0
    assert page.get_by_test_id("checker-status").get_attribute("data-state") == "clean"
