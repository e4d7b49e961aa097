"""Import plans from the documents councils keep them in: Word (.docx), Excel (.xlsx) and CSV.

Three steps (as every importer, `docs/conventions.md`), each its own function:

1. **parse**: `read_upload` turns the file into a `ParsedPlan` (Word) or a `Workbook` of text
   (spreadsheets, which `plan_from_sheet` turns into a `ParsedPlan` once the officer has said
   what each column holds). Every row keeps its place ("table 3, row 4").
2. **validate**: `plan_import_check` finds every problem at once, splits "Who" into posts and
   reads each status wording; the preview shows the result.
3. **apply**: `plan_import_apply` creates the plan in one transaction once the officer confirms.

A file that cannot be read at all raises `ImportRefused` with a message for the officer.
"""

from __future__ import annotations

from tracker.plans.imports.common import (
    FIELDS,
    STATUS_CHOICES,
    ImportRefused,
    Problem,
    check_upload_size,
    format_for_filename,
)
from tracker.plans.imports.parsed import ParsedAction, ParsedPlan, ParsedSection
from tracker.plans.imports.spreadsheet import (
    ColumnMapping,
    Workbook,
    guess_mapping,
    mapping_problems,
    plan_from_sheet,
    read_workbook,
)
from tracker.plans.imports.word_plan import parse_word_plan

__all__ = [
    "FIELDS",
    "STATUS_CHOICES",
    "ColumnMapping",
    "ImportRefused",
    "ParsedAction",
    "ParsedPlan",
    "ParsedSection",
    "Problem",
    "Workbook",
    "check_upload_size",
    "format_for_filename",
    "guess_mapping",
    "mapping_problems",
    "parse_word_plan",
    "plan_from_sheet",
    "read_upload",
    "read_workbook",
]


def read_upload(*, filename: str, data: bytes) -> ParsedPlan | Workbook:
    """Parse an uploaded file: a Word plan straight to a `ParsedPlan`, a spreadsheet to its
    sheets of text for the column mapping step.

    Raises ImportRefused for a file of the wrong kind, too big, damaged or a zip bomb.
    """
    file_format = format_for_filename(filename)
    check_upload_size(len(data))
    if file_format == "docx":
        return parse_word_plan(data, filename=filename)
    return read_workbook(data, filename=filename, format=file_format)
