"""A sharded build (NIANBAO_SHARD, NIANBAO_ASSEMBLE) assembles into the site a one-machine
build writes, byte for byte, every file, when the one-machine build splits its search
index as the shards do (NIANBAO_SEARCH_PARTS = the number of shards; a large portal's
build splits it anyway, hooks/nianbao/sharding.py). Against a one-machine build with one
search index, every file outside pagefind/ is the same; tests/browser/test_sharded_search.py
compares what the two find."""

from __future__ import annotations

import json

import pytest
from nianbao.build.sharding import (
    BuildPart,
    ShardError,
    build_part,
    find_shards,
    index_jobs,
    office_of,
    write_merge_list,
)
from nianbao.settings import Settings


def _files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_assembled_site_is_the_one_machine_site_byte_for_byte(sharded):
    split, assembled = _files(sharded["split"]), _files(sharded["assembled"])
    assert sorted(split) == sorted(assembled)
    assert [k for k, v in split.items() if assembled[k] != v] == []
    assert len([k for k in split if k.startswith("pagefind/shards/")]) > 30


def test_outside_the_search_index_it_is_the_site_with_one_index(sharded):
    whole, assembled = _files(sharded["whole"]), _files(sharded["assembled"])
    outside = lambda files: {k: v for k, v in files.items() if not k.startswith("pagefind/")}  # noqa: E731
    assert sorted(outside(whole)) == sorted(outside(assembled))
    assert [k for k, v in outside(whole).items() if assembled[k] != v] == []
    assert len([k for k in whole if k.endswith("index.html")]) > 40
    assert json.loads(assembled["pagefind/nianbao-merge.json"]) == {"indexes": ["shards/1/", "shards/2/", "shards/3/"]}
    assert json.loads(whole["pagefind/nianbao-merge.json"]) == {"indexes": []}


def test_each_shard_holds_only_its_offices(sharded):
    offices = {}
    for index in (1, 2, 3):
        site = sharded["shards"] / f"shard-{index}"
        assert sorted(p.name for p in site.iterdir()) == ["data", "nianbao-shard.json", "offices", "pagefind"]
        assert (site / "pagefind" / "shards" / str(index) / "pagefind-entry.json").is_file()
        mine = {p.name for p in (site / "offices").iterdir()}
        assert mine and mine == {p.name for p in (site / "data").iterdir()}
        assert all(BuildPart(index, 3).owns_office(o) for o in mine)
        offices[index] = mine
    assert not (offices[1] & offices[2]) and not (offices[2] & offices[3]) and not (offices[1] & offices[3])


def _pages_built(log):
    """The pages MkDocs passed to the theme in a build (its debug log names each)."""
    return [
        line.split("Building page ", 1)[1].strip()
        for line in log.read_text(encoding="utf-8").splitlines()
        if "Building page " in line
    ]


def test_a_shard_builds_no_page_of_another_shards_offices(sharded):
    """A shard's work (and memory) is that of its own offices: no other shard's office page
    is even passed to MkDocs' page writer. The assembling build writes no office page (their
    placeholders, for the site map, render an empty template and are skipped)."""
    for index in (1, 2, 3):
        built = _pages_built(sharded["logs"] / f"shard-{index}.log")
        offices = {office_of(src) for src in built} - {None}
        assert offices and all(BuildPart(index, 3).owns_office(o) for o in offices), offices
        assert len([src for src in built if office_of(src)]) == len(
            list((sharded["shards"] / f"shard-{index}" / "offices").rglob("index.html"))
        )
    log = (sharded["logs"] / "assembled.log").read_text(encoding="utf-8")
    placeholders = [src for src in _pages_built(sharded["logs"] / "assembled.log") if office_of(src)]
    assert len(placeholders) > 30
    assert all(f"Page skipped: '{src}'" in log for src in placeholders)


def test_shard_settings_are_checked():
    assert build_part(Settings.read({"NIANBAO_SHARD": "3/8"})) == BuildPart(3, 8)
    assert build_part(Settings.read({})).whole
    for bad in ("9/8", "0/3", "3", "a/b"):
        with pytest.raises(ShardError, match="NIANBAO_SHARD 应写成"):
            build_part(Settings.read({"NIANBAO_SHARD": bad}))
    with pytest.raises(ShardError, match="不能同时设置"):
        build_part(Settings.read({"NIANBAO_SHARD": "1/2", "NIANBAO_ASSEMBLE": "x"}))
    assert office_of("offices/pingtan/2020.md") == "pingtan"
    assert office_of("offices/index.md") is None


def test_assembling_needs_every_shard(tmp_path):
    for index in (1, 3):
        (tmp_path / f"s{index}").mkdir()
        (tmp_path / f"s{index}" / "nianbao-shard.json").write_text(json.dumps({"shard": index, "of": 3}))
    with pytest.raises(ShardError, match="缺少第 2 片"):
        find_shards(tmp_path)
    with pytest.raises(ShardError, match="找不到"):
        find_shards(tmp_path / "none")


def test_assembling_needs_shards_of_one_split(tmp_path):
    with pytest.raises(ShardError, match="找不到任何分片"):
        find_shards(tmp_path)
    for index, count in ((1, 2), (2, 3)):
        (tmp_path / f"s{index}").mkdir()
        (tmp_path / f"s{index}" / "nianbao-shard.json").write_text(json.dumps({"shard": index, "of": count}))
    with pytest.raises(ShardError, match="同一种分法"):
        find_shards(tmp_path)


def test_a_shard_that_owns_no_office_is_a_valid_empty_part(tmp_path):
    """More shards than offices (or a renamed office whose id falls elsewhere): the shard
    writes its manifest and nothing to index, and the merge list names only real indexes."""
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    assert index_jobs(site, BuildPart(3, 4), 4, []) == []
    (site / "offices" / "pingtan" / "2020").mkdir(parents=True)
    (site / "offices" / "pingtan" / "2020" / "index.html").write_text("<article></article>")
    assert index_jobs(site, BuildPart(1, 4), 4, []) == [("pagefind/shards/1", "offices/*/{index.html,*/index.html}")]
    for index in (1, 4):
        (site / "pagefind" / "shards" / str(index)).mkdir(parents=True)
        (site / "pagefind" / "shards" / str(index) / "pagefind-entry.json").write_text("{}")
    write_merge_list(site, 4)
    assert json.loads((site / "pagefind" / "nianbao-merge.json").read_text()) == {"indexes": ["shards/1/", "shards/4/"]}


def _shard_folder(folder, name, manifest):
    (folder / name).mkdir(parents=True)
    if manifest is not None:
        (folder / name / "nianbao-shard.json").write_text(manifest)


def test_assembling_accepts_empty_shards_and_refuses_foreign_or_duplicate_ones(tmp_path):
    good = tmp_path / "good"
    for index in (1, 2):
        _shard_folder(good, f"shard-{index}", json.dumps({"shard": index, "of": 2}))
    assert find_shards(good) == [good / "shard-1", good / "shard-2"]  # manifests only: both empty
    cases = {
        "foreign": (None, "不是分片构建的文件夹"),
        "beyond": (json.dumps({"shard": 3, "of": 2}), "应写明第几片、共几片"),
        "garbled": ("{shard: 1", "实际为「{shard: 1」"),
        "twice": (json.dumps({"shard": 1, "of": 2}), "分片 1 出现两次"),
    }
    for name, (manifest, message) in cases.items():
        folder = tmp_path / name
        for index in (1, 2):
            _shard_folder(folder, f"shard-{index}", json.dumps({"shard": index, "of": 2}))
        _shard_folder(folder, "zz-" + name, manifest)
        with pytest.raises(ShardError, match=message):
            find_shards(folder)


def test_search_finds_every_page_but_the_compare_pages(sharded):
    """A 「与上年对比」 page's content is all ignored by the index (the diff): it is not indexed
    at all, whole or in shards; every other page is, once."""
    for name in ("whole", "split", "assembled"):
        site = sharded[name]
        pages = [p for p in site.rglob("index.html")]
        compare = [p for p in pages if p.parent.name == "compare"]
        merged = json.loads((site / "pagefind" / "nianbao-merge.json").read_text())["indexes"]
        indexed = sum(
            json.loads((site / "pagefind" / index / "pagefind-entry.json").read_text())["languages"]["zh"]["page_count"]
            for index in ["", *merged]
        )
        assert compare and indexed == len(pages) - len(compare), name
