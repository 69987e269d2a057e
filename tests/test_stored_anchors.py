"""Generated pages' anchor ids live on disk (nianbao.build.pagestore.StoredAnchors), not in
memory; MkDocs' anchor validation must still see them: a link to an id a report page
has passes, a link to one it lacks is reported."""

from __future__ import annotations

import shutil

from building import copy_portal, run_mkdocs


def test_links_to_anchors_of_generated_pages_are_checked(root, tmp_path):
    project = copy_portal(root, tmp_path / "portal")
    shutil.copytree(root / "data", project / "data")
    (project / "docs" / "anchor-check.md").write_text(
        "# 合成测试锚点\n\n[有](offices/pingtan/2020.md#t-active) [无](offices/pingtan/2020.md#no-such-anchor-x)\n",
        encoding="utf-8",
    )
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "\nvalidation:\n  anchors: warn\n", encoding="utf-8")
    result = run_mkdocs(project, tmp_path / "site")
    warnings = [line for line in result.stderr.splitlines() if "anchor-check.md" in line]
    assert any("no-such-anchor-x" in line for line in warnings), result.stderr
    assert not any("t-active" in line for line in warnings), result.stderr
