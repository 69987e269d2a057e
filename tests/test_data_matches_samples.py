"""data/ holds the three real reports, every number equal to the hand-checked extraction."""

from __future__ import annotations

import datetime as dt

import pytest
from nianbao.catalog import load_catalog
from nianbao.views.grids import format_value
from samples import SAMPLE_REPORTS, expected_cells, load_expected, sample_text


@pytest.fixture(scope="module")
def catalog(root):
    return load_catalog(root / "data", root)


def test_data_loads_without_errors_or_warnings(catalog):
    assert [p.format_text() for p in catalog.problems.sorted() if p.severity != "notice"] == []
    assert sorted((r.office_id, r.year) for r in catalog.reports) == sorted(SAMPLE_REPORTS)


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_every_cell_equals_the_hand_checked_extraction(catalog, key, sample):
    report = next(r for r in catalog.reports if (r.office_id, r.year) == key)
    ours = {(tid, row, col): format_value(v) for tid, t in report.tables.items() for (row, col), v in t.cells.items()}
    assert ours == expected_cells(sample)


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_publication_date_and_year(catalog, key, sample):
    meta = load_expected(sample)["meta"]
    report = next(r for r in catalog.reports if (r.office_id, r.year) == key)
    assert report.year == meta["year"]
    assert report.published == dt.date.fromisoformat(meta["published"])
    assert report.origin == "published"
    if "source_url" in meta:
        assert report.source.url == meta["source_url"]


def test_penghou_mixed_layout_is_kept(catalog):
    report = next(r for r in catalog.reports if r.office_id == "penghou-jiedao")
    versions = {tid: t.version for tid, t in report.tables.items()}
    assert versions == {
        "active.item1": 2019,
        "active.item5": 2021,
        "active.item6": 2021,
        "active.item8": 2021,
        "requests": 2019,
        "appeals": 2021,
    }
    assert report.tables["active.item1"].definition.row("normative_docs").label == "规范性文件"
    assert report.tables["requests"].definition.row("results.other").children == ()


def _plain(text: str) -> str:
    """Text without whitespace and Markdown paragraph breaks, for comparing narrative."""
    return "".join(text.split())


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_narrative_is_intact(catalog, key, sample):
    """Every character of the published narrative is in the data, in order (paragraph
    breaks aside): the sections joined equal the sample text between its headings."""
    report = next(r for r in catalog.reports if (r.office_id, r.year) == key)
    text = _plain(sample_text(sample))
    for key_name in ("preamble", "overview", "problems", "other"):
        section = _plain(report.sections[key_name])
        assert section in text, key_name
    # The sections appear in the sample in the official order.
    positions = [text.index(_plain(report.sections[k])) for k in ("preamble", "overview", "problems", "other")]
    assert positions == sorted(positions)
