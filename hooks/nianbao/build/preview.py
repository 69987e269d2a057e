"""What `mkdocs serve` keeps between rebuilds, so that an edit to one report re-renders
that office's pages only (the hook's deliberate cache; hooks/portal.py says when)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ..data.datafolder import folder_key
from .pagestore import PageStore, StoredPage
from .sharding import office_of

#: What every page depends on besides its office's folder: templates, code, settings.
SHARED_INPUTS = ("overrides", "hooks", "mkdocs.yml", "data/portal.yml")


class Preview:
    def __init__(self, dirty: bool):
        self.dirty = dirty
        self.folder = Path(tempfile.mkdtemp(prefix="nianbao-preview-"))
        self.folders: dict[Path, Any] = {}
        """Office folders read (nianbao.catalog.load_catalog's cache)."""
        self.pages: dict[str, StoredPage] = {}
        self.keys: dict[str, tuple] = {}
        self.shared_key: tuple = ()
        self.builds = 0

    def changed_offices(self, root: Path) -> set[str] | None:
        """The offices whose folders changed since the last build; None: render all."""
        data = root / "data"
        keys = {p.name: folder_key(p) for p in sorted(data.iterdir()) if p.is_dir()} if data.is_dir() else {}
        shared = _tree_key(root, SHARED_INPUTS)
        everything = not self.pages or shared != self.shared_key
        changed = {name for name, key in keys.items() if self.keys.get(name) != key}
        self.keys, self.shared_key = keys, shared
        return None if everything else changed

    def keep(self, store: PageStore) -> None:
        """Fill in the pages not rendered this time from the last build; keep this one's."""
        for src_uri in store.planned:
            if src_uri not in store.stored and office_of(src_uri) is not None and src_uri in self.pages:
                store.stored[src_uri] = self.pages[src_uri]
        self.pages = dict(store.stored)
        self.builds += 1

    @property
    def incremental(self) -> bool:
        """Whether this rebuild writes only what changed (``serve --dirty``, after the first)."""
        return self.dirty and self.builds > 1


def _tree_key(root: Path, names: tuple[str, ...]) -> tuple:
    out = []
    for name in names:
        path = root / name
        if path.is_file():
            out.append((name, path.stat().st_mtime_ns, path.stat().st_size))
        elif path.is_dir():
            for base, _, files in os.walk(path):
                for file in sorted(files):
                    if not file.endswith(".pyc"):
                        stat = os.stat(os.path.join(base, file))
                        out.append((os.path.join(base, file), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(out))
