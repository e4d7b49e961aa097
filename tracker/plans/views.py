"""Pages for the dashboard, plans, themes, sections, actions and progress."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.access import (
    local_authority_for_user,
    local_authority_id_for_user,
    require_plan_editor,
)
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core import data_version, panels
from tracker.core.forms import submit_form
from tracker.inspections.access import inspection_get_for_user
from tracker.plans import charts, presenters, selectors, services
from tracker.plans.access import (
    action_get_for_user,
    action_lock_for_user,
    moved_action_for_user,
    plan_get_for_user,
    priority_area_get_for_user,
    progress_update_get_for_user,
    remember_ownership,
    require_progress_recorder,
    section_get_for_user,
    theme_get_for_user,
    user_can_record_progress,
)
from tracker.plans.forms import (
    ActionForm,
    PlanForm,
    PlanFromInspectionForm,
    PriorityAreaDeleteForm,
    PriorityAreaForm,
    ProgressForm,
    SectionForm,
    ThemeForm,
)
from tracker.plans.history import selectors as history_selectors
from tracker.plans.merging import selectors as merging_selectors
from tracker.plans.models import Action, Brag, DeliveryStatus, Plan, ProgressUpdate
from tracker.plans.presenters import plan_filters_from_query
from tracker.plans.selectors import PlanFilters


def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.is_superuser and request.user.local_authority_id is None:
        # The platform operator belongs to no authority: their home is Django admin.
        return redirect("admin:index")
    if request.user.is_adviser and local_authority_id_for_user(user=request.user) is None:
        # An adviser belongs to no authority: their home is the portfolio of those that let
        # them in, until they open one (and again once it stops letting them in).
        return redirect("reporting:adviser_portfolio")
    local_authority = local_authority_for_user(user=request.user)
    today = timezone.localdate()
    # The home page is the most read page and its summaries the costliest to work out: what
    # is below its heading is kept until the authority's structure changes, for each user
    # (their own actions, and for a partner the plans shared with their organisation: sharing
    # or withdrawing a plan is a write of the authority, so it shows at once) and each day.
    # It shows actions' statuses, BRAG and dates, never an entry's words or date, so progress
    # that leaves an action's status and BRAG as they were leaves it kept (`STRUCTURE`).
    body = data_version.cached(
        "dashboard",
        local_authority_id=local_authority.pk,
        parts=[request.user.pk, request.user.organisation_id, today.isoformat()],
        make=lambda: _dashboard_body(request, today),
        version=data_version.STRUCTURE,
    )
    return render(
        request, "plans/dashboard.html", {"body": body, "local_authority": local_authority}
    )


def _dashboard_body(request: AuthenticatedHttpRequest, today: datetime.date) -> str:
    data = selectors.dashboard_for_user(user=request.user, today=today)
    # Today's counts are the summary's own; only the earlier dates need the history.
    earlier = [on for on in history_selectors.default_chart_dates(today=today) if on < today]
    over_time = history_selectors.brag_over_time_for_plans(
        plans=[overview.plan for overview in data.plans], dates=earlier
    )
    cards = [
        charts.PlanCard(
            overview=overview,
            theme_chart=charts.theme_chart(overview),
            over_time_chart=charts.over_time_chart(
                overview.plan.pk,
                [*over_time[overview.plan.pk], (today, Counter(overview.summary.by_brag))],
                today,
            ),
        )
        for overview in data.plans
    ]
    # Rendered without the request: nothing below the heading depends on it (no form, no
    # token), so the same HTML can be served again. It is a SafeString, and stays one in the
    # cache, so the page does not escape it again.
    return render_to_string(
        "plans/_dashboard_body.html",
        {
            "dashboard": data,
            "cards": cards,
            "panels": panels.panels_for(
                panels.DASHBOARD,
                request=request,
                plans=[overview.plan for overview in data.plans],
            ),
        },
    )


def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": selectors.plan_list_for_user(user=request.user),
            "local_authority": local_authority,
        },
    )


def plan_detail(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    filters = plan_filters_from_query(request.GET)
    # A merged plan is read-only: nobody is offered a change the services would refuse.
    can_edit = request.user.can_edit_plans and not plan.is_merged
    today = timezone.localdate()
    # Everything below the heading is kept until the authority's data changes: a plan is read
    # far more often than it is changed, and its rows grow with it. Whether the user may edit
    # (the links to change) and the day (what is overdue) are in the key, and for a partner
    # their organisation (the priority areas' roll-up shows only plans shared with it, and the
    # council's panels are left out). A filtered plan is worked out each time: its pages are
    # many (an officer's search words) and read once.
    partner_of = request.user.organisation_id if request.user.is_partner else None
    if filters.is_active:
        body = _plan_body(request, plan, filters, can_edit=can_edit, today=today)
    else:
        parts: list[object] = [plan.pk, can_edit, partner_of, today.isoformat()]
        body = data_version.cached(
            "plan-page",
            local_authority_id=plan.local_authority_id,
            parts=parts,
            make=lambda: _plan_body_after_progress(request, plan, parts, can_edit, today),
        )
    return render(request, "plans/plan_detail.html", {"plan": plan, "body": body})


def _plan_body_after_progress(
    request: AuthenticatedHttpRequest,
    plan: Plan,
    parts: list[object],
    can_edit: bool,
    today: datetime.date,
) -> str:
    """The unfiltered plan page's body worked out again after a change of the authority's
    data. Only the rows' latest progress reads progress entries: the rest is kept under the
    authority's structure version, which recording progress that leaves an action's status
    and BRAG as they were does not move, with a marker in each row where its latest progress
    goes; that is filled in from one query of the plan's latest entries."""
    marked = data_version.cached(
        "plan-page-marked",
        local_authority_id=plan.local_authority_id,
        parts=parts,
        make=lambda: _plan_body(
            request, plan, PlanFilters(), can_edit=can_edit, today=today, progress_marked=True
        ),
        version=data_version.STRUCTURE,
    )
    return presenters.fill_latest_progress(marked, selectors.plan_latest_progress(plan=plan))


def _plan_body(
    request: AuthenticatedHttpRequest,
    plan: Plan,
    filters: PlanFilters,
    *,
    can_edit: bool,
    today: datetime.date,
    progress_marked: bool = False,
) -> str:
    detail = selectors.plan_get_detail(plan=plan, filters=filters, today=today, viewer=request.user)
    # Without the request, as the dashboard's: nothing below the heading depends on it.
    return render_to_string(
        "plans/_plan_body.html",
        {
            "plan": plan,
            "detail": detail,
            "filters": filters,
            "status_choices": DeliveryStatus.choices,
            "brag_choices": [
                *((v, label) for v, label in Brag.choices if v),
                ("none", "Not rated"),
            ],
            "can_edit": can_edit,
            "progress_marked": progress_marked,
            "is_partner": request.user.is_partner,
            "brag_words": selectors.ROLLUP_BRAG_WORDS,
            "add_action_url": reverse("plans:action_create", args=[plan.pk]),
            "panels": panels.panels_for(panels.PLAN_PAGE, request=request, plan=plan),
            "merges": merging_selectors.plan_merges_into(plan=plan),
        },
    )


def _int(value: str) -> int:
    """An id from a query string; anything else is treated as an id that does not exist."""
    try:
        return int(value)
    except ValueError:
        return 0


def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    form = PlanForm(request.POST or None, local_authority_id=local_authority.pk)
    saved = submit_form(
        request,
        form,
        lambda: services.plan_create(
            user=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message="Plan created",
        to=lambda plan: plan,
    )
    return saved or render(request, "plans/plan_form.html", {"form": form})


def plan_create_from_inspection(
    request: AuthenticatedHttpRequest, inspection_id: int
) -> HttpResponse:
    """Confirm, then start a draft plan with a section for each of the inspection's
    recommendations."""
    inspection = inspection_get_for_user(user=request.user, inspection_id=inspection_id)
    require_plan_editor(user=request.user)
    outline = selectors.plan_outline_for_inspection(inspection=inspection)
    form = PlanFromInspectionForm(request.POST or None, initial={"title": outline.title})
    saved = submit_form(
        request,
        form,
        lambda: services.plan_create_from_inspection(
            user=request.user, inspection=inspection, title=form.cleaned_data["title"]
        ),
        message=lambda plan: (
            f"Draft plan started with {len(outline.sections)} "
            f"section{'' if len(outline.sections) == 1 else 's'}, one for each recommendation"
        ),
        to=lambda plan: plan,
    )
    context = {"form": form, "inspection": inspection, "outline": outline}
    return saved or render(request, "plans/plan_from_inspection.html", context)


def plan_update(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    initial = {
        "version": plan.version,
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "inspections": list(plan.inspections.all()),
        "introduction": plan.introduction,
        "owner_description": plan.owner_description,
    }
    form = PlanForm(
        request.POST or None, initial=initial, local_authority_id=plan.local_authority_id
    )
    saved = submit_form(
        request,
        form,
        lambda: services.plan_update(
            user=request.user,
            plan=plan,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Plan updated",
        to=lambda plan: plan,
    )
    return saved or render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def theme_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    form = ThemeForm(request.POST or None, local_authority_id=plan.local_authority_id)
    saved = submit_form(
        request,
        form,
        lambda: services.theme_create(user=request.user, plan=plan, **form.service_kwargs()),
        message="Theme added",
        to=lambda theme: plan.get_absolute_url() + "#themes",
    )
    return saved or render(request, "plans/theme_form.html", {"form": form, "plan": plan})


def theme_update(request: AuthenticatedHttpRequest, plan_id: int, theme_id: int) -> HttpResponse:
    theme = theme_get_for_user(user=request.user, plan_id=plan_id, theme_id=theme_id)
    require_plan_editor(user=request.user)
    plan = theme.plan
    initial = {
        "version": theme.version,
        "name": theme.name,
        "description": theme.description,
        "lead": theme.lead_id,
        "lead_post": theme.lead_post_id,
    }
    form = ThemeForm(
        request.POST or None, initial=initial, local_authority_id=plan.local_authority_id
    )
    saved = submit_form(
        request,
        form,
        lambda: services.theme_update(
            user=request.user,
            theme=theme,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Theme updated",
        to=lambda theme: plan.get_absolute_url() + "#themes",
    )
    context = {"form": form, "plan": plan, "theme": theme}
    return saved or render(request, "plans/theme_form.html", context)


def priority_area_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    form = PriorityAreaForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.priority_area_create(
            user=request.user, plan=plan, **form.service_kwargs()
        ),
        message="Priority area added",
        to=lambda area: plan.get_absolute_url() + "#priority-areas",
    )
    return saved or render(request, "plans/priority_area_form.html", {"form": form, "plan": plan})


def priority_area_update(
    request: AuthenticatedHttpRequest, plan_id: int, priority_area_id: int
) -> HttpResponse:
    priority_area = priority_area_get_for_user(
        user=request.user, plan_id=plan_id, priority_area_id=priority_area_id
    )
    require_plan_editor(user=request.user)
    plan = priority_area.plan
    initial = {
        "version": priority_area.version,
        "name": priority_area.name,
        "description": priority_area.description,
        "position": priority_area.position,
    }
    form = PriorityAreaForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: services.priority_area_update(
            user=request.user,
            priority_area=priority_area,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Priority area updated",
        to=lambda area: plan.get_absolute_url() + "#priority-areas",
    )
    context = {"form": form, "plan": plan, "priority_area": priority_area}
    return saved or render(request, "plans/priority_area_form.html", context)


def priority_area_delete(
    request: AuthenticatedHttpRequest, plan_id: int, priority_area_id: int
) -> HttpResponse:
    """Confirm, then remove a priority area; refused while sections are linked to it."""
    priority_area = priority_area_get_for_user(
        user=request.user, plan_id=plan_id, priority_area_id=priority_area_id
    )
    require_plan_editor(user=request.user)
    plan = priority_area.plan
    # Bound on any POST, even an empty one: the form has no required field.
    form = PriorityAreaDeleteForm(
        request.POST if request.method == "POST" else None,
        initial={"version": priority_area.version},
    )
    saved = submit_form(
        request,
        form,
        lambda: services.priority_area_delete(
            user=request.user,
            priority_area=priority_area,
            expected_version=form.cleaned_data["version"],
        ),
        message=f"Priority area {priority_area.name} removed",
        to=lambda _: plan.get_absolute_url() + "#priority-areas",
    )
    context = {"form": form, "plan": plan, "priority_area": priority_area}
    return saved or render(request, "plans/priority_area_delete.html", context)


def section_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    last = plan.sections.order_by("-number").values_list("number", flat=True).first()
    form = SectionForm(request.POST or None, initial={"number": (last or 0) + 1}, plan=plan)
    saved = submit_form(
        request,
        form,
        lambda: services.section_create(user=request.user, plan=plan, **form.service_kwargs()),
        message="Section added",
        to=lambda section: section,
    )
    return saved or render(request, "plans/section_form.html", {"form": form, "plan": plan})


def section_update(
    request: AuthenticatedHttpRequest, plan_id: int, section_id: int
) -> HttpResponse:
    section = section_get_for_user(user=request.user, plan_id=plan_id, section_id=section_id)
    require_plan_editor(user=request.user)
    plan = section.plan
    initial = {
        "version": section.version,
        "number": section.number,
        "title": section.title,
        "aim": section.aim,
        "theme": section.theme_id,
        "priority_area": section.priority_area_id,
        "recommendations": list(section.recommendations.all()),
        "expected_outcomes": "\n".join(o.text for o in section.expected_outcomes.all()),
    }
    form = SectionForm(request.POST or None, initial=initial, plan=plan)
    saved = submit_form(
        request,
        form,
        lambda: services.section_update(
            user=request.user,
            section=section,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Section updated",
        to=lambda section: section,
    )
    context = {"form": form, "plan": plan, "section": section}
    return saved or render(request, "plans/section_form.html", context)


def action_detail(request: AuthenticatedHttpRequest, plan_id: int, action_id: int) -> HttpResponse:
    try:
        action = action_get_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
    except Http404:
        # A link to an action from before a merge moved it leads to where it is now.
        moved = moved_action_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
        if moved is None:
            raise
        return redirect("plans:action_detail", moved.plan_id, moved.pk)
    # Below the heading, kept for each user (what they may do here: record progress, change,
    # verify, add evidence) and day, until the authority's structure changes, or this action
    # or its progress entries do: progress recorded on the authority's other actions, the
    # commonest write, leaves it kept. Everything else the page shows (owners' names, the
    # section, evidence, audits, verifications, due date changes, links) moves the structure
    # version; the action itself its time of change (every save moves it; the services' saves
    # its version too), and its entries their count and latest change
    # (`selectors.action_progress_stamp`), so an entry changed or removed shows at once.
    body = data_version.cached(
        "action-page",
        local_authority_id=action.plan.local_authority_id,
        version=data_version.STRUCTURE,
        parts=[
            action.pk,
            action.version,
            action.updated_at.isoformat(),
            *selectors.action_progress_stamp(action=action),
            request.user.pk,
            request.user.organisation_id,
            timezone.localdate().isoformat(),
        ],
        make=lambda: _action_body(request, action),
    )
    return render(
        request,
        "plans/action_detail.html",
        {"action": action, "plan": action.plan, "body": body},
    )


def _action_body(request: AuthenticatedHttpRequest, action: Action) -> str:
    detail = selectors.action_get_detail(action=action)
    # The page and each of its panels ask whether the user owns the action: asked once (a
    # GET changes nothing, so the answer holds for the page).
    remember_ownership(user=request.user, action=action)
    # Without the request, as the dashboard's: nothing below the heading depends on it.
    return render_to_string(
        "plans/_action_body.html",
        {
            "action": action,
            "plan": action.plan,
            "detail": detail,
            "can_edit": request.user.can_edit_plans,
            "can_record_progress": user_can_record_progress(user=request.user, action=action),
            # Reversed once: each progress entry links to it to be corrected.
            "progress_url": reverse("plans:progress_create", args=[action.plan_id, action.pk]),
            "panels": panels.panels_for(panels.ACTION_PAGE, request=request, action=action),
        },
    )


def action_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    initial: dict[str, Any] = {}
    if request.GET.get("section"):
        initial["section"] = request.GET["section"]
    form = ActionForm(request.POST or None, initial=initial, plan=plan)
    saved = submit_form(
        request,
        form,
        lambda: services.action_create(user=request.user, **form.service_kwargs()),
        message=lambda action: f"Action {action.reference} added",
        to=lambda action: action,
    )
    return saved or render(request, "plans/action_form.html", {"form": form, "plan": plan})


def action_update(request: AuthenticatedHttpRequest, plan_id: int, action_id: int) -> HttpResponse:
    action = action_get_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
    require_plan_editor(user=request.user)
    plan = action.plan
    initial = {
        "version": action.version,
        "section": action.section_id,
        "reference": action.reference,
        "description": action.description,
        "owner_posts": list(action.owner_posts.all()),
        "owner_users": list(action.owner_users.all()),
        "owner_organisations": list(action.owner_organisations.all()),
        "owner_note": action.owner_note,
        "linked_recommendations": list(action.linked_recommendations.all()),
        "starts_on": action.starts_on,
        "due_on": action.due_on,
    }
    form = ActionForm(request.POST or None, initial=initial, plan=plan)
    saved = submit_form(
        request,
        form,
        lambda: services.action_update(
            user=request.user,
            action=action,
            expected_version=form.cleaned_data["version"],
            due_date_change_reason=form.cleaned_data["due_date_change_reason"],
            **form.service_kwargs(),
        ),
        message=lambda action: f"Action {action.reference} updated",
        to=lambda action: action,
    )
    context = {"form": form, "plan": plan, "action": action}
    return saved or render(request, "plans/action_form.html", context)


def progress_create(
    request: AuthenticatedHttpRequest, plan_id: int, action_id: int
) -> HttpResponse:
    if request.method != "POST":
        action = action_get_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
        form, correcting, _ = _progress_form(request, action)
    else:
        # One read of the action, under the lock, for both the access check and the write
        # (`action_lock_for_user`). The page is shown again only after the transaction ends,
        # so a refused entry holds no lock while its page renders.
        with transaction.atomic():
            action = action_lock_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
            form, correcting, saved = _progress_form(request, action)
        if saved:
            return saved
        if form.is_valid():
            correcting = form.cleaned_data["corrects"]
    context = {"form": form, "plan": action.plan, "action": action, "correcting": correcting}
    return render(request, "plans/progress_form.html", context)


def _progress_form(
    request: AuthenticatedHttpRequest, action: Action
) -> tuple[ProgressForm, ProgressUpdate | None, HttpResponse | None]:
    """The progress form for an action the user may see, and on a valid POST the entry saved
    and the redirect. A POST calls this inside its transaction, `action` read under the lock
    by `action_lock_for_user`."""
    require_progress_recorder(user=request.user, action=action)
    correcting = None
    if request.GET.get("corrects"):
        correcting = progress_update_get_for_user(
            user=request.user, action=action, update_id=_int(request.GET["corrects"])
        )
    source = correcting or action
    initial: dict[str, Any] = {
        "version": action.version,
        # "Verified as embedded" is not offered here, so the status is chosen afresh.
        "status": source.status if source.status != DeliveryStatus.VERIFIED else None,
        "brag": source.brag,
        "next_review_on": source.next_review_on,
    }
    if correcting is not None:
        initial |= {
            "corrects": correcting.pk,
            "recorded_on": correcting.recorded_on,
            "narrative": correcting.narrative,
        }
    form = ProgressForm(request.POST or None, initial=initial, action=action)
    saved = submit_form(
        request,
        form,
        lambda: services.action_record_progress(
            user=request.user,
            action=action,
            expected_version=form.cleaned_data["version"],
            narrative=form.cleaned_data["narrative"],
            status=form.cleaned_data["status"],
            brag=form.cleaned_data["brag"],
            recorded_on=form.cleaned_data["recorded_on"],
            next_review_on=form.cleaned_data["next_review_on"],
            corrects=form.cleaned_data["corrects"],
            # Only a POST saves, and a POST has read the action under the lock.
            action_locked=True,
        ),
        message=f"Progress recorded on action {action.reference}",
        to=lambda update: action,
    )
    return form, correcting, saved
