"""Read an HTML table as data: expand rowspan/colspan into a matrix of cells (Datasette's
habit: test tables as rows of cells, not as page snapshots)."""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool
    element: Tag
    origin: bool
    """True at the top-left position of a spanning cell."""


def cell_text(element: Tag) -> str:
    """Visible text (in the grid of a wide screen); a not-reported marker reads as the empty
    string. A data cell's column headers, printed beside it only on narrow screens, are not
    its text."""
    if "nb-nr" in (element.get("class") or []):
        return ""
    for hidden in element.select(".nb-sr, .nb-cl"):
        hidden.extract()
    return "".join(element.get_text().split())


def expand(rows: list[Tag]) -> list[list[Cell]]:
    matrix: list[list[Cell | None]] = []
    for r, tr in enumerate(rows):
        while len(matrix) <= r:
            matrix.append([])
        c = 0
        for element in tr.find_all(["th", "td"], recursive=False):
            while c < len(matrix[r]) and matrix[r][c] is not None:
                c += 1
            rowspan = int(element.get("rowspan", 1))
            colspan = int(element.get("colspan", 1))
            text = cell_text(element)
            for dr in range(rowspan):
                while len(matrix) <= r + dr:
                    matrix.append([])
                line = matrix[r + dr]
                while len(line) < c + colspan:
                    line.append(None)
                for dc in range(colspan):
                    line[c + dc] = Cell(text, element.name == "th", element, dr == 0 and dc == 0)
            c += colspan
    return [[cell for cell in line] for line in matrix]


def page(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
