"""The README's 「新增一份报告」 steps, run exactly as written on a fresh copy of the
repository: the report they make validates and its page is right."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import SYNTHETIC_OTHER, SYNTHETIC_OVERVIEW, SYNTHETIC_PROBLEMS
from nianbao.build.site import build_sources

SECTION = "## 新增一份报告"


def readme_section(root: Path) -> str:
    text = (root / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return text[start:end]


def readme_commands(root: Path) -> list[list[str]]:
    """The commands of the section's code block, comments dropped."""
    block = re.search(r"```bash\n(.*?)```", readme_section(root), re.S)[1]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


@pytest.fixture
def clone(root, tmp_path) -> Path:
    """The tracked files of the repository, as a fresh clone has them."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    target = tmp_path / "clone"
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = root / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def run(clone: Path, argv: list[str]) -> subprocess.CompletedProcess:
    """A README command as staff type it: `nianbao …` is the installed console script of
    this copy's package."""
    assert argv[0] == "nianbao", argv
    env = {**os.environ, "PYTHONPATH": str(clone / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "nianbao.staff.cli", *argv[1:]], cwd=clone, env=env, capture_output=True, text=True
    )


def fill_in(path: Path) -> None:
    """Step 2 of the README: every cell a number, the text, published and signed_by, and
    the draft line deleted."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^draft: true.*\n", "", text, flags=re.M)
    text = re.sub(r"^published: null", "published: 2026-01-20", text, flags=re.M)
    text = re.sub(r"^signed_by: null", 'signed_by: "合成测试机关"', text, flags=re.M)
    for key, body in (("overview", SYNTHETIC_OVERVIEW), ("problems", SYNTHETIC_PROBLEMS), ("other", SYNTHETIC_OTHER)):
        text = re.sub(rf"^  {key}: null", f"  {key}: {body}", text, flags=re.M)
    text = re.sub(r"^  preamble: null\n", "", text, flags=re.M)
    text = text.replace(": null", ": 0")
    path.write_text(text, encoding="utf-8")


def test_the_readme_path_publishes_a_correct_page(clone, root):
    new, validate = readme_commands(root)
    assert new[:2] == ["nianbao", "new"] and validate[:2] == ["nianbao", "validate"]
    made = run(clone, new)
    assert made.returncode == 0, made.stderr
    path = clone / validate[2]
    assert path.is_file() and path.relative_to(clone).as_posix() == f"data/{new[2]}/{new[3]}.yml"
    assert "published: null" in path.read_text(encoding="utf-8")
    assert "signed_by: null" in path.read_text(encoding="utf-8")

    fill_in(path)
    checked = run(clone, validate)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr == f"已检查 {validate[2]}（1 份报告）：0 个错误，0 个警告。\n"

    page = build_sources(clone, clone / "docs").pages[f"offices/{new[2]}/{new[3]}.md"]
    assert "<dt>数据来源：</dt><dd>本门户填报，已通过全部校验</dd>" in page
    assert "原文出处" not in page


def test_the_readme_example_message_is_what_validate_prints(clone, root):
    """The README shows one message: a wrong cell of 一、本年新收, blamed."""
    new, validate = readme_commands(root)
    assert run(clone, new).returncode == 0
    path = clone / validate[2]
    fill_in(path)
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"^  new: \{natural_person: 0,(.*)total: 0\}", r"  new: {natural_person: 5,\1total: 4}", text, flags=re.M
    )
    text = re.sub(
        r"^    granted: \{natural_person: 0,(.*)total: 0\}",
        r"    granted: {natural_person: 4,\1total: 4}",
        text,
        flags=re.M,
    )
    text = re.sub(
        r"^    total: \{natural_person: 0,(.*)total: 0\}",
        r"    total: {natural_person: 4,\1total: 4}",
        text,
        flags=re.M,
    )
    path.write_text(text, encoding="utf-8")
    checked = run(clone, validate)
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert len(lines) == 2
    assert lines[1] in (root / "README.md").read_text(encoding="utf-8")


def test_a_hand_copy_made_as_the_readme_says_carries_nothing_of_last_year(clone, root):
    section = readme_section(root)
    paragraph = next(p for p in section.split("\n\n") if p.startswith("不用命令"))
    deleted = re.findall(r"`([a-z_]+)`", paragraph.split("删去只属于上一年度的内容", 1)[1])
    assert deleted == ["source", "notes", "corrections", "acknowledged", "import_problems"]
    last = (clone / "data" / "pingtan" / "2023.yml").read_text(encoding="utf-8")
    text = last.replace("year: 2023", "year: 2024").replace("published: 2024-03-08", "published: 2025-02-01")
    text = text.replace('origin: "published"', 'origin: "new"')
    copy = clone / "data" / "pingtan" / "2024.yml"
    copy.write_text(text, encoding="utf-8")
    # Forgetting to delete last year's source is an error, not a wrong page.
    forgot = run(clone, ["nianbao", "validate", "data/pingtan/2024.yml"])
    assert "source: [错误] 新填报的报告（origin: new）不应有原文出处 source" in forgot.stdout
    for key in deleted:  # a top-level key and its indented lines
        text = re.sub(rf"^{key}:.*\n(?:[ #].*\n)*", "", text, flags=re.M)
    copy.write_text(text, encoding="utf-8")
    checked = run(clone, ["nianbao", "validate", "data/pingtan/2024.yml"])
    assert "[错误]" not in checked.stdout, checked.stdout
    page = build_sources(clone, clone / "docs").pages["offices/pingtan/2024.md"]
    assert "原文出处" not in page and "本门户填报" in page


def test_the_guide_example_is_what_validate_prints(root):
    """The 填报指南's example message is the bad-input corpus' results_sum_broken case."""
    import yaml

    expected = yaml.safe_load((root / "tests" / "bad_input" / "expected.yml").read_text(encoding="utf-8"))
    line = expected["results_sum_broken"][0].replace("data/sample-office/2023.yml", "data/pingtan/2024.yml")
    assert line in (root / "docs" / "guide.md").read_text(encoding="utf-8")


def test_the_two_commands_make_a_virtual_environment_and_ci_runs_the_second(root):
    """Debian's and Ubuntu's own Python refuse `pip install` outside a virtual environment
    (PEP 668): both commands make one first; .ci/run runs the test command exactly."""
    text = (root / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## 两条命令") :]
    block = re.search(r"```bash\n(.*?)```", section, re.S)[1]
    serve, test = [line for line in block.splitlines() if line.startswith("python3 ")]
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert serve == venv + "pip install -e . && mkdocs serve"
    assert (
        test
        == venv
        + "pip install -e '.[test]' && pip install --no-deps 'zensical>=0.1.4,<0.2' 'tomli>=2.4' && npm ci --prefix .ci && python3 -m pytest"
    )
    ci = (root / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == test
