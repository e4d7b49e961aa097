"""The verification rule and the grade rules."""

from __future__ import annotations

import pytest

from tracker.performance.assurance import rules
from tracker.performance.models import Audit

# Verified as embedded needs evidence or an audit finding -----------------------------------------


def test_verification_problem_refuses_a_decision_with_nothing_behind_it():
    assert rules.verification_problem(evidence_count=0, finding_count=0) == (
        "Choose at least one piece of evidence or audit finding that shows the action is "
        "embedded: a verification cannot rest on nothing"
    )


def test_verification_problem_accepts_evidence_only():
    assert rules.verification_problem(evidence_count=1, finding_count=0) == ""


def test_verification_problem_accepts_a_finding_only():
    assert rules.verification_problem(evidence_count=0, finding_count=1) == ""


def test_verification_problem_accepts_both():
    assert rules.verification_problem(evidence_count=2, finding_count=3) == ""


def test_verification_problem_rejects_negative_counts():
    with pytest.raises(ValueError, match="cannot be negative"):
        rules.verification_problem(evidence_count=-1, finding_count=1)


def _evidence(**overrides):
    facts = {
        "title": "Audit report",
        "is_withdrawn": False,
        "of_this_action": True,
        "of_its_sections_outcome": False,
    }
    return rules.evidence_problem(**(facts | overrides))


def test_evidence_problem_accepts_the_actions_own_evidence():
    assert _evidence() == ""


def test_evidence_problem_accepts_evidence_of_its_sections_expected_outcome():
    assert _evidence(of_this_action=False, of_its_sections_outcome=True) == ""


def test_evidence_problem_refuses_withdrawn_evidence():
    assert _evidence(is_withdrawn=True) == (
        "“Audit report” has been withdrawn, so it cannot support a verification"
    )


def test_evidence_problem_refuses_another_actions_evidence():
    assert _evidence(of_this_action=False) == (
        "“Audit report” is not evidence of this action or of its section's expected "
        "outcomes, so it cannot support this verification"
    )


# Grades ------------------------------------------------------------------------------------------


def counts(outstanding=None, good=None, requires_improvement=None, inadequate=None):
    return {
        "outstanding_count": outstanding,
        "good_count": good,
        "requires_improvement_count": requires_improvement,
        "inadequate_count": inadequate,
    }


@pytest.mark.parametrize("kind", sorted(rules.GRADED_KINDS))
def test_grade_problems_accepts_a_full_set_of_grades(kind):
    assert rules.grade_problems(kind=kind, counts=counts(1, 5, 3, 1)) == {}


@pytest.mark.parametrize("kind", Audit.Kind.values)
def test_grade_problems_accepts_no_grades_for_any_kind(kind):
    assert rules.grade_problems(kind=kind, counts=counts()) == {}


@pytest.mark.parametrize("kind", sorted(set(Audit.Kind.values) - rules.GRADED_KINDS))
def test_grade_problems_refuses_grades_for_kinds_that_do_not_grade_a_sample(kind):
    problems = rules.grade_problems(kind=kind, counts=counts(good=3))

    assert problems == {
        "good_count": [
            "Only case file audits and thematic audits grade a sample. Leave the grades empty, "
            "or change the kind of audit"
        ]
    }


def test_grade_problems_needs_all_four_once_one_is_entered():
    problems = rules.grade_problems(kind=Audit.Kind.CASE_FILE_AUDIT, counts=counts(good=3))

    assert set(problems) == {"outstanding_count", "requires_improvement_count", "inadequate_count"}
    assert problems["inadequate_count"] == [
        "Enter how many cases were graded inadequate (0 if none), or leave all four grades empty"
    ]


def test_grade_problems_refuses_negative_counts():
    problems = rules.grade_problems(kind=Audit.Kind.CASE_FILE_AUDIT, counts=counts(0, -1, 2, 0))

    assert problems == {"good_count": ["The number graded good must be 0 or more"]}


def test_grade_problems_refuses_a_sample_of_nothing():
    problems = rules.grade_problems(kind=Audit.Kind.CASE_FILE_AUDIT, counts=counts(0, 0, 0, 0))

    assert problems == {
        "outstanding_count": ["Enter how many cases were graded: the four grades cannot all be 0"]
    }


def test_percentage_good_or_better_counts_outstanding_and_good():
    assert rules.percentage_good_or_better(counts=counts(1, 5, 3, 1)) == 60


def test_percentage_good_or_better_rounds_half_up():
    # 1 of 8 is 12.5%
    assert rules.percentage_good_or_better(counts=counts(0, 1, 7, 0)) == 13


def test_percentage_good_or_better_is_none_when_nothing_was_graded():
    assert rules.percentage_good_or_better(counts=counts()) is None
    assert rules.percentage_good_or_better(counts=counts(0, 0, 0, 0)) is None


def test_grade_rows_give_each_grades_share_best_first():
    rows = rules.grade_rows(counts=counts(1, 5, 3, 1))

    assert [(row.label, row.count, row.percentage) for row in rows] == [
        ("Outstanding", 1, 10),
        ("Good", 5, 50),
        ("Requires improvement to be good", 3, 30),
        ("Inadequate", 1, 10),
    ]


def test_grade_rows_are_empty_for_an_ungraded_audit():
    assert rules.grade_rows(counts=counts()) == []
