"""The CSV exports of the plan and the risk register."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from types import SimpleNamespace

from tracker.reporting.documents.csv_export import (
    _csv,
    _text,
    build_plan_csv,
    build_risk_register_csv,
)
from tracker.reporting.documents.spreadsheet import PLAN_COLUMNS, Cell, Table
from tracker.reporting.tests.papers.paper_data import make_board_paper_data


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel looks for
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_plan_csv_has_the_plan_sheets_columns_and_iso_dates():
    data = make_board_paper_data(actions=20, sections=4)
    rows = _rows(build_plan_csv(data))
    assert rows[0] == [header for header, _ in PLAN_COLUMNS]
    actions = [a for s in data.appendix for a in s.actions]
    assert len(rows) - 1 == len(actions)
    first = actions[0]
    assert rows[1][1] == first.reference
    assert rows[1][4] == first.due_on.isoformat()
    assert sum(1 for row in rows[1:] if row[8] == "Yes") == data.plan_summary.overdue
    # Curly quotes, ampersands and line breaks survive the round trip.
    assert any("“every child’s plan”" in row[2] for row in rows[1:])
    assert any("\n" in row[10] for row in rows[1:])


def test_plan_csv_prefixes_text_that_looks_like_a_formula():
    data = make_board_paper_data(actions=1, sections=1)
    section = data.appendix[0]
    attacks = ["=1+1", "+1", "-2", "@SUM(A1)"]
    actions = tuple(
        dataclasses.replace(section.actions[0], reference=f"1.{n}", description=text)
        for n, text in enumerate(attacks)
    )
    data = dataclasses.replace(data, appendix=(dataclasses.replace(section, actions=actions),))
    rows = _rows(build_plan_csv(data))
    assert [row[2] for row in rows[1:]] == ["'=1+1", "'+1", "'-2", "'@SUM(A1)"]


def test_risk_register_csv():
    risk = SimpleNamespace(
        reference="R1",
        title="=cmd|' /C calc'!A0",
        cause="",
        consequence="",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=4,
        review_on=datetime.date(2026, 1, 31),
        get_status_display=lambda: "Open",
    )
    row = SimpleNamespace(
        risk=risk,
        owner="No owner",
        inherent_score=20,
        residual_score=12,
        rating_label="High",
        is_review_overdue=False,
        mitigations=[],
    )
    rows = _rows(build_risk_register_csv([row]))
    assert rows[0][0] == "Reference"
    assert rows[1] == [
        "R1",
        "'=cmd|' /C calc'!A0",
        "",
        "",
        "No owner",
        "4",
        "5",
        "20",
        "3",
        "4",
        "12",
        "High",
        "",
        "2026-01-31",
        "No",
        "Open",
    ]


def test_plan_csv_cleans_characters_a_spreadsheet_cannot_hold_before_the_formula_guard():
    """Cells are cleaned only when the file holds such a character: then every cell is, and
    text that a control character hid is still guarded as a formula."""
    data = make_board_paper_data(actions=1, sections=1)
    section = data.appendix[0]
    texts = ["\x0b=1+1", "Plain, with a comma", "\ud800-2", 'Say "hello"\r\nthen \x01go']
    actions = tuple(
        dataclasses.replace(section.actions[0], reference=f"1.{n}", description=text)
        for n, text in enumerate(texts)
    )
    data = dataclasses.replace(data, appendix=(dataclasses.replace(section, actions=actions),))
    rows = _rows(build_plan_csv(data))
    assert [row[2] for row in rows[1:]] == [
        "'=1+1",
        "Plain, with a comma",
        "'-2",
        'Say "hello"\r\nthen go',
    ]
    clean = dataclasses.replace(
        data, appendix=(dataclasses.replace(section, actions=actions[1:2]),)
    )
    assert _rows(build_plan_csv(clean))[1][2] == "Plain, with a comma"


def _as_csv_writer_writes(table: Table) -> bytes:
    """The table through `csv.writer`, every cell as the export has always made it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_text(v) for v in row] for row in [table.headers, *table.rows])
    return buffer.getvalue().encode("utf-8-sig")


AWKWARD: list[Cell] = [
    "",
    None,
    0,
    42,
    datetime.date(2026, 3, 31),
    datetime.datetime(2026, 3, 31, 9, 30, tzinfo=datetime.UTC),
    "plain",
    " leading and trailing ",
    "a,b",
    'say "hi"',
    '"',
    '""',
    "line\nbreak",
    "carriage\rreturn",
    "both\r\nends\r\n",
    "tab\tinside",
    "\tstarts with a tab",
    "\rstarts with a return",
    "=1+1",
    "+44 121",
    "-",
    "@mention, with a comma",
    "'already quoted",
    "£ and é and “curly” and 😀",
    ",",
    "\n",
]


def test_csv_is_what_csv_writer_writes_cell_by_cell():
    """The file is written without `csv.writer` when no cell holds a character a spreadsheet
    cannot hold; it must be exactly what `csv.writer` would write, whatever the cells."""
    rows = [tuple(AWKWARD[i:] + AWKWARD[:i]) for i in range(len(AWKWARD))]
    table = Table(headers=tuple(f"Column {n}" for n in range(len(AWKWARD))), widths=(), rows=rows)
    assert _csv(table) == _as_csv_writer_writes(table)
    # With a control character somewhere, every cell is cleaned, as before.
    dirty = Table(headers=table.headers, widths=(), rows=[*rows, ("\x0b=2", *AWKWARD[1:])])
    assert _csv(dirty) == _as_csv_writer_writes(dirty)
    assert "'=2" in _csv(dirty).decode("utf-8-sig")
    # A row of one empty cell is written "" by `csv.writer`, not as a blank line.
    for cells in ([""], [None], ["x"], []):
        single = Table(headers=("Only",), widths=(), rows=[tuple(cells)])
        assert _csv(single) == _as_csv_writer_writes(single)
