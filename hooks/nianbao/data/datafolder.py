"""What may stand in ``data/``: office folders of regular files, and ``portal.yml``.
Links, devices, stray and left-behind files are reported, never followed and never
skipped in silence (a link to /dev/zero would hang a reader; a linked folder would publish
files from outside the repository)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..problems import Problem, Problems, relative_name

PORTAL_FILE = "portal.yml"

NOT_REGULAR = {
    "link": "是一个符号链接（symlink）；data/ 下只能放文件和目录本身，请用实际内容替换链接",
    "special": "不是普通文件或目录（可能是设备或管道）；请删除",
}
#: Names an editor or the system leaves behind: backups, swap and lock files.
LEFT_BEHIND = re.compile(r"(\..*|.*~|#.*#|.*\.(bak|orig|rej|swp|swo|tmp))")


def entry_kind(path: Path) -> str:
    """``link``, ``dir``, ``file`` or ``special``, never following a symbolic link."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return "link"
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "special"


def office_folders(data_dir: Path, root: Path, problems: Problems) -> list[Path]:
    """The office folders of ``data/``; every other entry is reported, none skipped silently."""
    base = relative_name(data_dir, root)
    folders = []
    for path in sorted(data_dir.iterdir()):
        name, kind = f"{base}/{path.name}", entry_kind(path)
        if path.name == PORTAL_FILE:
            continue  # read (and its kind checked) by the catalog's portal settings reader
        if kind in NOT_REGULAR:
            problems.add(Problem(name, 0, 0, "", NOT_REGULAR[kind], "L20"))
        elif kind == "dir" and not path.name.startswith((".", "_")):
            folders.append(path)
        elif kind == "dir":
            problems.add(Problem(name, 0, 0, "", "以「.」或「_」开头的目录不会被读取；请删除，或改为机关目录名", "L22"))
        else:
            problems.add(
                Problem(
                    name,
                    0,
                    0,
                    "",
                    f"data/ 下只能有机关目录和 {PORTAL_FILE}，这个文件不会被读取；报告应放在机关目录里（如 data/pingtan/2024.yml）",
                    "L22",
                )
            )
    return folders


def folder_key(folder: Path) -> tuple:
    """What says an office folder is unchanged: its files' names, sizes and times."""
    with os.scandir(folder) as entries:
        return tuple(
            sorted(
                (e.name, e.stat(follow_symlinks=False).st_mtime_ns, e.stat(follow_symlinks=False).st_size)
                for e in entries
            )
        )
