"""The only way to turn an inspection or recommendation id into an object."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.models import User
from tracker.inspections.models import Inspection, Milestone, Recommendation


def inspection_get_for_user(*, user: User, inspection_id: int) -> Inspection:
    """The inspection, if it belongs to the user's local authority; otherwise 404. Its page
    names every plan that answers it: 403 for a partner organisation's people, who read the
    recommendations their shared plans answer on the plans' own pages."""
    local_authority = council_authority_for_user(user=user)
    inspection = Inspection.objects.filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404("No such inspection")
    if inspection.local_authority_id != local_authority.pk:
        raise Http404("No such inspection")
    return inspection


def recommendation_get_for_user(
    *, user: User, inspection_id: int, recommendation_id: int
) -> Recommendation:
    """A recommendation of an inspection the user may see; otherwise 404."""
    inspection = inspection_get_for_user(user=user, inspection_id=inspection_id)
    recommendation = Recommendation.objects.filter(pk=recommendation_id).first()
    if recommendation is None:
        raise Http404("No such recommendation")
    if recommendation.inspection_id != inspection.pk:
        raise Http404("No such recommendation")
    return recommendation


def milestone_get_for_user(*, user: User, inspection_id: int, milestone_id: int) -> Milestone:
    """A milestone (deadline) of an inspection the user may see; otherwise 404."""
    inspection = inspection_get_for_user(user=user, inspection_id=inspection_id)
    milestone = Milestone.objects.filter(pk=milestone_id).select_related("inspection").first()
    if milestone is None:
        raise Http404("No such deadline")
    if milestone.inspection_id != inspection.pk:
        raise Http404("No such deadline")
    return milestone
