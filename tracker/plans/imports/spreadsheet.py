"""Read a plan from an Excel workbook (.xlsx) or a CSV file.

Two steps, because spreadsheets differ: `read_workbook` turns the file into sheets of text (the
only code that touches openpyxl or the csv module); the officer then says which column holds
what (the mapping step, filled in from the headings it recognises, `guess_mapping`), and
`plan_from_sheet` reads the plan from the rows, keeping each row's place ("row 12").
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

from tracker.plans.imports.common import (
    FIELD_LABELS,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportRefused,
    Problem,
    check_upload_size,
    clean_text,
    name_key,
    numbered_title,
    one_line,
    open_office_zip,
    recognise_headers,
    section_heading,
    shorten,
)
from tracker.plans.imports.parsed import ParsedAction, ParsedPlan, ParsedSection

logger = logging.getLogger(__name__)

# Rows looked at for the column headings, and how many empty rows in a row end a sheet (some
# sheets are formatted a million rows down).
HEADER_SEARCH_ROWS = 20
EMPTY_ROWS_THAT_END_A_SHEET = 1_000


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # rows[0] is the sheet's row 1


@dataclass
class Workbook:
    """A spreadsheet's visible sheets as text, and anything worth saying about reading it."""

    format: str  # "xlsx" or "csv"
    filename: str
    sheets: list[Sheet]
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "filename": self.filename,
            "sheets": [{"name": sheet.name, "rows": sheet.rows} for sheet in self.sheets],
            "problems": [problem.to_dict() for problem in self.problems],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Workbook:
        try:
            return cls(
                format=str(data["format"]),
                filename=str(data["filename"]),
                sheets=[
                    Sheet(
                        name=str(sheet["name"]),
                        rows=[[str(cell) for cell in row] for row in sheet["rows"]],
                    )
                    for sheet in data["sheets"]
                ],
                problems=[Problem.from_dict(problem) for problem in data["problems"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ImportRefused("The import has expired. Upload the file again") from None


@dataclass
class ColumnMapping:
    """Which sheet, which row holds the headings (counted from 1), and what each column holds."""

    sheet: int
    header_row: int
    columns: dict[int, str]  # column index (from 0) to field


# Reading ----------------------------------------------------------------------------------------


def read_workbook(data: bytes, *, filename: str, format: str) -> Workbook:
    """The sheets of an .xlsx or .csv file as text.

    Raises ImportRefused for a file that is too big, damaged, not what its name says, or that
    has more than MAX_ROWS rows.
    """
    if format == "xlsx":
        return _read_xlsx(data, filename=filename)
    if format == "csv":
        return _read_csv(data, filename=filename)
    raise ImportRefused("The selected file must be an .xlsx or .csv file")


def _cell_text(value: Any) -> str:
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
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    return clean_text(str(value))


class _RowCounter:
    def __init__(self) -> None:
        self.rows = 0

    def add(self) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise ImportRefused(
                f"The selected file has more than {MAX_ROWS:,} rows with something in them, "
                "so it cannot be imported. Remove the rows that are not part of the plan"
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
    damaged = "The selected Excel spreadsheet (.xlsx) is damaged and cannot be read"
    counter = _RowCounter()
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
                    for values in worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                        row = [_cell_text(value) for value in values]
                        if any(row):
                            empty_run = 0
                            counter.add()
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
        raise ImportRefused(damaged) from None
    sheets = [sheet for sheet in sheets if sheet.rows]
    if not sheets:
        raise ImportRefused("The selected spreadsheet is empty")
    return Workbook(format="xlsx", filename=filename, sheets=sheets)


_NOT_CSV = "The selected file is not a CSV file"


def _decode(data: bytes) -> tuple[str, list[Problem]]:
    """The CSV's text: UTF-8 (with or without a byte order mark), UTF-16 with one, or Excel's
    Windows-1252, which is read with a warning to check the characters."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        problems = []
        if encoding == "cp1252":
            problems.append(
                Problem(
                    "",
                    "The file is not saved as UTF-8, so it was read as Windows-1252, the "
                    "encoding Excel uses for ‘CSV (Comma delimited)’. Check that characters "
                    "such as ’ and £ look right below",
                    is_blocking=False,
                )
            )
        return text, problems
    raise ImportRefused(
        "The characters in the selected CSV file cannot be read. In Excel, save it as "
        "‘CSV UTF-8 (Comma delimited)’ and try again"
    )


def _delimiter(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(data: bytes, *, filename: str) -> Workbook:
    check_upload_size(len(data))
    text, problems = _decode(data)
    if "\x00" in text:
        raise ImportRefused(_NOT_CSV)
    counter = _RowCounter()
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for values in reader:
            row = [clean_text(value) for value in values[:MAX_COLUMNS]]
            if any(row):
                counter.add()
            rows.append(row)
    except csv.Error:
        raise ImportRefused(
            f"The selected CSV file cannot be read after row {len(rows)}: a cell is too long "
            "or its quotation marks do not match"
        ) from None
    rows = _trimmed(rows)
    if not rows:
        raise ImportRefused("The selected file is empty")
    name = one_line(filename.rsplit(".", 1)[0])[:100] or "CSV"
    return Workbook(format="csv", filename=filename, sheets=[Sheet(name, rows)], problems=problems)


# The columns ------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """A column's letters as the spreadsheet shows them: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def guess_mapping(workbook: Workbook) -> ColumnMapping:
    """The sheet and row whose headings name the most plan fields, and what each column holds."""
    best: tuple[int, int, int, dict[int, str]] | None = None
    for sheet_index, sheet in enumerate(workbook.sheets):
        for row_index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            columns = recognise_headers(row)
            score = len(columns) + (2 if "action" in columns.values() else 0)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, sheet_index, row_index, columns)
    if best is not None:
        _, sheet_index, row_index, columns = best
        return ColumnMapping(sheet=sheet_index, header_row=row_index + 1, columns=columns)
    first = workbook.sheets[0].rows if workbook.sheets else []
    header_row = next((index for index, row in enumerate(first) if any(row)), 0) + 1
    return ColumnMapping(sheet=0, header_row=header_row, columns={})


def mapping_problems(workbook: Workbook, mapping: ColumnMapping) -> list[str]:
    """What is wrong with a column mapping, in the words the mapping page shows."""
    problems = []
    if not 0 <= mapping.sheet < len(workbook.sheets):
        return ["Select the sheet that holds the plan"]
    rows = workbook.sheets[mapping.sheet].rows
    if not 1 <= mapping.header_row <= max(len(rows), 1):
        problems.append(f"The row with the column headings must be between 1 and {len(rows)}")
    fields = list(mapping.columns.values())
    if "action" not in fields:
        problems.append("Select the column that holds the actions")
    problems.extend(
        f"Select only one column for {FIELD_LABELS[field_name].lower()}"
        for field_name in dict.fromkeys(fields)
        if fields.count(field_name) > 1
    )
    return problems


def _place(sheet: Sheet, multiple: bool, row_number: int) -> str:
    return f"sheet ‘{sheet.name}’, row {row_number}" if multiple else f"row {row_number}"


def plan_from_sheet(workbook: Workbook, mapping: ColumnMapping, *, title: str = "") -> ParsedPlan:
    """The plan in the mapped sheet's rows, with the problems met.

    A section cell carries down to the rows below it until the next one (as merged cells and
    "fill down" layouts mean). A row holding only a recommendation heading starts a section.
    Without a section column, a reference such as 2.3 puts the action in section 2.
    """
    stem = one_line(workbook.filename.rsplit(".", 1)[0].replace("_", " "))
    plan = ParsedPlan(
        format=workbook.format,
        filename=workbook.filename,
        title=(title or stem)[:250] or "Imported plan",
        problems=list(workbook.problems),
    )
    for problem in mapping_problems(workbook, mapping):
        plan.problems.append(Problem("", problem))
    if any(problem.is_blocking for problem in plan.problems):
        return plan
    sheet = workbook.sheets[mapping.sheet]
    multiple = len(workbook.sheets) > 1
    columns = {field_name: index for index, field_name in mapping.columns.items()}
    header = sheet.rows[mapping.header_row - 1] if sheet.rows else []
    sections: dict[object, ParsedSection] = {}
    current: object = None

    def cell(row: list[str], field_name: str) -> str:
        index = columns.get(field_name)
        return row[index] if index is not None and index < len(row) else ""

    def section_for(key: object, number: int | None, title: str, place: str) -> object:
        if key not in sections:
            sections[key] = ParsedSection(place=place, number=number, title=title)
        elif title and not sections[key].title:
            sections[key].title = title
        return key

    for row_index in range(mapping.header_row, len(sheet.rows)):
        row = sheet.rows[row_index]
        place = _place(sheet, multiple, row_index + 1)
        if not any(row) or row == header:
            continue
        filled = [text for text in row if text]
        section_text = cell(row, "section")
        heading = section_heading(filled[0]) if len(filled) == 1 else None
        if section_text:
            number, section_title = numbered_title(section_text)
            section_key: object = number if number is not None else name_key(section_title)
            current = section_for(section_key, number, section_title, place)
        elif heading is not None:
            current = section_for(heading[0], heading[0], heading[1], place)
        description = cell(row, "action")
        if not description:
            if len(filled) == 1 and (section_text or heading is not None):
                continue  # a row that only heads a section
            plan.problems.append(Problem(place, "no action text"))
            continue
        reference = one_line(cell(row, "reference"))
        key = current
        if key is None:
            number, _ = (
                numbered_title(reference.split(".", 1)[0]) if "." in reference else (None, "")
            )
            key = section_for(number, number, "", place)
        action = ParsedAction(
            place=place,
            description=description,
            reference=reference,
            who=cell(row, "who"),
            progress=cell(row, "progress"),
            status=one_line(cell(row, "status")),
            due=one_line(cell(row, "due")),
            due_place=_column_place(place, columns.get("due"), header),
        )
        sections[key].actions.append(action)
        for line in cell(row, "outcome").split("\n"):
            line = one_line(line).lstrip("•·-–* ")
            if line and line not in sections[key].outcomes:
                sections[key].outcomes.append(line)
    plan.sections = list(sections.values())
    if not plan.action_count and not any(problem.is_blocking for problem in plan.problems):
        plan.problems.append(
            Problem(
                "",
                f"No actions were found below the headings on row {mapping.header_row}. "
                "Check the row with the column headings and the column that holds the actions",
            )
        )
    return plan


def _column_place(place: str, index: int | None, header: list[str]) -> str:
    if index is None:
        return place
    heading = header[index] if index < len(header) else ""
    named = f" ({shorten(heading, 30)})" if heading else ""
    return f"{place}, column {column_letter(index)}{named}"
