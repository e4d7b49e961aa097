"""The named governance rules: risk scores, rating bands, review dates and paper deadlines."""

from __future__ import annotations

import datetime

import pytest

from tracker.governance import rules


@pytest.mark.parametrize(
    ("likelihood", "impact", "score"), [(1, 1, 1), (2, 3, 6), (4, 4, 16), (5, 5, 25), (5, 1, 5)]
)
def test_risk_score_is_likelihood_times_impact(likelihood, impact, score):
    assert rules.risk_score(likelihood, impact) == score


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (16, "high"),
        (20, "very_high"),
        (25, "very_high"),
    ],
)
def test_rating_bands(score, rating):
    assert rules.risk_rating(score) == rating


def test_every_cell_of_the_matrix_has_a_rating_with_a_label():
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            assert rules.risk_rating(rules.risk_score(likelihood, impact)) in rules.RATING_LABELS


def test_risk_rating_level_never_falls_as_the_score_rises():
    scores = sorted({rules.risk_score(li, im) for li in range(1, 6) for im in range(1, 6)})
    levels = [rules.risk_rating_level(score) for score in scores]
    assert levels == sorted(levels)
    assert {rules.risk_rating_level(s): rules.risk_rating(s) for s in scores} == {
        1: "low",
        2: "medium",
        3: "high",
        4: "very_high",
    }


TODAY = datetime.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("review_on", "status", "overdue"),
    [
        (datetime.date(2026, 3, 9), "open", True),
        (datetime.date(2026, 3, 10), "open", False),  # due today is not yet overdue
        (datetime.date(2026, 3, 11), "open", False),
        (datetime.date(2026, 3, 9), "closed", False),
        (None, "open", False),
    ],
)
def test_review_overdue(review_on, status, overdue):
    assert rules.is_review_overdue(review_on, TODAY, status) is overdue


def test_papers_due_five_working_days_before():
    # Thursday 10 December 2026 -> Thursday 3 December 2026.
    assert rules.meeting_papers_due_on(datetime.date(2026, 12, 10)) == datetime.date(2026, 12, 3)


def test_papers_due_skips_bank_holidays():
    # Friday 8 May 2026 follows the early May bank holiday (Monday 4 May): 5 working days back
    # is Thursday 30 April.
    assert rules.meeting_papers_due_on(datetime.date(2026, 5, 8)) == datetime.date(2026, 4, 30)
