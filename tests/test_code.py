"""The code stays easy to change: small modules and functions, one home per idea, tests that
mirror the pipeline module for module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from radon.complexity import cc_visit

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
TESTS = Path(__file__).resolve().parent
MODULES = sorted(p for p in PIPELINE.glob("*.py") if p.name != "__init__.py")
# Kinds and profiles are asked what they do; only their own modules may name them.
NAMES = r"(annual-report|factsheet|print-house|office|screen|archive|cmyk|srgb)"
COMPARED = re.compile(rf"""(==|!=)\s*['"]{NAMES}['"]|['"]{NAMES}['"]\s*(==|!=)""")
# Modules without a test file of their own, and why.
UNMIRRORED = {"bench.py": "a benchmark, run by `make bench`, not a test",
              "model.py": "frozen records, exercised by every stage's tests",
              "problems.py": "problem lines, asserted by every stage's tests"}


def test_no_module_is_over_400_lines():
    assert [p.name for p in MODULES if len(p.read_text().splitlines()) > 400] == []


def test_no_function_is_more_complex_than_15():
    complex_ = [(p.name, block.name, block.complexity) for p in MODULES
                for block in cc_visit(p.read_text()) if block.complexity > 15]
    assert complex_ == []


def test_only_the_kinds_and_profiles_modules_compare_their_names():
    found = [f"{p.name}:{n}" for p in MODULES if p.name not in ("kinds.py", "profiles.py")
             for n, line in enumerate(p.read_text().splitlines(), 1) if COMPARED.search(line)]
    assert found == []


def test_tests_mirror_the_pipeline():
    tested = {p.name.removeprefix("test_") for p in TESTS.glob("test_*.py")}
    mirrored = {"__main__.py": "main.py"}
    missing = [p.name for p in MODULES if mirrored.get(p.name, p.name) not in tested
               and p.name not in UNMIRRORED]
    assert missing == []


def test_every_problem_code_is_explained_in_the_readme():
    """An editor who reads a code at the end of a line finds it in the README."""
    readme = (PIPELINE.parent / "README.md").read_text()
    families = ("yaml|path|source|schema|translation|reference|record|action|layout|image|text"
                "|map|pdf|archive|import|glossary")
    code = re.compile(rf"({families}|state|build)\.[a-z]+(-[a-z]+)*")
    files = re.compile(r".*\.(pot|po|json|yaml|py|txt|html|css)")  # names, not codes
    found = {node.value for p in MODULES for node in ast.walk(ast.parse(p.read_text()))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and code.fullmatch(node.value) and not files.fullmatch(node.value)}
    assert len(found) > 50
    assert sorted(c for c in found if f"`{c}`" not in readme) == []
