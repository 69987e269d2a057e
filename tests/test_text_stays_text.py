"""Text from the data stays text wherever it is shown (issue 25): never a heading in a report
page, never an image, a link or raw HTML in a CI job summary, never a terminal control in the
importer's output, never a file outside the manifest's folder."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from nianbao.views.narrative import NarrativeRenderer

render = NarrativeRenderer().render

HEADING_FORMS = {
    "atx": "# 质量提示",
    "atx_without_space": "#质量提示",
    "atx_closed": "## 勾稽关系核对 ##",
    "setext_level_1": "质量提示\n====",
    "setext_level_2": "勾稽关系核对\n----",
    "in_a_quote": "> # 质量提示",
    "setext_in_a_quote": "> 质量提示\n> ===",
    "in_a_list_item": "- # 质量提示",
    "in_a_nested_list_item": "1. 甲\n\n    ## 质量提示",
    "in_a_quote_in_a_list": "- > ### 质量提示",
    "with_inline_markup": "### 乙区人民政府 *2024 年度* [报告](../2024/)",
}


@pytest.mark.parametrize("form", sorted(HEADING_FORMS))
def test_every_heading_form_in_a_narrative_is_demoted(form):
    page = BeautifulSoup(str(render(HEADING_FORMS[form])), "html.parser")
    assert page.find(["h1", "h2", "h3", "h4", "h5", "h6"]) is None, page
    strong = page.find("strong")
    assert strong is not None and any(
        word in strong.get_text() for word in ("质量提示", "勾稽关系核对", "乙区人民政府")
    )


def test_the_job_summary_shows_values_as_text():
    """A quoted value with an image and a key with backticks and a tag render as code, exactly."""
    import markdown
    from nianbao.problems import Problem, format_summary_markdown

    values = {
        "file": "data/a`b/2023.yml",
        "key": "notes.`<img src=x onerror=alert(1)>`",
        "message": "应为文字，但写成了「![](https://x.invalid/a.png) [链](https://x.invalid/) <b>粗</b> a|b \\|c ``` www.x.invalid」",
    }
    problem = Problem(values["file"], 3, 1, values["key"], values["message"], "L1")
    page = BeautifulSoup(markdown.markdown(format_summary_markdown([problem]), extensions=["tables"]), "html.parser")
    assert page.find(["img", "a", "b", "script"]) is None, page
    cells = page.select("tbody tr td")
    assert len(cells) == 4, page
    shown = [cell.get_text().replace("\\|", "|") for cell in cells]  # the table's pipe escape (as GitHub reads it)
    assert shown == ["错误", values["file"] + ":3:1", values["key"], values["message"] + "（L1）"]
    assert all(cell.find("code") for cell in cells[1:])
