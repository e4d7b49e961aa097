"""CSV of the plan and of the risk register: the same columns as the Excel sheets, ISO dates,
UTF-8 with a byte order mark so Excel reads the pound sign and accents. Builders never query."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

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


def _written(rows: Iterable[Sequence[Cell]]) -> str:
    """The rows through `csv.writer`, every cell as `_text` gives it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_text(v) for v in row] for row in rows)
    return buffer.getvalue()


def _quoted(text: str) -> str:
    """A cell as `csv.writer` writes it: in double quotes, with double quotes doubled, when
    it holds a comma, a double quote or a line break; otherwise as it is."""
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return f'"{text}"'
    return text


def _guarded(value: Cell) -> str:
    """`_text` for a value known to hold no character a spreadsheet cannot hold, quoted."""
    if isinstance(value, str):
        return _quoted(f"'{value}" if value.startswith(FORMULA_STARTS) else value)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _quoted(str(value))


def _written_quickly(rows: Iterable[Sequence[Cell]]) -> str:
    """`_written` for rows known to hold no character a spreadsheet cannot hold, in half the
    time: `csv.writer` reads every character of a cell twice, `str` methods search it.
    `csv.writer` writes a row of one empty cell as `""`, so that it is not a blank line."""
    lines = []
    for row in rows:
        cells = [_guarded(v) for v in row]
        lines.append('""' if cells == [""] else ",".join(cells))
    lines.append("")
    return "\r\n".join(lines)


def _csv(table: Table) -> bytes:
    """The table as `csv.writer` writes it, every cell as `_text` gives it.

    The rows are first written with the formula guard alone. Every character of a cell is
    copied into the file (only quotes are added and doubled), so if the file holds no
    character a spreadsheet cannot hold, no cell did and `safe_text` would have changed
    nothing: one search of the file instead of one per cell. Otherwise, rarely (text pasted
    from Word), the file is written again with every cell cleaned."""
    rows = [table.headers, *table.rows]
    text = _written_quickly(rows)
    if has_unsafe_text(text):
        text = _written(rows)
    return text.encode("utf-8-sig")


def build_plan_csv(data: BoardPaperData | PlanRows) -> bytes:
    """One row per action, as the Plan sheet of the workbook."""
    return _csv(plan_table(data))


def build_risk_register_csv(rows: Iterable[RiskRowLike]) -> bytes:
    """One row per risk, as the risk register workbook."""
    return _csv(risk_register_table(rows))


def build_feed_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A data feed's table as CSV (`tracker.reporting.feeds`): the header row of column names,
    then the rows, cleaned against formula injection as the plan's CSV is."""
    return _csv(Table(headers=tuple(headers), widths=(), rows=[tuple(row) for row in rows]))
