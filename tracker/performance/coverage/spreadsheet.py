"""The coverage workbook (openpyxl): a "Gaps" sheet and a "Traceability" sheet. Built from a
`PlanCoverage` alone, never from the database.

Written the house way (`tracker/reporting/documents/spreadsheet.py`, which this layer may not
import): text is always text, never a formula; characters a spreadsheet cannot hold are
dropped; dates in UK style; a bold, frozen header row with a filter.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from tracker.core.formatting import format_date
from tracker.performance.coverage.rules import GapKind
from tracker.performance.coverage.selectors import (
    ActionNode,
    MeasureNode,
    PlanCoverage,
    SectionNode,
)

if TYPE_CHECKING:
    # openpyxl (with NumPy, about 0.3 s of CPU) is imported only when the workbook is built,
    # so that starting a command or a web worker does not pay for it.
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | Decimal | datetime.date | None

UK_DATE_FORMAT = "d mmmm yyyy"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

GAP_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Gap", 36),
    ("Reference", 24),
    ("What", 70),
    ("What it means", 70),
    ("Where to fix it", 50),
)
TRACE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Recommendation", 40),
    ("Section", 36),
    ("Action", 50),
    ("Status", 20),
    ("Evidence and audit findings", 50),
    ("Expected outcomes", 50),
    ("Measures: latest value, target, RAG", 60),
    ("Audits", 40),
    ("Gaps", 40),
)


@cache
def _styles() -> tuple[Alignment, Font]:
    """The wrapped, top-aligned cell alignment and the bold header font (made once)."""
    from openpyxl.styles import Alignment, Font

    return Alignment(wrap_text=True, vertical="top"), Font(bold=True)


def _write_cell(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = _NOT_XML.sub("", value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = UK_DATE_FORMAT
    else:
        cell.value = value
    cell.alignment = _styles()[0]


def _write_table(
    sheet: Worksheet, columns: tuple[tuple[str, int], ...], rows: list[tuple[Cell, ...]]
) -> None:
    from openpyxl.utils import get_column_letter

    for column, (header, width) in enumerate(columns, start=1):
        _write_cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = _styles()[1]
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _write_cell(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _labels(kinds: list[str]) -> str:
    return "\n".join(str(GapKind(kind).label) for kind in kinds)


def _measure_line(measure: MeasureNode) -> str:
    if measure.latest is None:
        reading = "no value yet"
    else:
        target = (
            f"target {measure.latest.target}"
            if measure.latest.target is not None
            else ("no target")
        )
        reading = (
            f"{measure.latest.period_label}: {measure.latest.value}, {target}, "
            f"{measure.latest.rag_word}"
        )
    retired = " (retired)" if not measure.is_in_use else ""
    return f"{measure.reference} {measure.name}{retired}: {reading}"


def _section_rows(
    recommendation: str, section: SectionNode, actions: list[ActionNode]
) -> list[tuple[Cell, ...]]:
    outcomes = "\n".join(
        f"{o.text}" + (f" [{_labels(o.gaps)}]" if o.gaps else "") for o in section.outcomes
    )
    measure_nodes = {m.id: m for o in section.outcomes for m in o.measures}
    measure_nodes.update({m.id: m for m in section.measures})
    measures = "\n".join(
        _measure_line(m) + (f" [{_labels(m.gaps)}]" if m.gaps else "")
        for m in sorted(measure_nodes.values(), key=lambda m: m.reference)
    )
    audits = "\n".join(f"{a.title} ({format_date(a.carried_out_on)})" for a in section.audits)
    label = f"{section.number}. {section.title}"
    if not actions:
        return [(recommendation, label, "No actions", "", "", outcomes, measures, audits, "")]
    rows: list[tuple[Cell, ...]] = []
    for action in actions:
        backing = [f"Evidence: {e.title}" for e in action.evidence] + [
            f"Finding {f.number} of {f.audit_title}" for f in action.findings
        ]
        rows.append(
            (
                recommendation,
                label,
                f"{action.reference} {action.description}",
                action.status_label,
                "\n".join(backing),
                outcomes,
                measures,
                audits,
                _labels(action.gaps),
            )
        )
    return rows


def coverage_rows(coverage: PlanCoverage) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    """The rows of the Gaps sheet and of the Traceability sheet (one row per recommendation,
    section and action; a section with no actions, and a recommendation nothing lists, get a
    row of their own)."""
    gaps: list[tuple[Cell, ...]] = [
        (
            gap.kind_label,
            gap.reference,
            gap.text,
            GapKind(gap.kind).explanation,
            gap.fix_label,
        )
        for gap in coverage.gaps
    ]
    trace: list[tuple[Cell, ...]] = []
    for recommendation in coverage.recommendations:
        label = f"{recommendation.reference}: {recommendation.text}"
        if recommendation.gaps:
            label += f" [{_labels(recommendation.gaps)}]"
        if not recommendation.sections and not recommendation.linked_actions:
            trace.append((label, "No section", "", "", "", "", "", "", ""))
        for section in recommendation.sections:
            trace += _section_rows(label, section, section.actions)
        for action in recommendation.linked_actions:
            section = next(s for s in coverage.sections if s.id == action.section_id)
            trace += _section_rows(label, section, [action])
    for section in coverage.unlinked_sections:
        trace += _section_rows("Not linked to a recommendation", section, section.actions)
    return gaps, trace


def build_coverage_workbook(coverage: PlanCoverage) -> bytes:
    """The plan's coverage as a workbook: the gaps, then the traceability table."""
    from openpyxl import Workbook

    gap_rows, trace_rows = coverage_rows(coverage)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = "Gaps"
    _write_table(sheet, GAP_COLUMNS, gap_rows)
    _write_table(workbook.create_sheet("Traceability"), TRACE_COLUMNS, trace_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
