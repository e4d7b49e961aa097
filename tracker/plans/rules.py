"""Sector rules about actions, their status and BRAG rating, as small pure functions."""

from __future__ import annotations

import datetime

from tracker.plans.models import COMPLETE_STATUSES, Brag, DeliveryStatus


def is_overdue(*, status: str, due_on: datetime.date | None, today: datetime.date) -> bool:
    """ "An action past its due date and not complete is overdue." """
    return due_on is not None and status not in COMPLETE_STATUSES and due_on < today


def brag_for(*, status: str, brag: str) -> str:
    """Blue means complete: a complete action is rated Blue whatever was chosen."""
    if status in COMPLETE_STATUSES:
        return Brag.BLUE
    return brag


def status_brag_problems(
    *, status: str, brag: str, next_review_on: datetime.date | None
) -> dict[str, list[str]]:
    """What is wrong with a status, BRAG and review date taken together, in plain words.

    - Blue is kept for complete actions.
    - "Business as usual" means embedded and under routine monitoring, so it needs a next
      review date.
    """
    problems: dict[str, list[str]] = {}
    if status not in DeliveryStatus.values:
        problems["status"] = ["Select the action's status"]
    if brag and brag not in Brag.values:
        problems["brag"] = ["Select a BRAG rating"]
    if brag == Brag.BLUE and status not in COMPLETE_STATUSES:
        problems["brag"] = [
            "Blue means complete. Choose Green, Amber or Red, or set the status to completed"
        ]
    if status == DeliveryStatus.BUSINESS_AS_USUAL and next_review_on is None:
        problems["next_review_on"] = [
            "Enter the next review date: business as usual actions stay under routine monitoring"
        ]
    return problems


def may_verify_as_embedded(
    *, is_owner: bool, is_improvement_lead: bool, is_thematic_lead: bool
) -> bool:
    """ "Verified as embedded is an independent check: the improvement lead or the thematic
    lead of the action's theme verifies it, never the action's owner."

    Administrators count as improvement leads here.
    """
    if is_owner:
        return False
    return is_improvement_lead or is_thematic_lead
