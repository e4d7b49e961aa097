"""Pages of the improvement programme: projects, deliverables, milestones and the budget."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from tracker.accounts.access import council_authority_for_user, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.programme import selectors, services
from tracker.programme.access import (
    budget_line_get_for_user,
    deliverable_get_for_user,
    milestone_get_for_user,
    programme_get_for_user,
    project_get_for_user,
)
from tracker.programme.forms import (
    BudgetLineForm,
    DeliverableForm,
    MilestoneForm,
    ProgrammeForm,
    ProjectForm,
)


def _int(value: str) -> int:
    """An id from a query string; anything else is treated as an id that does not exist."""
    try:
        return int(value)
    except ValueError:
        return 0


# Programmes -------------------------------------------------------------------------------------


def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    return render(
        request,
        "programme/programme_list.html",
        {
            "programmes": selectors.programme_list_for_user(user=request.user),
            "local_authority": local_authority,
            "can_edit": request.user.can_edit_plans,
        },
    )


def programme_detail(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, programme_id=programme_id)
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "overview": selectors.programme_get_overview(programme=programme),
            "can_edit": request.user.can_edit_plans,
        },
    )


def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    form = ProgrammeForm(request.POST or None, local_authority_id=local_authority.pk)
    saved = submit_form(
        request,
        form,
        lambda: services.programme_create(
            user=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message="Programme started",
        to=lambda programme: programme,
    )
    return saved or render(request, "programme/programme_form.html", {"form": form})


def programme_update(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, programme_id=programme_id)
    require_plan_editor(user=request.user)
    initial = {
        "version": programme.version,
        "name": programme.name,
        "plan": programme.plan_id,
        "description": programme.description,
    }
    form = ProgrammeForm(
        request.POST or None, initial=initial, local_authority_id=programme.local_authority_id
    )
    saved = submit_form(
        request,
        form,
        lambda: services.programme_update(
            user=request.user,
            programme=programme,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Programme updated",
        to=lambda programme: programme,
    )
    context = {"form": form, "programme": programme}
    return saved or render(request, "programme/programme_form.html", context)


# Projects ---------------------------------------------------------------------------------------


def project_detail(
    request: AuthenticatedHttpRequest, programme_id: int, project_id: int
) -> HttpResponse:
    project = project_get_for_user(
        user=request.user, programme_id=programme_id, project_id=project_id
    )
    return render(
        request,
        "programme/project_detail.html",
        {
            "programme": project.programme,
            "project": project,
            "detail": selectors.project_get_detail(project=project),
            "can_edit": request.user.can_edit_plans,
        },
    )


def project_create(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, programme_id=programme_id)
    require_plan_editor(user=request.user)
    form = ProjectForm(request.POST or None, programme=programme)
    saved = submit_form(
        request,
        form,
        lambda: services.project_create(
            user=request.user, programme=programme, **form.service_kwargs()
        ),
        message=lambda project: f"Project {project.name} added",
        to=lambda project: project,
    )
    context = {"form": form, "programme": programme}
    return saved or render(request, "programme/project_form.html", context)


def project_update(
    request: AuthenticatedHttpRequest, programme_id: int, project_id: int
) -> HttpResponse:
    project = project_get_for_user(
        user=request.user, programme_id=programme_id, project_id=project_id
    )
    require_plan_editor(user=request.user)
    programme = project.programme
    initial = {
        "version": project.version,
        "name": project.name,
        "purpose": project.purpose,
        "sponsor_post": project.sponsor_post_id,
        "sponsor": project.sponsor_id,
        "lead_post": project.lead_post_id,
        "lead": project.lead_id,
        "rag": project.rag,
        "funding_status": project.funding_status,
        "themes": list(project.themes.all()),
        "sections": list(project.sections.all()),
    }
    form = ProjectForm(request.POST or None, initial=initial, programme=programme)
    saved = submit_form(
        request,
        form,
        lambda: services.project_update(
            user=request.user,
            project=project,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda project: f"Project {project.name} updated",
        to=lambda project: project,
    )
    context = {"form": form, "programme": programme, "project": project}
    return saved or render(request, "programme/project_form.html", context)


# Deliverables and milestones --------------------------------------------------------------------


def deliverable_create(
    request: AuthenticatedHttpRequest, programme_id: int, project_id: int
) -> HttpResponse:
    project = project_get_for_user(
        user=request.user, programme_id=programme_id, project_id=project_id
    )
    require_plan_editor(user=request.user)
    form = DeliverableForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.deliverable_create(
            user=request.user, project=project, **form.service_kwargs()
        ),
        message="Deliverable added",
        to=lambda deliverable: project.get_absolute_url() + "#deliverables",
    )
    context = {"form": form, "programme": project.programme, "project": project}
    return saved or render(request, "programme/deliverable_form.html", context)


def deliverable_update(
    request: AuthenticatedHttpRequest, programme_id: int, project_id: int, deliverable_id: int
) -> HttpResponse:
    deliverable = deliverable_get_for_user(
        user=request.user,
        programme_id=programme_id,
        project_id=project_id,
        deliverable_id=deliverable_id,
    )
    require_plan_editor(user=request.user)
    project = deliverable.project
    initial = {
        "version": deliverable.version,
        "description": deliverable.description,
        "due_on": deliverable.due_on,
        "status": deliverable.status,
    }
    form = DeliverableForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: services.deliverable_update(
            user=request.user,
            deliverable=deliverable,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Deliverable updated",
        to=lambda deliverable: project.get_absolute_url() + "#deliverables",
    )
    context = {
        "form": form,
        "programme": project.programme,
        "project": project,
        "deliverable": deliverable,
    }
    return saved or render(request, "programme/deliverable_form.html", context)


def milestone_create(
    request: AuthenticatedHttpRequest, programme_id: int, project_id: int
) -> HttpResponse:
    project = project_get_for_user(
        user=request.user, programme_id=programme_id, project_id=project_id
    )
    require_plan_editor(user=request.user)
    form = MilestoneForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.milestone_create(
            user=request.user, project=project, **form.service_kwargs()
        ),
        message="Milestone added",
        to=lambda milestone: project.get_absolute_url() + "#milestones",
    )
    context = {"form": form, "programme": project.programme, "project": project}
    return saved or render(request, "programme/milestone_form.html", context)


def milestone_update(
    request: AuthenticatedHttpRequest, programme_id: int, project_id: int, milestone_id: int
) -> HttpResponse:
    milestone = milestone_get_for_user(
        user=request.user,
        programme_id=programme_id,
        project_id=project_id,
        milestone_id=milestone_id,
    )
    require_plan_editor(user=request.user)
    project = milestone.project
    initial = {
        "version": milestone.version,
        "name": milestone.name,
        "due_on": milestone.due_on,
        "achieved_on": milestone.achieved_on,
    }
    form = MilestoneForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: services.milestone_update(
            user=request.user,
            milestone=milestone,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Milestone updated",
        to=lambda milestone: project.get_absolute_url() + "#milestones",
    )
    context = {
        "form": form,
        "programme": project.programme,
        "project": project,
        "milestone": milestone,
    }
    return saved or render(request, "programme/milestone_form.html", context)


# Budget -----------------------------------------------------------------------------------------


def budget_line_create(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, programme_id=programme_id)
    require_plan_editor(user=request.user)
    initial: dict[str, Any] = {}
    project = None
    if request.GET.get("project"):
        project = project_get_for_user(
            user=request.user,
            programme_id=programme.pk,
            project_id=_int(request.GET["project"]),
        )
        initial["project"] = project.pk
    form = BudgetLineForm(request.POST or None, initial=initial, programme=programme)
    saved = submit_form(
        request,
        form,
        lambda: services.budget_line_create(
            user=request.user, programme=programme, **form.service_kwargs()
        ),
        message=lambda line: f"Budget line for {line.financial_year_label} added",
        to=lambda line: (line.project or programme).get_absolute_url() + "#budget",
    )
    context = {"form": form, "programme": programme, "project": project}
    return saved or render(request, "programme/budget_line_form.html", context)


def budget_line_update(
    request: AuthenticatedHttpRequest, programme_id: int, budget_line_id: int
) -> HttpResponse:
    line = budget_line_get_for_user(
        user=request.user, programme_id=programme_id, budget_line_id=budget_line_id
    )
    require_plan_editor(user=request.user)
    programme = line.programme
    initial = {
        "version": line.version,
        "project": line.project_id,
        "financial_year": line.financial_year,
        "allocation": line.allocation,
        "actual_spend": line.actual_spend,
        "forecast": line.forecast,
        "note": line.note,
    }
    form = BudgetLineForm(
        request.POST or None, initial=initial, programme=programme, year=line.financial_year
    )
    saved = submit_form(
        request,
        form,
        lambda: services.budget_line_update(
            user=request.user,
            budget_line=line,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda line: f"Budget line for {line.financial_year_label} updated",
        to=lambda line: (line.project or programme).get_absolute_url() + "#budget",
    )
    context = {"form": form, "programme": programme, "budget_line": line, "project": line.project}
    return saved or render(request, "programme/budget_line_form.html", context)
