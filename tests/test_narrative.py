"""Narrative Markdown from data files cannot carry markup or script into a page."""

from __future__ import annotations

from nianbao.narrative import NarrativeRenderer

render = NarrativeRenderer().render


def test_paragraphs_and_lists():
    assert render("第一段。\n\n第二段。") == "<p>第一段。</p>\n<p>第二段。</p>"
    assert render("- 甲\n- 乙") == "<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>"
    # 「1.加强…」 without a space is text, as in real reports, not a list.
    assert render("1.加强用权信息公开") == "<p>1.加强用权信息公开</p>"


def test_raw_html_is_text():
    assert render("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert render('<img src=x onerror="alert(1)">') == '<p>&lt;img src=x onerror="alert(1)"&gt;</p>'
    assert render("《关于印发<实施方案>的通知》") == "<p>《关于印发&lt;实施方案&gt;的通知》</p>"


def test_links_keep_only_safe_targets():
    assert render("[看](javascript:alert(1))") == "<p><span>看</span></p>"
    assert render("[看](JaVa\tScRiPt:alert(1))") == "<p><span>看</span></p>"
    assert render("[看](data:text/html,x)") == "<p><span>看</span></p>"
    assert render("[看](//evil.example/x)") == "<p><span>看</span></p>"
    assert (
        render("[原文](https://www.pingtan.gov.cn/)")
        == '<p><a href="https://www.pingtan.gov.cn/" rel="nofollow noopener">原文</a></p>'
    )


def test_images_become_their_alt_text():
    assert render("![示意图](https://example.com/a.png)") == "<p><span>示意图</span></p>"


def test_headings_do_not_break_the_outline():
    assert render("# 一、总体情况") == "<p><strong>一、总体情况</strong></p>"


def test_blank_lines_never_reach_the_embedding_page():
    assert "\n\n" not in render("甲\n\n\n\n乙\n\n- 丙\n\n- 丁")
