"""Read a plan from a Word document (.docx) laid out as councils write them.

The shape, as in the seed plan: a heading "Ofsted recommendation N", the recommendation's words,
a table whose first row names the columns Action / Who / Progress (and perhaps Due, Status or a
reference), then "Expected Outcomes" and a list. Anything before the first heading (the
introduction, the judgements table) is left out.

Reading happens in two steps: `document_blocks` turns the document into plain paragraphs and
tables of text (the only code that touches python-docx), and `plan_from_blocks` reads the plan
from those, keeping each row's place ("table 3, row 4").
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from tracker.plans.imports.common import (
    MAX_ROWS,
    ImportRefused,
    Problem,
    clean_text,
    is_outcomes_heading,
    one_line,
    open_office_zip,
    recognise_headers,
    section_heading,
    shorten,
)
from tracker.plans.imports.parsed import ParsedAction, ParsedPlan, ParsedSection

logger = logging.getLogger(__name__)

DAMAGED = "The selected Word document (.docx) is damaged and cannot be read"


@dataclass(frozen=True)
class Paragraph:
    text: str
    is_list: bool = False
    is_heading: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


def parse_word_plan(data: bytes, *, filename: str = "plan.docx") -> ParsedPlan:
    """The plan in a .docx file, with every problem found and where.

    Raises ImportRefused when the file is not a Word document, is too big or unpacks too far.
    """
    open_office_zip(data, kind="docx").close()
    title, blocks = document_blocks(data)
    return plan_from_blocks(blocks, filename=filename, title=title or _title_from(filename))


def _title_from(filename: str) -> str:
    stem = PurePath(filename).stem.replace("_", " ").replace("-", " ")
    return one_line(stem)[:250] or "Imported plan"


# python-docx -------------------------------------------------------------------------------------


def document_blocks(data: bytes) -> tuple[str, list[Block]]:
    """The document's title and its body as paragraphs and tables of text, in order."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
        title = one_line(document.core_properties.title or "")[:250]
        blocks: list[Block] = []
        rows_seen = 0

        def walk(parent: Any) -> Iterator[Block]:
            nonlocal rows_seen
            for child in parent.iterchildren():
                if child.tag == qn("w:p"):
                    yield _paragraph(DocxParagraph(child, document))
                elif child.tag == qn("w:tbl"):
                    table = DocxTable(child, document)
                    rows = []
                    for row in table.rows:
                        rows_seen += 1
                        if rows_seen > MAX_ROWS * 2:
                            raise ImportRefused(
                                f"The document has more than {MAX_ROWS:,} table rows, "
                                "so it cannot be imported"
                            )
                        rows.append(_row_texts(row))
                    yield Table(rows=tuple(rows))
                elif child.tag == qn("w:sdt"):
                    content = child.find(qn("w:sdtContent"))
                    if content is not None:
                        yield from walk(content)

        blocks.extend(walk(document.element.body))
    except ImportRefused:
        raise
    except Exception:  # python-docx and lxml raise many kinds of error on a damaged file
        logger.info("Word document could not be read", exc_info=True)
        raise ImportRefused(DAMAGED) from None
    return title, blocks


def _paragraph(paragraph: Any) -> Paragraph:
    style_name = ""
    try:
        style_name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        style_name = ""
    properties = paragraph._p.pPr
    is_numbered = properties is not None and properties.numPr is not None
    return Paragraph(
        text=clean_text(paragraph.text),
        is_list=is_numbered or "list" in style_name.casefold(),
        is_heading=style_name.casefold().startswith(("heading", "title")),
    )


def _row_texts(row: Any) -> tuple[str, ...]:
    """Each grid column's text; a cell spanning columns gives its text to the first only."""
    texts: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is previous:
            texts.append("")
            continue
        previous = cell._tc
        texts.append(clean_text("\n".join(paragraph.text for paragraph in cell.paragraphs)))
    return tuple(texts)


# Reading the plan -------------------------------------------------------------------------------


def _cell(row: Sequence[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    if index is None or index >= len(row):
        return ""
    return row[index]


def _header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[str, int]] | None:
    """The heading row among a table's first three, and the column of each field it names."""
    for index, row in enumerate(rows[:3]):
        fields = {field: column for column, field in recognise_headers(row).items()}
        if "action" in fields and ({"who", "progress"} & fields.keys()):
            return index, fields
    return None


def _heading_row(row: Sequence[str]) -> tuple[int, str] | None:
    """A row that holds only a recommendation heading, as some plans put inside the table."""
    texts = {text for text in row if text}
    if len(texts) != 1:
        return None
    return section_heading(next(iter(texts)))


class _Reader:
    def __init__(self, *, filename: str, title: str) -> None:
        self.plan = ParsedPlan(format="docx", filename=filename, title=title)
        self.section: ParsedSection | None = None
        self.mode = ""  # "title" while reading a recommendation's words, "outcomes" in a list
        self.list_seen = False
        self.tables = 0
        self.actions = 0

    def problem(self, place: str, message: str, *, is_blocking: bool = True) -> None:
        self.plan.problems.append(Problem(place, message, is_blocking))

    def start_section(self, number: int, title: str, place: str) -> None:
        self.section = ParsedSection(place=place, number=number, title=title)
        self.plan.sections.append(self.section)
        self.mode = "" if title else "title"

    def paragraph(self, block: Paragraph) -> None:
        text = block.text
        if not text:
            return
        heading = section_heading(text)
        if heading is not None:
            number, title = heading
            after = f", after table {self.tables}" if self.tables else ""
            self.start_section(number, title, f"heading ‘{shorten(text)}’{after}")
            return
        if is_outcomes_heading(text):
            if self.section is None:
                self.problem(
                    f"‘{shorten(text)}’",
                    "expected outcomes before any recommendation heading were left out",
                    is_blocking=False,
                )
                self.mode = ""
                return
            self.mode = "outcomes"
            self.list_seen = False
            return
        if self.section is None:
            return
        if self.mode == "title":
            if block.is_heading and self.section.title:
                self.mode = ""
                return
            self.section.title = one_line(f"{self.section.title} {text}")
        elif self.mode == "outcomes":
            if block.is_list:
                self.list_seen = True
                self.section.outcomes.append(one_line(text))
            elif not self.list_seen and not block.is_heading:
                self.section.outcomes.append(one_line(text))
            else:
                self.mode = ""

    def table(self, block: Table) -> None:
        self.tables += 1
        number = self.tables
        self.mode = ""
        header = _header(block.rows)
        if header is None:
            if self.section is not None:
                self.problem(
                    f"table {number}",
                    "left out: its first row does not name the columns Action, Who and Progress",
                    is_blocking=False,
                )
            return
        header_index, columns = header
        header_row = block.rows[header_index]
        for row in block.rows[:header_index]:
            heading = _heading_row(row)
            if heading is not None:
                self.start_section(*heading, f"table {number}")
        first_row = next((row for row in block.rows[header_index + 1 :] if any(row)), ())
        if self.section is None and _heading_row(first_row) is None:
            self.problem(
                f"table {number}",
                "the actions come before any recommendation heading (such as "
                "‘Ofsted recommendation 1’); add the heading above the table",
            )
            self.section = ParsedSection(place=f"table {number}", number=None, title="")
            self.plan.sections.append(self.section)
        for row_index in range(header_index + 1, len(block.rows)):
            self.row(
                block.rows[row_index], header_row, columns, f"table {number}, row {row_index + 1}"
            )

    def row(
        self, row: Sequence[str], header_row: Sequence[str], columns: dict[str, int], place: str
    ) -> None:
        if not any(row) or tuple(row) == tuple(header_row):
            return
        heading = _heading_row(row)
        if heading is not None:
            self.start_section(*heading, place)
            self.mode = ""
            return
        if self.section is None:  # pragma: no cover - table() always sets a section first
            return
        description = _cell(row, columns, "action")
        if not description:
            self.problem(place, "no action text")
            return
        self.actions += 1
        if self.actions > MAX_ROWS:
            raise ImportRefused(
                f"The document has more than {MAX_ROWS:,} actions, so it cannot be imported"
            )
        self.section.actions.append(
            ParsedAction(
                place=place,
                description=description,
                reference=one_line(_cell(row, columns, "reference")),
                who=_cell(row, columns, "who"),
                progress=_cell(row, columns, "progress"),
                status=one_line(_cell(row, columns, "status")),
                due=one_line(_cell(row, columns, "due")),
                due_place=place,
            )
        )
        outcome = _cell(row, columns, "outcome")
        if outcome:
            for line in outcome.split("\n"):
                line = one_line(line).lstrip("•·-–* ")
                if line and line not in self.section.outcomes:
                    self.section.outcomes.append(line)


def plan_from_blocks(blocks: Sequence[Block], *, filename: str, title: str) -> ParsedPlan:
    """The plan that a document's paragraphs and tables lay out, with the problems met."""
    reader = _Reader(filename=filename, title=title)
    for block in blocks:
        if isinstance(block, Table):
            reader.table(block)
        else:
            reader.paragraph(block)
    if not reader.plan.sections:
        reader.problem(
            "",
            "No recommendations or action tables were found. The importer looks for headings "
            "such as ‘Ofsted recommendation 1’, each followed by a table whose first row names "
            "the columns Action, Who and Progress",
        )
    return reader.plan
