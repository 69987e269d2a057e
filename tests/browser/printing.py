"""Printing a page to PDF with Chromium in a named CJK font.

Which font Chromium picks for Chinese text is the machine's choice (fontconfig's order), so
a test that printed with "the default" would test whichever font happened to be installed.
These helpers force each font CI installs (`.ci/run`) through CSS and check, in the PDF,
that the font was really used: a missing font fails with the package to install, never skips."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

#: CSS family → (Debian package, the PostScript name the PDF embeds). Both packages are
#: installed by .ci/run; each draws some characters with glyphs whose text-layer code point
#: differs (Noto names 「二」 as the Kangxi radical 「⼆」, WenQuanYi does not).
CJK_FONTS = {
    "WenQuanYi Micro Hei": ("fonts-wqy-microhei", "WenQuanYiMicroHei"),
    "Noto Sans CJK SC": ("fonts-noto-cjk", "NotoSansCJKsc"),
    "Noto Serif CJK SC": ("fonts-noto-cjk", "NotoSerifCJKsc"),
}


def require_font(family: str) -> None:
    package = CJK_FONTS[family][0]
    try:
        listed = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        listed = ""
    if not listed.strip():
        pytest.fail(f"测试需要字体「{family}」：apt-get install -y {package}（.ci/run 会安装）")


def print_pdf(browser, source: Path | str, pdf: Path, family: str, css: str = "", **options) -> Path:
    """``source`` (a file or an address) printed to ``pdf`` with every text in ``family``."""
    require_font(family)
    page = browser.new_page()
    page.goto(source.as_uri() if isinstance(source, Path) else source)
    page.add_style_tag(content=f"* {{ font-family: '{family}' !important; }} {css}")
    page.pdf(path=str(pdf), **({"format": "A4"} | options))
    page.close()
    assert_drawn_in(pdf, family)
    return pdf


def assert_drawn_in(pdf: Path, family: str) -> None:
    """Every character of the PDF is in ``family`` (a fallback font would test another one)."""
    import pdfplumber

    postscript = CJK_FONTS[family][1]
    with pdfplumber.open(str(pdf)) as document:
        used = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars}
    assert used and all(name.startswith(postscript) for name in used), (family, used)
