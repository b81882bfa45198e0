"""Where the checker's generated files are read from: the rule bundle (rules.json)
and the fold table (t2s.json), both made from data/ by the generator.

An installed package carries them inside itself (the wheel's build step,
setup.py, compiles them); a work tree has them in build/checker/ (``make
rules``). They are never written into the checker's source folder.
"""

from pathlib import Path

PACKAGE = Path(__file__).parent
WORK_TREE = PACKAGE.parent / "build" / "checker"


def path(name):
    """The generated file ``name``: the work tree's build folder when there is one, else the package's own."""
    built = WORK_TREE / name
    return built if built.is_file() else PACKAGE / name


MISSING = "is missing: build it with `make rules` (python -m generator rules), or install the package (pip install .)"
