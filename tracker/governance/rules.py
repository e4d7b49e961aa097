"""Named rules for boards, meetings and the risk register. Pure functions, no database."""

from __future__ import annotations

import datetime

from tracker.core.working_days import add_working_days

LOWEST = 1
HIGHEST = 5
PAPERS_DUE_WORKING_DAYS_BEFORE = 5


def risk_score(likelihood: int, impact: int) -> int:
    """Rule: "a risk's score is its likelihood (1 to 5) multiplied by its impact (1 to 5)"."""
    return likelihood * impact


def risk_rating(score: int) -> str:
    """The rating of a score on the 5×5 matrix.

    "1 to 4 is low, 5 to 9 is medium, 10 to 16 is high, 20 to 25 is very high."
    (No product of two numbers from 1 to 5 falls between 17 and 19.)
    """
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "very_high"


RATING_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
# The ratings from least to most severe.
RATING_ORDER = ("low", "medium", "high", "very_high")


def risk_rating_level(score: int) -> int:
    """How severe a score's rating is, from 1 (low) to 4 (very high): never lower for a
    higher score, so whatever shows the level (the heat map's colours) rises with the score."""
    return RATING_ORDER.index(risk_rating(score)) + 1


def is_review_overdue(review_on: datetime.date | None, today: datetime.date, status: str) -> bool:
    """Rule: "an open risk whose review date has passed is overdue for review".

    Closed risks are never overdue.
    """
    return status == "open" and review_on is not None and review_on < today


def meeting_papers_due_on(held_on: datetime.date) -> datetime.date:
    """Rule: "papers are due 5 working days before the meeting" (bank holidays excluded)."""
    return add_working_days(held_on, -PAPERS_DUE_WORKING_DAYS_BEFORE)
