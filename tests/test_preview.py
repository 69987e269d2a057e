"""`mkdocs serve`: an edit to one report re-reads that office's folder only and re-renders
its pages only; with --dirty the served page shows the edit."""

from __future__ import annotations

import shutil
import time
import urllib.request

from building import copy_portal, serve_portal
from nianbao.build.preview import Preview
from nianbao.catalog import load_catalog


def test_only_the_edited_office_is_read_again(root, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    cache: dict = {}
    first = load_catalog(data, tmp_path, folder_cache=cache)
    kept = {folder: entry[1] for folder, entry in cache.items()}
    report = data / "pingtan" / "2020.yml"
    report.write_text(report.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = load_catalog(data, tmp_path, folder_cache=cache)
    assert cache[data / "penghou-jiedao"][1] is kept[data / "penghou-jiedao"]
    assert cache[data / "pingtan"][1] is not kept[data / "pingtan"]
    assert [r.year for r in first.reports] == [r.year for r in second.reports]
    assert first.problems.sorted() == second.problems.sorted()


def test_changed_offices_follow_the_files(root, tmp_path):
    shutil.copytree(root / "data", tmp_path / "data")
    preview = Preview(dirty=True)
    assert preview.changed_offices(tmp_path) is None  # nothing rendered yet: everything
    preview.pages = {"offices/pingtan/2020.md": None}
    assert preview.changed_offices(tmp_path) == set()
    report = tmp_path / "data" / "pingtan" / "2020.yml"
    report.write_text(report.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert preview.changed_offices(tmp_path) == {"pingtan"}
    (tmp_path / "data" / "portal.yml").write_text("{}\n", encoding="utf-8")
    assert preview.changed_offices(tmp_path) is None  # settings every page reads: all again
    shutil.rmtree(preview.folder)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_serve_dirty_shows_an_edited_report(root, tmp_path):
    project = copy_portal(root, tmp_path / "portal")
    shutil.copytree(root / "data", project / "data")
    server, address = serve_portal(project, tmp_path / "serve.log", "--dirty")
    url = address + "offices/pingtan/2023/"
    try:
        deadline = time.time() + 120
        while "平潭综合实验区" not in _get(url) and time.time() < deadline:
            time.sleep(0.3)
        before = _get(url)
        assert "平潭综合实验区" in before, (tmp_path / "serve.log").read_text(encoding="utf-8")
        report = project / "data" / "pingtan" / "2023.yml"
        text = report.read_text(encoding="utf-8")
        edited = text.replace('preamble: "本报告根据', 'preamble: "本报告（合成测试改动）根据', 1)
        assert edited != text
        report.write_text(edited, encoding="utf-8")
        deadline = time.time() + 60
        while "合成测试改动" not in _get(url) and time.time() < deadline:
            time.sleep(0.3)
        assert "合成测试改动" in _get(url), (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert "预览：只重建了改动的机关的页面" in (tmp_path / "serve.log").read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(30)
