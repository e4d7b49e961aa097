"""Reading a performance pack: both layouts, from .xlsx and .csv, each value with its place."""

from __future__ import annotations

import datetime

import pytest

from tracker.performance.imports.parsed import LONG, WIDE, ParsedValues
from tracker.performance.imports.reading import NO_HEADINGS, read_values_file
from tracker.performance.tests.imports.builders import csv_bytes, xlsx_bytes
from tracker.plans.imports.common import ImportRefused

LONG_ROWS = [
    ["Reference", "Measure", "Period end", "Value", "Statistical neighbours", "England", "Note"],
    ["CIN-03", "Re-referrals within 12 months", "2025-10-31", "23.5%", "21.0", "22", ""],
    ["WF-02", "", "31/10/2025", "1,234", "", "", "From the HR system"],
]
WIDE_ROWS = [
    ["Children's services scorecard"],
    [],
    ["Ref", "Indicator", "Target", "Oct 2025", "2025-11", "Dec-25"],
    ["Front door"],
    ["CIN-03", "Re-referrals within 12 months", "20%", "23.5%", "", "n/a"],
    ["WF-02", "Average social worker caseload", "18", "19", "18.5", "17"],
]


def _read(filename, data) -> ParsedValues:
    return read_values_file(filename=filename, data=data)


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("pack.xlsx", xlsx_bytes(LONG_ROWS)),
        ("pack.csv", csv_bytes(LONG_ROWS)),
        ("pack.csv", csv_bytes(LONG_ROWS, bom=True)),
    ],
)
def test_read_values_file_reads_the_long_layout(filename, data):
    parsed = _read(filename, data)
    assert parsed.layout == LONG
    assert parsed.header_row == 1
    assert [
        (v.place, v.reference, v.name, v.period, v.value, v.statistical_neighbours, v.england)
        for v in parsed.values
    ] == [
        ("row 2", "CIN-03", "Re-referrals within 12 months", "2025-10-31", "23.5%", "21.0", "22"),
        ("row 3", "WF-02", "", "31/10/2025", "1,234", "", ""),
    ]
    assert parsed.values[1].note == "From the HR system"
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("filename", "data"),
    [("pack.xlsx", xlsx_bytes(WIDE_ROWS)), ("pack.csv", csv_bytes(WIDE_ROWS, bom=True))],
)
def test_read_values_file_reads_the_wide_layout_one_value_per_month(filename, data):
    parsed = _read(filename, data)
    assert parsed.layout == WIDE
    assert parsed.header_row == 3
    assert [(v.place, v.reference, v.period, v.value) for v in parsed.values] == [
        ("row 5, column D (Oct 2025)", "CIN-03", "2025-10", "23.5%"),
        ("row 5, column E (2025-11)", "CIN-03", "2025-11", ""),
        ("row 5, column F (Dec-25)", "CIN-03", "2025-12", "n/a"),
        ("row 6, column D (Oct 2025)", "WF-02", "2025-10", "19"),
        ("row 6, column E (2025-11)", "WF-02", "2025-11", "18.5"),
        ("row 6, column F (Dec-25)", "WF-02", "2025-12", "17"),
    ]


def test_read_values_file_takes_excel_dates_and_percentage_cells_as_excel_shows_them():
    rows = [
        ["Measure", datetime.datetime(2025, 10, 1), datetime.date(2025, 11, 30)],  # noqa: DTZ001 - Excel dates are naive,
        ["Re-referrals within 12 months", 0.235, 0.2],
        ["Average social worker caseload", 19, 18.25],
    ]
    parsed = _read("pack.xlsx", xlsx_bytes(rows, percent_cells=["B2", "C2"]))
    assert parsed.layout == WIDE
    assert [(v.name, v.period, v.value) for v in parsed.values] == [
        ("Re-referrals within 12 months", "2025-10", "23.5%"),
        ("Re-referrals within 12 months", "2025-11", "20%"),
        ("Average social worker caseload", "2025-10", "19"),
        ("Average social worker caseload", "2025-11", "18.25"),
    ]


def test_read_values_file_reads_an_excel_date_in_a_period_end_column():
    rows = [["Ref", "Period ending", "Actual"], ["CIN-03", datetime.date(2025, 10, 31), 23.5]]
    parsed = _read("pack.xlsx", xlsx_bytes(rows))
    assert [(v.period, v.value) for v in parsed.values] == [("2025-10-31", "23.5")]


def test_read_values_file_finds_the_sheet_with_the_headings_and_names_it_in_places():
    parsed = _read(
        "pack.xlsx",
        xlsx_bytes(WIDE_ROWS, sheet="Data", before=[("Cover", [["Monthly pack"], ["Contents"]])]),
    )
    assert parsed.sheet == "Data"
    assert parsed.values[0].place == "sheet ‘Data’, row 5, column D (Oct 2025)"


def test_read_values_file_passes_over_group_headings_and_repeated_headings_rows():
    rows = [*WIDE_ROWS, WIDE_ROWS[2], ["Children in care", "", "", "", "", ""]]
    parsed = _read("pack.csv", csv_bytes(rows))
    assert {v.reference for v in parsed.values} == {"CIN-03", "WF-02"}


def test_read_values_file_says_when_two_columns_are_for_the_same_month():
    rows = [["Ref", "Oct 2025", "2025-10"], ["CIN-03", "1", "2"]]
    parsed = _read("pack.csv", csv_bytes(rows))
    assert [str(problem) for problem in parsed.problems] == [
        "row 1: column B (Oct 2025) and column C (2025-10) are both for October 2025"
    ]


def test_read_values_file_says_when_there_are_no_values_below_the_headings():
    parsed = _read("pack.csv", csv_bytes([LONG_ROWS[0]]))
    assert [str(problem) for problem in parsed.problems] == [
        "The file has no values below the headings on row 1"
    ]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("pack.csv", csv_bytes([["Name", "Address"], ["A", "B"]]), NO_HEADINGS),
        ("pack.csv", csv_bytes([["Reference", "Value"], ["A", "1"]]), NO_HEADINGS),
        ("pack.xls", b"\xd0\xcf\x11\xe0", "Save the spreadsheet as an Excel workbook (.xlsx)"),
        ("pack.docx", b"PK", "must be an Excel spreadsheet (.xlsx) or a CSV file"),
        ("pack.xlsx", b"not a zip at all", "is not an Excel spreadsheet (.xlsx)"),
        ("pack.csv", b"", "The selected file is empty"),
    ],
)
def test_read_values_file_refuses_files_it_cannot_read(filename, data, message):
    with pytest.raises(ImportRefused) as refused:
        _read(filename, data)
    assert message in refused.value.message


def test_parsed_values_round_trip_through_the_session_and_refuse_anything_else():
    parsed = _read("pack.csv", csv_bytes(WIDE_ROWS))
    assert ParsedValues.from_dict(parsed.to_dict()) == parsed
    for junk in (None, {}, {"layout": "sideways"}, {**parsed.to_dict(), "values": [["x"]]}):
        with pytest.raises(ImportRefused, match="The import has expired"):
            ParsedValues.from_dict(junk)
