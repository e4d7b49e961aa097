"""Pages for inspections and their recommendations."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from tracker.accounts.access import (
    council_authority_for_user,
    local_authority_for_user,
    require_plan_editor,
)
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.inspections import selectors, services
from tracker.inspections.access import (
    inspection_get_for_user,
    milestone_get_for_user,
    recommendation_get_for_user,
)
from tracker.inspections.deadlines import services as milestone_services
from tracker.inspections.forms import (
    InspectionForm,
    MilestoneClearOverrideForm,
    MilestoneMetForm,
    MilestoneNotMetForm,
    MilestoneOverrideForm,
    RecommendationForm,
)
from tracker.inspections.models import Inspection, Milestone
from tracker.inspections.rules import ILACS_AREAS_FROM_2023, ILACS_AREAS_TO_2022


def inspection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "inspections": selectors.inspection_list_for_user(user=request.user),
            "local_authority": local_authority,
        },
    )


def inspection_detail(request: AuthenticatedHttpRequest, inspection_id: int) -> HttpResponse:
    inspection = inspection_get_for_user(user=request.user, inspection_id=inspection_id)
    detail = selectors.inspection_get_detail(inspection=inspection)
    return render(
        request, "inspections/inspection_detail.html", {"detail": detail, "inspection": inspection}
    )


def _inspection_form_page(
    request: AuthenticatedHttpRequest, form: InspectionForm, *, inspection: Inspection | None = None
) -> HttpResponse:
    return render(
        request,
        "inspections/inspection_form.html",
        {
            "form": form,
            "inspection": inspection,
            "ilacs_old": form.judgement_fields(ILACS_AREAS_TO_2022),
            "ilacs_new": [
                f
                for f in form.judgement_fields(ILACS_AREAS_FROM_2023)
                if f.name not in {f"grade_{a}" for a in ILACS_AREAS_TO_2022}
            ],
            "sif": form.sif_fields(),
        },
    )


def inspection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    form = InspectionForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.inspection_create(
            user=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message="Inspection added",
        to=lambda inspection: inspection,
    )
    return saved or _inspection_form_page(request, form)


def inspection_update(request: AuthenticatedHttpRequest, inspection_id: int) -> HttpResponse:
    inspection = inspection_get_for_user(user=request.user, inspection_id=inspection_id)
    require_plan_editor(user=request.user)
    form = InspectionForm(request.POST or None, initial=InspectionForm.initial_for(inspection))
    saved = submit_form(
        request,
        form,
        lambda: services.inspection_update(
            user=request.user,
            inspection=inspection,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Inspection updated",
        to=lambda inspection: inspection,
    )
    return saved or _inspection_form_page(request, form, inspection=inspection)


def recommendation_create(request: AuthenticatedHttpRequest, inspection_id: int) -> HttpResponse:
    inspection = inspection_get_for_user(user=request.user, inspection_id=inspection_id)
    require_plan_editor(user=request.user)
    next_number = inspection.recommendations.count() + 1
    form = RecommendationForm(
        request.POST or None, initial={"number": next_number, "kind": "recommendation"}
    )
    saved = submit_form(
        request,
        form,
        lambda: services.recommendation_create(
            user=request.user, inspection=inspection, **form.service_kwargs()
        ),
        message="Recommendation added",
        to=lambda recommendation: inspection,
    )
    context = {"form": form, "inspection": inspection}
    return saved or render(request, "inspections/recommendation_form.html", context)


def recommendation_update(
    request: AuthenticatedHttpRequest, inspection_id: int, recommendation_id: int
) -> HttpResponse:
    recommendation = recommendation_get_for_user(
        user=request.user, inspection_id=inspection_id, recommendation_id=recommendation_id
    )
    require_plan_editor(user=request.user)
    initial = {
        "version": recommendation.version,
        "number": recommendation.number,
        "kind": recommendation.kind,
        "text": recommendation.text,
    }
    form = RecommendationForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: services.recommendation_update(
            user=request.user,
            recommendation=recommendation,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Recommendation updated",
        to=lambda recommendation: recommendation.inspection,
    )
    context = {
        "form": form,
        "inspection": recommendation.inspection,
        "recommendation": recommendation,
    }
    return saved or render(request, "inspections/recommendation_form.html", context)


def _milestone_form_page(
    request: AuthenticatedHttpRequest,
    milestone: Milestone,
    form: MilestoneOverrideForm,
    clear_form: MilestoneClearOverrideForm | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "clear_form": clear_form,
        "milestone": milestone,
        "inspection": milestone.inspection,
        "row": selectors.milestone_rows(milestones=[milestone])[0],
    }
    return render(request, "inspections/milestone_form.html", context)


def milestone_update(
    request: AuthenticatedHttpRequest, inspection_id: int, milestone_id: int
) -> HttpResponse:
    """Change a deadline's date to the one agreed with Ofsted, giving the reason."""
    milestone = milestone_get_for_user(
        user=request.user, inspection_id=inspection_id, milestone_id=milestone_id
    )
    require_plan_editor(user=request.user)
    form = MilestoneOverrideForm(
        request.POST or None,
        milestone=milestone,
        initial=MilestoneOverrideForm.initial_for(milestone),
    )
    saved = submit_form(
        request,
        form,
        lambda: milestone_services.milestone_override(
            user=request.user, milestone=milestone, **form.service_kwargs()
        ),
        message=lambda m: f"{m.name}: date changed",
        to=lambda m: m,
    )
    return saved or _milestone_form_page(request, milestone, form)


@require_POST
def milestone_clear_override(
    request: AuthenticatedHttpRequest, inspection_id: int, milestone_id: int
) -> HttpResponse:
    """Go back to the date the rule works out; the override stays in the history."""
    milestone = milestone_get_for_user(
        user=request.user, inspection_id=inspection_id, milestone_id=milestone_id
    )
    require_plan_editor(user=request.user)
    clear_form = MilestoneClearOverrideForm(request.POST)
    saved = submit_form(
        request,
        clear_form,
        lambda: milestone_services.milestone_clear_override(
            user=request.user,
            milestone=milestone,
            expected_version=clear_form.cleaned_data["version"],
        ),
        message=lambda m: f"{m.name}: back to the date the rule works out",
        to=lambda m: m,
    )
    form = MilestoneOverrideForm(
        milestone=milestone, initial=MilestoneOverrideForm.initial_for(milestone)
    )
    return saved or _milestone_form_page(request, milestone, form, clear_form)


def milestone_met(
    request: AuthenticatedHttpRequest, inspection_id: int, milestone_id: int
) -> HttpResponse:
    """Record the day a deadline was met, or (the "not met" button) take it back."""
    milestone = milestone_get_for_user(
        user=request.user, inspection_id=inspection_id, milestone_id=milestone_id
    )
    require_plan_editor(user=request.user)
    initial = {"version": milestone.version, "met_on": milestone.met_on}
    is_not_met = request.method == "POST" and "not_met" in request.POST
    form = MilestoneMetForm(None if is_not_met else request.POST or None, initial=initial)
    not_met_form = MilestoneNotMetForm(request.POST if is_not_met else None, initial=initial)
    if is_not_met:
        saved = submit_form(
            request,
            not_met_form,
            lambda: milestone_services.milestone_record_met(
                user=request.user,
                milestone=milestone,
                expected_version=not_met_form.cleaned_data["version"],
                met_on=None,
            ),
            message=lambda m: f"{m.name}: no longer recorded as met",
            to=lambda m: m,
        )
    else:
        saved = submit_form(
            request,
            form,
            lambda: milestone_services.milestone_record_met(
                user=request.user, milestone=milestone, **form.service_kwargs()
            ),
            message=lambda m: f"{m.name}: recorded as met",
            to=lambda m: m,
        )
    context = {
        "form": form,
        "not_met_form": not_met_form,
        "milestone": milestone,
        "inspection": milestone.inspection,
        "row": selectors.milestone_rows(milestones=[milestone])[0],
    }
    return saved or render(request, "inspections/milestone_met_form.html", context)
