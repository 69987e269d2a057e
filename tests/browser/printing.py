"""Printing a page to PDF with Chromium in a named CJK font (see tests/fonts.py: each font CI
installs is forced through CSS, and the PDF is checked to be drawn in it)."""

from __future__ import annotations

from pathlib import Path

from fonts import CJK_FONTS, assert_drawn_in, require_font

__all__ = ["CJK_FONTS", "print_pdf"]


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
