"""Small evidence files for the demo, made in code: a one-page PDF and a PNG bar chart.

Real enough for a browser, a PDF reader and content sniffing (`filetype`) to recognise, and
small enough to make on every load without a PDF or imaging library.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence


def _pdf_text(text: str) -> str:
    """Text as a PDF string literal's contents (Latin-1 only, brackets escaped)."""
    plain = text.encode("latin-1", "replace").decode("latin-1")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def one_page_pdf(*, title: str, lines: Sequence[str]) -> bytes:
    """A one-page A4 PDF with a title and lines of text in Helvetica."""
    commands = ["BT", "/F1 16 Tf", "56 780 Td", f"({_pdf_text(title)}) Tj", "/F1 11 Tf"]
    commands.append("0 -28 Td")
    for line in lines:
        commands.append(f"({_pdf_text(line)}) Tj")
        commands.append("0 -16 Td")
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (" + _pdf_text(title).encode("latin-1") + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bar_chart_png(
    values: Sequence[float], *, line: float | None = None, height: int = 120, bar: int = 10
) -> bytes:
    """A PNG bar chart of `values` (0 to 100), GOV.UK blue bars on white, with an optional
    black line across at `line` (a target)."""
    gap = 4
    width = gap + len(values) * (bar + gap)
    white, blue, black = (255, 255, 255), (29, 112, 184), (11, 12, 12)
    rows = []
    line_y = None if line is None else height - 1 - round(line / 100 * (height - 1))
    for y in range(height):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            colour = white
            index, offset = divmod(x - gap, bar + gap)
            if x >= gap and offset < bar and index < len(values):
                top = height - 1 - round(max(0.0, min(100.0, values[index])) / 100 * (height - 1))
                if y >= top:
                    colour = blue
            if y == line_y:
                colour = black
            row += bytes(colour)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )
