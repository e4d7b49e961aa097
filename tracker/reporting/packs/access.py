"""The only way to turn visit pack ids into objects. Another local authority's pack is "not
found" (404)."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import require_council_member
from tracker.accounts.models import User
from tracker.plans.access import plan_get_for_user
from tracker.reporting.models import VisitPack


def visit_pack_get_for_user(*, user: User, plan_id: int, pack_id: int) -> VisitPack:
    """A pack of a plan the user may see; otherwise 404. The bytes are not loaded."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    require_council_member(user=user)
    pack = (
        VisitPack.objects.defer("content").select_related("requested_by").filter(pk=pack_id).first()
    )
    if pack is None:
        raise Http404("No such pack")
    if pack.plan_id != plan.pk:
        raise Http404("No such pack")
    pack.plan = plan
    return pack
