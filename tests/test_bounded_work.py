"""Work and output grow linearly with the input (issue 25): each hostile case is made here by
code and measured against ordinary input of the same size in the same test, as a ratio with a
generous margin plus a small constant — never as an absolute time.

CPU time of this process (time.process_time) is the measure: other engineers' jobs on the
machine do not count in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from nianbao.catalog import load_catalog
from nianbao.checks.audit.compare import compare_report, diff_text
from nianbao.checks.audit.copying import section_shares
from paths import ROOT

#: What a hostile case may cost: this many times the ordinary case of the same size ...
RATIO = 3
#: ... plus this many CPU-seconds (the cost of about one report page; a busy machine's noise).
CONSTANT = 0.5


def cpu(function, *args) -> float:
    started = time.process_time()
    function(*args)
    return time.process_time() - started


@pytest.fixture(scope="module")
def pingtan():
    catalog = load_catalog(ROOT / "data", ROOT, today=dt.date(2026, 11, 29))
    reports = catalog.published_by_year("pingtan")
    return reports[2020], reports[2023]


def _grown(text: str, size: int) -> str:
    """Real text repeated to ``size`` characters, each copy's first sentence numbered so that
    the sentences stay as varied as in a real report."""
    out, copy = [], 0
    while sum(map(len, out)) < size:
        out.append(text.replace("。", f"（{copy}）。", 1))
        copy += 1
    return "".join(out)[:size]


SECTION = 20_000
"""The longest section the validator allows."""

HOSTILE_SECTIONS = {
    # The review's case: one "sentence" of 20,000 characters, its last character changed.
    "one_sentence_last_changed": ("啊" * SECTION, "啊" * (SECTION - 1) + "哦"),
    "one_sentence_both_ends_changed": ("哦" + "啊" * (SECTION - 1), "啊" * (SECTION - 1) + "哦"),
    "one_sentence_interleaved": ("啊" * SECTION, "啊哦" * (SECTION // 2)),
    "commas_only": ("啊，" * (SECTION // 2), "哦，" + "啊，" * (SECTION // 2 - 2) + "哦"),
    "one_character_sentences_interleaved": ("啊。" * (SECTION // 2), "啊。哦。" * (SECTION // 4)),
    "one_character_sentences_all_edited": ("啊。" * (SECTION // 2), "哦。" * (SECTION // 2)),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SECTIONS))
def test_compare_page_diff_is_bounded(case, pingtan):
    previous, report = pingtan
    last, this = HOSTILE_SECTIONS[case]
    ordinary_last = _grown(previous.sections["overview"], SECTION)
    ordinary_this = _grown(report.sections["overview"], SECTION)
    ordinary = cpu(diff_text, ordinary_last, ordinary_this) + cpu(diff_text, ordinary_last, ordinary_last + "新增。")
    hostile = cpu(diff_text, last, this)
    print(f"\n{case}: {hostile:.3f} CPU-s (同样长度的普通文字 {ordinary:.3f} CPU-s)")
    assert hostile <= RATIO * ordinary + CONSTANT


def _compare(report, previous):
    """The page's view data with the audit's copied shares, measured here as the audit does."""
    return compare_report(report, previous, shares=section_shares(report, previous))


def test_compare_report_with_a_hostile_section_costs_about_an_ordinary_pair(pingtan):
    """The whole 「与上年对比」 view data of the review's pair against the real pair."""
    previous, report = pingtan
    last, this = HOSTILE_SECTIONS["one_sentence_last_changed"]
    hostile_previous = dataclasses.replace(previous, sections={**previous.sections, "other": last})
    hostile_report = dataclasses.replace(report, sections={**report.sections, "other": this})
    ordinary = cpu(_compare, report, previous)
    hostile = cpu(_compare, hostile_report, hostile_previous)
    print(f"\n对比页：{hostile:.3f} CPU-s（普通 {ordinary:.3f} CPU-s）")
    assert hostile <= RATIO * ordinary + CONSTANT
    sections, _ = _compare(hostile_report, hostile_previous)
    other = next(s for s in sections if s.key == "other")
    assert (other.inserted, other.deleted) == (1, 1)  # still the one character, not the whole section


def test_the_diff_of_real_reports_is_still_by_character():
    """The bound changes nothing for ordinary text: a changed figure shows as the figure."""
    pieces = diff_text("全年共受理申请30件。其他情况不变。", "全年共受理申请34件。其他情况不变。")
    assert [(p.kind, p.text) for p in pieces if p.kind != "same"] == [("del", "30"), ("ins", "34")]


def _audit(report) -> None:
    from nianbao.checks.audit import AuditContext, run_audit

    run_audit(report, AuditContext(None, None))


def _with_sections(report, text: str):
    """Every section of the report ``text`` (seven of 20,000 characters: about 420 KB of YAML)."""
    from nianbao.formats import load_sections

    return dataclasses.replace(report, sections={key: text for key in ["preamble"] + [s.text for s in load_sections()]})


FIGURE_SENTENCES = {
    # The review's case: a report of one-character sentences (about 280 KB of YAML), the
    # figures' context word at the end of each paragraph.
    "one_character_sentences": "啊。" * (SECTION // 2 - 5) + "信息公开。",
    # One sentence of many figures that need their clause's lead word.
    "figures_in_one_clause": "因信息公开" + "行政复议1件行政诉讼1件" * ((SECTION - 5) // 12),
    "figures_in_one_sentence": "依申请公开" + "收到申请1件" * ((SECTION - 5) // 6),
}


@pytest.mark.parametrize("case", sorted(FIGURE_SENTENCES))
def test_the_audits_figure_reader_is_linear(case, pingtan):
    _, report = pingtan
    text = FIGURE_SENTENCES[case][:SECTION]
    ordinary = cpu(_audit, _with_sections(report, _grown(report.sections["overview"], len(text))))
    hostile = cpu(_audit, _with_sections(report, text))
    print(f"\n{case}: {hostile:.3f} CPU-s（同样长度的普通文字 {ordinary:.3f} CPU-s）")
    assert hostile <= RATIO * ordinary + CONSTANT


def test_an_acknowledged_reason_is_printed_once_per_rule(tmp_path, root):
    """The review's case: 2,108 Q1 findings and one 20,000-character reason (a 381 KB report)
    made a 128 MB report page. The page may be at most ~30 times the data file."""
    from builders import consistent_requests, report_data, write_office, write_report
    from nianbao.build.site import build_sources

    data = tmp_path / "portal" / "data"
    (tmp_path / "portal" / "docs").mkdir(parents=True)
    (tmp_path / "portal" / "overrides").symlink_to(root / "overrides")
    write_office(data, "synth", name="合成测试局")
    report = consistent_requests(report_data(2024), granted=4, unable=1)
    sentences = [f"收到政府信息公开申请{n}件。" for n in range(1_000, 3_108)]  # 2,108 figures, none in 表三
    thirds = len(sentences) // 3 + 1
    report["sections"].update(
        {
            key: "".join(sentences[i * thirds : (i + 1) * thirds])
            for i, key in enumerate(("overview", "requests", "other"))
        }
    )
    reason = "合成测试：原因如下。" + "合成测试的说明" * (19_990 // 7)
    report["acknowledged"] = [{"rule": "Q1", "reason": reason}]
    path = write_report(data, "synth", report)
    sources = build_sources(tmp_path / "portal", tmp_path / "portal" / "docs", today=dt.date(2025, 6, 1))
    assert sources.catalog.problems.errors == []
    findings = [f for f in sources.catalog.audit[("synth", 2024)] if f.rule == "Q1"]
    assert len(findings) == 2_108
    page = sources.pages["offices/synth/2024.md"].encode()
    size = path.stat().st_size
    print(f"\n数据文件 {size / 1e3:.0f} KB，报告页 {len(page) / 1e3:.0f} KB（{len(page) / size:.1f} 倍）")
    assert len(page) <= 30 * size
    assert page.count("合成测试：原因如下。".encode()) == 1
    # Validation messages name the reason shortened, not 2,108 times whole.
    messages = [p.message for p in sources.catalog.problems.items if p.rule == "Q1"]
    assert len(messages) == 2_108 and sum(map(len, messages)) <= 30 * size


def _office_site(tmp_path, root, name: str):
    from builders import consistent_requests, report_data, write_office, write_report
    from nianbao.build.site import build_sources

    portal = tmp_path / "portal"
    data = portal / "data"
    (portal / "docs").mkdir(parents=True)
    (portal / "overrides").symlink_to(root / "overrides")
    write_office(data, "synth", name=name)
    for year in range(2019, 2024):
        report = report_data(year, version=2021 if year >= 2021 else 2019)
        write_report(data, "synth", consistent_requests(report, granted=1, unable=0))
    sources = build_sources(portal, portal / "docs", today=dt.date(2025, 6, 1))
    size = sum(path.stat().st_size for path in data.rglob("*.yml"))
    return sources, size


def test_an_office_name_cannot_be_long_enough_to_multiply_the_site(tmp_path, root):
    """The name is printed on every page of the office's reports: 20,000 characters made each
    report page half a megabyte. The longest name accepted keeps the pages within ~30 times
    the data, like a real name."""
    sources, _ = _office_site(tmp_path / "long", root, "合成测试局" + "名" * 19_995)
    [problem] = [p for p in sources.catalog.problems.errors if p.key == "name"]
    assert "不能超过 100 个字" in problem.message and "（20,000 字）" in problem.message
    assert len(problem.format_text()) < 300  # the value is quoted shortened
    for name in ("合成测试局", "合成测试局" + "名" * 95):
        sources, size = _office_site(tmp_path / str(len(name)), root, name)
        assert sources.catalog.problems.errors == []
        pages = sum(len(text.encode()) for text in sources.pages.values())
        print(f"\n机关名 {len(name)} 字：数据 {size / 1e3:.0f} KB，页面 {pages / 1e3:.0f} KB（{pages / size:.1f} 倍）")
        assert pages <= 30 * size
