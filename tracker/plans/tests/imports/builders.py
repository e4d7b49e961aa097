"""Plan documents built in the tests: the seed plan as a Word document, spreadsheets and
malformed files.

`seed_plan_docx()` writes the Solihull 2020 action plan (the seed document, as the demo data holds
it) the way the council laid it out: an introduction with the judgements table, then for each
recommendation a heading "Ofsted recommendation N", the recommendation's words, an Action / Who /
Progress table with "Who" as printed, and an "Expected Outcomes" bullet list. The seed's own
quirks are kept: recommendation 6 has no words under its heading, two headers carry stray spaces,
recommendation 1's outcomes are broken by a repeated "Expected Outcomes" heading (a page break),
and cells with two owners or two updates hold them as separate paragraphs.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence

import docx
import openpyxl

from tracker.plans.demo import ilacs_2019


def _fill(cell, text: str) -> None:
    """Write text into a table cell, a paragraph per line, as Word keeps them."""
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SEED_HEADERS = {4: ("Action", "Who", "Progress "), 6: ("Action", "Who ", "Progress")}


def seed_plan_docx(sections: Sequence[ilacs_2019.SectionRow] = ilacs_2019.SECTIONS) -> bytes:
    """The seed plan as a Word document, generated from the demo data's structures."""
    document = docx.Document()
    document.core_properties.title = "Ofsted ILACS action plan"
    document.add_heading("Solihull Children’s Services: Ofsted ILACS action plan", level=0)
    document.add_heading("Introduction", level=1)
    introduction = ilacs_2019.INTRODUCTION.split("\n\n")
    for paragraph in introduction[:2]:
        document.add_paragraph(paragraph)
    judgements = [line.rsplit(": ", 1) for line in introduction[2].split("\n")]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for area, grade in judgements:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = area, grade
    for paragraph in introduction[3:]:
        document.add_paragraph(paragraph)
    document.add_page_break()

    for section in sections:
        document.add_heading(f"Ofsted recommendation {section.number}", level=2)
        if section.number != 6:  # the seed prints no words under recommendation 6
            document.add_paragraph(section.title)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        headers = SEED_HEADERS.get(section.number, ("Action", "Who", "Progress"))
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
        for action in section.actions:
            cells = table.add_row().cells
            _fill(cells[0], action.description)
            _fill(cells[1], "\n\n".join(action.who))
            _fill(cells[2], action.progress)
        document.add_paragraph("")
        document.add_heading("Expected Outcomes", level=3)
        for index, outcome in enumerate(section.expected_outcomes):
            if section.number == 1 and index == 4:
                document.add_heading("Expected Outcomes", level=3)  # the seed's page break
            document.add_paragraph(outcome, style="List Bullet")
    return _docx_bytes(document)


def word_plan_docx(
    *,
    headings_and_tables: Iterable[tuple[str, Sequence[Sequence[str]], Sequence[str]]],
    before: Sequence[str] = (),
) -> bytes:
    """A small Word plan: (heading, table rows including the header, outcomes) per section."""
    document = docx.Document()
    for paragraph in before:
        document.add_paragraph(paragraph)
    for heading, rows, outcomes in headings_and_tables:
        if heading:
            document.add_heading(heading, level=2)
        if rows:
            table = document.add_table(rows=0, cols=max(len(row) for row in rows))
            for row in rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    _fill(cell, text)
        if outcomes:
            document.add_paragraph("Expected outcomes")
            for outcome in outcomes:
                document.add_paragraph(outcome, style="List Bullet")
    return _docx_bytes(document)


def xlsx_bytes(rows: Sequence[Sequence[object]], *, sheets: dict[str, Sequence] | None = None):
    """An .xlsx workbook whose first sheet holds `rows` (and any more `sheets`)."""
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Action plan"
    for row in rows:
        sheet.append(list(row))
    for name, more_rows in (sheets or {}).items():
        extra = book.create_sheet(name)
        for row in more_rows:
            extra.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def zip_bomb(*, entry: str, size: int) -> bytes:
    """A small .docx-shaped zip whose one entry inflates to `size` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"\0" * (1024 * 1024)
        with zf.open(entry, "w", force_zip64=True) as part:
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(b"\0" * (size % len(chunk)))
    return buffer.getvalue()
