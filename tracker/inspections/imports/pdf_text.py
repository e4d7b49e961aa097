"""The text of a PDF, page by page, read with pypdfium2, with where each line starts.

Measured on our machines: pypdfium2 reads a 50-page report in 0.06 to 0.25 s (the target is
0.5 s, `bench/README.md`); pypdf and pdfplumber are 10 to 50 times slower. PDFium is not
thread-safe, so every call into it holds one lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # PDFium's bindings are loaded only when a PDF is read, so that starting a command or a
    # web worker does not pay for them.
    import pypdfium2 as pdfium

# Ofsted's longest reports (single inspection framework, with the LSCB review) run to about 60
# pages; anything far longer is some other document, and reading it would only waste time.
MAX_PAGES = 300
# PDFium's error codes (fpdfview.h): FPDF_ERR_PASSWORD and FPDF_ERR_SECURITY.
_PASSWORD_ERRORS = {4, 5}
_LOCK = threading.Lock()

NOT_PDF = "not_pdf"
EMPTY = "empty"
ENCRYPTED = "encrypted"
UNREADABLE = "unreadable"
NO_TEXT = "no_text"
TOO_LONG = "too_long"

MESSAGES = {
    NOT_PDF: "The selected file must be a PDF",
    EMPTY: "The selected file is empty",
    ENCRYPTED: (
        "The selected file is password protected. Upload the report as published on the Ofsted "
        "website, without a password"
    ),
    UNREADABLE: (
        "The selected file could not be read: it may be damaged. Upload the report as published "
        "on the Ofsted website"
    ),
    NO_TEXT: (
        "The selected file has no text: it may be a scanned image. Upload the report as published "
        "on the Ofsted website"
    ),
    TOO_LONG: (
        f"The selected file has more than {MAX_PAGES} pages: it does not look like an Ofsted "
        "report on children's services"
    ),
}


class PdfTextError(Exception):
    """A file whose text cannot be read. `code` says why; `message` is for the officer."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = MESSAGES[code]
        super().__init__(self.message)


def looks_like_pdf(data: bytes) -> bool:
    """Whether the bytes start like a PDF (readers accept the header anywhere in the first 1 KB)."""
    return b"%PDF-" in data[:1024]


@dataclass(frozen=True)
class PageText:
    """One page's text as PDFium lays it out (lines end with CR LF, in reading order) and, for
    each of its lines as `str.splitlines` splits them, how far from the page's left edge (in
    points) its first printed character sits; None for an empty line or where PDFium cannot say.

    Where a line starts tells a list's item markers apart from its wrapped lines: in a hanging
    indent the numbers and bullets sit left of the text that wraps under them."""

    text: str
    line_lefts: tuple[float | None, ...]

    def __str__(self) -> str:
        return self.text


def pdf_pages_text(data: bytes) -> list[str]:
    """Each page's text as PDFium lays it out: lines end with CR LF, in reading order.

    Raises PdfTextError as `pdf_pages` does.
    """
    return [page.text for page in pdf_pages(data)]


def pdf_pages(data: bytes) -> list[PageText]:
    """Each page's text, with where each of its lines starts.

    Raises PdfTextError when the bytes are not a PDF, need a password, cannot be read, or have no
    text at all (a scan).
    """
    if not data:
        raise PdfTextError(EMPTY)
    if not looks_like_pdf(data):
        raise PdfTextError(NOT_PDF)
    import pypdfium2 as pdfium

    pages: list[PageText] = []
    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            code = ENCRYPTED if getattr(error, "err_code", None) in _PASSWORD_ERRORS else UNREADABLE
            raise PdfTextError(code) from None
        except Exception:  # anything else PDFium's bindings raise means the same to the officer
            raise PdfTextError(UNREADABLE) from None
        try:
            page_count = len(document)
            if page_count > MAX_PAGES:
                raise PdfTextError(TOO_LONG)
            for index in range(page_count):
                page = document[index]
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                    pages.append(PageText(text, _line_lefts(textpage, text)))
                finally:
                    textpage.close()
                    page.close()
        except PdfTextError:
            raise
        except Exception:  # a broken page tree or content stream
            raise PdfTextError(UNREADABLE) from None
        finally:
            document.close()
    if not any(page.text.strip() for page in pages):
        raise PdfTextError(NO_TEXT)
    return pages


def _line_lefts(textpage: pdfium.PdfTextPage, text: str) -> tuple[float | None, ...]:
    """The left edge of each line's first printed character. PDFium numbers the characters as
    the text it returns does (line breaks included), unless a character outside the Basic
    Multilingual Plane upsets the count: then no line's position is known."""
    lines = text.splitlines(keepends=True)
    if len(text) != textpage.count_chars():
        return tuple(None for _ in lines)
    lefts: list[float | None] = []
    offset = 0
    for line in lines:
        stripped = len(line) - len(line.lstrip())
        left = None
        if line.strip():
            box_left, _, box_right, _ = textpage.get_charbox(offset + stripped)
            left = round(box_left, 1) if box_right > box_left else None
        lefts.append(left)
        offset += len(line)
    return tuple(lefts)
