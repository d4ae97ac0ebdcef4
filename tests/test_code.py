"""The code stays easy to change: small modules and functions, one home per idea, tests that
mirror the pipeline module for module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from radon.complexity import cc_visit

REPOSITORY = Path(__file__).resolve().parent.parent
PIPELINE = REPOSITORY / "pipeline"
TESTS = Path(__file__).resolve().parent
# The build's modules, in their stages' folders, and the tools beside it (`make illustrations`).
MODULES = sorted(p for folder in (PIPELINE, REPOSITORY / "tools") for p in folder.rglob("*.py")
                 if p.name != "__init__.py")
# Kinds and profiles are asked what they do; only their own modules may name them.
NAMES = r"(annual-report|factsheet|print-house|office|screen|archive|cmyk|srgb)"
COMPARED = re.compile(rf"""(==|!=)\s*['"]{NAMES}['"]|['"]{NAMES}['"]\s*(==|!=)""")
# Modules without a test file of their own, and why.
UNMIRRORED = {"pipeline/bench.py": "a benchmark, run by `make bench`, not a test",
              "pipeline/web/bench.py": "the web edition's part of `make bench`",
              "pipeline/editing_bench.py": "the editing part of `make bench`",
              "pipeline/model.py": "frozen records, exercised by every stage's tests",
              "pipeline/problems.py": "problem lines, asserted by every stage's tests"}


# Test files that test no single module, and why.
EXTRA_TESTS = {"test_browser": "the web pages' browser audit itself (tests/browser.py)",
               "test_soak": "a thousand random PDFs through preflight (`make soak`)",
               "test_code": "this file: the rules of the code"}


def _named(path: Path) -> str:
    return path.relative_to(REPOSITORY).as_posix()


def _test_of(path: Path) -> Path:
    """A module's test file, in the tests' folder of the same name: pipeline/maps/svg.py is
    tested by tests/maps/test_svg.py, tools/drawing.py by tests/tools/test_drawing.py."""
    top = PIPELINE if path.is_relative_to(PIPELINE) else REPOSITORY
    return TESTS / path.parent.relative_to(top) / f"test_{path.stem.strip('_')}.py"


def test_no_module_is_over_400_lines():
    assert len(MODULES) > 40
    assert [_named(p) for p in MODULES if len(p.read_text().splitlines()) > 400] == []


def test_no_function_is_more_complex_than_15():
    complex_ = [(_named(p), block.name, block.complexity) for p in MODULES
                for block in cc_visit(p.read_text()) if block.complexity > 15]
    assert complex_ == []


def test_only_the_kinds_and_profiles_modules_compare_their_names():
    found = [f"{_named(p)}:{n}" for p in MODULES if p.name not in ("kinds.py", "profiles.py")
             for n, line in enumerate(p.read_text().splitlines(), 1) if COMPARED.search(line)]
    assert found == []


def test_tests_mirror_the_pipeline():
    missing = [_named(p) for p in MODULES
               if not _test_of(p).is_file() and _named(p) not in UNMIRRORED]
    assert missing == []
    # and no test file is left behind by a module that moved
    tested = {_test_of(p) for p in MODULES}
    assert sorted(p.relative_to(TESTS).as_posix() for p in TESTS.rglob("test_*.py")
                  if p not in tested and p.stem not in EXTRA_TESTS) == []


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


def _imports_when_loaded(path: Path) -> set[str]:
    """The pipeline modules a module imports as it is loaded: at its top level, and in its
    top-level `if` and `try` blocks (`if TYPE_CHECKING:` too); not inside a function, where
    an import waits until it is called."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found, body = set(), list(ast.parse(path.read_text()).body)
    while body:
        node = body.pop()
        if isinstance(node, (ast.If, ast.Try)):
            body += node.body + node.orelse + getattr(node, "finalbody", [])
            body += [line for handler in getattr(node, "handlers", []) for line in handler.body]
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return found


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PIPELINE.parent).with_suffix("").parts).removesuffix(
        ".__init__")


def _cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle, as the path that closes it (depth first)."""
    circles, done = [], set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circles.append(path[path.index(module):] + [module])
            return
        if module in done:
            return
        for imported in sorted(imports[module]):
            visit(imported, path + [module])
        done.add(module)

    for module in sorted(imports):
        visit(module, [])
    return circles


def test_no_module_imports_itself_in_a_circle():
    """Loading any module never comes back to one still loading: the records (model.py) name
    no stage, and each stage imports only those before it. A circle here once ran model ->
    kinds -> placed_maps -> images -> model."""
    paths = sorted(PIPELINE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    imports = {_module_name(p): _imports_when_loaded(p) & modules - {_module_name(p)}
               for p in paths}
    assert len(imports) > 40 and sum(map(len, imports.values())) > 150
    assert _cycles(imports) == []
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
