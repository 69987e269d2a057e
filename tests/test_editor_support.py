"""Editor and commit-time support: the schema mapping reaches every data file, and the
pre-commit hooks run commands that exist."""

from __future__ import annotations

import fnmatch
import json
import shutil

import yaml


def test_vscode_maps_each_schema_to_its_files(root):
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    files = [p.relative_to(root).as_posix() for p in (root / "data").glob("*/*.yml")]
    for schema, _pattern in mapping.items():
        assert (root / schema).is_file()
    for name in files:
        matched = [schema for schema, pattern in mapping.items() if fnmatch.fnmatch(name, pattern)]
        expected = "./docs/data/office.schema.json" if name.endswith("office.yml") else "./docs/data/schema.json"
        assert matched == [expected], name


def test_pre_commit_hooks_call_the_cli(root):
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert entries == ["nianbao validate", "nianbao codeowners --check"]
    assert shutil.which("nianbao")


def test_editorconfig_forbids_what_the_validator_rejects(root):
    text = (root / ".editorconfig").read_text(encoding="utf-8")
    assert "charset = utf-8" in text and "indent_style = space" in text
