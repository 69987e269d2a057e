"""The JSON Schema exported for editors agrees with the loader and is kept up to date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from nianbao.data.documents import office_json_schema_text, report_json_schema_text
from nianbao.staff.cli import main

CORPUS = Path(__file__).parent / "bad_input"


class _EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's language server does for the schema: dates stay text."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_json(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)


@pytest.fixture(scope="module")
def report_schema():
    schema = json.loads(report_json_schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_current(root, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["schema", "--check"]) == 0, "运行 nianbao schema 重新生成 docs/data/*.json"


def test_every_data_file_names_its_schema(root):
    for path in sorted((root / "data").glob("*/*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = "office.schema.json" if path.name == "office.yml" else "schema.json"
        assert first == f"# yaml-language-server: $schema=../../docs/data/{target}", path
        assert (path.parent / first.split("=", 1)[1]).resolve().exists()


def test_real_reports_satisfy_the_schema(root, report_schema):
    for path in sorted((root / "data").glob("*/[0-9][0-9][0-9][0-9].yml")):
        assert list(report_schema.iter_errors(as_json(path))) == [], path


def test_real_offices_satisfy_the_schema(root):
    validator = jsonschema.Draft202012Validator(json.loads(office_json_schema_text()))
    for path in sorted((root / "data").glob("*/office.yml")):
        assert list(validator.iter_errors(as_json(path))) == [], path


@pytest.mark.parametrize(
    "case",
    [
        "unknown_key_typo",
        "negative_count",
        "missing_cell",
        "unknown_version",
        "unknown_origin",
        "money_without_unit",
        "negative_fee_amount",
        "item9_in_2021_format",
    ],
)
def test_schema_rejects_what_the_loader_rejects(report_schema, case):
    assert list(report_schema.iter_errors(as_json(CORPUS / f"{case}.yml")))


def test_schema_accepts_the_valid_corpus_report(report_schema):
    assert list(report_schema.iter_errors(as_json(CORPUS / "valid_new_report.yml"))) == []


def test_schema_titles_are_chinese():
    schema = json.loads(report_json_schema_text())
    titles = [p["title"] for p in schema["properties"].values()]
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in titles)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
