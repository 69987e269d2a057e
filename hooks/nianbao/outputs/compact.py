"""Pages written without the theme's indentation: Material's templates indent every tag
of the header, tabs, navigation and table of contents, which is about a tenth of each
page and so of a province's site (GitHub Pages publishes at most 1 GB).

Only whitespace that HTML collapses is touched: every run of spaces, tabs and line breaks
that holds a line break becomes one line break, which a browser renders exactly as the
run (both are one collapsible space, or a segment break). The content of ``pre``,
``textarea``, ``script`` and ``style`` keeps every character.
"""

from __future__ import annotations

import re

#: Elements whose text is not collapsed by the browser (or is code): left as written.
_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_BREAK_RUN = re.compile(r"[ \t\r\n\f]*\n[ \t\r\n\f]*")


def compact_html(html: str) -> str:
    parts = _KEEP.split(html)
    # split() yields text, then (whole kept element, its tag name) pairs.
    out = []
    for index in range(0, len(parts), 3):
        out.append(_BREAK_RUN.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
