"""CSV of the plan and of the risk register: the same columns as the Excel sheets, ISO dates,
UTF-8 with a byte order mark so Excel reads the pound sign and accents. Builders never query."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence

from tracker.reporting.documents.data import BoardPaperData, PlanRows
from tracker.reporting.documents.spreadsheet import (
    FORMULA_STARTS,
    Cell,
    RiskRowLike,
    Table,
    has_unsafe_text,
    is_formula_like,
    plan_table,
    risk_register_table,
    safe_text,
)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        # As in the workbook: no control characters; and a leading apostrophe stops a
        # spreadsheet running the cell as a formula.
        value = safe_text(value)
        return f"'{value}" if is_formula_like(value) else value
    return str(value)


def _written(rows: Iterable[Sequence[Cell]], text: Callable[[Cell], str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([text(v) for v in row] for row in rows)
    return buffer.getvalue()


def _guarded(value: Cell) -> str:
    """`_text` for a value known to hold no character a spreadsheet cannot hold."""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _csv(table: Table) -> bytes:
    """The table as CSV text, every cell as `_text` gives it.

    Cells are first written with the formula guard alone. The writer copies every character
    of a cell into the file (it only adds and doubles quotes), so if the file holds no
    character a spreadsheet cannot hold, no cell did and `safe_text` would have changed
    nothing: one search of the file instead of one per cell. Otherwise, rarely (text pasted
    from Word), the file is written again with every cell cleaned."""
    rows = [table.headers, *table.rows]
    text = _written(rows, _guarded)
    if has_unsafe_text(text):
        text = _written(rows, _text)
    return text.encode("utf-8-sig")


def build_plan_csv(data: BoardPaperData | PlanRows) -> bytes:
    """One row per action, as the Plan sheet of the workbook."""
    return _csv(plan_table(data))


def build_risk_register_csv(rows: Iterable[RiskRowLike]) -> bytes:
    """One row per risk, as the risk register workbook."""
    return _csv(risk_register_table(rows))
