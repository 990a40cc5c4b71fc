"""Every notebook of the kit, run top to bottom on the real JJava kernel, as a learner's "Run All" would,
with every code cell run twice in a row in the same kernel, as a learner re-running a cell would.

One test per notebook under notebooks/ and exercises/ (each in its own folder as working directory);
nothing is saved, so the committed outputs stay as `./kit notebooks` made them.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import notebooks  # noqa: E402  (the runner beside this file, also a command-line tool)

ROOT = Path(__file__).resolve().parents[2]


def kit_notebooks():
    found = sorted((ROOT / "notebooks").glob("*.ipynb"))
    found += sorted((ROOT / "exercises").glob("**/*.ipynb"))
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def test_the_kit_has_its_first_notebook():
    assert ROOT / "notebooks" / "00_start_here.ipynb" in kit_notebooks()


@pytest.mark.parametrize("path", kit_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_imports_are_safe_on_ijava(path):
    """Fast and static: what IJavaConditionsTest (tests/src/test/java) would find after running the cells."""
    nb = notebooks.nbformat.read(path, as_version=4)
    problems = notebooks.import_problems(nb)
    if problems:
        pytest.fail(f"{path.relative_to(ROOT)}:\n\n{notebooks.report(nb, problems)}", pytrace=False)


@pytest.mark.parametrize("path", kit_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_cleanly(path):
    nb, problems = notebooks.check(path, save=False, twice=True)
    if problems:
        pytest.fail(f"{path.relative_to(ROOT)} failed:\n\n{notebooks.report(nb, problems)}", pytrace=False)
