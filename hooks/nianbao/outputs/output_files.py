"""Files the commands write, written so that the data in a pull request cannot redirect
them: never through a symbolic link, never outside the folder meant, and a folder is only
cleaned out if this program made it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PAGES_MARK = ".nianbao-pages"
"""Written into a folder by ``nianbao pages``: the list of the page sources it wrote."""


class RefusedWrite(Exception):
    """A write that would follow a link, leave its folder or delete what is not ours."""


def write_file(path: Path, text: str, *, inside: Path, new: bool = False) -> None:
    """Write ``text`` to ``path``, a file under the folder ``inside``. Refused: a symbolic
    link at the path (even one that points nowhere yet) or at any folder between
    ``inside`` and it; with ``new``, an existing file."""
    refuse_linked_folders(path, inside)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | (os.O_EXCL if new else os.O_TRUNC)
    try:
        descriptor = os.open(path, flags, 0o644)
    except FileExistsError:
        if path.is_symlink():
            raise RefusedWrite(f"{path} 是一个符号链接，不会通过它写入") from None
        raise RefusedWrite(f"{path} 已存在，不会覆盖") from None
    except OSError as error:
        if path.is_symlink():
            raise RefusedWrite(f"{path} 是一个符号链接，不会通过它写入") from None
        raise RefusedWrite(f"无法写入 {path}：{error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)


def refuse_linked_folders(path: Path, inside: Path) -> None:
    """Raise :class:`RefusedWrite` if a folder between ``inside`` and ``path`` is a link."""
    relative = path.relative_to(inside)
    for depth in range(1, len(relative.parts)):
        folder = inside.joinpath(*relative.parts[:depth])
        if folder.is_symlink():
            raise RefusedWrite(f"{folder} 是一个符号链接，不会通过它写入")


def clean_pages_folder(out: Path) -> int:
    """Delete the page sources an earlier ``nianbao pages`` wrote into ``out`` (as its mark
    lists them) and nothing else; refuse a folder without the mark. Returns how many."""
    mark = out / PAGES_MARK
    try:
        info = mark.lstat()
    except FileNotFoundError:
        raise RefusedWrite(
            f"拒绝清理 {out}：这个目录不是 nianbao pages 创建的（里面没有 {PAGES_MARK} 标记），"
            "--clean 只删除它自己生成的文件；请指定一个新目录"
        ) from None
    if out.is_symlink() or not stat.S_ISREG(info.st_mode):
        raise RefusedWrite(f"拒绝清理 {out}：它或它的标记文件是符号链接")
    removed = 0
    base = out.resolve()
    for line in mark.read_text(encoding="utf-8").splitlines():
        path = out / line
        if not line.endswith(".md") or ".." in Path(line).parts or Path(line).is_absolute():
            continue
        if path.is_symlink() or not path.is_file() or base not in path.resolve().parents:
            continue
        path.unlink()
        removed += 1
    return removed


def check_pages_folder(out: Path) -> None:
    """A folder ``nianbao pages`` may write into: new, empty, or made by it before."""
    if out.is_symlink():
        raise RefusedWrite(f"{out} 是一个符号链接；请指定一个普通目录")
    if out.exists() and not out.is_dir():
        raise RefusedWrite(f"{out} 不是目录")
    if out.is_dir() and any(out.iterdir()) and not (out / PAGES_MARK).is_file():
        raise RefusedWrite(
            f"{out} 已有其他内容，且不是 nianbao pages 创建的（没有 {PAGES_MARK} 标记）；请指定一个新目录或空目录"
        )


def write_pages(out: Path, pages: dict[str, str]) -> None:
    """Every page source under ``out``, then the mark that lists them."""
    for src_uri in sorted(pages):
        path = out / src_uri
        refuse_linked_folders(path, out)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, pages[src_uri], inside=out)
    write_file(out / PAGES_MARK, "".join(f"{name}\n" for name in sorted(pages)), inside=out)
