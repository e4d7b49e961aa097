"""A partner organisation's administrator's pages: its staff, invite, remove. Anyone who does
not manage an organisation gets 403; someone not of their organisation, 404."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from tracker.accounts.access import (
    managed_organisation_for_user,
    staff_member_get_for_organisation_administrator,
)
from tracker.accounts.administration.forms import VersionForm
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.organisation import selectors, services
from tracker.accounts.organisation.forms import StaffInviteForm
from tracker.core.forms import submit_form


def organisation_staff(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = managed_organisation_for_user(user=request.user)
    return render(
        request,
        "accounts/organisation/staff_list.html",
        {
            "organisation": organisation,
            "staff": selectors.organisation_staff_list(organisation=organisation),
        },
    )


def organisation_staff_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = managed_organisation_for_user(user=request.user)
    form = StaffInviteForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.organisation_staff_invite(by=request.user, **form.service_kwargs()),
        message=lambda user: (
            f"{user} has been invited: we have emailed them a link to set their password"
        ),
        to=lambda user: reverse("accounts:organisation_staff"),
    )
    context = {"form": form, "organisation": organisation}
    return saved or render(request, "accounts/organisation/staff_invite.html", context)


def organisation_staff_remove(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = staff_member_get_for_organisation_administrator(user=request.user, member_id=member_id)
    form = VersionForm(
        request.POST if request.method == "POST" else None, initial={"version": member.version}
    )
    saved = submit_form(
        request,
        form,
        lambda: services.organisation_staff_remove(
            by=request.user, member=member, expected_version=form.cleaned_data["version"]
        ),
        message=f"{member} can no longer sign in",
        to=lambda user: reverse("accounts:organisation_staff"),
    )
    context = {"form": form, "member": member, "organisation": member.organisation}
    return saved or render(request, "accounts/organisation/staff_remove.html", context)
