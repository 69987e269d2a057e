"""Which cell to point at when a table's sums disagree.

One wrong cell usually breaks two or three relations at once (its row's 总计, its column's
（七）总计, the column's balance R3.1). Pointing at each relation's own total sends staff to
lines they never touched. Instead, every sum and balance of the format definition is read as
one linear relation over cells, and:

- if exactly one cell can be changed so that every broken relation it is part of holds
  again, while no relation that holds now breaks, that cell is blamed, with the value that
  repairs them;
- otherwise the cell least confirmed by relations that hold (then: in most broken relations,
  then: the relation's own total, then: first in the table) is named as the one most likely
  edited, with the other cells involved.

This works for any table whose definition declares sums or a balance (表三, 表四, …).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...data.model import TableData
from ...formats import TableDef

Cell = tuple[str, str]


@dataclass(frozen=True)
class Relation:
    """Σ coefficient × cell = 0, from one line of a sum or one column of a balance."""

    rule: str
    anchor: Cell
    """The cell the rule reports by itself (its total): with ``rule``, the relation's name."""
    terms: tuple[tuple[Cell, int], ...]


@dataclass(frozen=True)
class Blame:
    cell: Cell
    value: int | Decimal | None
    """What the cell would have to be for every break it is in to be repaired; ``None`` when
    no single cell repairs them (``cell`` is then only the most likely one)."""
    rules: tuple[str, ...]
    """The broken rules ``cell`` is part of."""
    suspects: tuple[Cell, ...] = ()
    """When no single cell repairs them: the cells equally likely to be wrong (``cell`` among
    them), in table order."""
    others: tuple[Cell, ...] = ()
    """The other cells of the broken relation, in table order."""
    each_repairs: bool = False
    """True when every one of ``suspects`` would, changed alone, repair the breaks (the data
    cannot say which of them was mistyped)."""


_RELATIONS: dict[int, tuple[TableDef, tuple[Relation, ...]]] = {}


def relations(definition: TableDef) -> tuple[Relation, ...]:
    """Every relation of a table definition (computed once per definition)."""
    cached = _RELATIONS.get(id(definition))
    if cached is None or cached[0] is not definition:
        cached = _RELATIONS[id(definition)] = (definition, _relations(definition))
    return cached[1]


def _relations(definition: TableDef) -> tuple[Relation, ...]:
    out = []
    for relation in definition.sums:
        if relation.axis == "columns":
            lines = [
                (row.key, (row.key, relation.total), [(row.key, c) for c in relation.parts])
                for row in definition.leaf_rows()
            ]
        else:
            lines = [
                (column.key, (relation.total, column.key), [(r, column.key) for r in relation.parts])
                for column in definition.columns
            ]
        for line, total, parts in lines:
            rule = relation.rule_for(line)
            if rule:
                out.append(Relation(rule, total, ((total, 1), *((cell, -1) for cell in parts))))
    balance = definition.balance
    if balance is not None:
        for column in definition.columns:
            terms = [((r, column.key), 1) for r in balance.left] + [((r, column.key), -1) for r in balance.right]
            out.append(Relation(balance.rule, (balance.right[0], column.key), tuple(terms)))
    return tuple(out)


def _order(definition: TableDef) -> dict[Cell, int]:
    rows = [row.key for row in definition.leaf_rows()]
    columns = [column.key for column in definition.columns]
    return {(r, c): i * len(columns) + j for i, r in enumerate(rows) for j, c in enumerate(columns)}


def _residual(table: TableData, relation: Relation) -> int | Decimal | None:
    values = [table.cells.get(cell) for cell, _ in relation.terms]
    if any(not isinstance(v, (int, Decimal)) or isinstance(v, bool) for v in values):
        return None  # not reported (or not a plain number): not checkable
    return sum(coefficient * value for (_, coefficient), value in zip(relation.terms, values, strict=True))


def blame(table: TableData, rule: str, anchor: Cell) -> Blame | None:
    """The cell to point at for the broken relation (``rule``, ``anchor``) of ``table``."""
    everything = relations(table.definition)
    residuals = {r: _residual(table, r) for r in everything}
    target = next((r for r in everything if r.rule == rule and r.anchor == anchor), None)
    if target is None or not residuals[target]:
        return None
    broken = [r for r, value in residuals.items() if value]
    holding = [r for r, value in residuals.items() if value == 0]
    repairs = {}
    for cell, _ in target.terms:
        value = _repair(table, cell, broken, holding, residuals)
        if value is not None:
            repairs[cell] = (value, [r for r in broken if _coefficient(r, cell)])
    if repairs:
        widest = max(len(rs) for _, rs in repairs.values())
        best = [cell for cell, (_, rs) in repairs.items() if len(rs) == widest]
        if len(best) == 1:
            value, rules = repairs[best[0]]
            return Blame(best[0], value, tuple(sorted({r.rule for r in rules})))
    order = _order(table.definition)
    if repairs:
        best.sort(key=lambda c: order.get(c, len(order)))
        rules = tuple(sorted({r.rule for c in best for r in repairs[c][1]}))
        others = tuple(sorted((c for c, _ in target.terms if c not in best), key=lambda c: order.get(c, len(order))))
        # Nothing singles one out: point at the relation's own total when it is among them.
        cell = anchor if anchor in best else best[0]
        return Blame(cell, None, rules, tuple(best), others, each_repairs=True)

    def likelihood(cell: Cell) -> tuple[int, int, bool, int]:
        confirmed = sum(1 for r in holding if _coefficient(r, cell))
        breaks = sum(1 for r in broken if _coefficient(r, cell))
        # Among equals, the relation's own total: nothing singles out one of its parts.
        return (confirmed, -breaks, cell != anchor, order.get(cell, len(order)))

    cells = sorted((c for c, _ in target.terms), key=lambda c: order.get(c, len(order)))
    cell = min(cells, key=likelihood)
    suspects = tuple(c for c in cells if likelihood(c)[:2] == likelihood(cell)[:2])
    rules = tuple(sorted({r.rule for r in broken if _coefficient(r, cell)}))
    others = tuple(c for c in cells if c not in suspects)
    return Blame(cell, None, rules, suspects, others)


def _coefficient(relation: Relation, cell: Cell) -> int:
    return sum(coefficient for c, coefficient in relation.terms if c == cell)


def _repair(table, cell, broken, holding, residuals) -> int | Decimal | None:
    """The value of ``cell`` that repairs every broken relation it is in, if one exists and
    no holding relation contains the cell (changing it would break that one)."""
    if any(_coefficient(r, cell) for r in holding):
        return None
    coefficients = {r: _coefficient(r, cell) for r in broken if _coefficient(r, cell)}
    if any(abs(c) != 1 for c in coefficients.values()):
        return None
    deltas = {-residuals[r] * c for r, c in coefficients.items()}  # c is ±1: its own inverse
    if len(deltas) != 1:
        return None
    value = table.cells[cell] + deltas.pop()
    return value if value >= 0 else None
