"""Administrators' pages: their own authority's users, posts, organisations, closure days and
sign-in record. Anyone who is not an administrator gets 403; another authority's ids, 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from tracker.accounts.access import (
    administered_authority_for_user,
    closure_day_get_for_administrator,
    managed_user_get_for_administrator,
    organisation_get_for_administrator,
    post_get_for_administrator,
)
from tracker.accounts.administration import selectors, services
from tracker.accounts.administration.forms import (
    ClosureDayForm,
    OrganisationForm,
    PostForm,
    SignInEventFilterForm,
    UserInviteForm,
    UserUpdateForm,
    VersionForm,
)
from tracker.accounts.http import AuthenticatedHttpRequest, client_ip_address
from tracker.accounts.models import SignInEvent
from tracker.accounts.two_factor import services as two_factor_services
from tracker.core.forms import apply_service_error, submit_form


def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    return render(request, "accounts/manage/index.html", {"local_authority": local_authority})


def _confirm(
    request: AuthenticatedHttpRequest,
    *,
    thing: Model,
    save: Callable[[int | None], Any],
    page: dict[str, str],
    message: str,
    to: str,
) -> HttpResponse:
    """A confirmation page: GET shows it; POST runs the service and goes back to the list."""
    version = getattr(thing, "version", None)
    form = VersionForm(
        request.POST if request.method == "POST" else None, initial={"version": version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data["version"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, message)
            return redirect(to)
    return render(request, "accounts/manage/confirm.html", {"form": form, "back_url": to, **page})


# Users ------------------------------------------------------------------------------------------


def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    users = selectors.user_list_for_administration(local_authority=local_authority)
    return render(
        request,
        "accounts/manage/user_list.html",
        {"local_authority": local_authority, "users": users},
    )


def user_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    form = UserInviteForm(request.POST or None, local_authority_id=local_authority.pk)
    saved = submit_form(
        request,
        form,
        lambda: services.user_invite(
            by=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message=lambda user: (
            f"{user} has been invited: we have emailed them a link to set their password"
        ),
        to=lambda user: reverse("accounts:user_list"),
    )
    return saved or render(request, "accounts/manage/user_form.html", {"form": form})


def user_update(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    managed = managed_user_get_for_administrator(user=request.user, user_id=user_id)
    initial = {
        "version": managed.version,
        "first_name": managed.first_name,
        "last_name": managed.last_name,
        "email": managed.email,
        "job_title": managed.job_title,
        "role": managed.role,
        "organisation": managed.organisation_id,
        "manages_organisation": managed.manages_organisation,
        "posts": list(managed.posts.values_list("pk", flat=True)),
    }
    form = UserUpdateForm(
        request.POST or None,
        initial=initial,
        local_authority_id=managed.local_authority_id,  # type: ignore[arg-type]
        editing=managed,
    )
    saved = submit_form(
        request,
        form,
        lambda: services.user_update(
            by=request.user,
            user=managed,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda user: f"{user}'s details are saved",
        to=lambda user: reverse("accounts:user_list"),
    )
    context = {"form": form, "managed": managed}
    return saved or render(request, "accounts/manage/user_form.html", context)


def user_deactivate(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    managed = managed_user_get_for_administrator(user=request.user, user_id=user_id)
    return _confirm(
        request,
        thing=managed,
        save=lambda version: services.user_deactivate(
            by=request.user, user=managed, expected_version=version
        ),
        page={
            "title": f"Deactivate {managed}",
            "caption": "Users",
            "body": f"{managed} will not be able to sign in. Nothing they did is removed: "
            "their progress updates, actions and history stay. You can reactivate them later.",
            "button": "Deactivate",
            "warning": "true",
        },
        message=f"{managed} is deactivated",
        to=reverse("accounts:user_list"),
    )


def user_reactivate(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    managed = managed_user_get_for_administrator(user=request.user, user_id=user_id)
    return _confirm(
        request,
        thing=managed,
        save=lambda version: services.user_reactivate(
            by=request.user, user=managed, expected_version=version
        ),
        page={
            "title": f"Reactivate {managed}",
            "caption": "Users",
            "body": f"{managed} will be able to sign in again with their password, with the "
            "role and posts shown on the users page.",
            "button": "Reactivate",
        },
        message=f"{managed} is active again",
        to=reverse("accounts:user_list"),
    )


def user_invitation_resend(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    managed = managed_user_get_for_administrator(user=request.user, user_id=user_id)
    return _confirm(
        request,
        thing=managed,
        save=lambda version: services.user_invitation_resend(by=request.user, user=managed),
        page={
            "title": f"Send {managed} a new invitation",
            "caption": "Users",
            "body": f"We will email {managed.email or 'them'} a new link to set their password.",
            "button": "Send invitation",
        },
        message=f"A new invitation has been sent to {managed}",
        to=reverse("accounts:user_list"),
    )


def user_second_factor_reset(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    managed = managed_user_get_for_administrator(user=request.user, user_id=user_id)
    where = two_factor_services.Where(
        ip_address=client_ip_address(request), user_agent=request.META.get("HTTP_USER_AGENT", "")
    )
    return _confirm(
        request,
        thing=managed,
        save=lambda version: two_factor_services.second_factor_reset(
            by=request.user, user=managed, where=where
        ),
        page={
            "title": f"Reset {managed}'s second factor",
            "caption": "Users",
            "body": f"This removes {managed}'s authenticator app and recovery codes: do it when "
            "they have lost their phone and their codes. The next time they sign in with their "
            "password, they will set up an authenticator app again and be given new recovery "
            "codes. Make sure it is really them who asked, for example by calling them.",
            "button": "Reset second factor",
            "warning": "true",
        },
        message=f"{managed}'s second factor is reset: they will set it up again when they next "
        "sign in",
        to=reverse("accounts:user_list"),
    )


# Posts ------------------------------------------------------------------------------------------


def post_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    posts = selectors.post_list_for_administration(local_authority=local_authority)
    return render(
        request,
        "accounts/manage/post_list.html",
        {"local_authority": local_authority, "posts": posts},
    )


def post_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    form = PostForm(request.POST or None, local_authority_id=local_authority.pk)
    saved = submit_form(
        request,
        form,
        lambda: services.post_create(
            by=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message=lambda post: f"{post.title} added",
        to=lambda post: reverse("accounts:post_list"),
    )
    return saved or render(request, "accounts/manage/post_form.html", {"form": form})


def post_update(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = post_get_for_administrator(user=request.user, post_id=post_id)
    initial = {"version": post.version, "title": post.title, "organisation": post.organisation_id}
    form = PostForm(
        request.POST or None,
        initial=initial,
        local_authority_id=post.local_authority_id,
        keep_organisation_id=post.organisation_id,
    )
    saved = submit_form(
        request,
        form,
        lambda: services.post_update(
            by=request.user,
            post=post,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda post: f"{post.title} saved",
        to=lambda post: reverse("accounts:post_list"),
    )
    return saved or render(request, "accounts/manage/post_form.html", {"form": form, "post": post})


def post_retire(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = post_get_for_administrator(user=request.user, post_id=post_id)
    return _confirm(
        request,
        thing=post,
        save=lambda version: services.post_retire(
            by=request.user, post=post, expected_version=version
        ),
        page={
            "title": f"Retire {post.title}",
            "caption": "Posts",
            "body": "The post will no longer be offered for new actions or people. Actions it "
            "owns keep it, and its history stays. You can bring it back later.",
            "button": "Retire post",
            "warning": "true",
        },
        message=f"{post.title} is retired",
        to=reverse("accounts:post_list"),
    )


def post_reinstate(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = post_get_for_administrator(user=request.user, post_id=post_id)
    return _confirm(
        request,
        thing=post,
        save=lambda version: services.post_reinstate(
            by=request.user, post=post, expected_version=version
        ),
        page={
            "title": f"Bring back {post.title}",
            "caption": "Posts",
            "body": "The post will be offered again for new actions and people.",
            "button": "Bring back post",
        },
        message=f"{post.title} is in use again",
        to=reverse("accounts:post_list"),
    )


# Organisations ----------------------------------------------------------------------------------


def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    organisations = selectors.organisation_list_for_administration(local_authority=local_authority)
    return render(
        request,
        "accounts/manage/organisation_list.html",
        {"local_authority": local_authority, "organisations": organisations},
    )


def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    form = OrganisationForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.organisation_create(
            by=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message=lambda organisation: f"{organisation.name} added",
        to=lambda organisation: reverse("accounts:organisation_list"),
    )
    return saved or render(request, "accounts/manage/organisation_form.html", {"form": form})


def organisation_update(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_get_for_administrator(
        user=request.user, organisation_id=organisation_id
    )
    initial = {
        "version": organisation.version,
        "name": organisation.name,
        "kind": organisation.kind,
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: services.organisation_update(
            by=request.user,
            organisation=organisation,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda organisation: f"{organisation.name} saved",
        to=lambda organisation: reverse("accounts:organisation_list"),
    )
    context = {"form": form, "organisation": organisation}
    return saved or render(request, "accounts/manage/organisation_form.html", context)


def organisation_retire(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_get_for_administrator(
        user=request.user, organisation_id=organisation_id
    )
    return _confirm(
        request,
        thing=organisation,
        save=lambda version: services.organisation_retire(
            by=request.user, organisation=organisation, expected_version=version
        ),
        page={
            "title": f"Retire {organisation.name}",
            "caption": "Organisations",
            "body": "The organisation will no longer be offered for new actions, posts or "
            "people. Actions and posts that have it keep it, and its history stays. You can "
            "bring it back later.",
            "button": "Retire organisation",
            "warning": "true",
        },
        message=f"{organisation.name} is retired",
        to=reverse("accounts:organisation_list"),
    )


def organisation_reinstate(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_get_for_administrator(
        user=request.user, organisation_id=organisation_id
    )
    return _confirm(
        request,
        thing=organisation,
        save=lambda version: services.organisation_reinstate(
            by=request.user, organisation=organisation, expected_version=version
        ),
        page={
            "title": f"Bring back {organisation.name}",
            "caption": "Organisations",
            "body": "The organisation will be offered again for new actions, posts and people.",
            "button": "Bring back organisation",
        },
        message=f"{organisation.name} is in use again",
        to=reverse("accounts:organisation_list"),
    )


# Closure days -----------------------------------------------------------------------------------


def closure_day_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    days = selectors.closure_day_list_for_administration(local_authority=local_authority)
    return render(
        request,
        "accounts/manage/closure_day_list.html",
        {"local_authority": local_authority, "days": days},
    )


def closure_day_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    form = ClosureDayForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.closure_day_create(
            by=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message="Closure day added",
        to=lambda day: reverse("accounts:closure_day_list"),
    )
    return saved or render(request, "accounts/manage/closure_day_form.html", {"form": form})


def closure_day_remove(request: AuthenticatedHttpRequest, closure_day_id: int) -> HttpResponse:
    closure_day = closure_day_get_for_administrator(
        user=request.user, closure_day_id=closure_day_id
    )
    return _confirm(
        request,
        thing=closure_day,
        save=lambda version: services.closure_day_remove(by=request.user, closure_day=closure_day),
        page={
            "title": "Remove this closure day",
            "caption": "Closure days",
            "body": f"{closure_day} ({closure_day.reason}) will no longer change your "
            "deadlines. Its history is kept.",
            "button": "Remove closure day",
            "warning": "true",
        },
        message="Closure day removed",
        to=reverse("accounts:closure_day_list"),
    )


# Sign-in record ---------------------------------------------------------------------------------


def sign_in_event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    form = SignInEventFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = selectors.sign_in_event_page(
        local_authority=local_authority, kind=kind, page_number=request.GET.get("page") or 1
    )
    query = f"kind={kind}&" if kind else ""
    return render(
        request,
        "accounts/manage/sign_in_event_list.html",
        {
            "local_authority": local_authority,
            "form": form,
            "page": page,
            "events": list(page.object_list),
            "kind_label": dict(SignInEvent.Kind.choices).get(kind, ""),
            "previous_url": f"?{query}page={page.previous_page_number()}"
            if page.has_previous()
            else "",
            "next_url": f"?{query}page={page.next_page_number()}" if page.has_next() else "",
        },
    )
