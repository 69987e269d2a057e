"""Pagefind's filter files, sorted after indexing so that two builds are byte-identical
(tests/test_reproducible.py proves it on the real site; these show the rewrite itself on
small bundles written here, in Pagefind 1.5's format)."""

from __future__ import annotations

import gzip
import json

import pytest
from nianbao.outputs.pagefind_order import SIGNATURE, FormatError, _encode, read, sort_filters, write


def bundle(tmp_path, name, values_order, filters_order):
    """A pagefind/ folder as Pagefind writes it: filter files, the metadata naming them,
    the entry file naming the metadata; orders as given (Pagefind's hash-map order)."""
    root = tmp_path / name
    (root / "filter").mkdir(parents=True)
    filters = {
        "年度": [["2020 年度", [2]], ["2023 年度", [3]], ["2024 年度", [1, 4]]],
        "机关类型": [["人民政府", [2, 3]], ["街道办事处", [1, 4]]],
    }
    hashes = {"年度": "zh_1111111", "机关类型": "zh_2222222"}
    for key, values in filters.items():
        write(root / "filter" / f"{hashes[key]}.pf_filter", [key, [values[i] for i in values_order[key]]])
    meta = ["1.5.2", [["zh_abcdef0", 211]], [], [[k, hashes[k]] for k in filters_order], 1, 2]
    write(root / "pagefind.zh_0123456789.pf_meta", meta)
    (root / "pagefind-entry.json").write_text(
        json.dumps({"version": "1.5.2", "languages": {"zh": {"hash": "zh_0123456789", "wasm": None, "page_count": 4}}}),
        encoding="utf-8",
    )
    return root


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_cbor_round_trip():
    value = ["年度", [["2024 年度", [1, 24, 300, 70000]]], b"\x00\x01", {"a": 1}]
    data = SIGNATURE + _encode(value)
    assert gzip.decompress(gzip.compress(data)).startswith(SIGNATURE)
    assert _encode(value)[:1] == b"\x84"  # an array of four, in the shortest form


def test_two_hash_map_orders_give_identical_bundles(tmp_path):
    a = bundle(tmp_path, "a", {"年度": [2, 0, 1], "机关类型": [1, 0]}, ["机关类型", "年度"])
    b = bundle(tmp_path, "b", {"年度": [0, 1, 2], "机关类型": [0, 1]}, ["年度", "机关类型"])
    assert files(a) != files(b)
    assert sort_filters(a) == 2 and sort_filters(b) == 2
    assert files(a) == files(b)
    entry = json.loads((a / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read(a / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")
    assert [name for name, _ in meta[3]] == ["年度", "机关类型"]
    for name, file_hash in meta[3]:
        key, values = read(a / "filter" / f"{file_hash}.pf_filter")
        assert key == name and [v for v, _ in values] == sorted(v for v, _ in values)
    assert meta[1] == [["zh_abcdef0", 211]]  # the word index is untouched


def test_an_unknown_format_is_a_clear_error(tmp_path):
    root = bundle(tmp_path, "a", {"年度": [0, 1, 2], "机关类型": [0, 1]}, ["年度", "机关类型"])
    (root / "filter" / "zh_1111111.pf_filter").write_bytes(gzip.compress(b"pagefind_xyz"))
    with pytest.raises(FormatError, match="不是 Pagefind 索引文件"):
        sort_filters(root)


def test_a_bundle_without_filters_is_left_alone(tmp_path):
    root = tmp_path / "pagefind"
    root.mkdir()
    (root / "pagefind-entry.json").write_text('{"languages":{"zh":{"hash":"zh_0"}}}', encoding="utf-8")
    before = files(root)
    assert sort_filters(root) == 0
    assert files(root) == before
