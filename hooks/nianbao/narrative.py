"""Narrative Markdown from the data files → HTML that cannot carry markup or script.

Raw HTML is switched off in the parser (so ``<script>`` is printed as text, escaped by the
serializer), links keep only http(s), mailto and relative targets, and images become their
alt text: a picture from another site would be a third-party request.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_SAFE_HREF = re.compile(r"(https?:|mailto:|[^:/?#]*([/?#]|$))", re.I)


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
                    href = child.get("href", "")
                    # Browsers ignore control characters and spaces inside a scheme.
                    compact = re.sub(r"[\x00-\x20]", "", href)
                    if not _SAFE_HREF.match(compact) or compact.startswith("//"):
                        child.attrib.pop("href", None)
                        child.tag = "span"
                    else:
                        child.set("rel", "nofollow noopener")
                    child.attrib.pop("title", None) if child.tag == "span" else None


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "nianbao_safe_links", 0)


class NarrativeRenderer:
    """One reusable Markdown converter (building one per call is the slow part)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")

    def render(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._md.reset()
        # Headings inside a section would break the report's own outline: demote to bold.
        text = re.sub(r"^#{1,6}\s+(.+)$", r"**\1**", text, flags=re.M)
        html = self._md.convert(text)
        # Blank lines end a raw HTML block when this is embedded in a Markdown page.
        return Markup(re.sub(r"\n\s*\n", "\n", html))
