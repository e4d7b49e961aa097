"""Excel workbooks of the plan and of the risk register (openpyxl). Builders never query.

The tables are built once (`plan_table`, `risk_register_table`) and written both here and as
CSV (`csv_export`), so the two files always have the same columns and rows.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from tracker.reporting.documents.data import (
    BoardPaperData,
    ChangeLine,
    CountRow,
    CoverageSummary,
    PlanRows,
    RiskLine,
)
from tracker.reporting.documents.outline import section_label, source_sentence

if TYPE_CHECKING:
    # openpyxl (with NumPy, about 0.3 s of CPU) is imported only when a workbook is built, so
    # that starting a command or a web worker does not pay for it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | datetime.date | None

UK_DATE_FORMAT = "d mmmm yyyy"
# Text that a spreadsheet could take for a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Characters a spreadsheet's XML cannot hold: control characters such as the vertical tab
# Word pastes in. openpyxl refuses them (IllegalCharacterError), so every text cell, in Excel
# and in CSV alike, is written without them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def safe_text(text: str) -> str:
    """The text without characters a spreadsheet cannot hold."""
    return _NOT_XML.sub("", text)


def has_unsafe_text(text: str) -> bool:
    """Whether the text holds a character `safe_text` would take out."""
    return _NOT_XML.search(text) is not None


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


@dataclass(frozen=True)
class Table:
    """A header row, the rows beneath it, and each column's width in characters."""

    headers: tuple[str, ...]
    widths: tuple[int, ...]
    rows: list[tuple[Cell, ...]]


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


# The plan ---------------------------------------------------------------------------------------

PLAN_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Section", 30),
    ("Reference", 11),
    ("Action", 60),
    ("Who", 30),
    ("Due", 16),
    ("Original due", 16),
    ("Status", 16),
    ("BRAG", 11),
    ("Overdue", 10),
    ("Latest progress date", 18),
    ("Latest progress", 70),
    ("Recommendations answered", 70),
    # Added after the first columns, so that readers of the columns by position still work.
    ("Priority area", 30),
    ("Recommendations issued by", 40),
)


def plan_table(data: BoardPaperData | PlanRows) -> Table:
    """One row per action, in the plan's order, with the recommendations each answers
    (numbered and verbatim, one a line), its section's priority area and who issued the
    recommendations' sources."""
    rows: list[tuple[Cell, ...]] = []
    for section in data.appendix:
        label = section_label(section.number, section.title)
        for action in section.actions:
            who = "; ".join(action.who)
            if action.owner_note:
                who = f"{who} ({action.owner_note})" if who else action.owner_note
            rows.append(
                (
                    label,
                    action.reference,
                    action.description,
                    who,
                    action.due_on,
                    action.original_due_on if action.is_rebaselined else None,
                    action.status_label,
                    action.brag_word,
                    _yes_no(action.is_overdue),
                    action.progress_on,
                    action.progress,
                    "\n".join(action.recommendations),
                    section.priority_area,
                    action.issued_by,
                )
            )
    return Table(
        headers=tuple(h for h, _ in PLAN_COLUMNS),
        widths=tuple(w for _, w in PLAN_COLUMNS),
        rows=rows,
    )


def summary_headers(row: CountRow) -> tuple[str, ...]:
    return (
        "Plan, section or theme",
        "Actions",
        *(label for label, _ in row.by_status),
        *(label for _, label, _ in row.by_brag),
        "Complete",
        "Per cent complete",
        "Overdue",
    )


def summary_cells(row: CountRow) -> tuple[Cell, ...]:
    return (
        row.label,
        row.total,
        *(count for _, count in row.by_status),
        *(count for _, _, count in row.by_brag),
        row.complete,
        row.percent_complete,
        row.overdue,
    )


_CHANGE_KINDS = (
    ("status_changes", "Status changed"),
    ("brag_changes", "BRAG changed"),
    ("new_actions", "New action"),
    ("completed_actions", "Completed"),
    ("rebaselined", "Due date moved"),
    ("removed_actions", "Removed"),
)


def changes_table(data: BoardPaperData) -> Table:
    rows: list[tuple[Cell, ...]] = []
    changes = data.changes
    if changes is not None:
        for attribute, kind in _CHANGE_KINDS:
            lines: Sequence[ChangeLine] = getattr(changes, attribute)
            rows.extend(
                (kind, line.reference, line.description, line.before, line.after, line.note)
                for line in lines
            )
        risks: Iterable[tuple[str, RiskLine]] = [
            *(("New risk", line) for line in changes.new_risks),
            *(("Risk score changed", line) for line in changes.risk_score_changes),
        ]
        rows.extend((kind, r.reference, r.title, r.before, r.after, "") for kind, r in risks)
    return Table(
        headers=("Change", "Reference", "Action or risk", "Before", "After", "Note"),
        widths=(20, 11, 60, 25, 25, 40),
        rows=rows,
    )


def highlight_table(data: BoardPaperData) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for report in data.highlight_reports:
        parts: list[tuple[str, str]] = [
            *report.narrative,
            *(("Achievement", line) for line in report.achievements),
            *(("Key update", line) for line in report.key_updates),
            *(("Exception", line) for line in report.exceptions),
            *(("Risk", line) for line in report.risks),
        ]
        rows.extend(
            (report.theme, report.kind_label, report.lead, report.period_end, heading, text)
            for heading, text in parts
        )
    return Table(
        headers=("Theme", "Report", "Thematic lead", "Period end", "Part", "Text"),
        widths=(25, 18, 25, 16, 25, 80),
        rows=rows,
    )


# The risk register ------------------------------------------------------------------------------


class RiskRowLike(Protocol):
    """What the register needs of `tracker.governance.selectors.RiskRow`."""

    @property
    def risk(self) -> object: ...
    @property
    def owner(self) -> str: ...
    @property
    def inherent_score(self) -> int: ...
    @property
    def residual_score(self) -> int: ...
    @property
    def rating_label(self) -> str: ...
    @property
    def is_review_overdue(self) -> bool: ...
    @property
    def mitigations(self) -> list[str]: ...


RISK_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Reference", 11),
    ("Risk", 45),
    ("Cause", 40),
    ("Consequence", 40),
    ("Owner", 25),
    ("Inherent likelihood", 11),
    ("Inherent impact", 11),
    ("Inherent score", 11),
    ("Residual likelihood", 11),
    ("Residual impact", 11),
    ("Residual score", 11),
    ("Residual rating", 14),
    ("Mitigating actions", 25),
    ("Review date", 16),
    ("Review overdue", 10),
    ("Status", 10),
)


def risk_register_table(rows: Iterable[RiskRowLike]) -> Table:
    """One row per risk, in the register page's order."""
    cells: list[tuple[Cell, ...]] = []
    for row in rows:
        risk = row.risk
        cells.append(
            (
                str(getattr(risk, "reference", "")),
                str(getattr(risk, "title", "")),
                str(getattr(risk, "cause", "")),
                str(getattr(risk, "consequence", "")),
                row.owner,
                int(getattr(risk, "inherent_likelihood", 0)),
                int(getattr(risk, "inherent_impact", 0)),
                row.inherent_score,
                int(getattr(risk, "residual_likelihood", 0)),
                int(getattr(risk, "residual_impact", 0)),
                row.residual_score,
                row.rating_label,
                "; ".join(row.mitigations),
                getattr(risk, "review_on", None),
                _yes_no(row.is_review_overdue),
                str(getattr(risk, "get_status_display", lambda: "")()),
            )
        )
    return Table(
        headers=tuple(h for h, _ in RISK_COLUMNS),
        widths=tuple(w for _, w in RISK_COLUMNS),
        rows=cells,
    )


# Writing ----------------------------------------------------------------------------------------


@cache
def _styles() -> tuple[Alignment, Font]:
    """The wrapped, top-aligned cell alignment and the bold header font (made once)."""
    from openpyxl.styles import Alignment, Font

    return Alignment(wrap_text=True, vertical="top"), Font(bold=True)


def _bold() -> Font:
    return _styles()[1]


def _write_cell(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    wrap = _styles()[0]
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = safe_text(value)
        cell.value = value
        # Always text, never a formula; Excel's own "quote prefix" keeps it so when edited.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
        cell.alignment = wrap
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = UK_DATE_FORMAT
        cell.alignment = wrap
    else:
        cell.value = value
        cell.alignment = wrap


def write_table(sheet: Worksheet, table: Table, *, first_row: int = 1) -> None:
    """The header row (bold, frozen, with a filter) and the rows, with column widths."""
    from openpyxl.utils import get_column_letter

    for column, header in enumerate(table.headers, start=1):
        _write_cell(sheet, first_row, column, header)
        sheet.cell(row=first_row, column=column).font = _bold()
    for offset, values in enumerate(table.rows, start=1):
        for column, value in enumerate(values, start=1):
            _write_cell(sheet, first_row + offset, column, value)
    for column, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = get_column_letter(len(table.headers))
    sheet.freeze_panes = f"A{first_row + 1}"
    sheet.auto_filter.ref = f"A{first_row}:{last}{first_row + len(table.rows)}"


def _summary_sheet(sheet: Worksheet, data: BoardPaperData) -> None:
    from openpyxl.utils import get_column_letter

    lines: list[tuple[str, Cell]] = [
        ("Report", data.title),
        ("Local authority", data.local_authority),
        ("Plan", data.plan_title),
        ("Meeting", data.meeting or "None"),
        ("The plan as it stood on", data.as_of),
        *(("Answers", source_sentence(source)) for source in data.sources),
    ]
    for number, (label, value) in enumerate(lines, start=1):
        _write_cell(sheet, number, 1, label)
        sheet.cell(row=number, column=1).font = _bold()
        _write_cell(sheet, number, 2, value)
    start = len(lines) + 2
    headers = summary_headers(data.plan_summary)
    blocks: list[tuple[str, Sequence[CountRow]]] = [
        ("", (data.plan_summary,)),
        ("By section", data.section_rows),
        ("By theme", data.theme_rows),
    ]
    row_number = start
    for column, header in enumerate(headers, start=1):
        _write_cell(sheet, row_number, column, header)
        sheet.cell(row=row_number, column=column).font = _bold()
    for heading, rows in blocks:
        if not rows:
            continue
        if heading:
            row_number += 1
            _write_cell(sheet, row_number, 1, heading)
            sheet.cell(row=row_number, column=1).font = _bold()
        for count_row in rows:
            row_number += 1
            for column, value in enumerate(summary_cells(count_row), start=1):
                _write_cell(sheet, row_number, column, value)
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 20
    for column in range(3, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    sheet.freeze_panes = f"B{start + 1}"


def scorecard_table(data: BoardPaperData) -> Table:
    """One row per measure of the plan: latest value, target, RAG in words, trend, England."""
    return Table(
        headers=(
            "Reference",
            "Measure",
            "Which direction is better",
            "Period",
            "Latest value",
            "Target",
            "RAG",
            "Trend",
            "England average",
        ),
        widths=(12, 45, 20, 22, 16, 12, 11, 30, 16),
        rows=[
            (
                m.reference,
                m.name,
                m.direction,
                m.latest_period,
                m.latest_value,
                m.target,
                m.rag_word,
                m.trend,
                m.england,
            )
            for m in data.scorecard
        ],
    )


def coverage_tables(coverage: CoverageSummary) -> tuple[Table, Table]:
    """The gap totals by kind, and the open gaps."""
    totals = Table(
        headers=("Kind of gap", "Gaps", "Of", "Per cent"),
        widths=(45, 10, 10, 10),
        rows=[(kind, count, of, percent) for kind, count, of, percent in coverage.totals],
    )
    gaps = Table(
        headers=("Kind of gap", "Concerns"),
        widths=(45, 90),
        rows=[(gap.kind, gap.text) for gap in coverage.gaps],
    )
    return totals, gaps


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_plan_workbook(data: BoardPaperData, *, with_changes: bool = True) -> bytes:
    """The plan as a workbook: Summary, Plan, Changes (unless `with_changes` is false: the
    direct download of the plan as it stands), Highlight reports if any, and for a board
    paper its Scorecard (if any measures) and Coverage (totals, and the open gaps)."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # noqa: S101 - a new workbook always has a sheet
    summary.title = "Summary"
    _summary_sheet(summary, data)
    write_table(workbook.create_sheet("Plan"), plan_table(data))
    if with_changes:
        changes = workbook.create_sheet("Changes")
        if data.changes is None:
            _write_cell(changes, 1, 1, "There is no earlier meeting to compare with.")
            changes.column_dimensions["A"].width = 60
        else:
            write_table(changes, changes_table(data))
    if data.highlight_reports:
        write_table(workbook.create_sheet("Highlight reports"), highlight_table(data))
    if data.scorecard:
        write_table(workbook.create_sheet("Scorecard"), scorecard_table(data))
    if data.coverage is not None:
        totals, gaps = coverage_tables(data.coverage)
        write_table(workbook.create_sheet("Coverage"), totals)
        write_table(workbook.create_sheet("Open gaps"), gaps)
    return _save(workbook)


def build_risk_register_workbook(rows: Iterable[RiskRowLike]) -> bytes:
    """The risk register as a workbook of one sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = "Risk register"
    write_table(sheet, risk_register_table(rows))
    return _save(workbook)
