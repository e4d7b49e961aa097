"""The Word importer: the seed plan (the golden import test) and the problems it reports."""

from __future__ import annotations

import datetime
import io

import docx
import pytest

from tracker.accounts.models import Post
from tracker.plans.demo import load_demo_data
from tracker.plans.demo.ilacs_2019 import (
    NEXT_REVIEW_ON,
    POSTS,
    PROGRESS_RECORDED_ON,
    RECOMMENDATIONS,
    SECTIONS,
    status_for_progress,
)
from tracker.plans.imports import parse_word_plan
from tracker.plans.imports.apply import plan_import_apply, plan_import_check
from tracker.plans.imports.common import shorten
from tracker.plans.imports.validate import ReferenceData, check_plan
from tracker.plans.models import Plan
from tracker.plans.tests.imports.builders import seed_plan_docx, word_plan_docx

PASSWORD = "demo-password-for-tests"
TODAY = datetime.date(2026, 1, 15)

# Where the wording alone does not say what the demo's author read in it: the officer chooses.
NOT_RECOGNISED = [
    "First audit of strategy discussions completed. Further audi…",
    "Completed and next Audit in summer 2021",
    "Process in place and ongoing – completed. Exploring options…",
    "All Level 2 cases reviewed, allocated and initial assessmen…",
    "Completed and ongoing review through business as usual.",
]
# Recognised, but the author read more into the rest of the narrative: the officer corrects.
CORRECTED = [
    "Completed Escalation procedure implemented spring 2020 with…",
    "Completed. This is now built into the revised case audit pr…",
    "In progress - This needs to be developed further. Covid has…",
    "On-going - Delays due to Covid – working with Judiciary to…",
]


def _demo_reading(text: str) -> str:
    status, brag = status_for_progress(text)
    return f"{status}:{brag}"


def _snapshot(plan: Plan) -> list[tuple]:
    """Everything the golden test compares, section by section and action by action."""
    sections = []
    for section in plan.sections.order_by("number"):
        actions = [
            (
                action.reference,
                action.description,
                sorted(post.title for post in action.owner_posts.all()),
                action.owner_note,
                action.latest_update.narrative if action.latest_update else "",
                action.status,
                action.brag,
                action.next_review_on,
            )
            for action in section.actions.order_by("position")
        ]
        sections.append(
            (
                section.number,
                section.title,
                sorted(r.number for r in section.recommendations.all()),
                [outcome.text for outcome in section.expected_outcomes.all()],
                actions,
            )
        )
    return sections


def test_seed_plan_parses_into_its_ten_recommendations_with_every_row():
    parsed = parse_word_plan(seed_plan_docx(), filename="Ofsted ILACS action plan.docx")

    assert parsed.problems == []
    assert parsed.title == "Ofsted ILACS action plan"
    assert [section.number for section in parsed.sections] == list(range(1, 11))
    assert [len(section.actions) for section in parsed.sections] == [
        len(row.actions) for row in SECTIONS
    ]
    first = parsed.sections[0].actions[0]
    assert first.place == "table 2, row 2"  # table 1 is the introduction's judgements
    assert first.who == "Head of Service Safeguards"
    assert parsed.sections[5].title == ""  # the seed prints no words under recommendation 6
    assert parsed.sections[0].outcomes == list(SECTIONS[0].expected_outcomes)


@pytest.mark.django_db
def test_importing_the_seed_document_reproduces_the_demo_plan():
    demo = load_demo_data(password=PASSWORD)
    parsed = parse_word_plan(seed_plan_docx(), filename="Ofsted ILACS action plan.docx")

    checked = plan_import_check(
        local_authority=demo.local_authority, parsed=parsed, inspection=demo.inspection_2019
    )

    assert checked.blocking_problems == []
    assert checked.warnings == []
    assert checked.new_posts == []  # every "Who" matches a post, curly apostrophes and all
    assert [shorten(w.text) for w in checked.unmapped] == NOT_RECOGNISED
    corrected = [
        shorten(w.text)
        for w in checked.wordings
        if w.recognised and w.recognised != _demo_reading(w.text)
    ]
    assert corrected == CORRECTED
    choices = {
        wording.text: _demo_reading(wording.text)
        for wording in checked.wordings
        if wording.recognised != _demo_reading(wording.text)
    }

    plan = plan_import_apply(
        user=None,
        local_authority=demo.local_authority,
        parsed=parsed,
        title="Ofsted ILACS action plan (imported)",
        kind=Plan.Kind.OFSTED_ACTION_PLAN,
        inspection=demo.inspection_2019,
        status_choices=choices,
        recorded_on=PROGRESS_RECORDED_ON,
        next_review_on=NEXT_REVIEW_ON,
        today=TODAY,
    )

    assert _snapshot(plan) == _snapshot(demo.action_plan)
    assert plan.sections.get(number=6).title == RECOMMENDATIONS[5]  # the report's words
    assert list(plan.inspections.all()) == [demo.inspection_2019]
    assert plan.status == Plan.Status.DRAFT
    update = plan.actions.get(reference="1.1").latest_update
    assert update.recorded_on == PROGRESS_RECORDED_ON
    assert update.author_name == "Imported from Ofsted ILACS action plan.docx"


@pytest.mark.django_db
def test_importing_the_seed_document_into_a_new_authority_proposes_its_six_posts(
    local_authority, improvement_lead
):
    parsed = parse_word_plan(seed_plan_docx(), filename="plan.docx")
    checked = plan_import_check(local_authority=local_authority, parsed=parsed, inspection=None)

    assert sorted(checked.new_posts) == sorted(POSTS)
    assert [str(problem) for problem in checked.warnings] == [
        "heading ‘Ofsted recommendation 6’, after table 6: no recommendation text, so the "
        "section is called "
        "‘Recommendation 6’. Link the inspection to use the report’s words"
    ]
    choices = {w.text: _demo_reading(w.text) for w in checked.wordings}
    plan = plan_import_apply(
        user=improvement_lead,
        local_authority=local_authority,
        parsed=parsed,
        title="Imported plan",
        kind=Plan.Kind.OFSTED_ACTION_PLAN,
        inspection=None,
        status_choices=choices,
        next_review_on=NEXT_REVIEW_ON,
    )

    assert sorted(
        Post.objects.filter(local_authority=local_authority).values_list("title", flat=True)
    ) == sorted(POSTS)
    assert plan.actions.count() == sum(len(row.actions) for row in SECTIONS)
    assert plan.history.first().history_user == improvement_lead


def test_word_problems_are_all_reported_with_their_places():
    data = word_plan_docx(
        headings_and_tables=[
            (
                "",
                [("Action", "Who", "Progress"), ("Audit cases", "Head of Service", "Completed")],
                [],
            ),
            (
                "Ofsted recommendation 1",
                [
                    ("Action", "Who", "Progress"),
                    ("Audit cases", "Head of Service Safeguards", "Completed"),
                    ("", "Head of Service Safeguards", "Partially complete"),
                ],
                ["Audits are done"],
            ),
            ("Ofsted recommendation 2: Strategy meetings", [("Name", "Grade"), ("a", "b")], []),
            (
                "Ofsted recommendation 1",
                [("Action", "Who", "Progress"), ("", "", "Completed"), ("Train staff", "", "")],
                [],
            ),
        ]
    )
    parsed = parse_word_plan(data, filename="plan.docx")
    checked = check_plan(parsed, reference=ReferenceData())

    assert [str(problem) for problem in checked.blocking_problems] == [
        "table 1: the actions come before any recommendation heading (such as ‘Ofsted "
        "recommendation 1’); add the heading above the table",
        "table 2, row 3: no action text",
        "table 4, row 2: no action text",
        "heading ‘Ofsted recommendation 1’, after table 3: recommendation 1 appears twice (also "
        "at heading ‘Ofsted recommendation 1’, after table 1)",
    ]
    assert (
        "table 3: left out: its first row does not name the columns Action, Who and Progress"
        in [str(problem) for problem in checked.warnings]
    )


def test_word_document_without_any_plan_says_what_it_looks_for():
    parsed = parse_word_plan(
        word_plan_docx(headings_and_tables=[], before=["Minutes of the board"]),
        filename="minutes.docx",
    )

    assert [str(problem) for problem in parsed.problems] == [
        "No recommendations or action tables were found. The importer looks for headings such "
        "as ‘Ofsted recommendation 1’, each followed by a table whose first row names the "
        "columns Action, Who and Progress"
    ]


def test_word_tables_with_due_status_and_reference_columns_are_read():
    data = word_plan_docx(
        headings_and_tables=[
            (
                "Recommendation 3: Threshold visits",
                [
                    ("Ref", "Action", "Lead officer", "Due date", "RAG", "Update"),
                    ("3a", "Audit visits", "Head of Service Family Support", "31/03/2021", "G", ""),
                    (
                        "3b",
                        "Dip sample",
                        "Head of Service Family Support",
                        "Summer 2021",
                        "✓",
                        "Done",
                    ),
                ],
                ["Children get a timely response"],
            )
        ]
    )
    parsed = parse_word_plan(data, filename="plan.docx")
    checked = check_plan(parsed, reference=ReferenceData())

    section = checked.sections[0]
    assert (section.number, section.title, section.outcomes) == (
        3,
        "Threshold visits",
        ["Children get a timely response"],
    )
    assert [(a.reference, a.due_on, a.choice) for a in section.actions] == [
        ("3a", datetime.date(2021, 3, 31), "in_progress:green"),
        ("3b", None, "completed:blue"),
    ]
    assert [str(problem) for problem in checked.warnings] == [
        "table 1, row 3: ‘Summer 2021’ is not a date, so the action will have no due date"
    ]


def test_a_recommendation_heading_inside_the_table_starts_a_section():
    data = word_plan_docx(
        headings_and_tables=[
            (
                "",
                [
                    ("Action", "Who", "Progress"),
                    ("Recommendation 1: Audit", "Recommendation 1: Audit", ""),
                    ("Audit cases", "Principal Social Worker", "Completed"),
                    ("Recommendation 2 - Strategy meetings", "", ""),
                    ("Hold meetings on time", "Head of Service Family Support", "In progress"),
                ],
                [],
            )
        ]
    )
    parsed = parse_word_plan(data, filename="plan.docx")

    assert parsed.problems == []
    assert [(s.number, s.title, len(s.actions)) for s in parsed.sections] == [
        (1, "Audit", 1),
        (2, "Strategy meetings", 1),
    ]


def test_merged_cells_are_read_once_across_and_repeated_down():
    document = docx.Document()
    document.add_heading("Ofsted recommendation 4", level=2)
    table = document.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Action", "Who", "Progress"), strict=True):
        cell.text = text
    heading = table.cell(1, 0).merge(table.cell(1, 2))
    heading.text = "Recommendation 5: Plans parents understand"
    table.cell(2, 0).text = "Write plans simply"
    table.cell(3, 0).text = "Audit the plans"
    who = table.cell(2, 1).merge(table.cell(3, 1))
    who.text = "Head of Service Safeguards"
    table.cell(2, 2).text = "Completed"
    table.cell(3, 2).text = "In progress"
    buffer = io.BytesIO()
    document.save(buffer)

    parsed = parse_word_plan(buffer.getvalue(), filename="plan.docx")

    assert parsed.problems == []
    assert [(s.number, s.title) for s in parsed.sections] == [
        (4, ""),
        (5, "Plans parents understand"),
    ]
    assert [(a.description, a.who, a.progress) for a in parsed.sections[1].actions] == [
        ("Write plans simply", "Head of Service Safeguards", "Completed"),
        ("Audit the plans", "Head of Service Safeguards", "In progress"),
    ]


def _dated_docx(due: str, *, blank: str = "") -> bytes:
    rows = [("Action", "Who", "Progress", "Due date"), ("Audit", "PSW", "Green", "31/03/2021")]
    if blank:
        rows.append((blank,) * 4)
    rows.append(("Train staff", "PSW", "Green", due))
    return word_plan_docx(headings_and_tables=[("Ofsted recommendation 1", rows, [])])


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("31/02/2023", "the due date ‘31/02/2023’ is not a real date"),
        ("2023-02-30", "the due date ‘2023-02-30’ is not a real date"),
        ("01/01/99999", "the due date ‘01/01/99999’ is not a real date"),
    ],
)
def test_an_impossible_due_date_in_a_word_table_is_a_problem_at_its_row(due, message):
    checked = check_plan(parse_word_plan(_dated_docx(due)), reference=ReferenceData())

    assert [str(problem) for problem in checked.blocking_problems] == [f"table 1, row 3: {message}"]
    assert checked.is_ready is False


@pytest.mark.parametrize("blank", [" ", "\u00a0", "\u200b", "\ufeff"])
def test_a_wholly_blank_row_in_a_word_table_is_skipped(blank):
    checked = check_plan(
        parse_word_plan(_dated_docx("30/04/2021", blank=blank)), reference=ReferenceData()
    )

    assert checked.blocking_problems == []
    assert [(action.place, action.description) for action in checked.actions] == [
        ("table 1, row 2", "Audit"),
        ("table 1, row 4", "Train staff"),
    ]
