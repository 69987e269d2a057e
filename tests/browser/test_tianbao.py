"""The 在线填报 page in Chromium, as a clerk with only a browser uses it: open it for an office
and the last finished year, fill in every cell and section, see a wrong total flagged with
its rule id and cleared when fixed, download the file; the file validates with no error and
the built page shows every number entered."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from builders import SYNTHETIC_OTHER, SYNTHETIC_OVERVIEW, SYNTHETIC_PROBLEMS
from building import build_site, copy_portal
from nianbao.views import tianbao

OFFICE = "penghou-jiedao"


def last_finished_year() -> int:
    return dt.date.today().year - 1


def consistent_values() -> dict[str, int | str]:
    """A value for every cell of the 2021 tables that every rule accepts, all different
    where the rules allow, so that each one can be found on the built page. 上年结转 is 0
    in every column, as penghou-jiedao's 2024 report carried nothing forward."""
    values: dict[str, int | str] = {}
    counter = iter(range(101, 10_000, 7))
    requests = next(d for d in tianbao.form_tables() if d.id == "requests")
    appeals = next(d for d in tianbao.form_tables() if d.id == "appeals")
    for definition in tianbao.form_tables():
        if definition.id.startswith("active."):
            for row in definition.leaf_rows():
                for column in definition.columns:
                    name = f"{definition.id}.{row.key}.{column.key}"
                    values[name] = f"{next(counter)}.25" if column.type == "wan" else next(counter)
    applicants = [c.key for c in requests.columns if c.key != "total"]
    results = [r.key for r in requests.leaf_rows() if r.key.startswith("results.") and r.key != "results.total"]
    for row in results:
        for column in applicants:
            values[f"requests.{row}.{column}"] = next(counter) % 50
    for column in applicants:
        done = sum(values[f"requests.{row}.{column}"] for row in results)
        values[f"requests.results.total.{column}"] = done
        values[f"requests.carried_over.{column}"] = 0
        values[f"requests.carried_forward.{column}"] = next(counter) % 20
        values[f"requests.new.{column}"] = done + values[f"requests.carried_forward.{column}"]
    for row in ("new", "carried_over", *results, "results.total", "carried_forward"):
        values[f"requests.{row}.total"] = sum(values[f"requests.{row}.{c}"] for c in applicants)
    for row in appeals.leaf_rows():
        parts = [c.key for c in appeals.columns if c.key != "total"]
        for column in parts:
            values[f"appeals.{row.key}.{column}"] = next(counter) % 30
        values[f"appeals.{row.key}.total"] = sum(values[f"appeals.{row.key}.{c}"] for c in parts)
    return values


def test_a_clerk_fills_in_checks_downloads_and_the_file_publishes(page, base_url, root, tmp_path):
    year = last_finished_year()
    page.goto(base_url + f"tianbao/?office={OFFICE}&year={year}")
    assert page.locator("#nb-tb-office").input_value() == OFFICE
    assert page.locator("#nb-tb-year").input_value() == str(year)
    # 上年结转 comes from last year's published data (its JSON), when the portal has it.
    status = page.locator("#nb-tb-status")
    if year - 1 == 2024:
        page.wait_for_function("() => document.querySelector('#nb-tb-status').textContent.includes('上年结转已按')")
        assert page.locator('[name="requests.carried_over.total"]').input_value() == "0"
    else:
        page.wait_for_function("() => document.querySelector('#nb-tb-status').textContent.includes('上年结转')")
    assert "上年结转" in status.inner_text()
    assert page.locator("#nb-tb-upload").get_attribute("href") == (
        f"https://github.com/example-org/nianbao-portal/upload/main/data/{OFFICE}"
    )

    values = consistent_values()
    names = page.eval_on_selector_all("table input[name]", "inputs => inputs.map(i => i.name)")
    assert sorted(names) == sorted(values) and len(names) == len(tianbao.cell_types())
    for name in ("requests.new.natural_person", "appeals.review.total", "active.item5.licensing.decisions"):
        assert name in names
    for name, value in values.items():
        page.fill(f'[name="{name}"]', str(value))
    page.fill('[name="sections.overview"]', SYNTHETIC_OVERVIEW + "\n\n合成测试：第二段。")
    page.fill('[name="sections.problems"]', SYNTHETIC_PROBLEMS)
    page.fill('[name="sections.other"]', SYNTHETIC_OTHER)
    page.fill('[name="sections.active"]', "合成测试：主动公开的说明。")
    page.fill('[name="published"]', f"{year + 1}-01-20")
    page.fill('[name="signed_by"]', "合成测试彭后街道办事处")
    checks = page.locator("#nb-tb-checks")
    assert "全部单元格已填写，勾稽关系全部相符" in checks.inner_text()

    # A wrong total is flagged as it is typed, with the rule id validate gives, and cleared.
    right = str(values["requests.new.total"])
    page.fill('[name="requests.new.total"]', str(int(right) + 1))
    assert "R3.2" in checks.inner_text() and "R3.1" in checks.inner_text()
    assert "可能填错的是「一、本年新收政府信息公开申请数量」的「总计」一格：改为 " + right in checks.inner_text()
    cell = page.locator('td[data-cell="requests.new.total"]')
    assert "nb-flag" in cell.get_attribute("class")
    assert page.locator('[name="requests.new.total"]').get_attribute("aria-invalid") == "true"
    page.fill('[name="requests.new.total"]', right)
    assert "R3.2" not in checks.inner_text() and "全部相符" in checks.inner_text()
    assert "nb-flag" not in cell.get_attribute("class")

    # The draft survives a closed tab.
    page.reload()
    assert page.locator('[name="requests.new.total"]').input_value() == right
    assert page.locator('[name="signed_by"]').input_value() == "合成测试彭后街道办事处"

    with page.expect_download() as download:
        page.click("#nb-tb-download")
    assert download.value.suggested_filename == f"{year}.yml"
    project = copy_portal(root, tmp_path / "portal")
    shutil.copytree(root / "data", project / "data", dirs_exist_ok=True)
    target = project / "data" / OFFICE / f"{year}.yml"
    download.value.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../docs/data/schema.json\n")
    assert "draft:" not in text and "  # 五、存在的主要问题及改进情况\n" in text

    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    checked = subprocess.run(
        [sys.executable, "-m", "nianbao.staff.cli", "validate", f"data/{OFFICE}/{year}.yml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 个错误，0 个警告" in checked.stderr

    site = build_site(project, tmp_path / "site")
    built = (site / "offices" / OFFICE / str(year) / "index.html").read_text(encoding="utf-8")
    cells = page_numbers(built)
    for name, value in values.items():
        assert str(value) in cells, name
    assert "合成测试：第二段。" in built and "合成测试：主动公开的说明。" in built


def page_numbers(html: str) -> set[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    return {td.get_text(strip=True) for td in soup.select("table.nb-table td")}


def test_opening_a_file_from_disk_fills_the_form(page, base_url, root, tmp_path):
    year = last_finished_year()
    page.goto(base_url + f"tianbao/?office={OFFICE}&year={year}")
    report = (root / "tests" / "bad_input" / "valid_new_report.yml").read_text(encoding="utf-8")
    path = Path(tmp_path / "2023.yml")
    path.write_text(report.replace("year: 2023", f"year: {year}"), encoding="utf-8")
    page.set_input_files("#nb-tb-open", str(path))
    page.wait_for_function("() => document.querySelector('#nb-tb-status').textContent.includes('已打开')")
    assert page.locator('[name="active.item5.licensing.decisions"]').input_value() == "2629"
    assert page.locator('[name="requests.new.total"]').input_value() == "81"
    assert page.locator('[name="published"]').input_value() == "2024-03-08"
    assert "平潭综合实验区" in page.locator('[name="sections.overview"]').input_value()


def test_the_form_works_by_keyboard_with_a_visible_focus(page, base_url):
    from checks import focus_walk

    page.goto(base_url + f"tianbao/?office={OFFICE}&year={last_finished_year()}")
    page.locator("#nb-tb-office").focus()
    walk = focus_walk(page, 40)
    # The file chooser's own button is hidden: its label is the button, and shows the ring.
    assert page.evaluate(
        """() => { document.querySelector('#nb-tb-open').focus();
        const s = getComputedStyle(document.querySelector('label[for=nb-tb-open]'));
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }"""
    )
    controls = [step for step in walk if step["tag"] in ("SELECT", "INPUT", "TEXTAREA", "BUTTON", "A")]
    controls = [step for step in controls if step["id"] != "nb-tb-open"]
    assert {"SELECT", "INPUT", "TEXTAREA", "BUTTON"} <= {step["tag"] for step in controls}
    assert [step for step in controls if not step["ring"]] == []
    # Type into a cell with the keyboard only: the check follows.
    page.locator('[name="requests.new.natural_person"]').focus()
    for key in ("5", "0", "0", "0", "0", "0", "4"):  # 自然人 … 其他, then 总计: 5 ≠ 4
        page.keyboard.type(key)
        page.keyboard.press("Tab")
    assert "R3.2" in page.locator("#nb-tb-checks").inner_text()
    page.locator("#nb-tb-checks a").first.press("Enter")  # the finding links to its cell
    assert page.evaluate("location.hash") == "#f-requests-new-total"  # the total that disagrees
