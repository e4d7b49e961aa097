"""The board paper and the plan's exports name the sources the plan answers with who issued
them, each section's priority area, and who issued what each action answers."""

from __future__ import annotations

import csv
import io

import pytest

from tracker.reporting.documents.csv_export import build_plan_csv
from tracker.reporting.papers import selectors
from tracker.reporting.tests.statements.test_selectors import build_plan

pytestmark = pytest.mark.django_db

JTAI_BODIES = "Ofsted, CQC, HMICFRS and HMI Probation"


@pytest.fixture
def plan(local_authority):
    return build_plan(local_authority, actions=4)


def test_board_paper_data_names_the_sources_and_who_issued_them(plan):
    data = selectors.board_paper_data(plan=plan)

    [source] = data.sources
    assert source.kind == "Joint targeted area inspection (JTAI)"
    assert source.issued_by == JTAI_BODIES
    assert selectors.plan_export_data(plan=plan).sources == data.sources


def test_appendix_sections_carry_their_priority_area_and_actions_who_issued_what_they_answer(
    plan,
):
    appendix = selectors.board_paper_data(plan=plan).appendix

    one, two = appendix
    assert one.priority_area == "The front door"
    assert two.priority_area == ""
    assert {a.issued_by for s in appendix for a in s.actions} == {JTAI_BODIES}
    assert selectors.plan_export_rows(plan=plan).appendix == appendix


def test_an_action_answering_nothing_has_no_issuing_bodies(plan):
    plan.sections.get(number=2).recommendations.clear()

    two = selectors.plan_export_rows(plan=plan).appendix[1]

    # 2.2 is still linked to section 1's finding; 2.4 answers nothing.
    assert [(a.reference, a.issued_by) for a in two.actions] == [("2.2", JTAI_BODIES), ("2.4", "")]


def test_plan_csv_has_the_priority_area_and_issuing_bodies_last(plan):
    rows = list(
        csv.reader(
            io.StringIO(build_plan_csv(selectors.plan_export_rows(plan=plan)).decode("utf-8-sig"))
        )
    )

    assert rows[0][-2:] == ["Priority area", "Recommendations issued by"]
    assert rows[1][0] == "1. Governance" and rows[1][-2:] == ["The front door", JTAI_BODIES]
    assert rows[3][0] == "2. Strategy meetings" and rows[3][-2:] == ["", JTAI_BODIES]
