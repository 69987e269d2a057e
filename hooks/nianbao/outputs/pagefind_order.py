"""Make Pagefind's search filters byte-identical from build to build.

Pagefind (1.5.2, the release the portal pins) writes the values of each filter in the
order of a Rust hash map, which changes from run to run: the filter file differs, so do
its name (a hash of its content), the language's metadata file that lists it, and that
file's name in ``pagefind-entry.json``. The portal's builds must be byte-identical (the
publishing workflow and tests/test_reproducible.py check it), so after Pagefind has run
this module sorts every filter's values, names each rewritten file by a hash of its new
content, and updates the two references. Nothing else in the index is touched.

The files are gzip-compressed CBOR after the signature ``pagefind_dcd``; the few CBOR
types they use (unsigned integers, text, byte strings, arrays, maps) are read and written
here, in CBOR's shortest form, as Pagefind writes them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class FormatError(Exception):
    """A Pagefind file this module does not understand (a newer Pagefind format)."""


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        length = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        length = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise FormatError(f"CBOR 附加信息 {info} 不受支持")
    if major == 0:
        return length, at
    if major in (2, 3):
        chunk = data[at : at + length]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(length):
            key, at = _decode(data, at)
            value, at = _decode(data, at)
            pairs.append((key, value))
        return dict(pairs), at
    raise FormatError(f"CBOR 主类型 {major} 不受支持")


def _head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise FormatError("CBOR 长度过大")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise FormatError(f"CBOR 值 {value!r} 不受支持")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise FormatError(f"CBOR 值 {value!r} 不受支持")


def read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name} 不是 Pagefind 索引文件")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise FormatError(f"{path.name} 末尾有未读内容")
    return value


def write(path: Path, value: Any) -> bytes:
    """Write ``value`` (compressed with no timestamp, so that the bytes repeat); returns the raw content."""
    raw = SIGNATURE + _encode(value)
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return raw


def _renamed(path: Path, raw: bytes, digits: int) -> Path:
    """The file renamed to ``[pagefind.]<language>_<hash of content>.<suffix>``, with as
    many hex digits as Pagefind uses."""
    prefix = "pagefind." if path.name.startswith("pagefind.") else ""
    language, _, rest = path.name.removeprefix(prefix).partition("_")
    suffix = rest.partition(".")[2]
    new = path.with_name(f"{prefix}{language}_{hashlib.sha256(raw).hexdigest()[:digits]}.{suffix}")
    path.rename(new)
    return new


def _sorted_filter_list(meta: list, renamed: dict[str, str]) -> tuple[list, bool]:
    """The metadata with the filter list's hashes renamed and its entries sorted by name,
    and whether the list was found: the element whose entries are all [name, hash of a
    filter file]."""
    out, found = [], False
    for element in meta:
        if (
            isinstance(element, list)
            and element
            and all(isinstance(e, list) and len(e) == 2 and e[1] in renamed for e in element)
        ):
            element = sorted(([name, renamed[old]] for name, old in element), key=lambda e: e[0])
            found = True
        out.append(element)
    return out, found


def _rewrite(path: Path, value: Any) -> tuple[Path, bytes]:
    raw = write(path, value)
    language, _, rest = path.name.removeprefix("pagefind.").partition("_")
    digits = len(rest.partition(".")[0])
    return _renamed(path, raw, digits), raw


def sort_filters(bundle: Path) -> int:
    """Sort the values of every filter in ``bundle`` (a ``pagefind/`` folder) and the list
    of filters, and fix the references; returns how many filter files were rewritten."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    rewritten = 0
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        renamed = {}
        for filter_path in sorted((bundle / "filter").glob(f"{language}_*.pf_filter")):
            name, values = read(filter_path)
            new_path, _ = _rewrite(filter_path, [name, sorted(values, key=lambda pair: pair[0])])
            renamed[filter_path.name.removesuffix(".pf_filter")] = new_path.name.removesuffix(".pf_filter")
        if not renamed:
            continue
        meta = read(meta_path)
        if SIGNATURE + _encode(meta) != gzip.decompress(meta_path.read_bytes()):
            raise FormatError(f"{meta_path.name} 的编码与预期不同")
        new_meta, found = _sorted_filter_list(meta, renamed)
        if not found:
            raise FormatError(f"{meta_path.name} 中没有找到筛选文件列表")
        new_path, _ = _rewrite(meta_path, new_meta)
        info["hash"] = new_path.name.removeprefix("pagefind.").removesuffix(".pf_meta")
        rewritten += len(renamed)
    if rewritten:
        entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return rewritten
