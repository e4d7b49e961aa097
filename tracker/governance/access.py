"""The only way to turn board, meeting, decision and risk ids into objects. Anything of
another local authority is "not found" (404), never "forbidden"."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tracker.accounts.access import (
    council_authority_for_user,
    local_authority_for_user,
    local_authority_id_for_user,
)
from tracker.accounts.models import User
from tracker.governance.models import Board, Decision, HighlightReport, Meeting, Risk
from tracker.plans.access import user_may_see_plan
from tracker.plans.models import Theme


def board_get_for_user(*, user: User, board_id: int) -> Board:
    """The board, if it belongs to the user's local authority; otherwise 404. Boards, their
    meetings, decisions and highlight reports are the council's own: 403 for a partner
    organisation's people."""
    local_authority = council_authority_for_user(user=user)
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
    """The risk, if it is on the user's local authority's register; otherwise 404. Someone of
    a partner organisation sees only the risks of plans shared with it: any other is 404."""
    local_authority = local_authority_for_user(user=user)
    risk = Risk.objects.select_related("plan").filter(pk=risk_id).first()
    if risk is None:
        raise Http404("No such risk")
    if risk.local_authority_id != local_authority.pk:
        raise Http404("No such risk")
    if user.is_partner and (risk.plan is None or not user_may_see_plan(user=user, plan=risk.plan)):
        raise Http404("No such risk")
    return risk


def highlight_report_get_for_user(
    *, user: User, board_id: int, meeting_id: int, report_id: int
) -> HighlightReport:
    """A highlight report of a meeting the user may see; otherwise 404."""
    meeting = meeting_get_for_user(user=user, board_id=board_id, meeting_id=meeting_id)
    report = (
        HighlightReport.objects.select_related(
            "theme__plan", "theme__lead", "theme__lead_post", "submitted_by", "drafted_by"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404("No such report")
    if report.meeting_id != meeting.pk:
        raise Http404("No such report")
    report.meeting = meeting
    return report


def theme_get_for_meeting(*, user: User, meeting: Meeting, theme_id: int) -> Theme:
    """A theme of one of the meeting's local authority's plans; otherwise 404."""
    theme = Theme.objects.select_related("plan").filter(pk=theme_id).first()
    if theme is None:
        raise Http404("No such theme")
    if theme.plan.local_authority_id != meeting.board.local_authority_id:
        raise Http404("No such theme")
    if theme.plan.local_authority_id != local_authority_id_for_user(user=user):
        raise Http404("No such theme")
    return theme


def user_can_write_highlight_report(*, user: User, theme: Theme) -> bool:
    """The theme's thematic lead (named, or holding the lead post), improvement leads and
    administrators draft, edit and submit a theme's highlight reports."""
    if user.can_edit_plans:
        return True
    if theme.lead_id is not None and theme.lead_id == user.pk:
        return True
    return theme.lead_post_id is not None and user.posts.filter(pk=theme.lead_post_id).exists()


def require_highlight_report_writer(*, user: User, theme: Theme) -> None:
    """Refuse (403) anyone but the theme's lead and the improvement team."""
    if not user_can_write_highlight_report(user=user, theme=theme):
        raise PermissionDenied(
            "Only the theme's thematic lead and the improvement team can change its reports."
        )
