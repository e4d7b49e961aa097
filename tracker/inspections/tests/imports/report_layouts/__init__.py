"""Small PDFs laid out as Ofsted's published reports are, drawn with WeasyPrint from HTML.

Every line break that matters to the importer is written as `<br>` (and nothing else wraps), so
the PDFs break their lines the same way whatever fonts the machine has. Lists are set with a
hanging indent, as Ofsted's are: the bullet or number sits left of the text that wraps under it.
Pages after the first carry the running title as a header and the inspection dates and the page
number as a footer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from html import escape

PAGE_BREAK = '<div class="page-break"></div>'

_CSS = """
@page { size: A4; margin: 22mm 20mm 22mm 25mm; }
@page :first { @top-left { content: none; } @bottom-left { content: none; }
  @bottom-right { content: none; } }
body { font: 11pt "Liberation Sans", Arial, Helvetica, sans-serif; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 10pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; }
h1, h2, p, li, td, .lines { white-space: nowrap; }
p, .lines { margin: 0 0 8pt; }
table { border-collapse: collapse; margin: 0 0 10pt; }
td, th { border: 0.5pt solid #000; padding: 3pt 5pt; text-align: left; vertical-align: top; }
ul.bullets { list-style: none; margin: 0 0 8pt; padding: 0; }
ul.bullets li { margin: 0 0 4pt; padding-left: 16pt; text-indent: -16pt; }
ul.bullets li.continued { text-indent: 0; }
.numbered { margin: 0 0 6pt; padding-left: 30pt; white-space: nowrap; }
.marker { display: inline-block; width: 30pt; margin-left: -30pt; }
.page-break { break-before: page; }
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _joined(lines: Iterable[str]) -> str:
    return "<br>".join(escape(line, quote=False) for line in lines)


def lines(*rows: str) -> str:
    """A block of text broken into exactly these lines."""
    return f'<div class="lines">{_joined(rows)}</div>'


def heading(text: str, *, level: int = 2) -> str:
    return f"<h{level}>{escape(text, quote=False)}</h{level}>"


def title(*rows: str) -> str:
    """The report's title, over as many lines as given."""
    return f"<h1>{_joined(rows)}</h1>"


def judgement_table(rows: Sequence[tuple[Sequence[str], str]], *, header: bool = True) -> str:
    """The judgement table: each row's label (over the lines given) beside its grade, under a
    "Judgement Grade" header (ILACS) or none (SIF)."""
    body = "".join(
        f"<tr><td>{_joined(label)}</td><td>{escape(grade, quote=False)}</td></tr>"
        for label, grade in rows
    )
    top = "<tr><th>Judgement</th><th>Grade</th></tr>" if header else ""
    return f"<table>{top}{body}</table>"


def bullets(items: Sequence[Sequence[str]]) -> str:
    """A "◼" list; each item over the lines given, wrapped lines indented under the text."""
    return (
        '<ul class="bullets">' + "".join(f"<li>◼ {_joined(item)}</li>" for item in items) + "</ul>"
    )


def bullet_continued(rows: Sequence[str]) -> str:
    """The rest of an item that ran over the page: its lines, indented under the text."""
    return f'<ul class="bullets"><li class="continued">{_joined(rows)}</li></ul>'


def numbered(items: Sequence[tuple[int, Sequence[str]]]) -> str:
    """Numbered paragraphs; wrapped lines indented under the text, not under the number."""
    return "".join(
        f'<div class="numbered"><span class="marker">{number}.</span>{_joined(rows)}</div>'
        for number, rows in items
    )


def render(parts: Sequence[str], *, running_title: str = "", footer_dates: str = "") -> bytes:
    """A PDF of these parts of HTML, with the running header and footer on pages after the
    first."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    furniture = ""
    if running_title or footer_dates:
        furniture = (
            "@page { @top-left { content: "
            + _css_string(running_title)
            + "; font-size: 9pt; } @bottom-left { content: "
            + _css_string(footer_dates)
            + "; font-size: 9pt; } @bottom-right { content: counter(page); font-size: 9pt; } }"
        )
    html = (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><style>'
        + _CSS
        + furniture
        + "</style></head><body>"
        + "".join(parts)
        + "</body></html>"
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
