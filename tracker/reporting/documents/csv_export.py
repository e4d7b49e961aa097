"""CSV of the plan and of the risk register: the same columns as the Excel sheets, ISO dates,
UTF-8 with a byte order mark so Excel reads the pound sign and accents. Builders never query."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable

from tracker.reporting.documents.data import BoardPaperData
from tracker.reporting.documents.spreadsheet import (
    Cell,
    RiskRowLike,
    Table,
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


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(h) for h in table.headers])
    writer.writerows([_text(v) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def build_plan_csv(data: BoardPaperData) -> bytes:
    """One row per action, as the Plan sheet of the workbook."""
    return _csv(plan_table(data))


def build_risk_register_csv(rows: Iterable[RiskRowLike]) -> bytes:
    """One row per risk, as the risk register workbook."""
    return _csv(risk_register_table(rows))
