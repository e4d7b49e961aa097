"""What may be asked for in a board paper: one check for every way of asking.

The board papers page (through `services.board_paper_request`), the `export_board_paper`
command (through `services.board_paper_export`) and the task worker making a queued paper
(`services.board_paper_generate`) all call `board_paper_request_validate`, so a paper is
refused for the same reasons, in the same words, whichever way it was asked for.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from tracker.governance.models import Meeting
from tracker.plans.models import Plan
from tracker.reporting.models import BoardPaper

FORMAT_MESSAGE = "Select the format of the paper"
MEETING_AND_DATE_MESSAGE = "Choose a meeting or enter a date, not both"
OTHER_AUTHORITY_MEETING_MESSAGE = "Choose a meeting of one of this local authority's boards"
CANCELLED_MEETING_MESSAGE = "This meeting was cancelled: choose another meeting"
FUTURE_MESSAGE = "The date must be today or in the past"


def board_paper_request_validate(
    *,
    plan: Plan,
    format: str,
    meeting: Meeting | None,
    as_of: datetime.date | None,
    today: datetime.date,
) -> datetime.date:
    """Check a request for a board paper and return the date the paper shows the plan on.

    A paper is for a meeting or for a date, never both (neither means today). The meeting
    must be one of the plan's local authority's boards' and not cancelled; a meeting still
    to come shows the plan today. The date must not be in the future: the plan of a day not
    yet ended cannot be known. The format must be one the paper is made in (Word, PDF, Excel
    or CSV). Every problem is reported at once, keyed by field, in the words an officer sees.
    """
    errors: dict[str, str] = {}
    if format not in BoardPaper.Format.values:
        errors["format"] = FORMAT_MESSAGE
    if meeting is not None and as_of is not None:
        errors["as_of"] = MEETING_AND_DATE_MESSAGE
    elif as_of is not None and as_of > today:
        errors["as_of"] = FUTURE_MESSAGE
    if meeting is not None and meeting.board.local_authority_id != plan.local_authority_id:
        errors["meeting"] = OTHER_AUTHORITY_MEETING_MESSAGE
    elif meeting is not None and meeting.status == Meeting.Status.CANCELLED:
        errors["meeting"] = CANCELLED_MEETING_MESSAGE
    if errors:
        raise ValidationError(errors)
    if meeting is not None:
        return min(today, meeting.held_on)
    return as_of or today
