"""Signing in with a work account: off to the provider, back from it, and the pages after.

mozilla-django-oidc's views do the OpenID Connect work; these only answer "not found" while
single sign-on is not set up, and choose where people land.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from tracker.accounts.access import administered_authority_for_user
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.sso import services
from tracker.accounts.sso.backends import NEW_USER_SESSION_KEY, REFUSAL_SESSION_KEY
from tracker.accounts.sso.forms import SsoSettingsForm
from tracker.core.forms import submit_form

GENERIC_REFUSAL = (
    "We could not sign you in with your work account. Try again, or sign in with your "
    "username and password."
)


def _require_sso() -> None:
    if not settings.SSO_ENABLED:
        raise Http404("Single sign-on is not set up")


@method_decorator(login_not_required, name="dispatch")
class SsoStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]  # untyped library
    """Sends the browser to the identity provider to sign in."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_sso()
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


@method_decorator(login_not_required, name="dispatch")
class SsoCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]  # untyped library
    """Where the identity provider sends the browser back: signs in, or says why not."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_sso()
        request.session.pop(REFUSAL_SESSION_KEY, None)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    @property
    def failure_url(self) -> str:
        return reverse("accounts:sso_refused")

    @property
    def success_url(self) -> str:
        if self.request.session.pop(NEW_USER_SESSION_KEY, False):
            return reverse("accounts:sso_welcome")
        url: str = super().success_url
        return url


@login_not_required
def sso_refused(request: HttpRequest) -> HttpResponse:
    _require_sso()
    message = request.session.get(REFUSAL_SESSION_KEY) or GENERIC_REFUSAL
    return render(request, "accounts/sso/refused.html", {"message": message})


@require_GET
def sso_welcome(request: HttpRequest) -> HttpResponse:
    """What someone new, let in as a viewer with no posts, can expect."""
    local_authority = getattr(request.user, "local_authority", None)
    return render(request, "accounts/sso/welcome.html", {"local_authority": local_authority})


def sso_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An administrator chooses how their authority's people sign in."""
    local_authority = administered_authority_for_user(user=request.user)
    form = SsoSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=SsoSettingsForm.initial_for(local_authority),
    )
    saved = submit_form(
        request,
        form,
        lambda: services.sso_settings_update(
            local_authority=local_authority,
            sso_enabled=settings.SSO_ENABLED,
            **form.service_kwargs(),
        ),
        message="Single sign-on settings saved",
        to=lambda authority: reverse("accounts:manage"),
    )
    return saved or render(
        request,
        "accounts/sso/settings.html",
        {
            "form": form,
            "domains": local_authority.sso_email_domain_list,
            "sso_enabled": settings.SSO_ENABLED,
            "sso_provider_name": settings.SSO_PROVIDER_NAME,
        },
    )
