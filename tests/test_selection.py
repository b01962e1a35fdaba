"""What `make test-fast` leaves out is said in the open: the markers in conftest.NOT_FAST, on
whole modules (conftest checks that when collecting). These checks cover what collecting
cannot see: a file of tests pytest would never pick up, and the Makefile's selection."""

from __future__ import annotations

import ast
import re
import tomllib

from tests.conftest import NOT_FAST, TESTS

ROOT = TESTS.parent
PYTEST = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]


def _defines_tests(path_text: str) -> bool:
    tree = ast.parse(path_text)
    return any(
        (isinstance(node, ast.FunctionDef) and node.name.startswith("test"))
        or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))
        for node in tree.body
    )


def test_every_file_of_tests_is_collected() -> None:
    assert PYTEST["python_files"] == ["test_*.py"]
    missed = [
        str(path.relative_to(ROOT))
        for path in TESTS.rglob("*.py")
        if not path.name.startswith("test_") and _defines_tests(path.read_text())
    ]
    assert missed == []


def test_the_fast_run_leaves_out_exactly_the_not_fast_markers() -> None:
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^test-fast:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe is not None
    selection = re.search(r'-m "([^"]*)"', recipe.group(1))
    assert selection is not None
    assert selection.group(1) == " and ".join(f"not {name}" for name in NOT_FAST)


def test_the_not_fast_markers_are_registered() -> None:
    assert {line.split(":")[0] for line in PYTEST["markers"]} >= set(NOT_FAST)
