"""Real MkDocs builds for the tests: one way to copy the portal, one way to build it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

PORTAL_FILES = ("mkdocs.yml", "docs", "overrides", "hooks")


def copy_portal(root: Path, project: Path, names: tuple[str, ...] = PORTAL_FILES) -> Path:
    """The portal without its data, to build with data a test brings (``names``: only these
    of its files, e.g. without the hooks for a test of the package alone)."""
    project.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    return project


def run_mkdocs(
    project: Path, out: Path, env: dict[str, str] | None = None, verbose: bool = False
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as CI runs it, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)] + (["--verbose"] if verbose else []),
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
    )


def other_hash_seed() -> int:
    """A hash seed other than this process's (random unless PYTHONHASHSEED fixes it): an
    output rendered here and in a child with this seed would differ if it depended on the
    order of a set or dict of strings."""
    return 2 if os.environ.get("PYTHONHASHSEED") == "1" else 1


def nianbao_in_child(project: Path, argv: list[str], seed: int, env: dict[str, str] | None = None) -> None:
    """A `nianbao` command in a child process of its own, with the given hash seed (so that
    an output depending on the order of a set or dict of strings differs between two runs)."""
    result = subprocess.run(
        [sys.executable, "-m", "nianbao.staff.cli", "--root", str(project), *argv],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": str(seed), **(env or {})},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def downloads_in_child(project: Path, out: Path, seed: int) -> dict[str, bytes]:
    """Every download of the portal's data, written by a child process with this hash seed."""
    code = (
        "import sys; from pathlib import Path; from nianbao.catalog import load_catalog; "
        "from nianbao.build.site import write_downloads; root = Path(sys.argv[1]); "
        "write_downloads(load_catalog(root / 'data', root), Path(sys.argv[2]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(project), str(out)],
        env={**os.environ, "PYTHONHASHSEED": str(seed)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return read_tree(out)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: relative path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_site(project: Path, out: Path, env: dict[str, str] | None = None, log: Path | None = None) -> Path:
    """A build that must succeed with no warning; returns the site folder. With ``log``,
    MkDocs' debug log (every page it builds) is written there."""
    result = run_mkdocs(project, out, env, verbose=log is not None)
    if log is not None:
        log.write_text(result.stderr, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))], result.stderr
    # Generated pages are reached from lists, not the nav: mkdocs.yml's not_in_nav says so.
    assert 'not included in the "nav" configuration' not in result.stderr, result.stderr
    return out


def build_sharded(project: Path, out: Path, shards: int, env: dict[str, str] | None = None) -> dict[str, Path]:
    """The same portal built on one machine (with one search index, and with its index in
    as many parts as shards) and as ``shards`` shards plus the assembling build (as
    publish.yml runs them); returns the three sites and the shards' folder."""
    whole = build_site(project, out / "whole", env)
    split = build_site(project, out / "split", {**(env or {}), "NIANBAO_SEARCH_PARTS": str(shards)})
    for index in range(1, shards + 1):
        shard_env = {**(env or {}), "NIANBAO_SHARD": f"{index}/{shards}"}
        build_site(project, out / "shards" / f"shard-{index}", shard_env, log=out / f"shard-{index}.log")
    assembling = {**(env or {}), "NIANBAO_ASSEMBLE": str(out / "shards")}
    assembled = build_site(project, out / "assembled", assembling, log=out / "assembled.log")
    return {"whole": whole, "split": split, "assembled": assembled, "shards": out / "shards", "logs": out}


def serve_portal(project: Path, log: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve` of ``project`` on a free port; returns the server and its address once
    it serves (its log in ``log``). The port is found by binding port 0; should another
    process take it before MkDocs binds it, MkDocs exits and another port is tried."""
    for _ in range(5):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with open(log, "w", encoding="utf-8") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
                cwd=project,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 180
        while server.poll() is None and time.monotonic() < deadline:
            if f"Serving on {url}" in log.read_text(encoding="utf-8"):
                return server, url
            time.sleep(0.3)
        if server.poll() is None:
            server.terminate()
            server.wait(30)
            raise AssertionError(f"mkdocs serve did not start:\n{log.read_text(encoding='utf-8')}")
        if "Address already in use" not in log.read_text(encoding="utf-8"):
            raise AssertionError(f"mkdocs serve failed:\n{log.read_text(encoding='utf-8')}")
    raise AssertionError("no free port for mkdocs serve after 5 tries")
