"""The GitHub workflows run as GitHub runs them, on this machine.

Each job of ``publish.yml`` (every matrix value) and of ``check.yml`` runs its ``run:``
steps with bash, in a fresh checkout of the project, with the job's ``env``: the workflow's,
the job's and the step's, ``${{ ... }}`` expanded from the matrix value,
``strategy.job-total`` and the Pages base URL that ``configure-pages`` gives; the commit
(a git repository made in the checkout, with a fixed date) gives ``SOURCE_DATE_EPOCH``.
The ``uses:`` steps are simulated: checkout copies the project, upload-artifact and
download-artifact move folders as the real actions do (one folder per artifact under the
download path when it downloads by pattern). The published site is then checked: every
report page with its tables, the search index holding every page, the downloads.

Not run: the steps that install tools (the test runs where they are installed; running
``pip install -e .`` here would repoint the editable install at a temporary copy), and
check.yml's ``python -m pytest`` step (this test is part of that suite).

It runs for this repository's data, a portal of one office and a portal of none: the
fixed shard matrix must publish whatever the offices are.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from paths import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BASE_URL = "https://example.invalid/portal"
COMMIT_TIME = 1767225600  # 2026-01-01 00:00 UTC: the commit's date, not the clock's
#: The project as actions/checkout gives it (what the workflows read).
CHECKOUT = ("mkdocs.yml", "pyproject.toml", "docs", "overrides", "hooks", ".github")
#: Steps not run, by name, and why (the test fails when a run: step is neither run nor named here).
NOT_RUN = {
    "安装": "installs the tools this test already runs with",
    "中文字体": "installs a font for the browser tests",
    "中文字体和 PDF 工具": "installs the fonts, LibreOffice and pdftotext of the import tests (system packages)",
    "测试": "runs the test suite this test belongs to",
}


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as True
        data["on"] = data.pop(True)
    return data


class Runner:
    """Runs a workflow's jobs in dependency order; artifacts live in a folder of their own."""

    def __init__(self, project: Path, work: Path):
        self.project, self.work = project, work
        self.artifacts = work / "artifacts"
        self.artifacts.mkdir(parents=True)
        self.ran: list[str] = []
        self.pages_site: Path | None = None

    def run(self, workflow: dict) -> None:
        jobs = workflow["jobs"]
        done: set[str] = set()
        while len(done) < len(jobs):
            ready = [name for name, job in jobs.items() if name not in done and set(_needs(job)) <= done]
            assert ready, f"jobs that can never run: {sorted(set(jobs) - done)}"
            for name in ready:
                self.run_job(name, jobs[name], workflow.get("env", {}))
                done.add(name)

    def run_job(self, name: str, job: dict, workflow_env: dict) -> None:
        matrix = job.get("strategy", {}).get("matrix", {})
        keys = sorted(matrix)
        combinations = [
            dict(zip(keys, values, strict=True)) for values in itertools.product(*(matrix[k] for k in keys))
        ] or [{}]
        for index, values in enumerate(combinations):
            context = {
                "matrix": values,
                "strategy": {"job-total": len(combinations), "job-index": index},
                "steps": {},
            }
            label = name + "".join(f"-{v}" for v in values.values())
            workspace = self.work / "jobs" / label
            env = {**_expand_all(workflow_env, context), **_expand_all(job.get("env", {}), context)}
            for step in job["steps"]:
                self.run_step(step, workspace, env, context)
            self.ran.append(label)

    def run_step(self, step: dict, workspace: Path, job_env: dict, context: dict) -> None:
        if "uses" in step:
            return self.use(step, workspace, context)
        if step.get("name") in NOT_RUN:
            return
        env = {**job_env, **_expand_all(step.get("env", {}), context)}
        script = _expand(step["run"], context)
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=workspace,
            env=_process_env(workspace, env),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"「{step.get('name', script)}」失败：\n{result.stdout}\n{result.stderr}"

    def use(self, step: dict, workspace: Path, context: dict) -> None:
        action = step["uses"].split("@")[0]
        options = _expand_all(step.get("with", {}), context)
        if action == "actions/checkout":
            shutil.copytree(self.project, workspace, symlinks=True)
        elif action == "actions/setup-python":
            pass  # this test's Python
        elif action == "actions/configure-pages":
            context["steps"][step["id"]] = {"outputs": {"base_url": BASE_URL}}
        elif action == "actions/upload-artifact":
            source = workspace / options["path"]
            files = [p for p in source.rglob("*") if p.is_file() and not _hidden(p.relative_to(source))]
            if files:  # no file: the action warns and uploads nothing (if-no-files-found: warn)
                target = self.artifacts / options["name"]
                assert not target.exists(), f"artifact {options['name']} uploaded twice"
                for path in files:
                    (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target / path.relative_to(source))
        elif action == "actions/download-artifact":
            path = workspace / options.get("path", ".")
            if "name" in options:  # one artifact, extracted into the path itself
                shutil.copytree(self.artifacts / options["name"], path, dirs_exist_ok=True)
            else:  # by pattern: one folder per artifact, named after it
                for artifact in sorted(self.artifacts.iterdir()):
                    if fnmatch.fnmatchcase(artifact.name, options.get("pattern", "*")):
                        shutil.copytree(artifact, path / artifact.name)
        elif action == "actions/upload-pages-artifact":
            self.pages_site = workspace / options["path"]
        elif action == "actions/deploy-pages":
            assert self.pages_site is not None, "deploy-pages without a Pages artifact"
        else:
            raise AssertionError(f"the test does not know how to simulate {step['uses']}")


def _needs(job: dict) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def _hidden(relative: Path) -> bool:
    """upload-artifact@v4 leaves out hidden files (include-hidden-files: false)."""
    return any(part.startswith(".") for part in relative.parts)


_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _expand(text, context: dict):
    if not isinstance(text, str):
        return text

    def value(match: re.Match) -> str:
        found: object = context
        for part in match.group(1).split("."):
            assert isinstance(found, dict) and part in found, f"expression the test cannot expand: {match.group(0)}"
            found = found[part]
        return str(found)

    return _EXPRESSION.sub(value, text)


def _expand_all(mapping: dict, context: dict) -> dict:
    return {key: _expand(value, context) for key, value in mapping.items()}


def _process_env(workspace: Path, env: dict) -> dict:
    """The runner's environment: this machine's tools, the checkout's package (what
    ``pip install -e .`` in the checkout would import), no setting of ours left over."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "SITE_URL", "SOURCE_DATE_EPOCH"))}
    return {**base, "PYTHONPATH": str(workspace / "hooks"), "GITHUB_WORKSPACE": str(workspace), "CI": "true", **env}


def make_project(folder: Path, data: Path, offices: list[str] | None) -> Path:
    """The project with ``offices`` of ``data`` (all when None), committed at COMMIT_TIME."""
    project = folder / "project"
    project.mkdir()
    for name in CHECKOUT:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    (project / "data").mkdir()
    shutil.copy(data / "portal.yml", project / "data" / "portal.yml")
    for office in sorted(p.name for p in data.iterdir() if p.is_dir()):
        if offices is None or office in offices:
            shutil.copytree(data / office, project / "data" / office)
    stamp = f"@{COMMIT_TIME} +0800"
    git_env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "commit", "-qm", "数据"],
    ):
        subprocess.run(command, cwd=project, env=git_env, check=True, capture_output=True)
    return project


def reports_of(project: Path) -> list[tuple[str, str]]:
    return sorted((p.parent.name, p.stem) for p in (project / "data").glob("*/[0-9]*.yml"))


def check_site(site: Path, project: Path) -> None:
    """What a visitor and a reuser of the data find in the published site."""
    reports = reports_of(project)
    offices = sorted({office for office, _ in reports})
    for office, year in reports:
        page = (site / "offices" / office / year / "index.html").read_text(encoding="utf-8")
        assert page.count("<table") >= 3, f"{office}/{year}: the report page has no standard tables"
        document = json.loads((site / "data" / office / f"{year}.json").read_text(encoding="utf-8"))
        assert document["office"]["id"] == office and str(document["year"]) == year
    for office in offices:
        assert (site / "offices" / office / "index.html").is_file()
    for shared in ("index.html", "offices/index.html", "overview/index.html", "data/index.html", "404.html"):
        assert (site / shared).is_file(), shared
    # The downloads of all data: a ZIP archive per year, the workbook, the feed, the schemas.
    for download in ("data/nianbao.xlsx", "data/feed.xml", "data/schema.json"):
        assert (site / download).is_file(), download
    archived = []
    for year in sorted({year for _, year in reports}):
        with zipfile.ZipFile(site / "data" / f"all-{year}.zip") as archive:
            archived += [
                (r["office"]["id"], str(r["year"])) for r in json.loads(archive.read(f"reports-{year}.json"))["reports"]
            ]
    assert sorted(archived) == reports
    assert sorted(p.name for p in (site / "data").glob("all-*.zip")) == sorted({f"all-{y}.zip" for _, y in reports})
    # The search index: the main one and every one it merges, together holding every page.
    merged = json.loads((site / "pagefind" / "nianbao-merge.json").read_text(encoding="utf-8"))["indexes"]
    indexed = 0
    for index in ["", *merged]:
        entry = json.loads((site / "pagefind" / index / "pagefind-entry.json").read_text(encoding="utf-8"))
        indexed += entry["languages"]["zh"]["page_count"]
    pages = [p for p in site.rglob("index.html") if p.parent.name != "compare"]  # compare pages: not indexed
    assert indexed == len(pages), "a page missing from the search index"
    # Dated by the commit, addressed under the Pages URL.
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for office, year in reports:
        assert f"<loc>{BASE_URL}/offices/{office}/{year}/</loc>" in sitemap
    assert "<lastmod>2026-01-01</lastmod>" in sitemap


PORTALS = {
    "repository": None,  # every office of data/
    "one-office": ["penghou-jiedao"],
    "no-office": [],
}


@pytest.mark.parametrize("offices", PORTALS.values(), ids=PORTALS.keys())
def test_publish_workflow_runs_green_and_publishes_the_whole_portal(tmp_path, offices):
    project = make_project(tmp_path, ROOT / "data", offices)
    workflow = load_workflow("publish.yml")
    runner = Runner(project, tmp_path)
    runner.run(workflow)
    shards = workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"]
    assert runner.ran == [f"shard-{k}" for k in shards] + ["build", "deploy"]
    assert runner.pages_site is not None
    check_site(runner.pages_site, project)
    if offices is None:
        assert len(reports_of(project)) == 3 and len(shards) > 2  # some shard owns no office


@pytest.mark.parametrize("offices", [PORTALS["repository"], PORTALS["one-office"]], ids=["repository", "one-office"])
def test_check_workflow_runs_green(tmp_path, offices):
    project = make_project(tmp_path, ROOT / "data", offices)
    runner = Runner(project, tmp_path)
    runner.run(load_workflow("check.yml"))
    assert runner.ran == ["check"]
    preview = runner.artifacts / "site-preview"
    for office, year in reports_of(project):
        assert (preview / "offices" / office / year / "index.html").is_file()
    assert (preview / "pagefind" / "pagefind-entry.json").is_file()


def test_every_run_step_is_run_or_named_with_its_reason():
    for name in ("publish.yml", "check.yml"):
        for job in load_workflow(name)["jobs"].values():
            for step in job["steps"]:
                assert "uses" in step or "run" in step
                if "run" in step and step.get("name") in NOT_RUN:
                    assert "pip install" in step["run"] or "apt-get" in step["run"] or "pytest" in step["run"], step


def test_the_simulated_assembly_refuses_a_missing_shard(tmp_path):
    """The simulation can fail: without one shard's artifact, the assembling job stops."""
    project = make_project(tmp_path, ROOT / "data", None)
    workflow = load_workflow("publish.yml")
    runner = Runner(project, tmp_path)
    shard_job = workflow["jobs"]["shard"]
    shard_job["strategy"]["matrix"]["shard"] = [1, 2]
    runner.run_job("shard", shard_job, workflow["env"])
    shutil.rmtree(runner.artifacts / "shard-2")
    with pytest.raises(AssertionError, match="缺少第 2 片"):
        runner.run_job("build", workflow["jobs"]["build"], workflow["env"])
