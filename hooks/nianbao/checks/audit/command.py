"""``nianbao audit [PATH…] [--format text|json]``: every quality finding, for a reviewing
office that wants the whole picture without building the site."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ...data.loading import Locator
from ...problems import relative_name
from ..run import load_catalog
from .exporting import finding_record


def _selected(file: str, names: set[str] | None) -> bool:
    return names is None or file in names or any(file.startswith(n.rstrip("/") + "/") for n in names)


def audit_records(root: Path, data_dir: Path, paths: list[str]) -> list[dict]:
    """Findings of every report under ``paths`` (all reports when empty), sorted by file."""
    catalog = load_catalog(data_dir, root)
    names = {relative_name(Path(p).resolve(), root) for p in paths} if paths else None
    locator = Locator()
    records = []
    for report in catalog.reports:
        if report.draft or not _selected(report.file, names):
            continue
        for finding in catalog.audit.get((report.office_id, report.year), []):
            line = locator.position(report.path, finding.key)[0] if report.path else 0
            records.append(
                {"file": report.file, "line": line, "office": report.office_id, "year": report.year}
                | finding_record(finding)
                | {"acknowledged": report.acknowledged.get(finding.rule)}
            )
    return sorted(records, key=lambda r: (r["file"], r["line"], r["rule"]))


def format_text(records: list[dict]) -> str:
    lines = []
    for r in records:
        where = f"{r['file']}:{r['line']}" if r["line"] else r["file"]
        reason = f"（已说明：{r['acknowledged']}）" if r.get("acknowledged") else ""
        lines.append(f"{where} {r['key']}: [质量提示] {r['message']}（{r['rule']}）{reason}")
        if r.get("sentence"):
            lines.append(f"    原文：「{r['sentence']}」")
    return "\n".join(lines)


def run(root: Path, data_dir: Path, paths: list[str], output_format: str) -> int:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"找不到：{'、'.join(missing)}", file=sys.stderr)
        return 2
    records = audit_records(root, data_dir, paths)
    if output_format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if records:
        print(format_text(records))
    reports = len({(r["office"], r["year"]) for r in records})
    acknowledged = sum(1 for r in records if r.get("acknowledged"))
    told = f"，其中 {acknowledged} 条已在 acknowledged 中说明原因" if acknowledged else ""
    print(f"质量提示 {len(records)} 条，涉及 {reports} 份报告{told}。", file=sys.stderr)
    return 0
