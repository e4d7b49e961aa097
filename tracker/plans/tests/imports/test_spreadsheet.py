"""The spreadsheet importer: .xlsx and .csv plans with the headings, layouts and status words
councils use."""

from __future__ import annotations

import codecs
import datetime

import pytest

from tracker.plans.demo.ilacs_2019 import POSTS, SECTIONS, WHO_OWNERS, status_for_progress
from tracker.plans.imports import (
    ColumnMapping,
    ImportRefused,
    Workbook,
    guess_mapping,
    plan_from_sheet,
    read_upload,
)
from tracker.plans.imports.common import name_key
from tracker.plans.imports.spreadsheet import column_letter, mapping_problems
from tracker.plans.imports.validate import ReferenceData, check_plan
from tracker.plans.tests.imports.builders import csv_bytes, xlsx_bytes

HEADINGS = (
    "Ref",
    "Recommendation",
    "Action",
    "Lead officer",
    "Target date",
    "RAG",
    "Update",
    "Outcome",
)
# How the seed's statuses would be written in a RAG column.
RAG_WORDS = {
    ("completed", "blue"): "Blue",
    ("business_as_usual", "blue"): "Completed and ongoing",
    ("in_progress", "green"): "Green",
    ("in_progress", "amber"): "Amber",
}
SOLIHULL_POSTS = ReferenceData(posts={name_key(title): title for title in POSTS})


def seed_plan_rows(*, dates_as_text: bool = False) -> list[list[object]]:
    """The seed plan as a spreadsheet: a row per action, the recommendation on its first row
    only (the cells below left empty, as merged cells read), outcomes in one cell."""
    rows: list[list[object]] = [list(HEADINGS)]
    for section in SECTIONS:
        for position, action in enumerate(section.actions, start=1):
            first = position == 1
            rows.append(
                [
                    f"{section.number}.{position}",
                    f"{section.number}. {section.title}" if first else "",
                    action.description,
                    "\n\n".join(action.who),
                    "31/03/2021" if dates_as_text else datetime.datetime(2021, 3, 31),  # noqa: DTZ001
                    RAG_WORDS[status_for_progress(action.progress)],
                    action.progress,
                    "\n".join(section.expected_outcomes) if first else "",
                ]
            )
    return rows


def _parsed(data: bytes, filename: str):
    workbook = read_upload(filename=filename, data=data)
    assert isinstance(workbook, Workbook)
    return workbook, plan_from_sheet(workbook, guess_mapping(workbook))


@pytest.mark.parametrize(
    ("filename", "build"),
    [
        ("Action plan.xlsx", lambda: xlsx_bytes(seed_plan_rows())),
        ("Action plan.csv", lambda: csv_bytes(seed_plan_rows(dates_as_text=True))),
    ],
)
def test_seed_plan_as_a_spreadsheet_reads_as_the_demo_holds_it(filename, build):
    workbook, parsed = _parsed(build(), filename)
    checked = check_plan(parsed, reference=SOLIHULL_POSTS)

    assert guess_mapping(workbook).columns == {
        0: "reference",
        1: "section",
        2: "action",
        3: "who",
        4: "due",
        5: "status",
        6: "progress",
        7: "outcome",
    }
    assert checked.problems == []
    assert checked.unmapped == []
    assert checked.new_posts == []
    assert [(s.number, s.title, s.outcomes) for s in checked.sections] == [
        (row.number, row.title, list(row.expected_outcomes)) for row in SECTIONS
    ]
    for section, row in zip(checked.sections, SECTIONS, strict=True):
        assert [
            (
                action.reference,
                action.description,
                [owner.name for owner in action.owners],
                action.owner_note,
                action.progress,
                action.due_on,
                action.choice,
            )
            for action in section.actions
        ] == [
            (
                f"{row.number}.{position}",
                demo.description,
                list(dict.fromkeys(t for who in demo.who for t in WHO_OWNERS[who][0])),
                "; ".join(dict.fromkeys(WHO_OWNERS[w][1] for w in demo.who if WHO_OWNERS[w][1])),
                demo.progress,
                datetime.date(2021, 3, 31),
                ":".join(status_for_progress(demo.progress)),
            )
            for position, demo in enumerate(row.actions, start=1)
        ]


def test_unknown_status_values_surface_for_the_officer_to_map():
    rows = [
        ["No", "Action", "Owner", "Status"],
        ["1", "Audit cases", "Principal Social Worker", "✓"],
        ["2", "Train staff", "Principal Social Worker", "G/B"],
        ["3", "Review files", "Principal Social Worker", "G/B"],
        ["4", "Write guidance", "Principal Social Worker", "Not started"],
        ["5", "Recruit", "Principal Social Worker", "Purple"],
    ]
    _, parsed = _parsed(xlsx_bytes(rows), "plan.xlsx")

    checked = check_plan(parsed, reference=ReferenceData())
    assert [(w.text, w.places) for w in checked.unmapped] == [
        ("G/B", ["row 3", "row 4"]),
        ("Purple", ["row 6"]),
    ]
    assert checked.is_ready is False
    assert [a.choice for a in checked.actions] == [
        "completed:blue",
        None,
        None,
        "not_started:",
        None,
    ]

    chosen = check_plan(
        parsed,
        reference=ReferenceData(),
        status_choices={"G/B": "in_progress:green", "Purple": "in_progress:red", "x": "nonsense"},
    )
    assert chosen.unmapped == []
    assert chosen.is_ready is True
    assert [a.choice for a in chosen.actions][1:3] == ["in_progress:green", "in_progress:green"]


def test_spreadsheet_problems_are_all_reported_at_once_with_their_places():
    rows = [
        ["Ref", "Action", "Lead", "Due date", "RAG"],
        ["1.1", "Audit cases", "Principal Social Worker", "31/03/2021", "Green"],
        ["1.2", "", "Principal Social Worker", "", "Green"],
        ["1.1", "Train staff", "", "Summer 2021", "Amber"],
        ["1.123456789012345678901", "Review files", "", "", ""],
        ["", "", "", "", ""],
        ["1.5", "", "", "", "Red"],
    ]
    _, parsed = _parsed(csv_bytes(rows), "plan.csv")
    checked = check_plan(parsed, reference=ReferenceData())

    assert [str(problem) for problem in checked.blocking_problems] == [
        "row 3: no action text",
        "row 7: no action text",
        "row 4: the reference 1.1 is used twice (also at row 2)",
        "row 5: the reference ‘1.123456789012345678901’ is longer than 20 characters",
    ]
    assert [str(problem) for problem in checked.warnings] == [
        "row 2: no recommendation text, so the section is called ‘Recommendation 1’. Link the "
        "inspection to use the report’s words",
        "row 4, column D (Due date): ‘Summer 2021’ is not a date, so the action will have no due "
        "date",
    ]


def test_headings_below_a_title_and_a_second_sheet_are_found():
    rows = [
        ["Solihull Children’s Services improvement plan"],
        [],
        ["Reference", "Area for improvement", "Actions to be taken", "Responsible officer", "BRAG"],
        ["", "Recommendation 1: Quality assurance", "", "", ""],
        ["1a", "", "Audit cases", "Head of Service Safeguards", "B"],
        ["", "Recommendation 2: Strategy meetings", "", "", ""],
        ["2a", "", "Hold meetings on time", "Heads of Service Safeguards and Family Support", "A"],
    ]
    data = xlsx_bytes([["Cover page"], ["Written by the improvement team"]], sheets={"Plan": rows})
    workbook, parsed = _parsed(data, "plan.xlsx")

    mapping = guess_mapping(workbook)
    assert (workbook.sheets[mapping.sheet].name, mapping.header_row) == ("Plan", 3)
    checked = check_plan(parsed, reference=ReferenceData())
    assert checked.blocking_problems == []
    assert [(s.number, s.title, [a.reference for a in s.actions]) for s in checked.sections] == [
        (1, "Quality assurance", ["1a"]),
        (2, "Strategy meetings", ["2a"]),
    ]
    assert checked.actions[1].place == "sheet ‘Plan’, row 7"
    assert [o.name for o in checked.actions[1].owners] == [
        "Head of Service Safeguards",
        "Head of Service Family Support",
    ]
    assert checked.new_posts == ["Head of Service Safeguards", "Head of Service Family Support"]


def test_rows_without_a_section_column_are_grouped_by_reference():
    rows = [
        ["Action", "Ref", "Who"],
        ["Audit cases", "1.1", "Principal Social Worker"],
        ["Train staff", "2.1", "Principal Social Worker"],
        ["Review files", "1.2", "Principal Social Worker"],
        ["Write guidance", "", "Principal Social Worker"],
    ]
    _, parsed = _parsed(csv_bytes(rows), "plan.csv")
    checked = check_plan(parsed, reference=ReferenceData(recommendations={1: "Audit.", 2: "Meet."}))

    assert [(s.number, s.title, [a.reference for a in s.actions]) for s in checked.sections] == [
        (1, "Audit.", ["1.1", "1.2"]),
        (2, "Meet.", ["2.1"]),
        (3, "Recommendation 3", ["3.1"]),
    ]
    assert "the inspection has no recommendation 3" in str(checked.warnings[-1])


def test_a_section_column_holding_the_recommendations_words_is_numbered_from_the_inspection():
    rows = [
        ["Recommendation", "Action"],
        ["The timeliness of strategy meetings.", "Hold meetings on time"],
        ["Quality assurance and audit arrangements.", "Audit cases"],
    ]
    _, parsed = _parsed(csv_bytes(rows), "plan.csv")
    reference = ReferenceData(
        recommendations={
            1: "Quality assurance and audit arrangements.",
            2: "The timeliness of strategy meetings.",
        }
    )
    checked = check_plan(parsed, reference=reference)

    assert [(s.number, s.recommendation_number) for s in checked.sections] == [(2, 2), (1, 1)]
    assert [a.reference for a in checked.actions] == ["2.1", "1.1"]


def test_the_column_mapping_must_name_one_action_column_and_each_field_once():
    workbook, _ = _parsed(csv_bytes([["A", "B"], ["x", "y"]]), "plan.csv")

    assert guess_mapping(workbook) == ColumnMapping(sheet=0, header_row=1, columns={})
    assert mapping_problems(workbook, ColumnMapping(0, 1, {0: "who", 1: "who"})) == [
        "Select the column that holds the actions",
        "Select only one column for who (lead officer)",
    ]
    parsed = plan_from_sheet(workbook, ColumnMapping(0, 1, {}))
    assert [str(p) for p in parsed.problems] == ["Select the column that holds the actions"]


def test_csv_in_excels_windows_encoding_is_read_with_a_warning():
    rows = [["Action", "Who"], ["Review the Children’s Commissioning offer £5", "Head of Service"]]
    data = csv_bytes(rows, encoding="cp1252")
    _, parsed = _parsed(data, "plan.csv")

    assert parsed.sections[0].actions[0].description == (
        "Review the Children’s Commissioning offer £5"
    )
    assert "read as Windows-1252" in str(parsed.problems[0])
    assert parsed.problems[0].is_blocking is False


def test_csv_saved_as_utf16_with_tabs_is_read():
    text = "Action\tWho\r\nReview the offer\tPrincipal Social Worker\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    _, parsed = _parsed(data, "plan.csv")

    assert parsed.sections[0].actions[0].who == "Principal Social Worker"


def test_csv_whose_characters_cannot_be_read_is_refused():
    data = b"Action,Who\n" + bytes([0x81, 0x8D, 0x8F, 0x90]) + b",x\n"
    with pytest.raises(ImportRefused, match="save it as ‘CSV UTF-8"):
        read_upload(filename="plan.csv", data=data)


def test_binary_data_named_csv_is_refused():
    with pytest.raises(ImportRefused, match="not a CSV file"):
        read_upload(filename="plan.csv", data=b"Action,Who\n\x00\x00\x00")


def test_column_letters_are_as_the_spreadsheet_shows_them():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52)] == ["A", "Z", "AA", "AZ", "BA"]


def test_xlsx_cells_of_every_type_become_text():
    rows = [
        ["Ref", "Action", "Due", "Done"],
        [1.5, "Audit", datetime.date(2021, 3, 31), True],
        [2, "Train", datetime.datetime(2021, 4, 1, 9, 30), None],  # noqa: DTZ001 - as Excel
    ]
    workbook = read_upload(filename="plan.xlsx", data=xlsx_bytes(rows))

    assert workbook.sheets[0].rows[1:] == [
        ["1.5", "Audit", "2021-03-31", "Yes"],
        ["2", "Train", "2021-04-01 09:30:00"],
    ]


def _dated_rows(due: object) -> list[list[object]]:
    return [
        ["Ref", "Action", "Lead", "Due date"],
        ["1.1", "Audit cases", "Principal Social Worker", "31/03/2021"],
        ["1.2", "Train staff", "Principal Social Worker", due],
    ]


@pytest.mark.parametrize(
    ("filename", "build"), [("plan.csv", csv_bytes), ("plan.xlsx", xlsx_bytes)]
)
@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("31/02/2023", "the due date ‘31/02/2023’ is not a real date"),
        ("1/1/99999", "the due date ‘1/1/99999’ is not a real date"),
        ("31 February 2023", "the due date ‘31 February 2023’ is not a real date"),
    ],
)
def test_an_impossible_due_date_is_a_problem_at_its_row(filename, build, due, message):
    _, parsed = _parsed(build(_dated_rows(due)), filename)
    checked = check_plan(parsed, reference=ReferenceData())

    assert [str(problem) for problem in checked.blocking_problems] == [
        f"row 3, column D (Due date): {message}"
    ]
    assert checked.is_ready is False


def test_an_xlsx_date_cell_past_the_year_9999_is_a_problem_at_its_row():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in _dated_rows(36_000_000):  # days after 1900: about the year 100,000
        book.active.append(row)
    book.active["D3"].number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    _, parsed = _parsed(buffer.getvalue(), "plan.xlsx")
    checked = check_plan(parsed, reference=ReferenceData())

    assert [str(problem) for problem in checked.blocking_problems] == [
        "row 3, column D (Due date): the due date ‘#VALUE!’ is a spreadsheet error, not a date"
    ]


@pytest.mark.parametrize(
    ("filename", "build"), [("plan.csv", csv_bytes), ("plan.xlsx", xlsx_bytes)]
)
@pytest.mark.parametrize("blank", ["", " ", "\u00a0", "\u200b", "\ufeff", "\u00ad \u2060"])
def test_wholly_blank_rows_are_skipped(filename, build, blank):
    rows = [
        ["Ref", "Action", "Lead", "Due date"],
        [blank] * 4,
        ["1.1", "Audit cases", "Principal Social Worker", "31/03/2021"],
        [blank, blank, "", blank],
        ["1.2", "Train staff", "Principal Social Worker", ""],
        [blank] * 4,
    ]
    _, parsed = _parsed(build(rows), filename)
    checked = check_plan(parsed, reference=ReferenceData())

    assert checked.blocking_problems == []
    assert [(action.place, action.description) for action in checked.actions] == [
        ("row 3", "Audit cases"),
        ("row 5", "Train staff"),
    ]


def test_a_section_number_the_plan_cannot_hold_is_a_problem_at_its_row():
    rows = [["Recommendation", "Action"], ["1000. Audit", "Audit cases"]]
    _, parsed = _parsed(csv_bytes(rows), "plan.csv")
    checked = check_plan(parsed, reference=ReferenceData())

    assert [str(problem) for problem in checked.blocking_problems] == [
        "row 2: the recommendation number must be 1 to 999"
    ]
