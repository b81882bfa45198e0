"""Installable as it is used: a clean clone installs into a fresh venv with a working ``phrasecheck``.

The package build compiles the rules into the wheel (setup.py), so no ``make``
step is needed, and the clone is left with no generated file in it.
"""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def run(*args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)
    return done


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if run("git", "-C", str(ROOT), "rev-parse", "HEAD").returncode:
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("install") / "clone"
    done = run("git", "clone", "--quiet", str(ROOT), str(target))
    assert done.returncode == 0, done.stderr
    return target


@pytest.fixture(scope="module")
def venv(clone):
    folder = clone.parent / "venv"
    assert run(sys.executable, "-m", "venv", str(folder)).returncode == 0
    pip = folder / "bin" / "pip"
    done = run(str(pip), "install", "--quiet", "--disable-pip-version-check", str(clone))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return folder


def phrasecheck(venv, text, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(venv / "bin" / "phrasecheck"), "--no-config", *args, "-"], input=text, capture_output=True,
        text=True, timeout=120, env=env, cwd=venv,
    )


def test_installed_phrasecheck_flags_a_taboo_and_passes_a_clean_reply(venv, clone):
    taboo = phrasecheck(venv, "这个不归我管，你找别人吧。")
    assert taboo.returncode == 1, taboo.stderr
    assert "s000-not-my-business" in taboo.stdout
    clean = phrasecheck(venv, "这个问题我来帮您跟进，今天下午五点前给您答复。")
    assert clean.returncode == 0 and "No problems found." in clean.stdout, clean.stdout + clean.stderr
    transcript = phrasecheck(venv, "客户：你好\n座席：这个不归我管\n", "--transcript", "--format", "json")
    assert transcript.returncode == 1 and '"role": "agent"' in transcript.stdout
    assert run("git", "-C", str(clone), "status", "--porcelain").stdout == ""
    assert not list((clone / "checker").glob("*.json")), "the build wrote into the source tree"


def test_install_from_a_tag_with_git(venv, clone):
    assert run("git", "-C", str(clone), "tag", "-f", "install-test").returncode == 0
    done = run(
        str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", "--force-reinstall", "--no-deps",
        f"git+file://{clone}@install-test",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert phrasecheck(venv, "这个不归我管").returncode == 1
