"""The package build compiles the rules bundle into the wheel.

``pip install .`` (or ``pip install git+…@tag``) runs the handbook's own
checks on data/ and writes the checker's generated files (rules.json,
t2s.json) into the package being built, so the installed ``phrasecheck``
works with no ``make`` step; the work tree stays free of generated files.
An editable install (``pip install -e .``, what ``make`` uses) reads them from
build/checker/ instead (``make rules``). Everything else is in pyproject.toml.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithRules(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        sys.path.insert(0, str(HERE))
        from checker.errors import DataError
        from generator import bundle

        try:
            checked = bundle.check(HERE / "data")
        except DataError as exc:
            raise SystemExit(f"data/ has problems, the rules cannot be built:\n{exc}") from None
        for path in bundle.write(checked, Path(self.build_lib) / "checker"):
            print(f"compiled {path.name} into the package")


setup(cmdclass={"build_py": BuildWithRules})
