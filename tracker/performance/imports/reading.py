"""Read measure values from an Excel workbook (.xlsx) or a CSV file: the parse step.

`read_values_file` turns the file into sheets of text (the only code here that touches
openpyxl; CSV files are read by the plan importer's reader, which knows Excel's encodings),
finds the row of column headings, tells the layout from it, and reads every value with its
place:

- **long**: one row per measure and period, with columns for the measure (reference or name),
  the period end and the value, and optionally the comparators (statistical neighbours, England,
  region) and a note;
- **wide** (the monthly performance pack): one row per measure, one column per month, headed
  "Oct 2026", "2026-10" or with a real Excel date.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from tracker.performance.imports.cells import month_heading
from tracker.performance.imports.parsed import LONG, WIDE, ParsedValue, ParsedValues
from tracker.plans.imports.common import (
    MAX_ROWS,
    ImportRefused,
    Problem,
    check_upload_size,
    clean_text,
    one_line,
    open_office_zip,
    shorten,
)
from tracker.plans.imports.spreadsheet import Sheet, Workbook, column_letter, read_workbook

logger = logging.getLogger(__name__)

# A pack may hold several years of months beside its other columns.
MAX_COLUMNS = 120
HEADER_SEARCH_ROWS = 20
EMPTY_ROWS_THAT_END_A_SHEET = 1_000

# The column headings recognised, after `header_key`.
HEADINGS: dict[str, tuple[str, ...]] = {
    "reference": (
        "reference",
        "ref",
        "ref no",
        "measure reference",
        "measure ref",
        "measure code",
        "code",
        "indicator reference",
        "indicator ref",
        "kpi ref",
        "kpi reference",
        "pi ref",
        "id",
        "measure id",
    ),
    "name": (
        "measure",
        "measure name",
        "measure title",
        "name",
        "indicator",
        "indicator name",
        "performance indicator",
        "kpi",
        "kpi name",
        "title",
        "description",
    ),
    "period": (
        "period end",
        "period ending",
        "period end date",
        "period",
        "month",
        "month end",
        "month ending",
        "quarter end",
        "quarter ending",
        "year end",
        "year ending",
        "date",
        "as at",
    ),
    "value": ("value", "actual", "result", "figure", "outturn", "performance", "measure value"),
    "statistical_neighbours": (
        "statistical neighbours",
        "statistical neighbour",
        "statistical neighbours average",
        "statistical neighbour average",
        "stat neighbours",
        "sn",
        "sn average",
        "sn avg",
    ),
    "england": ("england", "england average", "england avg", "national", "national average"),
    "region": ("region", "regional", "regional average", "region average"),
    "note": ("note", "notes", "comment", "comments", "commentary"),
}
_HEADING_FIELD = {heading: name for name, headings in HEADINGS.items() for heading in headings}

NO_HEADINGS = (
    "The file has no row of column headings the importer recognises. Give the measure's "
    "column the heading ‘Reference’ or ‘Measure’, and either add ‘Period end’ and ‘Value’ "
    "columns (one row for each value) or head one column for each month, such as ‘Oct 2026’"
)


def header_key(text: str) -> str:
    """How a heading compares: case, punctuation and spacing ignored ("Period-end:" is
    "period end")."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


@dataclass
class Header:
    """What the headings row says: the layout, the column of each field, and (wide) the month
    of each month column."""

    layout: str
    row: int  # counted from 1
    columns: dict[str, int]
    months: dict[int, datetime.date] = field(default_factory=dict)


def recognise_header(cells: list[str], *, row: int) -> Header | None:
    """The layout a row of headings describes, or None when it is not a headings row."""
    columns: dict[str, int] = {}
    months: dict[int, datetime.date] = {}
    for index, cell in enumerate(cells):
        name = _HEADING_FIELD.get(header_key(cell))
        if name is not None:
            columns.setdefault(name, index)
        elif cell and (month := month_heading(cell)) is not None:
            months[index] = month
    if "reference" not in columns and "name" not in columns:
        return None
    if "period" in columns and "value" in columns:
        return Header(layout=LONG, row=row, columns=columns)
    if months:
        return Header(layout=WIDE, row=row, columns=columns, months=months)
    return None


# Reading the file --------------------------------------------------------------------------------


def _number_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if text != "-0" else "0"


def _cell_text(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:  # pragma: no cover - openpyxl gives only finite numbers
            return str(value)
        if not number.is_finite():
            return str(value)
        if number_format and "%" in number_format:
            # A cell formatted as a percentage holds a fraction: 0.235 shows as 23.5%.
            return _number_text(number * 100) + "%"
        return _number_text(number)
    return clean_text(str(value))


def _count(rows: int) -> None:
    if rows > MAX_ROWS:
        raise ImportRefused(
            f"The selected file has more than {MAX_ROWS:,} rows with something in them, so it "
            "cannot be imported. Remove the rows that are not measure values"
        )


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(rows[-1]):
        rows.pop()
    for row in rows:
        while row and not row[-1]:
            row.pop()
    return rows


def _read_xlsx(data: bytes, *, filename: str) -> Workbook:
    import openpyxl

    open_office_zip(data, kind="xlsx").close()
    filled = 0
    sheets: list[Sheet] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for worksheet in book.worksheets:
                    if getattr(worksheet, "sheet_state", "visible") != "visible":
                        continue
                    rows: list[list[str]] = []
                    empty_run = 0
                    for cells in worksheet.iter_rows(max_col=MAX_COLUMNS):
                        row = [
                            _cell_text(
                                getattr(cell, "value", None),
                                getattr(cell, "number_format", None),
                            )
                            for cell in cells
                        ]
                        if any(row):
                            empty_run = 0
                            filled += 1
                            _count(filled)
                        else:
                            empty_run += 1
                            if empty_run > EMPTY_ROWS_THAT_END_A_SHEET:
                                break
                        rows.append(row)
                    sheets.append(Sheet(name=str(worksheet.title)[:100], rows=_trimmed(rows)))
            finally:
                book.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        logger.info("Spreadsheet could not be read", exc_info=True)
        raise ImportRefused(
            "The selected Excel spreadsheet (.xlsx) is damaged and cannot be read"
        ) from None
    sheets = [sheet for sheet in sheets if sheet.rows]
    if not sheets:
        raise ImportRefused("The selected spreadsheet is empty")
    return Workbook(format="xlsx", filename=filename, sheets=sheets)


def values_format(filename: str) -> str:
    """ "xlsx" or "csv" for an uploaded file's name; refuses anything else."""
    lowered = filename.casefold().strip()
    for extension in ("xlsx", "csv"):
        if lowered.endswith("." + extension):
            return extension
    if lowered.endswith((".xls", ".xlsm", ".xlsb", ".ods")):
        raise ImportRefused("Save the spreadsheet as an Excel workbook (.xlsx) and try again")
    raise ImportRefused("The selected file must be an Excel spreadsheet (.xlsx) or a CSV file")


def read_values_file(*, filename: str, data: bytes) -> ParsedValues:
    """Parse an uploaded performance pack into values with their places.

    Raises ImportRefused for a file of the wrong kind, too big, damaged, a zip bomb, or with no
    row of headings the importer recognises.
    """
    file_format = values_format(filename)
    check_upload_size(len(data))
    if file_format == "xlsx":
        workbook = _read_xlsx(data, filename=filename)
    else:
        workbook = read_workbook(data, filename=filename, format="csv")
    return values_from_workbook(workbook)


# Reading the values ------------------------------------------------------------------------------


def find_header(workbook: Workbook) -> tuple[Sheet, Header]:
    """The first sheet and row (within the first HEADER_SEARCH_ROWS) whose headings the
    importer recognises."""
    for sheet in workbook.sheets:
        for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            header = recognise_header(row, row=index + 1)
            if header is not None:
                return sheet, header
    raise ImportRefused(NO_HEADINGS)


def values_from_workbook(workbook: Workbook) -> ParsedValues:
    """Every value in the sheet whose headings are recognised, each with its place.

    Rows above the headings and empty rows are passed over, and so are the rows of the wide
    layout with no value in any month (headings of groups of measures, as packs have).
    """
    sheet, header = find_header(workbook)
    parsed = ParsedValues(
        format=workbook.format,
        filename=workbook.filename,
        layout=header.layout,
        sheet=sheet.name,
        header_row=header.row,
        problems=list(workbook.problems),
    )
    headings = sheet.rows[header.row - 1]
    prefix = f"sheet ‘{sheet.name}’, " if len(workbook.sheets) > 1 else ""

    def cell(row: list[str], name: str) -> str:
        index = header.columns.get(name)
        return row[index] if index is not None and index < len(row) else ""

    def column_place(index: int) -> str:
        return f"column {column_letter(index)} ({shorten(headings[index], 30)})"

    seen_months: dict[datetime.date, int] = {}
    for index, month in header.months.items():
        if month in seen_months:
            parsed.problems.append(
                Problem(
                    f"{prefix}row {header.row}",
                    f"{column_place(seen_months[month])} and {column_place(index)} are both "
                    f"for {month:%B %Y}",
                )
            )
        else:
            seen_months[month] = index

    for row_index in range(header.row, len(sheet.rows)):
        row = sheet.rows[row_index]
        if not any(row) or row == headings:
            continue
        place = f"{prefix}row {row_index + 1}"
        common = {
            "reference": one_line(cell(row, "reference")),
            "name": one_line(cell(row, "name")),
        }
        if header.layout == LONG:
            parsed.values.append(
                ParsedValue(
                    place=place,
                    period=one_line(cell(row, "period")),
                    value=one_line(cell(row, "value")),
                    statistical_neighbours=one_line(cell(row, "statistical_neighbours")),
                    england=one_line(cell(row, "england")),
                    region=one_line(cell(row, "region")),
                    note=cell(row, "note"),
                    **common,
                )
            )
            continue
        month_cells = [
            (index, month, one_line(row[index]) if index < len(row) else "")
            for index, month in header.months.items()
        ]
        if not any(text for _, _, text in month_cells):
            continue
        for index, month, text in month_cells:
            parsed.values.append(
                ParsedValue(
                    place=f"{place}, {column_place(index)}",
                    period=f"{month:%Y-%m}",
                    value=text,
                    **common,
                )
            )
    if not parsed.values:
        parsed.problems.append(
            Problem("", f"The file has no values below the headings on row {header.row}")
        )
    return parsed
