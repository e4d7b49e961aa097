"""Turning the plans named in a merge's address into plans, or 404."""

from __future__ import annotations

from django.http import Http404, QueryDict

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.models import User
from tracker.plans.access import plan_get_for_user
from tracker.plans.models import Plan


def merge_plans_get_for_user(
    *, user: User, query: QueryDict
) -> tuple[list[Plan], Plan | None, str]:
    """The source plans (`plan`), the target (`into`) or the new plan's title (`new-title`)
    of a merge preview's address, each plan one of the user's authority; otherwise 404. Only
    improvement leads and administrators merge (403)."""
    local_authority_for_user(user=user)  # 404 for someone of no authority
    require_plan_editor(user=user)
    ids = query.getlist("plan")
    into = query.get("into", "")
    new_title = query.get("new-title", "").strip()
    if not ids or not all(pk.isdigit() for pk in ids) or not (into.isdigit() or new_title):
        raise Http404("No merge to preview")
    sources = [plan_get_for_user(user=user, plan_id=int(pk)) for pk in dict.fromkeys(ids)]
    target = plan_get_for_user(user=user, plan_id=int(into)) if into.isdigit() else None
    return sources, target, new_title
