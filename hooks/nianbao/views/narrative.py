"""Narrative Markdown from the data files → HTML that cannot carry markup or script.

Raw HTML is switched off in the parser (so ``<script>`` is printed as text, escaped by the
serializer), links keep only http(s), mailto and relative targets, and images become their
alt text: a picture from another site would be a third-party request.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_SAFE_HREF = re.compile(r"(https?:|mailto:|[^:/?#\\]*([/?#]|$))", re.I)
# An entity that Python-Markdown's serializer writes out as it is (it escapes only a bare
# "&"), and that a browser would then decode a second time.
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_EDGES = "".join(map(chr, range(0x21)))


def safe_href(href: str) -> str | None:
    """The link target as a browser will read it, if its scheme is http, https or mailto
    or it is relative; ``None`` otherwise.

    A browser decodes character references in the attribute, then drops leading and
    trailing control characters and spaces and every tab and line break, and only then
    reads the scheme: ``&#106;avascript:``, ``javascript&#58;`` and ``java&#x09;script:``
    are all ``javascript:``. The same steps are taken here before the check, and the
    result is what gets written, so that what was checked is what the browser follows.
    """
    target = html.unescape(href).strip(_EDGES)
    target = re.sub(r"[\t\n\r]", "", target)
    target = _ENTITY_LIKE.sub("%26", target)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    # "//host" and "\\host" (which browsers read as "//host") name another site without a scheme.
    if not _SAFE_HREF.match(target) or target.replace("\\", "/").startswith("//"):
        return None
    return target


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    span = etree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                elif child.tag == "a":
                    target = safe_href(child.get("href", ""))
                    if target is None:
                        child.attrib.clear()
                        child.tag = "span"
                    else:
                        child.set("href", target)
                        child.set("rel", "nofollow noopener")


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _NoHeadings(Treeprocessor):
    """Every heading the parser made, in whatever form it was written (``# 标题``, ``#标题``,
    a setext underline, inside a quote or a list item), becomes a bold paragraph: headings
    inside a section would break the report's own outline, and an office could print a fake
    「质量提示」 or another office's title in its report."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in _HEADINGS:
                strong = etree.Element("strong")
                strong.text, element.text = element.text, None
                strong.extend(list(element))
                for child in list(element):
                    element.remove(child)
                element.append(strong)
                element.tag = "p"
                element.attrib.clear()


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "nianbao_safe_links", 0)
        md.treeprocessors.register(_NoHeadings(md), "nianbao_no_headings", 1)


# A "[" that does not open a complete link on its line: "[text](target)" or "[text]" not
# followed by "(" (a reference). Python-Markdown looks for the end of every "[" it meets,
# to the end of the text: 5,000 unmatched ones took 12 s, so they are escaped first.
_STRAY_BRACKET = re.compile(
    r"""(?<!\\)\[(?![^\[\]\n]{0,500}\](?:\((?:[^()\s]|\([^()\s]{0,500}\)){0,2000}(?:\s+(?:"[^"\n]{0,500}"|'[^'\n]{0,500}'))?\)|(?!\()))"""
)


def escape_stray_brackets(text: str) -> str:
    """``text`` with every "[" that cannot start a link written as ``\\[`` (shown as "[")."""
    return _STRAY_BRACKET.sub(r"\\[", text) if "[" in text else text


#: Stands for a stray "[" while Markdown converts the text, and is turned back after. Not a
#: backslash escape: Python-Markdown rebuilds the whole text once per escape it replaces
#: (20,000 escapes took 5 s). A private-use character, which no report text needs (a text
#: that has one is escaped instead: correct, only slower).
_STAND_IN = "\ue05b"


class NarrativeRenderer:
    """One reusable Markdown converter (building one per call is the slow part)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")

    def render(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._md.reset()
        set_aside = "[" in text and _STAND_IN not in text
        html = self._md.convert(_STRAY_BRACKET.sub(_STAND_IN, text) if set_aside else escape_stray_brackets(text))
        if set_aside:
            html = html.replace(_STAND_IN, "[")
        # Blank lines end a raw HTML block when this is embedded in a Markdown page.
        return Markup(re.sub(r"\n\s*\n", "\n", html))
