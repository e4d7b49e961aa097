"""Properties of the value importer: any table of valid values comes back from a written
.xlsx or .csv file as the same values, and whatever the cells hold, the parser and the check
report problems (or refuse the file with ImportRefused), never fail with any other error."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.performance.imports.cells import LARGEST, PLACES, read_number, read_period
from tracker.performance.imports.parsed import LONG, WIDE
from tracker.performance.imports.reading import read_values_file
from tracker.performance.imports.validate import (
    ADD,
    PROBLEM,
    SKIPPED,
    MeasureInfo,
    ReferenceData,
    check_values,
)
from tracker.performance.models import Frequency, Unit
from tracker.performance.tests.imports.builders import csv_bytes, xlsx_bytes
from tracker.plans.imports.common import ImportRefused

SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
FAST = settings(max_examples=400, deadline=None, derandomize=True)
TODAY = datetime.date(2026, 12, 6)

MEASURES = [
    MeasureInfo(1, "CIN-03", "Re-referrals within 12 months", Unit.PERCENTAGE, Frequency.MONTHLY),
    MeasureInfo(2, "WF-02", "Average caseload", Unit.NUMBER, Frequency.MONTHLY),
    MeasureInfo(3, "CP-07", "Second plans", Unit.PERCENTAGE, Frequency.MONTHLY),
    MeasureInfo(4, "CLA-11", "Three or more placements", Unit.RATE_PER_10000, Frequency.MONTHLY),
    MeasureInfo(5, "AS-45", "Days to assessment", Unit.DAYS, Frequency.MONTHLY),
]
REFERENCE = ReferenceData(
    by_reference={measure.reference.casefold(): measure for measure in MEASURES},
    by_name={measure.name.casefold(): measure for measure in MEASURES},
)
MONTHS = [datetime.date(2025, month, 1) for month in range(1, 13)]


def _value(unit: str) -> st.SearchStrategy[Decimal]:
    largest = 100 if unit == Unit.PERCENTAGE else 1_000_000
    return st.decimals(
        min_value=0, max_value=largest, places=2, allow_nan=False, allow_infinity=False
    )


@st.composite
def tables(draw):
    """Measures (each once), months (each once), and a value or None (blank) for each."""
    measures = draw(st.lists(st.sampled_from(MEASURES), min_size=1, max_size=5, unique=True))
    months = sorted(draw(st.lists(st.sampled_from(MONTHS), min_size=1, max_size=6, unique=True)))
    values = {
        (measure.id, month): draw(st.none() | _value(measure.unit))
        for measure in measures
        for month in months
    }
    return measures, months, values


def _month_end(month: datetime.date) -> datetime.date:
    following = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return following - datetime.timedelta(days=1)


def _text(value: Decimal, unit: str, style: int) -> str:
    """A value as an officer might type it in a CSV: plain, with a %, or with thousands
    separators."""
    if unit == Unit.PERCENTAGE and style == 1:
        return f"{value}%"
    if style == 2:
        return f"{value:,}"
    return str(value)


def _expected(measures, months, values) -> dict[tuple[int, datetime.date], Decimal]:
    return {
        (measure.id, _month_end(month)): value
        for (measure_id, month), value in values.items()
        for measure in measures
        if measure.id == measure_id and value is not None
    }


def _read_back(filename, data) -> dict[tuple[int, datetime.date], Decimal]:
    parsed = read_values_file(filename=filename, data=data)
    checked = check_values(parsed, reference=REFERENCE, today=TODAY)
    # A table whose every value is blank has nothing to import, and says so.
    assert [str(problem) for problem in checked.problems] in (
        [],
        ["The file has no values to import: every value is blank"],
        [f"The file has no values below the headings on row {parsed.header_row}"],
    )
    assert all(value.outcome in (ADD, SKIPPED) for value in checked.values)
    return {
        (value.measure.id, value.period_end): value.value
        for value in checked.to_add
        if value.measure is not None and value.period_end is not None and value.value is not None
    }


@SLOW
@given(table=tables(), name_column=st.booleans(), style=st.integers(0, 2), bom=st.booleans())
def test_a_wide_csv_of_valid_values_reads_back_the_same(table, name_column, style, bom):
    measures, months, values = table
    header = ["Measure" if name_column else "Ref", *[f"{month:%b %Y}" for month in months]]
    rows = [header]
    for measure in measures:
        cells = [
            ""
            if values[measure.id, month] is None
            else _text(values[measure.id, month], measure.unit, style)
            for month in months
        ]
        rows.append([measure.name if name_column else measure.reference, *cells])
    assert _read_back("pack.csv", csv_bytes(rows, bom=bom)) == _expected(*table)


@SLOW
@given(table=tables(), percent_cells=st.booleans(), real_dates=st.booleans())
def test_a_wide_xlsx_of_valid_values_reads_back_the_same(table, percent_cells, real_dates):
    measures, months, values = table
    header = ["Ref", *[month if real_dates else f"{month:%Y-%m}" for month in months]]
    rows: list[list[object]] = [header]
    formatted: list[str] = []
    for row_number, measure in enumerate(measures, start=2):
        cells: list[object] = []
        for column, month in enumerate(months):
            value = values[measure.id, month]
            if value is not None and percent_cells and measure.unit == Unit.PERCENTAGE:
                cells.append(float(value) / 100)
                formatted.append(f"{chr(ord('B') + column)}{row_number}")
            else:
                cells.append(None if value is None else float(value))
        rows.append([measure.reference, *cells])
    data = xlsx_bytes(rows, percent_cells=formatted)
    assert _read_back("pack.xlsx", data) == _expected(*table)


@SLOW
@given(table=tables(), xlsx=st.booleans())
def test_a_long_file_of_valid_values_reads_back_the_same(table, xlsx):
    measures, months, values = table
    rows: list[list[object]] = [["Reference", "Period end", "Value"]]
    for measure in measures:
        for month in months:
            value = values[measure.id, month]
            period = _month_end(month)
            rows.append(
                [
                    measure.reference,
                    period if xlsx else f"{period:%d/%m/%Y}",
                    "" if value is None else (float(value) if xlsx else str(value)),
                ]
            )
    data = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
    parsed = read_values_file(filename="pack.xlsx" if xlsx else "pack.csv", data=data)
    assert parsed.layout == LONG
    assert _read_back("pack.xlsx" if xlsx else "pack.csv", data) == _expected(*table)


# Text openpyxl can write: XML forbids control characters and lone surrogates.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=30,
)
junk = st.one_of(
    cell_text,
    st.sampled_from(
        ["CIN-03", "wf-02", "Average caseload", "Oct 2025", "2025-10-31", "31/02/2025", "n/a"]
    ),
    st.sampled_from(["12%", "1,234", "-5", "#REF!", "1e9", "∞", "NaN", "99999999999", "%"]),
)
xlsx_junk = st.one_of(
    junk,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2200, 1, 1)),
)
headers = st.sampled_from(
    [
        ["Reference", "Period end", "Value", "England", "Note"],
        ["Measure", "Month", "Actual", "SN", "Region"],
        ["Ref", "Oct 2025", "Nov 2025", "2025-12", "Target"],
    ]
)


def _checks_without_error(filename: str, data: bytes) -> None:
    try:
        parsed = read_values_file(filename=filename, data=data)
    except ImportRefused:
        return
    assert parsed.layout in (LONG, WIDE)
    checked = check_values(parsed, reference=REFERENCE, today=TODAY)
    for value in checked.values:
        assert (value.outcome == PROBLEM) == bool(value.problems)
        if value.outcome == ADD:
            assert value.measure is not None and value.period_end is not None
            assert value.value is not None and value.value.as_tuple().exponent == -2


@SLOW
@given(header=headers, rows=st.lists(st.lists(junk, max_size=6), max_size=8))
def test_junk_cells_in_a_csv_become_problems_never_errors(header, rows):
    _checks_without_error("pack.csv", csv_bytes([header, *rows]))


@SLOW
@given(header=headers, rows=st.lists(st.lists(xlsx_junk, max_size=6), max_size=6))
def test_junk_cells_in_an_xlsx_become_problems_never_errors(header, rows):
    _checks_without_error("pack.xlsx", xlsx_bytes([header, *rows]))


@FAST
@given(st.binary(max_size=300), st.sampled_from(["pack.csv", "pack.xlsx"]))
def test_arbitrary_bytes_are_read_or_refused(data, filename):
    _checks_without_error(filename, data)


@FAST
@given(st.text(max_size=40))
def test_read_number_never_fails_and_keeps_to_what_the_database_holds(text):
    reading = read_number(text)
    if reading.value is not None:
        assert abs(reading.value) <= LARGEST
        assert reading.value == reading.value.quantize(PLACES)
        assert not reading.problem
    else:
        assert reading.is_blank or reading.problem


@FAST
@given(st.text(max_size=40))
def test_read_period_never_fails(text):
    reading = read_period(text)
    assert (reading.on is None) == bool(reading.problem)


@FAST
@given(st.decimals(min_value=0, max_value=10**9, places=2), st.booleans())
def test_read_number_reads_back_any_number_it_could_have_written(value, separators):
    assert read_number(f"{value:,}" if separators else str(value)).value == value
