"""What every importer shares: status wording, owners, due dates and column headings."""

from __future__ import annotations

import datetime

import pytest

from tracker.plans.demo.ilacs_2019 import SECTIONS, WHO_OWNERS, status_for_progress
from tracker.plans.imports.common import (
    STATUS_CHOICES,
    clean_text,
    name_key,
    numbered_title,
    parse_due_date,
    read_due_date,
    recognise_header,
    recognise_status,
    section_heading,
    split_owners,
    split_status_choice,
)


@pytest.mark.parametrize(
    ("wording", "choice"),
    [
        ("Completed", "completed:blue"),
        ("completed.", "completed:blue"),
        ("Complete (Blue)", "completed:blue"),
        ("Completed April 2020 and communications repeated.", "completed:blue"),
        ("Completed - see below", "completed:blue"),
        ("Blue", "completed:blue"),
        ("B", "completed:blue"),
        ("✓", "completed:blue"),
        ("✔ ✔", "completed:blue"),
        ("100% complete", "completed:blue"),
        ("Completed and ongoing", "business_as_usual:blue"),
        ("Completed, now business as usual", "business_as_usual:blue"),
        ("Completed – now business as usual", "business_as_usual:blue"),
        ("Completed now business as usual", "business_as_usual:blue"),
        ("now business as usual", "business_as_usual:blue"),
        ("BAU", "business_as_usual:blue"),
        ("Completed and under regular review.", "business_as_usual:blue"),
        ("Verified as embedded", "verified:blue"),
        ("Green", "in_progress:green"),
        ("G", "in_progress:green"),
        ("On track", "in_progress:green"),
        ("Nearing completion - a report will go to the board", "in_progress:green"),
        ("Completion imminent – awaiting legal overview", "in_progress:green"),
        ("Amber", "in_progress:amber"),
        ("Yellow", "in_progress:amber"),
        ("Partially complete, data sets available", "in_progress:amber"),
        ("Red", "in_progress:red"),
        ("RED - delayed", "in_progress:red"),
        ("Off track", "in_progress:red"),
        ("In progress", "in_progress:"),
        ("On-going", "in_progress:"),
        ("Ongoing", "in_progress:"),
        ("Not started", "not_started:"),
        ("Not yet due", "not_started:"),
    ],
)
def test_recognise_status_maps_the_words_in_real_use(wording, choice):
    assert recognise_status(wording) == choice


@pytest.mark.parametrize(
    "wording",
    [
        "",
        "   ",
        "G/B",
        "✗",
        "N/A",
        "A report will go to the board",  # a sentence, not the letter A
        "Completed and next Audit in summer 2021",  # more than "Completed" alone says
        "First audit completed",
        "Greenish",
        "Redesign the audit tool",
        "Y",
    ],
)
def test_recognise_status_leaves_anything_else_to_the_officer(wording):
    assert recognise_status(wording) is None


def test_every_status_choice_splits_into_a_status_and_brag():
    assert split_status_choice("in_progress:amber") == ("in_progress", "amber")
    assert split_status_choice("not_started:") == ("not_started", "")
    assert split_status_choice("completed:red") is None
    assert split_status_choice("") is None
    assert all(split_status_choice(choice) for choice, _ in STATUS_CHOICES)


def test_recognised_seed_wordings_mostly_agree_with_the_demo_reading():
    """Where the table recognises a seed narrative, it reads it as the demo's author did, but
    for four whose later words say more (see test_word_plan.CORRECTED)."""
    narratives = {action.progress for section in SECTIONS for action in section.actions}
    recognised = {text: recognise_status(text) for text in narratives}
    agreeing = [
        text for text, choice in recognised.items() if choice == ":".join(status_for_progress(text))
    ]
    disagreeing = [
        text
        for text, choice in recognised.items()
        if choice and choice != ":".join(status_for_progress(text))
    ]
    assert len(agreeing) >= 24
    assert len(disagreeing) == 4


@pytest.mark.parametrize(("who", "owners"), list(WHO_OWNERS.items()))
def test_split_owners_reads_every_who_of_the_seed_as_the_demo_does(who, owners):
    titles, note = owners
    assert split_owners(who) == (titles, note)


@pytest.mark.parametrize(
    ("who", "titles", "note"),
    [
        ("Head of Service\nSafeguards", ("Head of Service Safeguards",), ""),
        (
            "Head of Service Safeguards\n\n\nPrincipal  Social Worker",
            ("Head of Service Safeguards", "Principal Social Worker"),
            "",
        ),
        (
            "Heads of Service Safeguards and Family Support\n\n"
            "Heads of Service Safeguards and Family Support",
            ("Head of Service Safeguards", "Head of Service Family Support"),
            "",
        ),
        (
            "Director of Children’s Services; West Midlands Police",
            ("Director of Children’s Services", "West Midlands Police"),
            "",
        ),
        ("Quality Assurance/Audit Manager", ("Quality Assurance/Audit Manager",), ""),
        (
            "Team Manager, with support from the Business Support Officer.",
            ("Team Manager",),
            "with support from the Business Support Officer",
        ),
        ("", (), ""),
        ("  \n ", (), ""),
    ],
)
def test_split_owners_splits_free_text_into_the_posts_it_names(who, titles, note):
    assert split_owners(who) == (titles, note)


def test_name_key_ignores_case_spacing_and_apostrophe_style():
    assert name_key("Head of Service  Children’s Commissioning") == name_key(
        "head of service children's commissioning"
    )
    assert name_key("Head of Service Safeguards.") == name_key("HEAD OF SERVICE SAFEGUARDS")


@pytest.mark.parametrize(
    ("text", "due_on"),
    [
        ("31/03/2021", datetime.date(2021, 3, 31)),
        ("31/3/21", datetime.date(2021, 3, 31)),
        ("31.03.2021", datetime.date(2021, 3, 31)),
        ("2021-03-31", datetime.date(2021, 3, 31)),
        ("2021-03-31 00:00:00", datetime.date(2021, 3, 31)),
        ("31 March 2021", datetime.date(2021, 3, 31)),
        ("1st Sept 2021", datetime.date(2021, 9, 1)),
        ("March 2021", datetime.date(2021, 3, 31)),
        ("Feb-24", datetime.date(2024, 2, 29)),
        ("Summer 2021", None),
        ("Ongoing", None),
        ("31/02/2021", None),
        ("44286", None),
        ("", None),
    ],
)
def test_parse_due_date_reads_dates_as_uk_plans_write_them(text, due_on):
    assert parse_due_date(text) == due_on


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("31/02/2023", "the due date ‘31/02/2023’ is not a real date"),
        ("29/02/2023", "the due date ‘29/02/2023’ is not a real date"),
        ("0/0/2021", "the due date ‘0/0/2021’ is not a real date"),
        ("31/12/99999", "the due date ‘31/12/99999’ is not a real date"),
        ("99999-12-31", "the due date ‘99999-12-31’ is not a real date"),
        ("2023-13-01", "the due date ‘2023-13-01’ is not a real date"),
        ("31 February 2023", "the due date ‘31 February 2023’ is not a real date"),
        ("31/12/2999", "the due date ‘31/12/2999’ is not between 1990 and 2100"),
        ("1899-12-25", "the due date ‘1899-12-25’ is not between 1990 and 2100"),
        ("#VALUE!", "the due date ‘#VALUE!’ is a spreadsheet error, not a date"),
    ],
)
def test_read_due_date_says_why_a_written_date_is_unreadable(text, problem):
    assert read_due_date(text) == (None, problem)


@pytest.mark.parametrize(
    ("text", "due_on"),
    [("31/03/2021", datetime.date(2021, 3, 31)), ("Summer 2021", None), ("Ongoing", None)],
)
def test_read_due_date_has_no_problem_with_dates_or_words(text, due_on):
    assert read_due_date(text) == (due_on, "")


@pytest.mark.parametrize(
    "cell", ["", " ", "\u00a0", "\u200b", "\ufeff", "\u00ad", "\u2060 \u200d", "\n \t \n"]
)
def test_clean_text_makes_a_cell_that_shows_nothing_empty(cell):
    assert clean_text(cell) == ""


def test_clean_text_keeps_words_and_drops_invisible_characters():
    assert clean_text("\u200bAudit\u00a0cases\ufeff") == "Audit cases"


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Ref", "reference"),
        ("Recommendation", "section"),
        ("Action", "action"),
        ("Lead officer", "who"),
        ("Who ", "who"),
        ("Action owner", "who"),
        ("Target date", "due"),
        ("RAG", "status"),
        ("BRAG status (B/R/A/G)", "status"),
        ("Update", "progress"),
        ("Progress update – June 2021", "progress"),
        ("Outcome", "outcome"),
        ("Expected outcomes", "outcome"),
        ("Notes for the printer", None),
        ("", None),
    ],
)
def test_recognise_header_knows_the_common_column_names(heading, field):
    assert recognise_header(heading) == field


def test_section_headings_and_numbered_titles():
    assert section_heading("Ofsted recommendation 6 ") == (6, "")
    assert section_heading("Recommendation 3: The practice") == (3, "The practice")
    assert section_heading("Area for priority action 2 – Strategy") == (2, "Strategy")
    assert section_heading("Recommendation 1 of this action plan") is None
    assert section_heading("Recommendation 1.2") is None
    assert numbered_title("2. The timeliness of meetings") == (2, "The timeliness of meetings")
    assert numbered_title("R4") == (4, "")
    assert numbered_title("16 and 17 year olds") == (None, "16 and 17 year olds")
