"""The only way to turn board, meeting, decision and risk ids into objects. Anything of
another local authority is "not found" (404), never "forbidden"."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import local_authority_for_user
from tracker.accounts.models import User
from tracker.governance.models import Board, Decision, Meeting, Risk


def board_get_for_user(*, user: User, board_id: int) -> Board:
    """The board, if it belongs to the user's local authority; otherwise 404."""
    local_authority = local_authority_for_user(user=user)
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        raise Http404("No such board")
    if board.local_authority_id != local_authority.pk:
        raise Http404("No such board")
    return board


def meeting_get_for_user(*, user: User, board_id: int, meeting_id: int) -> Meeting:
    """A meeting of a board the user may see; otherwise 404."""
    board = board_get_for_user(user=user, board_id=board_id)
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting")
    if meeting.board_id != board.pk:
        raise Http404("No such meeting")
    meeting.board = board
    return meeting


def decision_get_for_user(
    *, user: User, board_id: int, meeting_id: int, decision_id: int
) -> Decision:
    """A decision of a meeting the user may see; otherwise 404."""
    meeting = meeting_get_for_user(user=user, board_id=board_id, meeting_id=meeting_id)
    decision = Decision.objects.select_related("plan", "section").filter(pk=decision_id).first()
    if decision is None:
        raise Http404("No such decision")
    if decision.meeting_id != meeting.pk:
        raise Http404("No such decision")
    decision.meeting = meeting
    return decision


def risk_get_for_user(*, user: User, risk_id: int) -> Risk:
    """The risk, if it is on the user's local authority's register; otherwise 404."""
    local_authority = local_authority_for_user(user=user)
    risk = Risk.objects.filter(pk=risk_id).first()
    if risk is None:
        raise Http404("No such risk")
    if risk.local_authority_id != local_authority.pk:
        raise Http404("No such risk")
    return risk
