"""Performance packs built in the test, as Excel workbooks or CSV files."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl


def xlsx_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    percent_cells: Sequence[str] = (),
    sheet: str = "Scorecard",
    before: Sequence[tuple[str, Sequence[Sequence[Any]]]] = (),
) -> bytes:
    """An .xlsx file holding `rows` from A1 on one sheet; cells named in `percent_cells` (such
    as "B2") formatted as percentages, as Excel stores them (0.235 shows 23.5%). Sheets in
    `before` come first."""
    workbook = openpyxl.Workbook()
    first = workbook.worksheets[0]
    for name, sheet_rows in before:
        extra = workbook.create_sheet(name)
        for row in sheet_rows:
            extra.append(list(row))
    worksheet = workbook.create_sheet(sheet)
    workbook.remove(first)
    for row in rows:
        worksheet.append(list(row))
    for name in percent_cells:
        worksheet[name].number_format = "0.0%"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], *, bom: bool = False) -> bytes:
    """A UTF-8 CSV file of `rows`, with Excel's byte order mark if asked."""
    output = io.StringIO(newline="")
    writer = csv.writer(output)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return ("\ufeff" if bom else "").encode() + output.getvalue().encode()
