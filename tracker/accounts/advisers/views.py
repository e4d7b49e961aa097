"""Administrators' pages that grant advisers access to their authority and withdraw it."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from tracker.accounts.access import (
    administered_authority_for_user,
    adviser_access_get_for_administrator,
)
from tracker.accounts.advisers import selectors, services
from tracker.accounts.advisers.forms import AdviserAccessGrantForm, AdviserAccessWithdrawForm
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form


def adviser_access_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The advisers who can see the authority, the form to grant another, and the grants
    withdrawn before."""
    local_authority = administered_authority_for_user(user=request.user)
    form = AdviserAccessGrantForm(request.POST or None)
    here = reverse("accounts:adviser_access_list")
    saved = submit_form(
        request,
        form,
        lambda: services.adviser_access_grant(
            by=request.user, local_authority=local_authority, email=form.cleaned_data["email"]
        ),
        message=lambda access: f"{access.adviser} can now see {local_authority.name}, read only",
        to=lambda _: here,
    )
    context = {
        "local_authority": local_authority,
        "form": form,
        "accesses": selectors.adviser_accesses_for_authority(local_authority=local_authority),
    }
    return saved or render(request, "accounts/manage/adviser_access_list.html", context)


def adviser_access_withdraw(
    request: AuthenticatedHttpRequest, adviser_access_id: int
) -> HttpResponse:
    """Confirm, then stop an adviser seeing the authority."""
    access = adviser_access_get_for_administrator(
        user=request.user, adviser_access_id=adviser_access_id
    )
    form = AdviserAccessWithdrawForm(request.POST if request.method == "POST" else None)
    saved = submit_form(
        request,
        form,
        lambda: services.adviser_access_withdraw(by=request.user, access=access),
        message=f"{access.adviser} can no longer see your authority",
        to=lambda _: reverse("accounts:adviser_access_list"),
    )
    context = {"form": form, "access": access}
    return saved or render(request, "accounts/manage/adviser_access_withdraw.html", context)
