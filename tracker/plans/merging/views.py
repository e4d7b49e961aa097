"""Pages for merging plans: choose the plans, then confirm where each section goes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.plans.merging import selectors, services
from tracker.plans.merging.access import merge_plans_get_for_user
from tracker.plans.merging.forms import PlanMergeMappingForm, PlanMergeStartForm


def plan_merge_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    plans = selectors.plans_to_merge(local_authority_id=local_authority.pk)
    form = PlanMergeStartForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        query = urlencode(form.query(), doseq=True)
        return redirect(f"{reverse('plans:plan_merge_preview')}?{query}")
    return render(request, "plans/merge_start.html", {"form": form})


def plan_merge_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    sources, target, new_title = merge_plans_get_for_user(user=request.user, query=request.GET)
    preview = selectors.plan_merge_preview(sources=sources, target=target)
    form = PlanMergeMappingForm(request.POST or None, preview=preview)
    saved = submit_form(
        request,
        form,
        lambda: services.plan_merge(
            user=request.user,
            sources=sources,
            target=target,
            new_title=new_title,
            mapping=form.mapping(),
            expected_versions=form.versions(),
        ),
        message=lambda result: (
            f"Plans merged: {result.counts.get('actions', 0)} actions moved into {result.target}"
        ),
        to=lambda result: result.target,
    )
    context = {
        "form": form,
        "preview": preview,
        "target_title": target.title if target else new_title,
        "is_new": target is None,
        "start_url": reverse("plans:plan_merge_start"),
    }
    return saved or render(request, "plans/merge_preview.html", context)
