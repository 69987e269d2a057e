"""Reading the standard tables out of flattened cell texts, by their official labels.

Cells are taken in reading order; each leaf row label of the format definition is looked
up in order and the numbers right after it are its cells. So a table survives split or
merged cells, rows broken over lines and layouts the tests never saw; a row whose label
is missing, or whose cells are not numbers, is reported as not found — never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..data.scalars import COUNT_UNITS
from ..formats import TableDef, load_formats, row_node
from .labels import EXACT, LOOSE_WORDS, SYNONYM, Unreadable, match, matches, normalize, read_value

ACTIVE_ITEMS = ("active.item1", "active.item5", "active.item6", "active.item8", "active.item9")


class Cell(str):
    """A printed cell's text that remembers which source row it was in."""

    row: int = -1

    def __new__(cls, text: str, row: int = -1) -> Cell:
        cell = super().__new__(cls, text)
        cell.row = row
        return cell


def cells_of(rows: list[list[str]], first_row: int = 0) -> list[Cell]:
    """The cells of a source table in reading order, each knowing its row."""
    return [Cell(text, first_row + index) for index, row in enumerate(rows) for text in row]


@dataclass
class ReadTable:
    definition: TableDef
    values: dict = field(default_factory=dict)
    """Nested like the data file: row → column → value (money as {value, unit})."""
    read: int = 0
    missing: list[str] = field(default_factory=list)
    """「row label · column label」 of every cell not found."""
    loose: list[str] = field(default_factory=list)
    """Every label read by a synonym or a near-miss spelling, for a clerk to check."""


def classify(rows: list[list[str]]) -> str | None:
    """Which standard table a source table holds (or part of it)."""
    text = normalize("".join(cell for row in rows for cell in row))
    if "第二十条" in text:
        return "active"
    if "复议后起诉" in text or "未经复议直接起诉" in text:
        return "appeals"
    words = ("本年新收", "申请人情况", "本年度办理结果", "予以公开", "不予公开", "无法提供", "不予处理", "结转下年度")
    if any(word in text for word in words):
        return "requests"
    return None


def _set(values: dict, row_key: str, column: str, value) -> None:
    row_node(values, row_key)[column] = value


def _cell(definition: TableDef, column_key: str, token: str):
    """The value of one printed cell; raises Unreadable when it holds no number."""
    value, unit = read_value(token)
    kind = definition.column(column_key).type
    if value is None:
        return None
    if kind == "money":
        if unit is None:
            raise Unreadable(token)  # the unit cannot be guessed
        return {"value": Decimal(value), "unit": unit}
    if unit == "万元" and kind == "wan":
        return value if isinstance(value, Decimal) else Decimal(value)
    if unit in COUNT_UNITS and kind in ("count", "signed"):
        unit = None  # 「12件」 is the count 12
    if unit is not None:
        raise Unreadable(token)
    if kind == "wan":
        return value if isinstance(value, Decimal) else Decimal(value)
    if isinstance(value, Decimal):
        raise Unreadable(token)  # a decimal where a count belongs
    return value


def _find_row(
    tokens: list[str], row, cursor: int, groups: frozenset[str] = frozenset()
) -> tuple[int, int, str] | tuple[None, None, None]:
    """Where the row's label is printed from ``cursor`` on — (first token, token after the
    label, how it matched): exact or a listed variant first, anywhere ahead, also when the
    label is broken over several cells; a near-miss spelling only if none is found."""
    for fuzzy in (False, True):
        for i in range(cursor, len(tokens)):
            found = _label_at(tokens, i, row, fuzzy, groups)
            if found:
                return i, *found
    return None, None, None


def _group_labels(definition: TableDef) -> frozenset[str]:
    """The normalised labels of the table's group rows (「（六）其他处理」 over its items)."""
    return frozenset(normalize(row.label) for row in definition.all_rows() if row.children)


def _is_group_piece(token: str, groups: frozenset[str]) -> bool:
    """A piece of a group label cut by a page break (「他处理」 of 「（六）其他处理」)."""
    text = normalize(token)
    return bool(text) and any(text in group for group in groups)


def _is_value(token: str) -> bool:
    try:
        read_value(token)
    except Unreadable:
        return False
    return bool(token.strip())


#: How far a label's pieces may stand apart: a row cut by a page break leaves its number
#: cells empty on one page and may repeat the group cells on the next (10 columns each).
_PIECES, _PIECES_SPAN = 4, 24


def _label_at(tokens: list[str], i: int, row, fuzzy: bool, groups: frozenset[str]) -> tuple[int, str] | None:
    how = match(tokens[i], row.label, row.variants, fuzzy=fuzzy)
    if how:
        return i + 1, how
    if fuzzy or _is_value(tokens[i]) or len(normalize(tokens[i])) < 2:
        return None
    # The label's lines in cells of their own (「（二）部分公开（…不」「计其他情形）」), maybe
    # with its numbers on a line between them: taken only when the rest follows there. A row
    # continued on the next page puts empty cells between the pieces (the numbers' cells of
    # the part without them) and maybe the cut group label's other piece (「（六）其」/「他处理」):
    # those are passed over. Only an exact match of the whole label counts.
    joined, pieces = "", 0
    labels = [normalize(label) for label in (row.label, *row.variants)]
    for j in range(i, min(i + _PIECES_SPAN, len(tokens))):
        token = tokens[j]
        if _is_value(token):
            break
        if j > i and not token.strip():
            continue
        longer = normalize(joined + token)
        if j > i and _is_group_piece(token, groups) and not any(label.startswith(longer) for label in labels):
            continue
        joined += token
        pieces += 1
        how = match(joined, row.label, row.variants) if j > i else None
        if how:
            return j + 1, how
        if pieces >= _PIECES:
            break
        k = next(
            (k for k in range(j + 1, len(tokens)) if tokens[k].strip() and not _is_group_piece(tokens[k], groups)),
            len(tokens),
        )
        if k < len(tokens) and _is_value(tokens[k]):
            how = _broken_by_numbers(normalize(joined), tokens[k : k + 12], row)
            if how:
                return j + 1, how
    return None


def _broken_by_numbers(first: str, ahead: list[str], row) -> str | None:
    for label in (row.label, *row.variants):
        full = normalize(label)
        if len(first) >= 2 and full.startswith(first) and first != full:
            rest = full[len(first) :]
            # The next words after the numbers; one-character ones may be a vertical label's.
            # A first part as short as 「（一）」 or 「2.重」 is taken only with the whole rest.
            words = [w for w in (normalize(t) for t in ahead if not _is_value(t)) if w][:3]
            if any(rest.startswith(w) for w in words if (len(w) >= 2 and len(first) >= 4) or w == rest):
                return EXACT if label == row.label else SYNONYM
    return None


def _completes(printed: str, piece: str, row) -> bool:
    """Whether ``piece`` is the next part of the row's label, printed as far as ``printed``."""
    return any(
        (full := normalize(label)).startswith(printed) and full[len(printed) :].startswith(piece)
        for label in (row.label, *row.variants)
        if printed != normalize(label)
    )


def _first_value(tokens: list[str], at: int, count: int) -> int:
    """The position of the row's first number after its label at ``at``. When the label's
    own source row holds more cells than the row has columns, the extra ones before the
    numbers are empty label cells (a group's blank sub-label), not blank numbers."""
    row = getattr(tokens[at], "row", -1)
    position = at + 1
    if row < 0:
        return position
    same = sum(1 for t in tokens[position:] if getattr(t, "row", -2) == row)
    while same > count and position < len(tokens) and not tokens[position].strip():
        position += 1
        same -= 1
    return position


def read_rows(tokens: list[str], definition: TableDef, start: int = 0) -> ReadTable:
    result = ReadTable(definition, {"version": definition.version})
    cursor = start
    groups = _group_labels(definition)
    for row in definition.leaf_rows():
        at, end, how = _find_row(tokens, row, cursor, groups)
        if at is None:
            result.missing += [f"{row.label} · {c.label}" for c in definition.columns]
            for column in definition.columns:
                _set(result.values, row.key, column.key, None)
            continue
        if how != EXACT:
            printed = "".join(tokens[at:end])
            result.loose.append(f"{definition.name}：原文「{printed}」按「{row.label}」读取（{LOOSE_WORDS[how]}）")
        position = _first_value(tokens, end - 1, len(definition.columns))
        columns = list(definition.columns)
        printed = normalize("".join(tokens[at:end]))
        for index, column in enumerate(columns):
            # Column-aligned text puts a label's next line, or a vertical group label's piece,
            # among its numbers (「2.其他法律行政法规禁 0」/「止公开 0 0 0 0 0 0」): passed over.
            while position < len(tokens) and not _is_value(tokens[position]) and tokens[position].strip():
                piece = normalize(tokens[position])
                if _completes(printed, piece, row):
                    printed += piece
                elif not _is_group_piece(tokens[position], groups):
                    break
                position += 1
            if position >= len(tokens):
                result.missing += [f"{row.label} · {c.label}" for c in columns[index:]]
                for rest in columns[index:]:
                    _set(result.values, row.key, rest.key, None)
                _unplaceable(result, row, columns[:index])
                break
            try:
                value = _cell(definition, column.key, tokens[position])
            except Unreadable:
                # Not a number: the row's cells end here (the token may be the next label).
                result.missing += [
                    f"{row.label} · {c.label}（原文此处为「{tokens[position][:20]}」）" for c in columns[index:]
                ]
                for rest in columns[index:]:
                    _set(result.values, row.key, rest.key, None)
                _unplaceable(result, row, columns[:index])
                break
            _set(result.values, row.key, column.key, value)
            result.read += 1
            position += 1
        cursor = position
    return result


def _unplaceable(result: ReadTable, row, columns: list) -> None:
    """A row that stops short gives numbers without their columns: which of them is missing
    cannot be told (a copy aligned with spaces may put one on the line above its label), so
    none is taken — never guessed."""
    for column in columns:
        _set(result.values, row.key, column.key, None)
        result.read -= 1
        result.missing.append(f"{row.label} · {column.label}（此行数字不全，无法确定各数字属于哪一列）")


def _versions(table_id: str) -> list[TableDef]:
    return [fmt.tables[table_id] for _, fmt in sorted(load_formats().items()) if table_id in fmt.tables]


def _detect(table_id: str, tokens: list[str]) -> TableDef | None:
    """The version whose column headers the printed table shows: all of them if one
    matches completely (the one with more columns, being the more specific), else the
    one with the most; ``None`` if no header is recognised."""
    scored = []
    for definition in _versions(table_id):
        score = sum(
            any(matches(t, c.label, fuzzy=True, variants=c.variants) for t in tokens) for c in definition.columns
        )
        scored.append((score == len(definition.columns), score, definition))
    complete, score, definition = max(scored, key=lambda item: (item[0], item[1]))
    return definition if score else None


def read_active(tokens: list[str]) -> tuple[list[ReadTable], list[str]]:
    """表二: each 第二十条 item in the version its own header shows."""
    captions = {}
    for table_id in ACTIVE_ITEMS:
        caption = _versions(table_id)[0].caption
        at = next((i for i, t in enumerate(tokens) if normalize(caption) in normalize(t)), None)
        if at is not None:
            captions[table_id] = at
    problems = []
    tables = []
    ordered = sorted(captions.items(), key=lambda item: item[1])
    for index, (table_id, at) in enumerate(ordered):
        end = ordered[index + 1][1] if index + 1 < len(ordered) else len(tokens)
        part = tokens[at + 1 : end]
        definition = _detect(table_id, part)
        if definition is None:
            problems.append(f"表二{_versions(table_id)[0].caption}：表头与两版格式都不符，无法判断版本，未读取")
            continue
        tables.append(_check_units(read_rows(part, definition), part))
    for table_id in ACTIVE_ITEMS:
        if table_id not in captions and not all(d.optional for d in _versions(table_id)):
            problems.append(f"表二{_versions(table_id)[0].caption}：原文中找不到这一项")
    return tables, problems


def _check_units(table: ReadTable, tokens: list[str]) -> ReadTable:
    """A 万元 column whose printed header names another unit (「单位：元」) is not read: the
    numbers would be off by ten thousand."""
    definition = table.definition
    for column in definition.columns:
        if column.type != "wan":
            continue
        header = next((t for t in tokens if matches(t, column.label, fuzzy=True, variants=column.variants)), "")
        unit = normalize(header)
        if "元" not in unit or "万元" in unit:
            continue
        for row in definition.leaf_rows():
            node = row_node(table.values, row.key)
            if node.get(column.key) is not None:
                table.read -= 1
            node[column.key] = None
            table.missing.append(f"{row.label} · {column.label}（原文表头为「{header}」，单位不是万元）")
    return table


def read_requests(tokens: list[str]) -> ReadTable:
    """表三: the version is told by the （六） block (three items in 2021, one row in 2019)."""
    versions = {d.version: d for d in _versions("requests")}
    newest = versions[max(versions)]
    first_item = newest.row("results.other").children[0].label
    first = newest.row("results.other").children[0]
    # The item's opening words, wherever its label is broken: 「1.申请人无正当理由」.
    opening = normalize(first_item)[:9]
    has_items = any(matches(t, first_item, fuzzy=True, variants=first.variants) for t in tokens) or any(
        normalize(t).startswith(opening) for t in tokens
    )
    definition = newest if has_items else versions[min(versions)]
    return read_rows(tokens, definition)


def read_appeals(tokens: list[str], version: int) -> ReadTable:
    """表四 is one row of 15 numbers after its three header rows (whose last cell is a
    「总计」, maybe glued to its neighbour in a PDF's text layer)."""
    definition = load_formats()[version].tables["appeals"]
    last_header = max((i for i, t in enumerate(tokens) if "总计" in normalize(t)), default=None)
    result = ReadTable(definition, {"version": definition.version})
    position = (last_header + 1) if last_header is not None else 0
    # Header fragments after the last 「总计」 (「维持」「审结」: heads broken over lines) are
    # skipped; any other text is a cell that is not a number, reported below.
    heads = [normalize(n.label) for n in definition.columns] + [normalize(r.label) for r in definition.all_rows()]
    while position < len(tokens) and not _is_value(tokens[position]):
        text = normalize(tokens[position])
        if not any(text in head for head in heads):
            break
        position += 1
    for row in definition.leaf_rows():
        for column in definition.columns:
            value = None
            if position < len(tokens):
                try:
                    value = _cell(definition, column.key, tokens[position])
                    result.read += 1
                except Unreadable:
                    result.missing.append(f"{row.label} · {column.label}（原文：「{tokens[position][:20]}」）")
                position += 1
            else:
                result.missing.append(f"{row.label} · {column.label}")
            _set(result.values, row.key, column.key, value)
    return result
