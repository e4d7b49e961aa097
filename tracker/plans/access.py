"""The only way to turn plan, theme, section and action ids into objects; who may change them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from tracker.accounts.access import local_authority_for_user, local_authority_id_for_user
from tracker.accounts.models import User
from tracker.core.compiled import CompiledGet
from tracker.inspections.models import Recommendation
from tracker.plans import rules
from tracker.plans.models import (
    Action,
    Plan,
    PlanPartnerAccess,
    PriorityArea,
    ProgressUpdate,
    Section,
    Theme,
)


def local_authority_id_of(thing: object) -> int | None:
    """The local authority a record belongs to: its own, its plan's (themes, sections,
    actions), or its inspection's (recommendations). Services use it to refuse links across
    authorities."""
    if isinstance(thing, Theme | Section | Action | PriorityArea):
        return thing.plan.local_authority_id
    if isinstance(thing, Recommendation):
        return thing.inspection.local_authority_id
    owner_id = getattr(thing, "local_authority_id", None)
    return owner_id if isinstance(owner_id, int) else None


def _local_authority_id_for_user(*, user: User) -> int:
    """The id of the user's local authority (an adviser's, the one they opened while it
    grants them access), without fetching the authority itself; a user without one sees
    nothing (404)."""
    local_authority_id = local_authority_id_for_user(user=user)
    if local_authority_id is None:
        local_authority_for_user(user=user)  # raises the 404 with its message
    return local_authority_id  # type: ignore[return-value]


# Who sees which plans ---------------------------------------------------------------------------


def grants_in_force(*, organisation_id: int | None) -> QuerySet[PlanPartnerAccess]:
    """The grants in force of a partner organisation (none for no organisation)."""
    if organisation_id is None:
        return PlanPartnerAccess.objects.none()
    return PlanPartnerAccess.objects.filter(
        organisation_id=organisation_id, withdrawn_at__isnull=True
    )


def plans_visible_to(*, user: User) -> QuerySet[Plan]:
    """The plans the user may see: every plan of their local authority, or for someone of a
    partner organisation only those shared with it. Lazy: used as a subquery it adds no
    query of its own. Every selector and access helper that lists or fetches plans, or
    what hangs off them, starts here. An adviser sees every plan of the authority they opened
    while it grants them access (`accounts.access.local_authority_id_for_user`)."""
    local_authority_id = local_authority_id_for_user(user=user)
    plans = Plan.objects.filter(local_authority_id=local_authority_id)
    if local_authority_id is None:
        return plans.none()
    if user.is_partner:
        shared = grants_in_force(organisation_id=user.organisation_id).filter(plan=OuterRef("pk"))
        plans = plans.filter(Exists(shared))
    return plans


def visible_plan_ids(*, user: User) -> QuerySet[Plan, int]:
    """The ids of `plans_visible_to`, for `plan_id__in=`: a subquery, not a list."""
    return plans_visible_to(user=user).values_list("pk", flat=True)


def user_may_see_plan(*, user: User, plan: Plan) -> bool:
    """Whether the user may see a plan of their own authority: always for the council's
    people; for a partner, while the plan is shared with their organisation (one query)."""
    if plan.local_authority_id != local_authority_id_for_user(user=user):
        return False
    if not user.is_partner:
        return True
    return grants_in_force(organisation_id=user.organisation_id).filter(plan=plan).exists()


def _require_plan_visible(*, user: User, plan: Plan) -> None:
    """404 for a plan the user may not see: another authority's, or one not shared with
    their partner organisation (whether it exists is not for them to know)."""
    if not user_may_see_plan(user=user, plan=plan):
        raise Http404("No such plan")


def plan_get_for_user(*, user: User, plan_id: int) -> Plan:
    """The plan, if the user may see it (`plans_visible_to`); otherwise 404."""
    _local_authority_id_for_user(user=user)
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No such plan")
    _require_plan_visible(user=user, plan=plan)
    return plan


def theme_get_for_user(*, user: User, plan_id: int, theme_id: int) -> Theme:
    """A theme of a plan the user may see; otherwise 404."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    theme = Theme.objects.filter(pk=theme_id).first()
    if theme is None:
        raise Http404("No such theme")
    if theme.plan_id != plan.pk:
        raise Http404("No such theme")
    return theme


def priority_area_get_for_user(*, user: User, plan_id: int, priority_area_id: int) -> PriorityArea:
    """A priority area of a plan the user may see; otherwise 404."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    priority_area = PriorityArea.objects.filter(pk=priority_area_id).first()
    if priority_area is None or priority_area.plan_id != plan.pk:
        raise Http404("No such priority area")
    # The plan checked above is the area's own: no second read of it.
    priority_area.plan = plan
    return priority_area


def section_get_for_user(*, user: User, plan_id: int, section_id: int) -> Section:
    """A section of a plan the user may see; otherwise 404."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    section = Section.objects.filter(pk=section_id).first()
    if section is None:
        raise Http404("No such section")
    if section.plan_id != plan.pk:
        raise Http404("No such section")
    return section


def action_get_for_user(*, user: User, plan_id: int, action_id: int) -> Action:
    """An action of a plan the user may see; otherwise 404.

    One query: the action comes with its plan, whose authority is checked here.
    """
    _local_authority_id_for_user(user=user)
    action = Action.objects.select_related("plan", "section").filter(pk=action_id).first()
    if action is None or action.plan_id != plan_id:
        raise Http404("No such action")
    _require_plan_visible(user=user, plan=action.plan)
    return action


def moved_action_for_user(*, user: User, plan_id: int, action_id: int) -> Action | None:
    """The action a merge moved out of plan `plan_id`, if the user may see where it is now;
    otherwise None. Links to it under its old plan (bookmarks, emails, papers) then still
    find it. One query, two for a partner."""
    action = (
        Action.objects.select_related("plan")
        .filter(pk=action_id, origin_plan_id=plan_id)
        .exclude(plan_id=plan_id)
        .first()
    )
    if action is None or not user_may_see_plan(user=user, plan=action.plan):
        return None
    return action


# Compiling this read (five models' columns) cost about 2 ms, most of recording progress's
# own time; it is compiled once per database (`CompiledGet`).
_ACTION_UNDER_LOCK = CompiledGet(
    lambda: Action.objects.select_for_update(of=("self",)).select_related(
        "plan", "section__theme", "latest_update"
    )
)


def action_lock_for_user(*, user: User, plan_id: int | None, action_id: int) -> Action:
    """An action of a plan the user may see, its row locked until the transaction ends;
    otherwise 404. Call inside `transaction.atomic`. `plan_id` is the plan a page's address
    names, which must be the action's; None where the address names the action alone (the
    API), whose plan is then the one checked.

    For a page that records progress: one query serves both the access check and the write.
    The row is read under the lock with what `services.action_record_progress` reads under it
    (its latest entry, its section's theme) and its plan, so the service, told
    `action_locked=True`, checks the version against this row and does not read it again.
    """
    _local_authority_id_for_user(user=user)
    try:
        action = _ACTION_UNDER_LOCK.get(action_id)
    except Action.DoesNotExist:
        raise Http404("No such action") from None
    if plan_id is not None and action.plan_id != plan_id:
        raise Http404("No such action")
    _require_plan_visible(user=user, plan=action.plan)
    return action


def progress_update_get_for_user(*, user: User, action: Action, update_id: int) -> ProgressUpdate:
    """A progress entry of an action the user may see; otherwise 404."""
    update = ProgressUpdate.objects.filter(pk=update_id).first()
    if update is None:
        raise Http404("No such progress entry")
    if update.action_id != action.pk:
        raise Http404("No such progress entry")
    return update


def user_owns_action(*, user: User, action: Action) -> bool:
    """Whether the user owns the action: named on it, holding a post that owns it, or in an
    owning partner organisation. One query, whichever way they own it, unless a page that
    changes nothing already asked (`remember_ownership`)."""
    known = action.__dict__.get("_ownership_read")
    if known is not None and known[0] == user.pk:
        return bool(known[1])
    owned = Q(
        Exists(Action.owner_users.through.objects.filter(action_id=action.pk, user_id=user.pk))
    ) | Q(
        Exists(Action.owner_posts.through.objects.filter(action_id=action.pk, post__holders=user))
    )
    if user.organisation_id is not None:
        owned |= Q(
            Exists(
                Action.owner_organisations.through.objects.filter(
                    action_id=action.pk, organisation_id=user.organisation_id
                )
            )
        )
    return Action.objects.filter(pk=action.pk).filter(owned).exists()


def remember_ownership(*, user: User, action: Action) -> bool:
    """`user_owns_action`, kept on this instance of the action for the rest of a page that
    only reads: the action page asks it for the page itself and again for each panel (what
    the user may record, add and verify), and it was a fifth of the page's time. Never for a
    request that writes, where owners could change between two questions."""
    owns = user_owns_action(user=user, action=action)
    action.__dict__["_ownership_read"] = (user.pk, owns)
    return owns


def user_leads_theme(*, user: User, theme: Theme | None) -> bool:
    """Whether the user is the theme's thematic lead: named as its lead, or holding its lead
    post."""
    if theme is None:
        return False
    if theme.lead_id is not None and theme.lead_id == user.pk:
        return True
    return theme.lead_post_id is not None and user.posts.filter(pk=theme.lead_post_id).exists()


def user_can_record_progress(*, user: User, action: Action) -> bool:
    """Editors record progress on any action; action owners on the actions they own and, as
    thematic leads, on the actions of their theme's sections. Someone of a partner
    organisation records progress only on actions they own (their organisation's, their
    post's or their own) of plans shared with it (the access helpers refuse the others)."""
    if user.can_edit_plans:
        return True
    if user.role != User.Role.ACTION_OWNER:
        return False
    if user_owns_action(user=user, action=action):
        return True
    if user.is_partner:
        return False
    return user_leads_theme(user=user, theme=action.section.theme)


def user_can_verify_as_embedded(*, user: User, action: Action) -> bool:
    """Whether the user may record the action as "Verified as embedded": improvement leads,
    administrators and the thematic lead of the action's section's theme, never one of the
    action's owners (see `rules.may_verify_as_embedded`)."""
    is_owner = user_owns_action(user=user, action=action)
    # Whether an improvement lead also leads the theme does not matter, so the theme is not
    # looked up for them (the action page asks this on every view).
    is_thematic_lead = (
        not is_owner
        and not user.is_partner
        and not user.can_edit_plans
        and user.role != User.Role.VIEWER
        and user_leads_theme(user=user, theme=action.section.theme)
    )
    return rules.may_verify_as_embedded(
        is_owner=is_owner,
        is_improvement_lead=user.can_edit_plans,
        is_thematic_lead=is_thematic_lead,
    )


def require_progress_recorder(*, user: User, action: Action) -> None:
    """Refuse (403) anyone who may not record progress on this action."""
    if not user_can_record_progress(user=user, action=action):
        raise PermissionDenied(
            "Only the action's owners, its thematic lead and the improvement team can record "
            "its progress."
        )


def plan_partner_access_get_for_user(
    *, user: User, plan_id: int, access_id: int
) -> PlanPartnerAccess:
    """A grant of a plan the user may see; otherwise 404. Only the improvement team (who
    share plans) may go further: 403 for anyone else."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    access = PlanPartnerAccess.objects.select_related("organisation").filter(pk=access_id).first()
    if access is None or access.plan_id != plan.pk:
        raise Http404("No such partner organisation on this plan")
    if not user.can_edit_plans:
        raise PermissionDenied("Only the improvement team can share plans with partners.")
    access.plan = plan
    return access
