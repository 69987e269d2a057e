"""The environment is read in one place, and every variable read is documented in README."""

from __future__ import annotations

import ast
import re

from nianbao.settings import VARIABLES, Settings

SCANNED = ("hooks", "tests", "tools", "benchmarks")


def _sources(root):
    for folder in SCANNED:
        yield from sorted((root / folder).rglob("*.py"))


def test_every_nianbao_variable_is_documented_in_the_readme(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    named = {}
    for path in _sources(root):
        for name in re.findall(r"\bNIANBAO_[A-Z0-9_]+\b", path.read_text(encoding="utf-8")):
            named.setdefault(name, path.relative_to(root).as_posix())
    named.update({name: "hooks/nianbao/settings.py" for name in VARIABLES})
    assert "NIANBAO_WORKERS" in named and "NIANBAO_SHARD" in named
    undocumented = {name: where for name, where in named.items() if f"`{name}`" not in readme}
    assert not undocumented, f"README 未说明这些环境变量：{undocumented}"


def _reads_environment(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(alias.name in ("environ", "getenv") for alias in node.names):
                lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment(root):
    package = root / "hooks"
    readers = {}
    for path in sorted(package.rglob("*.py")):
        if path == package / "nianbao" / "settings.py":
            continue
        found = _reads_environment(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            readers[path.relative_to(root).as_posix()] = found
    assert not readers, f"只有 hooks/nianbao/settings.py 读环境变量：{readers}"


def test_settings_read_what_is_set_and_ignore_what_is_not_usable():
    read = Settings.read(
        {"NIANBAO_WORKERS": "3", "SOURCE_DATE_EPOCH": "1767225600", "NIANBAO_TIMINGS": " /tmp/t.json "}
    )
    assert (read.workers, read.source_date_epoch, str(read.timings)) == (3, 1767225600, "/tmp/t.json")
    unusable = Settings.read({"NIANBAO_WORKERS": "0", "SOURCE_DATE_EPOCH": "soon"})
    assert (unusable.workers, unusable.source_date_epoch, unusable.timings) == (None, None, None)
