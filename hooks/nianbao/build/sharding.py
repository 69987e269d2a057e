"""A sharded build: N machines each build one shard of the offices; one more assembles.

    NIANBAO_SHARD=3/8 mkdocs build          # shard 3 of 8: its offices' pages, downloads
                                             # and search index, nothing else
    NIANBAO_ASSEMBLE=shards mkdocs build    # the shared pages from the whole catalog, the
                                             # downloads of all data, then every shard under
                                             # shards/ copied in

An office belongs to shard ``crc32(office id) mod N + 1``: the same on every machine, with
nothing to coordinate. Every page of ``offices/<id>/`` (reports, the office's own page) and
``data/<id>/`` (its downloads) belongs to the office's shard; every other page is shared.
Each shard writes its own Pagefind index to ``pagefind/shards/<k>/``; the assembled site's
``pagefind/nianbao-merge.json`` lists them and the search dialog merges them in the browser
(Pagefind's ``mergeIndex``). Every file outside ``pagefind/`` is the same, byte for byte, as
a one-machine build writes (tests/test_sharding.py).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings, current
from .pagestore import bucket

MANIFEST = "nianbao-shard.json"
MERGE_LIST = "pagefind/nianbao-merge.json"
#: The file Pagefind writes at the top of every index it builds.
ENTRY = "pagefind-entry.json"


class ShardError(Exception):
    """A sharded build is set up wrongly; the message says how, in Chinese."""


@dataclass(frozen=True)
class BuildPart:
    """Which part of the portal this build writes: all of it, one shard, or the shared
    pages plus the shards assembled."""

    shard: int = 0
    of: int = 0
    assemble_from: Path | None = None

    @property
    def whole(self) -> bool:
        return not self.of and self.assemble_from is None

    def owns_office(self, office_id: str) -> bool:
        if self.assemble_from is not None:
            return False
        return not self.of or bucket(office_id, self.of) + 1 == self.shard

    def owns(self, src_uri: str) -> bool:
        """Whether this build writes the page with this source."""
        office = office_of(src_uri)
        if office is None:
            return not self.of  # shared pages: the whole build and the assembling one
        return self.owns_office(office)


def office_of(src_uri: str) -> str | None:
    """``offices/pingtan/2020.md`` → ``pingtan``; a shared page → None."""
    parts = src_uri.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "offices" else None


def build_part(settings: Settings | None = None) -> BuildPart:
    """From ``NIANBAO_SHARD`` (``3/8``) or ``NIANBAO_ASSEMBLE`` (a folder of shard sites)."""
    settings = settings or current()
    shard, assemble = settings.shard, settings.assemble
    if shard and assemble:
        raise ShardError("NIANBAO_SHARD 与 NIANBAO_ASSEMBLE 不能同时设置：一次构建要么构建一个分片，要么合并全部分片。")
    if assemble:
        return BuildPart(assemble_from=Path(assemble))
    if not shard:
        return BuildPart()
    index, _, count = shard.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise ShardError(f"NIANBAO_SHARD 应写成「第几片/共几片」，如 3/8（1 ≤ 第几片 ≤ 共几片），实际为「{shard}」。")
    return BuildPart(int(index), int(count))


def finish_shard(site: Path, part: BuildPart) -> None:
    """Keep only what the shard owns (its offices' pages and downloads; its search index
    comes after), and say which shard it is."""
    for child in site.iterdir():
        if child.name == "offices":
            continue
        if child.name == "data" and child.is_dir():
            for item in child.iterdir():
                if not (item.is_dir() and part.owns_office(item.name)):
                    shutil.rmtree(item) if item.is_dir() else item.unlink()
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    (site / MANIFEST).write_text(json.dumps({"shard": part.shard, "of": part.of}) + "\n", encoding="utf-8")


def shard_index_dir(part: BuildPart) -> str:
    return f"pagefind/shards/{part.shard}"


def find_shards(folder: Path) -> list[Path]:
    """The shard sites under ``folder`` (one folder each, with its manifest, as
    download-artifact writes them), in shard order; all of one split, each exactly once.
    A shard that owned no office is a folder with its manifest only, and is accepted; a
    folder that is not a shard of this split, a shard twice or a shard missing is refused."""
    if not folder.is_dir():
        raise ShardError(f"NIANBAO_ASSEMBLE：找不到分片所在的文件夹 {folder}。")
    found: dict[int, Path] = {}
    counts: dict[int, Path] = {}
    for child in sorted(folder.iterdir()):
        manifest = child / MANIFEST
        if not manifest.is_file():
            raise ShardError(
                f"{child}：不是分片构建的文件夹（其中没有 {MANIFEST}）。"
                f"{folder} 下应只有各分片构建的网站（NIANBAO_SHARD=第几片/共几片 mkdocs build 的输出）。"
            )
        text = manifest.read_text(encoding="utf-8", errors="replace")
        try:
            data = json.loads(text)
            shard, of = data["shard"], data["of"]
        except (ValueError, TypeError, KeyError):
            shard, of = None, None
        if not (type(shard) is int and type(of) is int and 1 <= shard <= of):
            raise ShardError(
                f'{manifest}：应写明第几片、共几片，如 {{"shard": 1, "of": 4}}（1 ≤ shard ≤ of），'
                f"实际为「{text.strip()[:80]}」。"
            )
        if shard in found:
            raise ShardError(f"{folder}：分片 {shard} 出现两次（{found[shard]} 与 {child}）。")
        found[shard] = child
        counts.setdefault(of, child)
    if not counts:
        raise ShardError(f"{folder}：找不到任何分片（每个分片构建的文件夹里应有 {MANIFEST}）。")
    if len(counts) != 1:
        raise ShardError(f"{folder}：分片应来自同一种分法，实际有共 {'、'.join(map(str, sorted(counts)))} 片的几种。")
    count = next(iter(counts))
    missing = [k for k in range(1, count + 1) if k not in found]
    if missing:
        raise ShardError(f"{folder}：共 {count} 片，缺少第 {'、'.join(map(str, missing))} 片。")
    return [found[k] for k in range(1, count + 1)]


def copy_shards(site: Path, shards: list[Path]) -> None:
    """Copy every shard's files into the assembled site; a file that two builds wrote is a
    mistake in the split, never silently overwritten."""
    for shard in shards:
        for source in sorted(shard.rglob("*")):
            if source.is_dir() or source.name == MANIFEST and source.parent == shard:
                continue
            target = site / source.relative_to(shard)
            if target.exists():
                raise ShardError(f"合并分片时 {target.relative_to(site)} 已存在（{shard} 又写了一次）：分片划分有误。")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


#: Pages per part of the search index: Pagefind holds the index it builds in memory (about
#: 170 KB per page here), so a large portal's index is built in parts of this size, one
#: after another, and merged in the browser. A sharded build has one part per shard.
PAGES_PER_INDEX = 2000


def index_parts(part: BuildPart, pages: int, settings: Settings | None = None) -> int:
    """How many parts the office pages' search index has: one per shard in a sharded build;
    else ``NIANBAO_SEARCH_PARTS`` or enough for :data:`PAGES_PER_INDEX` pages each.
    One part means one index of every page, as a small portal has."""
    if part.of:
        return part.of
    configured = (settings or current()).search_parts
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ShardError(f"NIANBAO_SEARCH_PARTS 应为正整数，实际为「{configured}」。")
        return int(configured)
    return max(1, -(-pages // PAGES_PER_INDEX))


#: The pages of an office that search finds, inside ``offices/<id>/``: the office's page
#: and its reports'. A report's 「与上年对比」 page (``<year>/compare/``) is left out: all
#: its content is ignored by the index (the diff), so it only repeated the report's title
#: among the results, at the cost of an index fragment per report.
OFFICE_PAGES = "{index.html,*/index.html}"


def index_jobs(site: Path, part: BuildPart, parts: int, offices: list[str]) -> list[tuple[str, str]]:
    """The Pagefind runs of this build: (output folder inside the site, glob of pages)."""
    if part.of:
        # A shard that owns no office (more shards than offices, or none whose id falls to
        # it) has no page to index: it is a valid empty part, and the merge list skips it.
        owned = site / "offices"
        return [(shard_index_dir(part), f"offices/*/{OFFICE_PAGES}")] if any(owned.rglob("index.html")) else []
    shared = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name not in ("offices", "pagefind", "assets"))
    main = ["index.html", "offices/index.html"] + [f"{d}/**/index.html" for d in shared]
    if parts == 1 and part.whole:
        return [("pagefind", "{" + ",".join([*main, f"offices/*/{OFFICE_PAGES}"]) + "}")]
    jobs = [("pagefind", "{" + ",".join(main) + "}")]
    if part.whole:
        for index in range(1, parts + 1):
            mine = [o for o in offices if bucket(o, parts) + 1 == index]
            if mine:
                jobs.append(
                    (shard_index_dir(BuildPart(index, parts)), "offices/{" + ",".join(mine) + "}/" + OFFICE_PAGES)
                )
    return jobs


def write_merge_list(site: Path, shards: int) -> None:
    """The indexes the search dialog merges with the main one (relative to ``pagefind/``):
    every part that has one (a part with no office has none)."""
    indexes = [f"shards/{k}/" for k in range(1, shards + 1) if (site / "pagefind/shards" / str(k) / ENTRY).is_file()]
    (site / MERGE_LIST).write_text(json.dumps({"indexes": indexes}) + "\n", encoding="utf-8")
