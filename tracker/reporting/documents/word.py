"""The board paper (improvement plan update report) as a Word document.

`build_word` writes the blocks of `outline.paper_outline` with python-docx; the PDF builder
renders the same blocks, so both documents say the same thing in the same order. It never
queries the database.

The Word document is built for a clerk to edit and for a screen reader to navigate: real Title
and Heading 1-3 styles (the navigation pane lists them), a caption before every table and a
header row that repeats on every page (`w:tblHeader`), rows that do not split across pages,
alternative text on both charts (`wp:docPr` `descr` and `title`), and BRAG ratings written in
words, never shown by colour alone. The appendix is a landscape section for the wide
Action / Who / Due / Progress table.

Each chart is a native Word chart: a DrawingML chart part written from the chart's numbers
by `word_charts.py`, with its values cached in the part, which Word and LibreOffice draw
(nothing is rasterised, decision 0021). A figure with nothing to chart is the message the
PDF's chart shows, as a paragraph, with the caption after it as usual.

The body (tables, paragraphs, the charts' frames and the landscape section break) is
written as WordprocessingML strings and put in the saved package as the document part's
text, never parsed (`_WordWriter._finish`): python-docx's `table.cell(i, j)` rebuilds the
whole cell grid on every call (a 500-row table took minutes), `add_row().cells` is the
slowest part of a naive build, `add_paragraph(style=name)` searches every style by name on
each call, moving parsed elements into python-docx's tree one by one took twice as long as
parsing them, and parsing them only for python-docx to write the same text back took a
quarter of the build.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from tracker.core.formatting import format_date
from tracker.reporting.documents.data import (
    BoardPaperData,
    StatementOfActionData,
    VisitPackData,
)

if TYPE_CHECKING:
    from docx.document import Document

from tracker.reporting.documents.outline import (
    UNSPLIT_ROW_CHARACTERS,
    Block,
    Cell,
    Part,
    Run,
    clean_text,
    make_cell,
    paper_outline,
    row_length,
)
from tracker.reporting.documents.pack_outline import visit_pack_outline
from tracker.reporting.documents.statement_outline import statement_outline
from tracker.reporting.documents.word_charts import word_chart

__all__ = ["build_statement_word", "build_visit_pack_word", "build_word"]

Data = BoardPaperData | VisitPackData | StatementOfActionData

# WordprocessingML ----------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
# Text widths of A4 with 2 cm margins, in twentieths of a point.
_PORTRAIT_WIDTH = 9638
_LANDSCAPE_WIDTH = 14570
_STYLES = {
    "normal": "Normal",
    "subtitle": "Subtitle",
    "lead": "Normal",
    "heading 0": "Title",
    "heading 1": "Heading 1",
    "heading 2": "Heading 2",
    "heading 3": "Heading 3",
    "caption": "Caption",
    "bullet": "List Bullet",
    "spacer": "No Spacing",
    "table": "Table Text",
}


def _runs_xml(runs: Sequence[Run]) -> str:
    out = []
    for text, bold in runs:
        properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
        pieces = text.split("\n")
        body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in pieces)
        out.append(f"<w:r>{properties}{body}</w:r>")
    return "".join(out)


class _WordWriter:
    """Writes outline blocks into a python-docx Document."""

    def __init__(self, data: Data) -> None:
        from docx import Document as new_document

        self.data = data
        self.document: Document = new_document()
        self.width = _PORTRAIT_WIDTH
        self.pending: list[str] = []
        self.shapes = 0
        self._set_up()

    def _set_up(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        document, data = self.document, self.data
        styles = document.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            styles[name].font.name = "Arial"
        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(9)
        table_text.paragraph_format.space_after = Pt(2)
        table_text.paragraph_format.line_spacing = 1.0
        # Style ids looked up once: python-docx searches every style by name on each use.
        self.style_ids = {key: styles[name].style_id for key, name in _STYLES.items()}
        # British English for spelling and grammar checks, whatever the template said.
        for lang in styles.element.iter(qn("w:lang")):
            lang.set(qn("w:val"), "en-GB")

        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        header = section.header.paragraphs[0]
        header.text = clean_text(f"{data.local_authority}: {data.plan_title}")
        header.style = styles["Header"]
        footer = section.footer.paragraphs[0]
        footer.style = styles["Footer"]
        footer._p.extend(_page_number_runs())

        properties = document.core_properties
        properties.title = clean_text(f"{data.title}: {data.plan_title}")
        properties.author = clean_text(data.local_authority)
        properties.last_modified_by = clean_text(data.local_authority)
        if isinstance(data, VisitPackData):
            properties.subject = clean_text(data.visit)
            properties.keywords = "improvement plan; monitoring visit pack"
        elif isinstance(data, StatementOfActionData):
            properties.subject = clean_text(f"The plan as it stood on {format_date(data.as_of)}")
            properties.keywords = "improvement plan; Statement of Action"
        else:
            properties.subject = clean_text(
                data.meeting or f"Position at {format_date(data.as_of)}"
            )
            properties.keywords = "improvement plan; board paper"
        properties.comments = ""
        properties.language = "en-GB"
        properties.revision = 1
        moment = data.generated_at.astimezone(datetime.UTC).replace(tzinfo=None)
        properties.created = moment
        properties.modified = moment

    # Blocks -----------------------------------------------------------------------------------

    def _paragraph_xml(self, runs: Sequence[Run], style: str, *, keep_next: bool = False) -> str:
        properties = f'<w:pStyle w:val="{self.style_ids[style]}"/>'
        if keep_next:
            properties += "<w:keepNext/>"
        return f"<w:p><w:pPr>{properties}</w:pPr>{_runs_xml(runs)}</w:p>"

    def write(self, block: Block) -> None:
        if block.kind == "heading":
            style = f"heading {block.level}"
            self._add_paragraphs([self._paragraph_xml([(block.text, False)], style)])
        elif block.kind == "paragraph":
            runs = [(block.text, block.style == "lead")]
            self._add_paragraphs([self._paragraph_xml(runs, block.style)])
        elif block.kind == "bullets":
            self._add_paragraphs(
                [self._paragraph_xml([(item, False)], "bullet") for item in block.items]
            )
        elif block.kind == "table":
            self.table(block)
        elif block.kind == "figure":
            self.figure(block)
        elif block.kind == "page_break":
            self._add_many('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def _add_paragraphs(self, paragraphs: Sequence[str]) -> None:
        self._add_many("".join(paragraphs))

    def _add_many(self, xml: str) -> None:
        """Queue WordprocessingML for the end of the body (`_finish` writes it all at once)."""
        self.pending.append(xml)

    def _cell_xml(self, cell: Cell, width: int, *, header: bool) -> str:
        shading = '<w:shd w:val="clear" w:color="auto" w:fill="E7E8E9"/>' if header else ""
        style = self.style_ids["table"]
        keep = "<w:keepNext/>" if header else ""
        body = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{_runs_xml(p)}</w:p>'
            for p in cell or (((("", False),),))
        )
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>{body}</w:tc>'

    def table(self, block: Block) -> None:
        total = sum(block.widths)
        widths = [self.width * w // total for w in block.widths]
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        header = "".join(
            self._cell_xml(make_cell(text, bold=True), width, header=True)
            for text, width in zip(block.headers, widths, strict=True)
        )
        parts = [
            self._paragraph_xml([(block.caption, False)], "caption", keep_next=True),
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f"<w:tblCaption w:val={quoteattr(block.caption)}/></w:tblPr>"
            f"<w:tblGrid>{grid}</w:tblGrid>",
            f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>",
        ]
        for row in block.rows:
            keep = "<w:cantSplit/>" if row_length(row) <= UNSPLIT_ROW_CHARACTERS else ""
            cells = "".join(
                self._cell_xml(cell, width, header=False)
                for cell, width in zip(row, widths, strict=True)
            )
            parts.append(f"<w:tr><w:trPr>{keep}</w:trPr>{cells}</w:tr>")
        # The empty paragraph after keeps the next table from joining this one.
        parts.append(f"</w:tbl>{self._paragraph_xml([], 'spacer')}")
        self._add_many("".join(parts))

    def figure(self, block: Block) -> None:
        """The figure's native chart, inline at the text's width, with its alternative text
        (`wp:docPr` `descr`, Word's "Alt Text" pane) and the caption as its title, then the
        caption. The chart part goes into the package through python-docx, so `save` writes
        it and its content type; the frame that shows it is body text."""
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part as PackagePart

        chart = word_chart(block, self.data)
        caption = self._paragraph_xml([(block.caption, False)], "caption")
        if not chart.xml:
            message = self._paragraph_xml([(f"{chart.message}.", False)], "normal", keep_next=True)
            self._add_paragraphs([message, caption])
            return
        self.shapes += 1
        part = self.document.part
        # The template has no charts, so the figures' own count names the parts.
        chart_part = PackagePart(
            PackURI(f"/word/charts/chart{self.shapes}.xml"),
            CONTENT_TYPE.DML_CHART,
            chart.xml.encode("utf-8"),
            part.package,
        )
        relationship = part.relate_to(chart_part, RELATIONSHIP_TYPE.CHART)
        self._add_many(
            f'<w:p><w:pPr><w:pStyle w:val="{self.style_ids["normal"]}"/><w:keepNext/></w:pPr>'
            '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{chart.width_emu}" cy="{chart.height_emu}"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{self.shapes}" name="Chart {self.shapes}" '
            f"descr={quoteattr(block.alt_text)} title={quoteattr(block.caption)}/>"
            f'<wp:cNvGraphicFramePr/><a:graphic xmlns:a="{_A}">'
            f'<a:graphicData uri="{_C}"><c:chart xmlns:c="{_C}" r:id="{relationship}"/>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )
        self._add_paragraphs([caption])

    def landscape(self) -> None:
        """A new landscape section, as python-docx's `add_section` makes it: the portrait
        section's properties end the last paragraph so far, and the body's own section
        properties (without their header and footer, which carry on) turn landscape."""
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.section import Section
        from docx.shared import Mm
        from lxml import etree

        properties = self.document.element.body.sectPr
        portrait = etree.tostring(properties, encoding="unicode")
        self._add_many(f"<w:p><w:pPr>{portrait}</w:pPr></w:p>")
        for reference in properties.xpath("w:headerReference|w:footerReference"):
            properties.remove(reference)
        section = Section(properties, self.document.part)
        section.start_type = WD_SECTION.NEW_PAGE
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        self.width = _LANDSCAPE_WIDTH

    def _finish(self) -> bytes:
        """The saved document, its body the queued WordprocessingML.

        python-docx saves everything but the body (styles, section, header and footer,
        properties, the charts' parts, the package); the document part is then replaced in the saved
        package by its XML with the queued body in place, as text. Parsing that text into
        python-docx's tree only for `save` to write it back cost a quarter of the build (and
        moving parsed elements in one by one twice that). Every string in the body is built
        from text `outline.clean_text` kept to characters XML can hold, escaped here; tests
        reopen every paper they build."""
        from lxml import etree

        part = self.document.part
        xml = etree.tostring(part.element, encoding="unicode")
        end = xml.rindex("<w:sectPr")
        body = _XML_DECLARATION + xml[:end] + "".join(self.pending) + xml[end:]
        self.pending.clear()
        saved = io.BytesIO()
        self.document.save(saved)
        return _replace_part(saved.getvalue(), part.partname.lstrip("/"), body.encode("utf-8"))

    def build(self, parts: Sequence[Part]) -> bytes:
        for index, part in enumerate(parts):
            if part.landscape:
                self.landscape()
            elif index:
                raise ValueError("Only the last part of the paper may be landscape")
            for block in part.blocks:
                self.write(block)
        return self._finish()


# What lxml, and so python-docx, writes before the root element of a part.
_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def _replace_part(package: bytes, name: str, content: bytes) -> bytes:
    """The package (a zip) with the part `name` holding `content`, every other part, its
    order, dates and compression as they were."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


def _page_number_runs() -> list[Any]:
    """ "Page X of Y" as Word fields, for the footer."""
    from docx.oxml import parse_xml

    def number(instruction: str) -> str:
        return f'<w:fldSimple w:instr="{instruction}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'

    paragraph = parse_xml(
        f'<w:p xmlns:w="{_W}"><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        f"{number('PAGE')}"
        '<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
        f"{number('NUMPAGES')}</w:p>"
    )
    return list(paragraph)


def build_word(data: BoardPaperData) -> bytes:
    """The improvement plan update report as .docx bytes, from data alone (no database)."""
    return _WordWriter(data).build(paper_outline(data))


def build_visit_pack_word(data: VisitPackData) -> bytes:
    """The monitoring visit pack as .docx bytes, from data alone (no database)."""
    return _WordWriter(data).build(visit_pack_outline(data))


def build_statement_word(data: StatementOfActionData) -> bytes:
    """The Statement of Action as .docx bytes, from data alone (no database)."""
    return _WordWriter(data).build(statement_outline(data))
