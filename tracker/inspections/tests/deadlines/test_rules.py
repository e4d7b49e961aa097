"""The milestone rules, each pinned to real inspections' dates."""

from __future__ import annotations

import datetime

import pytest

from tracker.core.working_days import Closures
from tracker.inspections.deadlines import rules as deadlines
from tracker.inspections.deadlines.rules import milestones_for

D = datetime.date

# Solihull: ILACS standard inspection 31 October to 11 November 2022, report published
# 13 January 2023, inadequate; improvement notice issued 1 November 2022.
SOLIHULL = {
    "kind": "standard",
    "published_on": D(2023, 1, 13),
    "grade": "inadequate",
    "ended_on": D(2022, 11, 11),
}


def _by_key(milestones):
    return {m.key: m for m in milestones}


def test_action_planning_visit_solihull_2023_within_30_working_days():
    milestone = deadlines.action_planning_visit(D(2023, 1, 13))
    assert milestone.on == D(2023, 2, 24)
    assert "within 30 working days" in milestone.rule
    assert "December 2022" in milestone.rule
    assert "may have differed" not in milestone.rule


def test_action_planning_visit_before_the_december_2022_framework_says_so():
    milestone = deadlines.action_planning_visit(D(2022, 6, 1))
    assert "may have differed: check with Ofsted" in milestone.rule


def test_draft_action_plan_due_by_the_action_planning_visit():
    assert deadlines.draft_action_plan_due(D(2023, 1, 13)).on == D(2023, 2, 24)


def test_action_plan_due_stockton_70_working_days():
    """Stockton's report was published on 9 May 2023; its plan was due on 16 August 2023."""
    milestone = deadlines.action_plan_due(D(2023, 5, 9))
    assert milestone.on == D(2023, 8, 16)
    assert "within 70 working days" in milestone.rule


def test_action_plan_due_solihull_skips_easter():
    assert deadlines.action_plan_due(D(2023, 1, 13)).on == D(2023, 4, 25)


def test_action_plan_due_barnsley_skips_christmas_and_new_year():
    assert deadlines.action_plan_due(D(2023, 10, 27)).on == D(2024, 2, 7)


def test_action_plan_due_follows_the_closures_table():
    extra = Closures(extra=frozenset({D(2023, 6, 1)}))
    assert deadlines.action_plan_due(D(2023, 5, 9), closures=extra).on == D(2023, 8, 17)


def test_monitoring_visits_solihull_are_quarterly_windows_six_to_eight():
    visits = deadlines.monitoring_visits(D(2023, 1, 13))
    assert len(visits) == 8
    assert (visits[0].earliest, visits[0].latest) == (D(2023, 4, 13), D(2023, 7, 12))
    assert (visits[1].earliest, visits[1].latest) == (D(2023, 7, 13), D(2023, 10, 12))
    assert (visits[5].earliest, visits[5].latest) == (D(2024, 7, 13), D(2024, 10, 12))
    assert [v.name for v in visits[5:]] == [
        "Monitoring visit 6",
        "Monitoring visit 7 (if needed)",
        "Monitoring visit 8 (if needed)",
    ]
    assert "usually 6 to 8" in visits[0].rule
    assert "estimate" in visits[0].rule


def test_reinspection_window_solihull_about_two_and_a_half_years():
    milestone = deadlines.reinspection_window(D(2023, 1, 13))
    assert (milestone.earliest, milestone.latest) == (D(2025, 4, 13), D(2025, 10, 13))
    assert "about 2.5 years" in milestone.rule


def test_next_inspection_window_barnsley_good_gets_a_short_inspection():
    """Barnsley: short inspection 11 to 15 September 2023, judged good."""
    milestone = deadlines.next_inspection_window(D(2023, 9, 15), "good")
    assert milestone.name == "Next inspection (short inspection)"
    assert (milestone.earliest, milestone.latest) == (D(2026, 3, 15), D(2027, 3, 15))
    assert "15 September 2026" in milestone.rule
    assert "six months either side" in milestone.rule


def test_next_inspection_window_sunderland_outstanding_gets_a_short_inspection():
    """Sunderland: standard inspection 28 June to 9 July 2021, judged outstanding."""
    milestone = deadlines.next_inspection_window(D(2021, 7, 9), "outstanding")
    assert milestone.name == "Next inspection (short inspection)"
    assert (milestone.earliest, milestone.latest) == (D(2024, 1, 9), D(2025, 1, 9))


def test_next_inspection_window_requires_improvement_gets_a_standard_inspection():
    milestone = deadlines.next_inspection_window(D(2023, 3, 17), "requires_improvement")
    assert milestone.name == "Next inspection (standard inspection)"
    assert "requires improvement to be good" in milestone.rule
    assert (milestone.earliest, milestone.latest) == (D(2025, 9, 17), D(2026, 9, 17))


def test_focused_visit_draft_plan_due_20_working_days_over_christmas_2022():
    # 26 and 27 December 2022 and 2 January 2023 are bank holidays.
    milestone = deadlines.focused_visit_draft_plan_due(
        D(2022, 12, 2), has_areas_for_priority_action=True
    )
    assert milestone.on == D(2023, 1, 4)
    assert "within 20 working days" in milestone.rule
    assert "Only if" not in milestone.rule


def test_focused_visit_draft_plan_when_priority_actions_are_not_known_says_so():
    milestone = deadlines.focused_visit_draft_plan_due(
        D(2022, 12, 2), has_areas_for_priority_action=None
    )
    assert "Only if the letter names areas for priority action" in milestone.rule


def test_jtai_statement_of_action_due_70_working_days_and_says_to_check():
    # Easter 2022 (15 and 18 April) and the early-May holiday (2 May) are skipped.
    milestone = deadlines.jtai_statement_of_action_due(D(2022, 2, 7))
    assert milestone.on == D(2022, 5, 19)
    assert "Statement of Action" in milestone.rule
    assert "check it" in milestone.rule


def test_dfe_reviews_solihull_improvement_notice_every_six_months():
    reviews = deadlines.dfe_reviews(D(2022, 11, 1))
    assert [r.on for r in reviews] == [
        D(2023, 5, 1),
        D(2023, 11, 1),
        D(2024, 5, 1),
        D(2024, 11, 1),
    ]
    assert "at least every six months" in reviews[0].rule


def test_milestones_for_solihull_inadequate_lists_everything_in_date_order():
    milestones = milestones_for(**SOLIHULL, statutory_notice_on=D(2022, 11, 1))
    keys = [m.key for m in milestones]
    assert keys[:3] == ["action_planning_visit", "draft_action_plan_due", "monitoring_visit_1"]
    assert keys[-1] == "reinspection"
    assert {"action_plan_due", "dfe_review_1", "dfe_review_4", "monitoring_visit_8"} <= set(keys)
    assert "next_inspection" not in keys
    starts = [m.on or m.earliest for m in milestones]
    assert starts == sorted(starts)


def test_milestones_for_good_short_inspection_has_action_plan_and_next_inspection():
    milestones = milestones_for(
        kind="short", published_on=D(2023, 10, 27), grade="good", ended_on=D(2023, 9, 15)
    )
    assert [m.key for m in milestones] == ["action_plan_due", "next_inspection"]


def test_milestones_for_without_an_end_date_counts_from_publication_and_says_so():
    milestone = _by_key(milestones_for(kind="short", published_on=D(2023, 10, 27), grade="good"))[
        "next_inspection"
    ]
    assert (milestone.earliest, milestone.latest) == (D(2026, 4, 27), D(2027, 4, 27))
    assert "end date was not given" in milestone.rule


def test_milestones_for_unpublished_report_gives_only_what_the_end_date_sets():
    milestones = milestones_for(
        kind="standard", published_on=None, grade="requires_improvement", ended_on=D(2023, 3, 17)
    )
    assert [m.key for m in milestones] == ["next_inspection"]
    assert milestones_for(kind="standard", published_on=None, grade="inadequate") == []


def test_milestones_for_focused_visit_without_priority_actions_has_none():
    assert (
        milestones_for(
            kind="focused_visit",
            published_on=D(2022, 12, 2),
            has_areas_for_priority_action=False,
        )
        == []
    )


@pytest.mark.parametrize("kind", ["monitoring_visit", "sif", "other"])
def test_milestones_for_kinds_without_deadlines(kind):
    assert milestones_for(kind=kind, published_on=D(2023, 1, 13), grade="inadequate") == []


def test_milestones_for_ungraded_inspection_has_none():
    assert milestones_for(kind="standard", published_on=D(2023, 1, 13)) == []


def test_derived_milestone_to_json_has_date_or_window():
    single, window = milestones_for(
        kind="short", published_on=D(2023, 10, 27), grade="good", ended_on=D(2023, 9, 15)
    )
    assert single.to_json() == {
        "key": "action_plan_due",
        "name": "Action plan due",
        "date": "2024-02-07",
        "rule": single.rule,
    }
    assert window.to_json()["earliest"] == "2026-03-15"
    assert window.to_json()["latest"] == "2027-03-15"
    assert "date" not in window.to_json()
