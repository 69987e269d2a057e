"""Convert a generated page source to HTML without parsing its raw HTML twice.

A generated page is mostly raw HTML blocks (the tables) between a few Markdown headings.
MkDocs renders a page with Python-Markdown, whose raw-HTML preprocessor feeds every block
through ``html.parser`` (and MkDocs feeds the whole source through it once more, only to
collect ``id`` attributes): most of a report page's build time.

Our templates write well-formed HTML, so its blocks can be found with one regular
expression over the tags. :class:`FastHtmlBlocks` takes the place of Python-Markdown's
``html_block`` preprocessor and produces exactly the text and the stash that preprocessor
produces (the same placeholders, the same blank lines), so the rest of Python-Markdown —
headings, the table of contents, permalinks — runs unchanged. A source it is not sure of
(a comment, a script, a block-level tag inside a line, an unclosed tag) goes through the
original preprocessor instead: the output never depends on which path was taken
(tests/test_fasthtml.py compares both on every generated page).
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor

#: One tag: end mark, name, attributes (quoted values may hold ``>``), self-closing mark.
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""")
_ATTR = re.compile(r"""([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
#: What the fast path leaves to the original preprocessor.
_TAG_WITH_ANCHOR = re.compile(
    r"""<([a-zA-Z][a-zA-Z0-9-]*)(\s(?:[^>"']|"[^"]*"|'[^']*')*?\b(?:id|name)\s*=(?:[^>"']|"[^"]*"|'[^']*')*)>"""
)
_UNSURE = re.compile(r"<!|<\?|<script|<style|<textarea|<pre|<hr|</>", re.IGNORECASE)
_BLANK_AFTER = re.compile(r"([ ]*\n){2}")


class _Unsure(Exception):
    pass


def anchor_ids(text: str) -> set[str]:
    """The ``id`` attributes (and ``name`` of links) in raw HTML, as MkDocs collects them."""
    found = set()
    for match in _TAG_WITH_ANCHOR.finditer(text):
        tag = match.group(1).lower()
        for name, *values in _ATTR.findall(match.group(2)):
            name = name.lower()
            if name == "id" or (name == "name" and tag == "a"):
                found.add(html.unescape(next((v for v in values if v), "")))
    return found


def split_blocks(source: str, md: markdown.Markdown) -> str:
    """The source with each top-level raw HTML block replaced by its stash placeholder,
    as Python-Markdown's HTMLExtractor does it; raises :class:`_Unsure` otherwise."""
    if _UNSURE.search(source):
        raise _Unsure
    out: list[str | None] = []
    blocks: list[str] = []
    position = 0
    while match := _TAG.search(source, position):
        start = match.start()
        tag = match.group(2).lower()
        if not md.is_block_level(tag):
            out.append(source[position : match.end()])
            position = match.end()
            continue
        if match.group(1) or (start and source[start - 1] != "\n"):
            raise _Unsure  # a block-level tag inside a line, or a stray end tag
        end = _block_end(source, match, tag)
        if end < len(source) and source[end] != "\n":
            raise _Unsure  # text after the end tag on its line: Python-Markdown's "tail" rules
        block = source[start:end]
        if _BLANK_AFTER.match(source, end):
            block += "\n"  # as Python-Markdown keeps the blank line in the block
        out.append(source[position:start])
        out.append(None)  # the placeholder, once the whole source is known to be fine
        blocks.append(block)
        position = end
    out.append(source[position:])
    stored = iter(blocks)
    return "".join(f"\n{md.htmlStash.store(next(stored))}\n\n" if part is None else part for part in out)


@functools.lru_cache(maxsize=64)
def _same_name(tag: str) -> re.Pattern:
    return re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>])", re.IGNORECASE)


def _block_end(source: str, first: re.Match, tag: str) -> int:
    """Where the block opened by ``first`` ends: right after the end tag that closes it.
    Counting the tags of its name is the parser's stack of open tags (popped down to the
    matching name) for well-formed HTML, where only void elements stay unclosed."""
    if first.group(4):
        raise _Unsure  # a self-closing block tag: Python-Markdown's "empty tag" rules
    depth = 1
    for match in _same_name(tag).finditer(source, first.end()):
        close = source.find(">", match.end())
        if close < 0:
            break
        if match.group(1):
            depth -= 1
            if not depth:
                return close + 1
        elif source[close - 1] != "/":
            depth += 1
    raise _Unsure  # never closed


class FastHtmlBlocks(Preprocessor):
    """Python-Markdown's ``html_block`` step, with the fast path first."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.original = HtmlBlockPreprocessor(md)
        self.present_anchor_ids: set[str] = set()
        self.fast = False

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        self.present_anchor_ids = anchor_ids(source)
        try:
            text = split_blocks(source, self.md)
        except _Unsure:
            self.fast = False
            return self.original.run(lines)
        self.fast = True
        return text.split("\n")


@dataclass
class Converted:
    content: str
    toc_tokens: list[Any]
    title: str | None
    anchors: set[str] = field(default_factory=set)
    fast: bool = True


class Converter:
    """One Markdown instance, configured as MkDocs configures it for a page, reused."""

    def __init__(self, extensions: list[Any], extension_configs: dict[str, Any]):
        from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor

        self.md = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
        self.blocks = FastHtmlBlocks(self.md)
        self.md.preprocessors.register(self.blocks, "html_block", 20)
        self.anchors = _ExtractAnchorsTreeprocessor(None, None, None)  # type: ignore[arg-type]
        self.anchors._register(self.md)
        self.title = _ExtractTitleTreeprocessor()
        self.title._register(self.md)

    def convert(self, markdown_text: str) -> Converted:
        self.md.reset()
        self.title.title = None
        self.anchors.present_anchor_ids = set()
        content = self.md.convert(markdown_text)
        return Converted(
            content,
            list(getattr(self.md, "toc_tokens", [])),
            self.title.title,
            self.anchors.present_anchor_ids | self.blocks.present_anchor_ids,
            self.blocks.fast,
        )
