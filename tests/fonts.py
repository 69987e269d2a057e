"""The CJK fonts CI installs (.ci/run), for tests that make PDFs in each of them.

Which font a producer picks for Chinese text is the machine's choice (fontconfig's order),
so a test that printed with "the default" would test whichever font happened to be
installed. Tests name each font, check in the PDF that it was really used, and fail — never
skip — when it is missing, saying which package to install."""

from __future__ import annotations

import subprocess

import pytest

#: CSS family → (Debian package, how the PDF's embedded font name starts). Each draws some
#: characters with glyphs whose text-layer code point differs (Noto names 「二」 as the
#: Kangxi radical 「⼆」, WenQuanYi does not).
CJK_FONTS = {
    "WenQuanYi Micro Hei": ("fonts-wqy-microhei", "WenQuanYiMicroHei"),
    "Noto Sans CJK SC": ("fonts-noto-cjk", "NotoSansCJK"),
    "Noto Serif CJK SC": ("fonts-noto-cjk", "NotoSerifCJK"),
}


def require_font(family: str) -> None:
    package = CJK_FONTS[family][0]
    try:
        listed = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        listed = ""
    if not listed.strip():
        pytest.fail(f"测试需要字体「{family}」：apt-get install -y {package}（.ci/run 会安装）")


def cjk_font_names(pdf) -> set[str]:
    """The embedded fonts that drew the PDF's Chinese characters (subset prefix dropped)."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as document:
        return {
            char["fontname"].split("+")[-1]
            for page in document.pages
            for char in page.chars
            if "\u4e00" <= char["text"] <= "\u9fff"
        }


def assert_drawn_in(pdf, family: str) -> None:
    """Every Chinese character of the PDF is in ``family`` (a fallback font would test another)."""
    used = cjk_font_names(pdf)
    assert used and all(name.startswith(CJK_FONTS[family][1]) for name in used), (family, used)
