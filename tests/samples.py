"""The hand-checked extractions of the real samples (shared/samples/*.expected.yaml), read
independently of the package: their own key scheme, mapped here to table, row and column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from paths import SAMPLES

#: data file in data/ → sample name
SAMPLE_REPORTS = {
    ("penghou-jiedao", 2024): "000_penghou-jiedao-2024",
    ("pingtan", 2020): "pingtan-2020",
    ("pingtan", 2023): "pingtan-2023",
}

_ACTIVE_TABLE = {
    "rules": "active.item1",
    "normative_docs": "active.item1",
    "licensing": "active.item5",
    "other_admin_services": "active.item5",
    "penalty": "active.item6",
    "coercion": "active.item6",
    "fees": "active.item8",
    "procurement": "active.item9",
}
_APPEALS_ROW = {
    "review": "review",
    "litigation_direct": "litigation.direct",
    "litigation_after_review": "litigation.after_review",
}


class _Loader(yaml.SafeLoader):
    pass


# Keep decimals exactly as printed in the extraction.
_Loader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(node.value))


def load_expected(name: str) -> dict:
    return yaml.load((SAMPLES / f"{name}.expected.yaml").read_text(encoding="utf-8"), Loader=_Loader)


def printed(value) -> str:
    """How a cell value of the extraction reads on the page."""
    return str(value)


def expected_cells(name: str) -> dict[tuple[str, str, str], str]:
    """(table id, row key, column key) → the printed text of every cell of 表二/三/四."""
    data = load_expected(name)
    cells: dict[tuple[str, str, str], str] = {}
    for row, values in data["active"].items():
        table = _ACTIVE_TABLE[row]
        for column, value in values.items():
            if row == "procurement" and column in ("amount", "amount_unit"):
                continue
            if row == "procurement" and column == "amount_raw":
                column = "amount"
            if column == "amount_wan":
                column = "amount"
            cells[(table, row, column)] = printed(value)

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict) and "natural_person" in value:
                for column, v in value.items():
                    cells[("requests", path, column)] = printed(v)
            else:
                walk(f"{path}.", value)

    walk("", data["requests"])
    for key, row in _APPEALS_ROW.items():
        for column, value in data[key].items():
            cells[("appeals", row, column)] = printed(value)
    return cells


def sample_text(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def sample_path(name: str) -> Path:
    return SAMPLES / name
