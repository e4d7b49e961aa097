"""The Excel workbooks of the plan and the risk register, read back with openpyxl."""

from __future__ import annotations

import dataclasses
import datetime
import io
from types import SimpleNamespace

import openpyxl

from tracker.reporting.documents.csv_export import build_plan_csv, build_risk_register_csv
from tracker.reporting.documents.spreadsheet import (
    UK_DATE_FORMAT,
    build_plan_workbook,
    build_risk_register_workbook,
)
from tracker.reporting.tests.papers.paper_data import PRIORITY_AREA, make_board_paper_data


def _open(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_plan_workbook_has_its_sheets():
    book = _open(build_plan_workbook(make_board_paper_data(actions=12, sections=3)))
    assert book.sheetnames == [
        "Summary",
        "Plan",
        "Changes",
        "Highlight reports",
        "Scorecard",
        "Coverage",
        "Open gaps",
    ]


def test_plan_workbook_scorecard_and_coverage_sheets():
    book = _open(build_plan_workbook(make_board_paper_data(actions=4, sections=1)))
    scorecard = list(book["Scorecard"].iter_rows(values_only=True))
    assert scorecard[0][:7] == (
        "Reference",
        "Measure",
        "Which direction is better",
        "Period",
        "Latest value",
        "Target",
        "RAG",
    )
    assert scorecard[1] == (
        "CIN-03",
        "Re-referrals within 12 months",
        "Lower is better",
        "February 2026",
        "23.5%",
        "20%",
        "Red",
        "Worse than January 2026",
        "21.4%",
    )
    coverage = list(book["Coverage"].iter_rows(values_only=True))
    assert coverage[2] == ("Expected outcome no measure shows", 1, 4, 25)
    gaps = list(book["Open gaps"].iter_rows(values_only=True))
    assert gaps[1] == (
        "Expected outcome no measure shows",
        "Section 2: Audits show better practice",
    )


def test_plan_workbook_without_highlight_reports_or_changes():
    data = make_board_paper_data(
        actions=5, sections=2, highlight_reports=0, with_changes=False, with_impact=False
    )
    book = _open(build_plan_workbook(data))
    assert book.sheetnames == ["Summary", "Plan", "Changes"]
    assert book["Changes"]["A1"].value == "There is no earlier meeting to compare with."


def test_plan_sheet_has_one_row_per_action_with_real_dates():
    data = make_board_paper_data(actions=20, sections=4)
    sheet = _open(build_plan_workbook(data))["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Section",
        "Reference",
        "Action",
        "Who",
        "Due",
        "Original due",
        "Status",
        "BRAG",
        "Overdue",
        "Latest progress date",
        "Latest progress",
        "Recommendations answered",
        "Priority area",
        "Recommendations issued by",
    )
    actions = [a for s in data.appendix for a in s.actions]
    assert len(rows) - 1 == len(actions) == 20
    first = actions[0]
    assert rows[1][1] == first.reference
    assert rows[1][2] == first.description
    assert rows[1][4] == datetime.datetime.combine(first.due_on, datetime.time())
    assert sheet["E2"].number_format == UK_DATE_FORMAT
    assert sheet["E2"].is_date
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N21"
    # Odd sections deliver a priority area; every action answers the JTAI's findings.
    first_section = [row for row in rows[1:] if row[0].startswith("1. ")]
    second_section = [row for row in rows[1:] if row[0].startswith("2. ")]
    assert {row[12] for row in first_section} == {PRIORITY_AREA}
    assert {row[12] for row in second_section} == {None}
    assert {row[13] for row in rows[1:]} == {"Ofsted, CQC, HMICFRS and HMI Probation"}
    assert sheet.column_dimensions["C"].width == 60
    assert sheet["C2"].alignment.wrap_text is True
    overdue = sum(1 for row in rows[1:] if row[8] == "Yes")
    assert overdue == data.plan_summary.overdue
    rebaselined = [a for a in actions if a.is_rebaselined]
    assert sum(1 for row in rows[1:] if row[5] is not None) == len(rebaselined)


def test_summary_sheet_shows_the_counts():
    data = make_board_paper_data(actions=20, sections=4)
    sheet = _open(build_plan_workbook(data))["Summary"]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    whole = next(row for row in rows if row[0] == data.plan_summary.label)
    headers = next(row for row in rows if row[1] == "Actions")
    assert whole[1] == 20
    assert whole[headers.index("Overdue")] == data.plan_summary.overdue
    assert whole[headers.index("Complete")] == data.plan_summary.complete
    for section in data.section_rows:
        row = next(r for r in rows if r[0] == section.label)
        assert row[1] == section.total
    answers = [row[1] for row in rows if row[0] == "Answers"]
    assert answers == [
        "Joint targeted area inspection (JTAI), 13 January 2025 to 17 January 2025, published "
        "4 March 2025. Issued by Ofsted, CQC, HMICFRS and HMI Probation.",
        "ILACS standard inspection, 2 June 2025 to 13 June 2025. Issued by Ofsted.",
    ]


def test_text_that_looks_like_a_formula_stays_text():
    data = make_board_paper_data(actions=2, sections=1)
    section = data.appendix[0]
    action = dataclasses.replace(section.actions[0], description='=HYPERLINK("http://x","y")')
    data = dataclasses.replace(
        data, appendix=(dataclasses.replace(section, actions=(action, *section.actions[1:])),)
    )
    sheet = _open(build_plan_workbook(data))["Plan"]
    cell = sheet["C2"]
    assert cell.value == '=HYPERLINK("http://x","y")'
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def _risk_row(**overrides):
    risk = SimpleNamespace(
        reference="R1",
        title="+Agency staff leave",
        cause="Pay",
        consequence="Drift",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=4,
        review_on=datetime.date(2026, 1, 31),
        get_status_display=lambda: "Open",
    )
    values = {
        "risk": risk,
        "owner": "Head of Service",
        "inherent_score": 20,
        "residual_score": 12,
        "rating_label": "High",
        "is_review_overdue": True,
        "mitigations": ["1.1", "2.3"],
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def test_risk_register_workbook():
    sheet = _open(build_risk_register_workbook([_risk_row()]))["Risk register"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Reference", "Risk", "Cause", "Consequence", "Owner")
    assert rows[1] == (
        "R1",
        "+Agency staff leave",
        "Pay",
        "Drift",
        "Head of Service",
        4,
        5,
        20,
        3,
        4,
        12,
        "High",
        "1.1; 2.3",
        datetime.datetime(2026, 1, 31),  # noqa: DTZ001 - Excel dates have no time zone
        "Yes",
        "Open",
    )
    assert sheet["B2"].quotePrefix is True
    assert sheet["N2"].number_format == UK_DATE_FORMAT
    assert sheet.freeze_panes == "A2"


def test_empty_risk_register_has_headers_only():
    rows = list(
        _open(build_risk_register_workbook([]))["Risk register"].iter_rows(values_only=True)
    )
    assert len(rows) == 1


def _with_control_characters(data):
    """The first action's description and progress with a vertical tab and a form feed, as
    Word pastes them."""
    first = data.appendix[0]
    action = dataclasses.replace(
        first.actions[0], description="Line one\x0bline two", progress="Done\x0c\x00 today"
    )
    section = dataclasses.replace(first, actions=(action, *first.actions[1:]))
    return dataclasses.replace(data, appendix=(section, *data.appendix[1:]))


def test_control_characters_are_left_out_of_the_plan_workbook():
    data = _with_control_characters(make_board_paper_data(actions=4, sections=2))
    sheet = _open(build_plan_workbook(data))["Plan"]
    row = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[2] == "Line oneline two"
    assert row[10] == "Done today"


def test_control_characters_are_left_out_of_the_plan_csv():
    data = _with_control_characters(make_board_paper_data(actions=4, sections=2))
    text = build_plan_csv(data).decode("utf-8-sig")
    assert "Line oneline two" in text
    assert "Done today" in text
    assert not any(c in text for c in "\x0b\x0c\x00")


def test_control_characters_are_left_out_of_the_risk_register():
    risk_row = _risk_row()
    risk_row.risk.title = "\x0b=Agency\x0b staff"
    workbook = _open(build_risk_register_workbook([risk_row]))["Risk register"]
    cell = workbook["B2"]
    assert cell.value == "=Agency staff"
    assert cell.data_type == "s"
    assert cell.quotePrefix
    text = build_risk_register_csv([risk_row]).decode("utf-8-sig")
    assert "'=Agency staff" in text
    assert "\x0b" not in text


def test_the_plan_workbook_can_leave_out_the_changes_sheet():
    data = make_board_paper_data(
        actions=5, sections=2, highlight_reports=0, with_changes=False, with_impact=False
    )
    book = _open(build_plan_workbook(data, with_changes=False))
    assert book.sheetnames == ["Summary", "Plan"]
