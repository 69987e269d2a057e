"""The one shape every published report is read into: paragraphs and tables in reading
order, plus what the page says about itself (:mod:`nianbao.importing.documents` reads each
kind of file into it; the PDF reader, :mod:`nianbao.importing.pdf`, too)."""

from __future__ import annotations

from dataclasses import dataclass, field

HEADING = "heading"
TEXT = "text"


@dataclass
class Paragraph:
    text: str
    kind: str = TEXT
    """``heading`` when the source marked it as one (an HTML h1–h6, a Word heading style)."""


@dataclass
class Table:
    rows: list[list[str]]


@dataclass
class Document:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    dates: list[str] = field(default_factory=list)
    """Publication dates the file states about itself (meta tags, a source line), best first."""
    publisher: str | None = None
    created: str | None = None
    """The file's own creation date (PDF properties): a hint for staff, never the publication date."""


class UnreadableSource(Exception):
    """The file cannot be read as a report at all; the message says why, in Chinese."""
