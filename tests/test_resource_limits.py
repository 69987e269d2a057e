"""No data file can make validation or the build exhaust CI: each hostile input below is
validated and (if it passes) built in a child process whose address space is capped, and
must finish well within a generous time, with a Chinese message and no traceback.

The figures (peak memory, seconds) are printed for each case with ``-s``; the normal data
set is measured the same way in the same run, as the baseline.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from building import copy_portal
from paths import ROOT

CORPUS = Path(__file__).parent / "bad_input"
MEMORY_CAP = 768 * 1024 * 1024
"""Address space of the child: the interpreter and its libraries take about 300 MB of it."""
PEAK_LIMIT_MB = 300
"""Resident memory a case may reach: a normal build of one report takes about 40 MB."""
TIME_LIMIT = 60
"""Seconds for the child process, killed beyond it."""
EXTRA_SECONDS = 15
"""What a case may take beyond the baseline (a normal report, same run): measured at most
about 2 s on a 2-core machine, the rest is room for a busy CI runner."""

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time, datetime as dt
    from pathlib import Path
    def peak_kb():
        # This process's own high-water mark: ru_maxrss would also count the parent's
        # (Linux carries it across exec), i.e. the whole pytest session's.
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    cap = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    root = Path(sys.argv[1])
    from nianbao.catalog import load_catalog
    from nianbao.build.site import build_sources, write_downloads
    started = time.perf_counter()
    catalog = load_catalog(root / "data", root, today=dt.date(2026, 11, 29))
    validated = time.perf_counter() - started
    sources = build_sources(root, root / "docs", today=dt.date(2026, 11, 29))
    if sources.catalog.ok:
        write_downloads(sources.catalog, root / "site")
    print(json.dumps({
        "valid": catalog.ok,
        "built": sources.catalog.ok and bool(sources.pages),
        "problems": [p.format_text() for p in catalog.problems.errors][:3],
        "seconds": round(time.perf_counter() - started, 2),
        "validate_seconds": round(validated, 2),
        "peak_mb": peak_kb() // 1024,
    }, ensure_ascii=False))
    """
)


def _laughs(levels: int) -> str:
    lines = [
        "notes:",
        '  - &a ["哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈"]',
    ]
    previous = "a"
    for index in range(levels):
        name = f"l{index}"
        lines.append(f"  - &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def _report(extra: str = "", **replace: str) -> str:
    text = (CORPUS / "valid_new_report.yml").read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return text.replace("published: 2024-03-08  # 发布日期\n", "published: 2024-03-08  # 发布日期\n" + extra)


PATHOLOGICAL_MARKDOWN = {
    "preamble": "[" * 20_000,
    "overview": "![a](" * 4_000,
    "problems": "*_`[<" * 4_000,
    "other": "> " * 10_000,
}


def _worst_valid_report() -> str:
    """As large as the limits allow and still valid: every section the longest value of a
    Markdown pathology, and notes up to near the file's size limit."""
    text = _report("notes:\n" + "".join(f"  - {json.dumps('[' * 19_000)}\n" for _ in range(20)))
    head, _, rest = text.partition("\nsections:")
    _, _, tail = rest.partition("\nactive:")
    sections = "".join(f"  {key}: {json.dumps(body)}\n" for key, body in PATHOLOGICAL_MARKDOWN.items())
    return f"{head}\nsections:\n{sections}\nactive:{tail}"


CASES = {
    "alias_bomb_of_a_billion": _report(_laughs(9)),
    "alias_bomb_in_a_key": _report(_laughs(6) + "signed_by: {*l5 : 示例机关}\n"),
    "alias_to_a_long_value_many_times": _report(
        'signed_by: &s "' + "长" * 19_000 + '"\nnotes: [' + ", ".join(["*s"] * 5_000) + "]\n"
    ),
    "flow_nesting_of_half_a_million": _report("notes: " + "[" * 500_000 + "\n"),
    "block_nesting_of_ten_thousand": _report("notes:\n" + "".join("  " * i + "- \n" for i in range(1, 700))),
    "a_million_values": _report("notes: [" + "0," * 500_000 + "]\n"),
    "a_value_of_a_megabyte": _report('signed_by: "' + "x" * 1_040_000 + '"\n'),
    "number_of_a_million_digits": _report(
        **{"coercion: {decisions: 54}": "coercion: {decisions: " + "9" * 1_000_000 + "}"}
    ),
    "the_largest_valid_numbers": _report(
        **{
            "coercion: {decisions: 54}": "coercion: {decisions: 999999999999}",
            "fees: {amount: 5949.088667}": "fees: {amount: 999999999.999999}",
            'origin: "new"': 'origin: "published"\nsource: {title: "示例"}',
        }
    ),
}


def _project(tmp_path: Path, report: str | None) -> Path:
    project = copy_portal(ROOT, tmp_path / "portal", ("mkdocs.yml", "docs", "overrides"))
    folder = project / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    if report is None:
        shutil.copy(CORPUS / "valid_new_report.yml", folder / "2023.yml")
    else:
        (folder / "2023.yml").write_text(report, encoding="utf-8")
    return project


def measure(tmp_path: Path, report: str | None) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(_project(tmp_path, report)), str(MEMORY_CAP)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    figures = measure(tmp_path_factory.mktemp("baseline"), None)
    assert figures["valid"] and figures["built"]
    return figures


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_refused_within_bounds(case, tmp_path, baseline):
    figures = measure(tmp_path, CASES[case])
    print(
        f"\n{case}: {figures['seconds']} s (基准 {baseline['seconds']} s)，峰值 {figures['peak_mb']} MB（基准 {baseline['peak_mb']} MB）"
    )
    assert figures["peak_mb"] < PEAK_LIMIT_MB
    assert figures["seconds"] < baseline["seconds"] + EXTRA_SECONDS
    if case == "the_largest_valid_numbers":
        assert figures["valid"] and figures["built"], figures["problems"]
    else:
        assert not figures["valid"] and not figures["built"]
        assert figures["problems"] and all("2023.yml" in p for p in figures["problems"])


def test_the_largest_valid_report_builds_within_bounds(tmp_path, baseline):
    figures = measure(tmp_path, _worst_valid_report())
    print(f"\nworst valid report: {figures} (基准 {baseline})")
    assert figures["valid"] and figures["built"], figures["problems"]
    assert figures["peak_mb"] < PEAK_LIMIT_MB
    assert figures["seconds"] < baseline["seconds"] + EXTRA_SECONDS


def test_the_memory_cap_bites(tmp_path):
    """The cap above is real: the same child, allocating more than the cap before it loads the
    data, fails with MemoryError (so a case that passes was measured under the cap)."""
    allocating = CHILD.replace(
        "from nianbao.catalog import load_catalog", "bytearray(cap)\nfrom nianbao.catalog import load_catalog"
    )
    assert allocating != CHILD
    result = subprocess.run(
        [sys.executable, "-c", allocating, str(_project(tmp_path, None)), str(MEMORY_CAP)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0 and "MemoryError" in result.stderr, result.stderr[-2000:]


def _year_after(report: str) -> str:
    return report.replace("year: 2023  # 报告年度", "year: 2024  # 报告年度").replace(
        "published: 2024-03-08", "published: 2025-03-08"
    )


def _with_section(report: str, key: str, text: str) -> str:
    """``report`` with section ``key`` (a one-line value) replaced by ``text``."""
    lines = report.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}: "))
    lines[at] = f"  {key}: {json.dumps(text, ensure_ascii=False)}\n"
    return "".join(lines)


def _valid() -> str:
    return (CORPUS / "valid_new_report.yml").read_text(encoding="utf-8")


#: The review's pairs of reports (issue 25): last year's and this year's, each within the limits.
REPORT_PAIRS = {
    # One section of 20,000 「啊」, this year's with its last character changed: the compare
    # page's diff held `mkdocs build --strict` for 19 minutes.
    "compare_one_long_sentence": (
        _with_section(_valid(), "other", "啊" * 20_000),
        _year_after(_with_section(_valid(), "other", "啊" * 19_999 + "哦")),
    ),
    # Sections of one-character sentences: the audit's figure reader was quadratic in a paragraph.
    "one_character_sentences": (
        _valid(),
        _year_after(
            _with_section(
                _with_section(_valid(), "problems", "啊。" * 9_990 + "信息公开。"),
                "other",
                "啊。" * 9_990 + "信息公开。",
            )
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(REPORT_PAIRS))
def test_the_reviews_report_pairs_build_within_bounds(case, tmp_path, baseline):
    last, this = REPORT_PAIRS[case]
    project = _project(tmp_path, last)
    (project / "data" / "sample-office" / "2024.yml").write_text(this, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(project), str(MEMORY_CAP)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    print(f"\n{case}: {figures} (基准 {baseline})")
    assert figures["valid"] and figures["built"], figures["problems"]
    assert figures["peak_mb"] < PEAK_LIMIT_MB
    assert figures["seconds"] < 3 * baseline["seconds"] + EXTRA_SECONDS
