"""``python -m generator diff``: findings a data change adds and removes, grouped by rule."""

import shutil
import subprocess

import pytest

from generator import diff as diff_mod
from generator import textsets
from generator.cli import main as generator_main
from tests.conftest import ROOT

RULE = """\
- id: {id}
  kind: forbid
  category: shirking
  severity: error
  phrase: {{zh: "{pattern}", en: Not my job}}
  patterns: {{zh: ["{pattern}"]}}
  message: {{zh: 推诿, en: Passes the buck}}
  suggest: [{{zh: 我来跟进, en: "I'll follow it up"}}]
  examples: {{flag: ["{pattern}"], pass: [我来跟进]}}
  origin: team
"""


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """A git repository whose committed data has a rule r-gone; the work tree drops it and adds r-new."""
    dev, ok = textsets.dev("zh"), textsets.ok("zh")
    if not dev.rows or not ok.rows:
        pytest.skip("the development sets are missing")
    new_pattern, gone_pattern = dev.texts[0][:4], ok.texts[0][:4]
    (tmp_path / "data" / "rules").mkdir(parents=True)
    for name in ("settings.yml", "categories.yml", "sources.yml"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data")
    (tmp_path / "data" / "rules" / "zz-test.yml").write_text(RULE.format(id="r-gone", pattern=gone_pattern), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-q", "-m", "data")
    (tmp_path / "data" / "rules" / "zz-test.yml").write_text(RULE.format(id="r-new", pattern=new_pattern), encoding="utf-8")
    return tmp_path, new_pattern, gone_pattern


def test_diff_lists_what_is_newly_flagged_and_no_longer_flagged(repo, monkeypatch):
    tmp_path, new_pattern, gone_pattern = repo
    monkeypatch.setattr(textsets, "blind", lambda *a, **k: pytest.fail("the diff must not read the blind set"))
    lines = []
    changed = diff_mod.diff("HEAD", tmp_path / "data", ROOT, out=lines.append)
    out = "\n".join(lines)
    assert "1 -> 1 rules; added 1: r-new; removed 1: r-gone" in out
    new_hits = [t for t in textsets.dev("zh").texts if new_pattern in t]
    gone_hits = [t for t in textsets.ok("zh").texts if gone_pattern in t]
    assert f"\nr-new  +{len(new_hits)} -0" in out and f"  + [dev zh] 「{new_pattern}」 in {new_hits[0]}" in out
    assert "\nr-gone  +0 -" in out and f"  - [ok zh] 「{gone_pattern}」 in {gone_hits[0]}" in out
    assert changed == sum(1 for line in lines if line.startswith(("  + ", "  - ")))
    # Nothing else moved: every other rule is the same on both sides.
    assert [line.split()[0] for line in lines if line and not line.startswith((" ", "rules:", "set", "skipped")) and "  +" in line] == ["r-gone", "r-new"]


def test_unknown_revision_is_a_clear_error(repo, capsys):
    tmp_path, _, _ = repo
    code = generator_main(["--data", str(tmp_path / "data"), "diff", "no-such-rev"])
    assert code == 1 and "diff failed: git rev-parse" in capsys.readouterr().err
