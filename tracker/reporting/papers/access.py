"""The only way to turn board paper ids into objects. Another local authority's paper is
"not found" (404)."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import require_council_member
from tracker.accounts.models import User
from tracker.plans.access import plan_get_for_user
from tracker.reporting.models import BoardPaper


def board_paper_get_for_user(*, user: User, plan_id: int, paper_id: int) -> BoardPaper:
    """A paper of a plan the user may see; otherwise 404. The bytes are not loaded."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    require_council_member(user=user)
    paper = BoardPaper.objects.defer("content").filter(pk=paper_id).first()
    if paper is None:
        raise Http404("No such paper")
    if paper.plan_id != plan.pk:
        raise Http404("No such paper")
    paper.plan = plan
    return paper
