"""Pages that share a plan with partner organisations and withdraw it."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from tracker.accounts.access import require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.plans.access import plan_get_for_user, plan_partner_access_get_for_user
from tracker.plans.partners import selectors, services
from tracker.plans.partners.forms import PlanPartnerGrantForm, PlanPartnerWithdrawForm


def plan_partners(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Who the plan is shared with, the form to share it with another organisation, and the
    grants withdrawn before."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    form = PlanPartnerGrantForm(request.POST or None, plan=plan)
    here = reverse("plans:plan_partners", args=[plan.pk])
    saved = submit_form(
        request,
        form,
        lambda: services.plan_partner_grant(
            user=request.user, plan=plan, organisation=form.cleaned_data["organisation"]
        ),
        message=lambda access: f"The plan is now shared with {access.organisation.name}",
        to=lambda _: here,
    )
    context = {
        "plan": plan,
        "form": form,
        "partners": selectors.plan_partners_for_plan(plan=plan),
        "can_share": selectors.plan_partner_choices(plan=plan).exists(),
    }
    return saved or render(request, "plans/plan_partners.html", context)


def plan_partner_withdraw(
    request: AuthenticatedHttpRequest, plan_id: int, access_id: int
) -> HttpResponse:
    """Confirm, then stop sharing the plan with one organisation."""
    access = plan_partner_access_get_for_user(
        user=request.user, plan_id=plan_id, access_id=access_id
    )
    plan = access.plan
    form = PlanPartnerWithdrawForm(request.POST if request.method == "POST" else None)
    saved = submit_form(
        request,
        form,
        lambda: services.plan_partner_withdraw(user=request.user, access=access),
        message=f"The plan is no longer shared with {access.organisation.name}",
        to=lambda _: reverse("plans:plan_partners", args=[plan.pk]),
    )
    context = {"form": form, "plan": plan, "access": access}
    return saved or render(request, "plans/plan_partner_withdraw.html", context)
