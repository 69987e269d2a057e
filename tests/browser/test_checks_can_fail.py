"""Each browser check, on a page broken on purpose, reports the fault. A check that cannot
fail proves nothing."""

from __future__ import annotations

import shutil

from checks import (
    event_handlers,
    focus_walk,
    foreign,
    horizontal_overflow,
    layout_problems,
    provoke,
    record_requests,
    serious_violations,
    unsafe_links,
    watch_dialogs,
)
from test_safety import scan_site


def test_axe_reports_a_table_without_headers(page, base_url):
    page.goto(base_url + "offices/pingtan/2020/")
    assert serious_violations(page) == []
    page.evaluate(
        """() => {
            for (const th of [...document.querySelectorAll('#t-requests th')]) {
                const td = document.createElement('td');
                td.innerHTML = th.innerHTML;
                for (const a of th.attributes) if (a.name !== 'scope') td.setAttribute(a.name, a.value);
                th.replaceWith(td);
            }
        }"""
    )
    assert [v for v in serious_violations(page) if v.startswith("td-headers-attr")]


def test_request_recorder_reports_an_injected_external_script(page, base_url, tmp_path, serve):
    (tmp_path / "index.html").write_text(
        '<html><body><script src="https://cdn.example.invalid/x.js"></script></body></html>', encoding="utf-8"
    )
    url = serve(tmp_path)
    requests = record_requests(page)
    page.goto(url)
    assert foreign(requests, url) == ["https://cdn.example.invalid/x.js"]


def test_dialog_watch_reports_a_hostile_string_rendered_raw(page, tmp_path, serve):
    (tmp_path / "index.html").write_text(
        '<html><body><p>报告正文<img src="x" onerror="alert(1)"></p></body></html>', encoding="utf-8"
    )
    dialogs = watch_dialogs(page)
    page.goto(serve(tmp_path))
    page.wait_for_timeout(300)
    assert dialogs == ["1"]


def test_overflow_check_reports_a_page_wider_than_a_phone(phone, tmp_path, serve):
    (tmp_path / "index.html").write_text(
        '<html><head><meta name="viewport" content="width=device-width"></head><body><div style="width:900px">宽</div></body></html>',
        encoding="utf-8",
    )
    phone.goto(serve(tmp_path))
    assert horizontal_overflow(phone) > 0


def test_focus_check_reports_a_hidden_focus_ring(page, tmp_path, serve):
    (tmp_path / "index.html").write_text(
        '<html><head><style>a:focus{outline:none}</style></head><body><a href="#a">甲</a> <a href="#b">乙</a></body></html>',
        encoding="utf-8",
    )
    page.goto(serve(tmp_path))
    assert [step for step in focus_walk(page, 2) if not step["ring"]]


def test_site_scan_reports_a_cdn_script(site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    page = copy / "offices" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</head>", '<script src="https://cdn.example.invalid/lib.js"></script></head>'
        ),
        encoding="utf-8",
    )
    assert scan_site(copy) == ["offices/index.html: https://cdn.example.invalid/lib.js"]


def test_layout_check_reports_the_faults_it_was_written_for(browser, base_url):
    """The faults citizens saw, put back by a style sheet: a list's first column squeezed to
    one character, a caption cut off, a table clipped by a few pixels, 表四's headers one
    character per line, a date broken inside its year."""
    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN").new_page()
    squeeze = (
        ".md-typeset table.nb-list tbody > tr > :first-child, .md-typeset table.nb-list thead > tr > :first-child"
        " { min-width: 0 !important; } .md-typeset .nb-caption { max-width: none !important; }"
        " .md-typeset td.nb-date { white-space: normal !important; word-break: break-all; font-size: 3em; }"
        # A phone lists a table's rows as blocks below the width its grid needs (nianbao.css):
        # a box of font-size 0 never is that narrow, so the grid is back, as the faults had it.
        " .nb-table-scroll { font-size: 0 !important; }"
    )
    for url, fault in (("", "first column"), ("", "number breaks"), ("offices/pingtan/", "caption cut off")):
        phone.goto(base_url + url)
        assert layout_problems(phone) == []
        phone.add_style_tag(content=squeeze)
        assert fault in " ".join(layout_problems(phone)), fault
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    desktop.goto(base_url + "offices/pingtan/2023/")
    assert layout_problems(desktop, desktop=True) == []
    desktop.add_style_tag(content="#t-appeals { min-width: calc(100% + 3px) !important; }")
    assert layout_problems(desktop, desktop=True) == ["t-appeals: 3.0px wider than its box, though it fits"]
    desktop.reload()
    desktop.add_style_tag(
        content="#t-appeals { min-width: 0 !important; width: 200px; }"
        " .md-typeset table[id^=t-appeals] thead th { word-break: normal !important; min-width: 0 !important; }"
    )
    assert "stands one character per line" in " ".join(layout_problems(desktop, desktop=True))


def _serve_article(tmp_path, serve, body: str) -> str:
    (tmp_path / "index.html").write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    return serve(tmp_path)


def test_handler_scan_reports_an_svg_onload(page, tmp_path, serve):
    """The old selector `article svg [onload]` looked inside an <svg>, not at <svg onload>."""
    page.goto(_serve_article(tmp_path, serve, '<p>正文<svg onload="void 0"></svg><b onmouseover="void 0">说明</b></p>'))
    assert event_handlers(page) == ["svg onload", "b onmouseover"]


def test_provoking_fires_a_mouseover_on_an_element_that_is_not_a_link(page, tmp_path, serve):
    dialogs = watch_dialogs(page)
    page.goto(_serve_article(tmp_path, serve, "<p><b onmouseover=\"alert('notes')\">说明</b></p>"))
    assert dialogs == []
    provoke(page)
    assert dialogs == ["notes"]


def test_provoking_follows_a_script_link(page, tmp_path, serve):
    dialogs = watch_dialogs(page)
    page.goto(_serve_article(tmp_path, serve, "<p><a href=\"&#106;avascript:alert('entity')\">点击</a></p>"))
    provoke(page)
    assert dialogs == ["entity"]


def test_link_scan_reports_script_and_data_links_however_written(page, tmp_path, serve):
    page.goto(
        _serve_article(
            tmp_path,
            serve,
            '<a href="&#106;avascript:void(0)">甲</a><a href="java&#x09;script:void(0)">乙</a>'
            '<a href="data&#58;text/html,x">丙</a><a href="https://example.invalid/">丁</a><a href="../">戊</a>',
        )
    )
    assert unsafe_links(page) == [
        "a href=javascript:void(0)",
        "a href=java\tscript:void(0)",
        "a href=data:text/html,x",
    ]


def test_overflow_check_reports_a_long_word_in_a_definition_list(phone, tmp_path, serve):
    (tmp_path / "index.html").write_text(
        '<html><head><meta name="viewport" content="width=device-width"></head><body>'
        '<dl style="display:grid;grid-template-columns:max-content 1fr"><dt>原文出处</dt><dd>'
        + "A"
        * 300
        + "</dd></dl>"
        "</body></html>",
        encoding="utf-8",
    )
    phone.goto(serve(tmp_path))
    assert horizontal_overflow(phone) > 0
