"""Every character of GB 2312 (the 6,763 hanzi of ordinary simplified-Chinese text, and the
punctuation reports use), printed by Chromium in each CJK font CI installs, is read back by
the PDF importer as itself. A font that draws two code points with one glyph lets the PDF's
text layer name either: Noto CJK SC names 「二」 as the Kangxi radical 「⼆」, 「门」 as the
radical supplement 「⻔」, 「户」 as 「⼾」 (whose NFKC form is the traditional 「戶」) and
「胶」 as 「㬵」. One wrong character in a heading or a label and a table goes unread."""

from __future__ import annotations

import pytest
from nianbao.importing.documents import Paragraph
from nianbao.importing.pdf import read_pdf
from printing import CJK_FONTS, print_pdf

PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】—…～／·％"


def gb2312_hanzi() -> str:
    return "".join(
        bytes([high, low]).decode("gb2312")
        for high in range(0xB0, 0xF8)
        for low in range(0xA1, 0xFF)
        if (high, low) not in {(0xD7, low) for low in range(0xFA, 0xFF)}
    )


def test_gb2312_has_its_6763_hanzi():
    assert len(gb2312_hanzi()) == 6763


@pytest.mark.parametrize("family", list(CJK_FONTS))
def test_every_gb2312_character_printed_in_the_font_reads_back_as_itself(browser, tmp_path, family):
    text = gb2312_hanzi() + PUNCTUATION
    lines = [text[start : start + 40] for start in range(0, len(text), 40)]
    html = tmp_path / "characters.html"
    # One unindented paragraph per line, each ending short of the margin: read back line by line.
    body = "".join(f"<p>{line}</p>" for line in lines)
    html.write_text(
        f"<!doctype html><meta charset=utf-8><style>p {{ margin: 0 0 4px; font-size: 9px }}</style>{body}",
        encoding="utf-8",
    )
    pdf = print_pdf(browser, html, tmp_path / "characters.pdf", family)

    read = "".join(block.text for block in read_pdf(pdf).blocks if isinstance(block, Paragraph))
    wrong = [(want, got) for want, got in zip(text, read.replace(" ", ""), strict=False) if want != got]
    assert wrong == []
    assert len(read.replace(" ", "")) == len(text)
