"""A small PDF writer for tests: text placed anywhere (Chinese included, through a
Type0 font whose ToUnicode map says which character each glyph is), ruling lines and
ruled cells — enough to lay out a report as Word, WPS or a browser exports it, with the
defects real files have (vertical labels, labels broken over lines, Kangxi radicals in the
text layer, tables crossing pages, no rules at all, no text layer)."""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 595, 842


@dataclass
class Page:
    texts: list[tuple[float, float, float, str]] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)

    def text(self, x: float, top: float, text: str, size: float = 12) -> None:
        """``text`` with its top-left corner at (x, top), measured from the page's top."""
        self.texts.append((x, top, size, text))

    def line(self, x0: float, top0: float, x1: float, top1: float) -> None:
        self.lines.append((x0, top0, x1, top1))

    def cell(self, x0: float, top: float, x1: float, bottom: float, text: str = "", size: float = 10) -> None:
        """A ruled rectangle with its text, one line per ``\\n``, centred vertically."""
        for edge in ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)):
            self.line(*edge)
        rows = text.split("\n") if text else []
        start = top + (bottom - top - len(rows) * size * 1.2) / 2
        for index, row in enumerate(rows):
            self.text(x0 + 3, start + index * size * 1.2, row, size)


@dataclass
class PdfMaker:
    pages: list[Page] = field(default_factory=list)
    title: str | None = None
    mapped: bool = True
    """False: the font has no ToUnicode map (a reader gets glyph numbers, not characters)."""

    def page(self) -> Page:
        self.pages.append(Page())
        return self.pages[-1]

    def bytes(self) -> bytes:
        chars = sorted({c for page in self.pages for *_, text in page.texts for c in text})
        cid = {c: index + 1 for index, c in enumerate(chars)}
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        def stream(data: bytes, extra: bytes = b"") -> bytes:
            return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)

        catalog = add(b"")
        pages = add(b"")
        widths = b" ".join(b"%d [%d]" % (cid[c], 500 if ord(c) < 128 else 1000) for c in chars)
        descriptor = add(
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] /ItalicAngle 0"
            b" /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>"
        )
        cidfont = add(
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe)"
            b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [%s] >>" % (descriptor, widths)
        )
        tounicode = add(stream(_cmap(cid)))
        mapping = b" /ToUnicode %d 0 R" % tounicode if self.mapped else b""
        font = add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
            b" /DescendantFonts [%d 0 R]%s >>" % (cidfont, mapping)
        )
        kids = []
        for page in self.pages:
            content = add(stream(_content(page, cid)))
            kids.append(
                add(
                    b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >>"
                    b" /Contents %d 0 R >>" % (pages, PAGE_WIDTH, PAGE_HEIGHT, font, content)
                )
            )
        objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
        refs = b" ".join(b"%d 0 R" % k for k in kids)
        objects[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
        info = add(b"<< /Title <%s> /CreationDate (D:20240115093000) >>" % _utf16(self.title or ""))
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            catalog,
            info,
            xref,
        )
        return bytes(out)


def _utf16(text: str) -> bytes:
    return (b"\xfe\xff" + text.encode("utf-16-be")).hex().encode() if text else b""


def _cmap(cid: dict[str, int]) -> bytes:
    entries = sorted(cid.items(), key=lambda item: item[1])
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [b"<%04X> <%s>" % (number, char.encode("utf-16-be").hex().upper().encode()) for char, number in chunk]
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)


def _content(page: Page, cid: dict[str, int]) -> bytes:
    out = [b"0.5 w"]
    for x0, top0, x1, top1 in page.lines:
        out.append(b"%.2f %.2f m %.2f %.2f l S" % (x0, PAGE_HEIGHT - top0, x1, PAGE_HEIGHT - top1))
    for x, top, size, text in page.texts:
        glyphs = "".join(f"{cid[c]:04X}" for c in text).encode()
        baseline = PAGE_HEIGHT - top - size * 0.86
        out.append(b"BT /F1 %.1f Tf %.2f %.2f Td <%s> Tj ET" % (size, x, baseline, glyphs))
    return b"\n".join(out)
