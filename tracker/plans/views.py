"""Pages for the dashboard, plans, themes, sections, actions and progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import apply_service_error
from tracker.plans import selectors, services
from tracker.plans.access import (
    action_get_for_user,
    plan_get_for_user,
    progress_update_get_for_user,
    require_progress_recorder,
    section_get_for_user,
    theme_get_for_user,
    user_can_record_progress,
)
from tracker.plans.forms import ActionForm, PlanForm, ProgressForm, SectionForm, ThemeForm
from tracker.plans.models import Brag, DeliveryStatus
from tracker.plans.presenters import plan_filters_from_query


def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    data = selectors.dashboard_for_user(user=request.user)
    return render(
        request, "plans/dashboard.html", {"dashboard": data, "local_authority": local_authority}
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
    detail = selectors.plan_get_detail(plan=plan, filters=filters)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "detail": detail,
            "filters": filters,
            "status_choices": DeliveryStatus.choices,
            "brag_choices": [
                *((v, label) for v, label in Brag.choices if v),
                ("none", "Not rated"),
            ],
            "can_edit": request.user.can_edit_plans,
        },
    )


def _int(value: str) -> int:
    """An id from a query string; anything else is treated as an id that does not exist."""
    try:
        return int(value)
    except ValueError:
        return 0


def _saved(request: AuthenticatedHttpRequest, message: str, target: Any) -> HttpResponse:
    messages.success(request, message)
    return redirect(target)


def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    form = PlanForm(request.POST or None, local_authority_id=local_authority.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                user=request.user,
                local_authority=local_authority,
                title=data["title"],
                kind=data["kind"],
                status=data["status"],
                inspections=list(data["inspections"]),
                introduction=data["introduction"],
                owner_description=data["owner_description"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, "Plan created", plan)
    return render(request, "plans/plan_form.html", {"form": form})


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                user=request.user,
                plan=plan,
                expected_version=data["version"],
                title=data["title"],
                kind=data["kind"],
                status=data["status"],
                inspections=list(data["inspections"]),
                introduction=data["introduction"],
                owner_description=data["owner_description"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, "Plan updated", plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def theme_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    form = ThemeForm(request.POST or None, local_authority_id=plan.local_authority_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_create(
                user=request.user,
                plan=plan,
                name=data["name"],
                description=data["description"],
                lead=data["lead"],
                lead_post=data["lead_post"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, "Theme added", plan.get_absolute_url() + "#themes")
    return render(request, "plans/theme_form.html", {"form": form, "plan": plan})


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_update(
                user=request.user,
                theme=theme,
                expected_version=data["version"],
                name=data["name"],
                description=data["description"],
                lead=data["lead"],
                lead_post=data["lead_post"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, "Theme updated", plan.get_absolute_url() + "#themes")
    return render(request, "plans/theme_form.html", {"form": form, "plan": plan, "theme": theme})


def section_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    next_number = (
        plan.sections.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    form = SectionForm(request.POST or None, initial={"number": next_number}, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section = services.section_create(
                user=request.user,
                plan=plan,
                number=data["number"],
                title=data["title"],
                aim=data["aim"],
                theme=data["theme"],
                recommendations=list(data["recommendations"]),
                expected_outcomes=form.outcome_lines(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, "Section added", section)
    return render(request, "plans/section_form.html", {"form": form, "plan": plan})


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
        "recommendations": list(section.recommendations.all()),
        "expected_outcomes": "\n".join(o.text for o in section.expected_outcomes.all()),
    }
    form = SectionForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section = services.section_update(
                user=request.user,
                section=section,
                expected_version=data["version"],
                number=data["number"],
                title=data["title"],
                aim=data["aim"],
                theme=data["theme"],
                recommendations=list(data["recommendations"]),
                expected_outcomes=form.outcome_lines(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, "Section updated", section)
    return render(
        request, "plans/section_form.html", {"form": form, "plan": plan, "section": section}
    )


def action_detail(request: AuthenticatedHttpRequest, plan_id: int, action_id: int) -> HttpResponse:
    action = action_get_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
    detail = selectors.action_get_detail(action=action)
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "detail": detail,
            "can_edit": request.user.can_edit_plans,
            "can_record_progress": user_can_record_progress(user=request.user, action=action),
        },
    )


def action_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    initial: dict[str, Any] = {}
    if request.GET.get("section"):
        initial["section"] = request.GET["section"]
    form = ActionForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            action = services.action_create(user=request.user, **kwargs)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, f"Action {action.reference} added", action)
    return render(request, "plans/action_form.html", {"form": form, "plan": plan})


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
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_update(
                user=request.user,
                action=action,
                expected_version=form.cleaned_data["version"],
                due_date_change_reason=form.cleaned_data["due_date_change_reason"],
                **form.service_kwargs(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, f"Action {action.reference} updated", action)
    return render(request, "plans/action_form.html", {"form": form, "plan": plan, "action": action})


def progress_create(
    request: AuthenticatedHttpRequest, plan_id: int, action_id: int
) -> HttpResponse:
    action = action_get_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
    require_progress_recorder(user=request.user, action=action)
    correcting = None
    if request.GET.get("corrects"):
        correcting = progress_update_get_for_user(
            user=request.user, action=action, update_id=_int(request.GET["corrects"])
        )
    source = correcting or action
    initial: dict[str, Any] = {
        "version": action.version,
        "status": source.status,
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_record_progress(
                user=request.user,
                action=action,
                expected_version=data["version"],
                narrative=data["narrative"],
                status=data["status"],
                brag=data["brag"],
                recorded_on=data["recorded_on"],
                next_review_on=data["next_review_on"],
                corrects=data["corrects"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _saved(request, f"Progress recorded on action {action.reference}", action)
    if form.is_bound and form.is_valid():
        correcting = form.cleaned_data["corrects"]
    context = {"form": form, "plan": action.plan, "action": action, "correcting": correcting}
    return render(request, "plans/progress_form.html", context)
