"""Signing in with a work account: off to the provider, back from it, and the pages after.

mozilla-django-oidc's views do the OpenID Connect work (state, nonce, PKCE); these answer "not
found" while single sign-on is not set up, choose the provider for each sign-in, and choose
where people land.

Each local authority signs in through its own identity provider, or the deployment's default
one. When the platform operator has added providers of their own, "Sign in with your work
account" first asks for the work email address: its domain names the authority, and so the
provider. The provider chosen is kept in the session against the sign-in's `state`, so the
callback exchanges the code with that provider, and the backend accepts only its ID tokens.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

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
from tracker.accounts.http import AuthenticatedHttpRequest, client_ip_address
from tracker.accounts.sso import selectors, services
from tracker.accounts.sso.backends import (
    NEW_USER_SESSION_KEY,
    PROVIDER_ATTRIBUTE,
    REFUSAL_SESSION_KEY,
)
from tracker.accounts.sso.forms import SsoSettingsForm, WorkEmailForm
from tracker.accounts.sso.selectors import OidcProvider, ProviderNotReady
from tracker.core.forms import submit_form
from tracker.core.middleware import content_security_policy

LOGGER = logging.getLogger(__name__)

GENERIC_REFUSAL = (
    "We could not sign you in with your work account. Try again, or sign in with your "
    "username and password."
)
NO_AUTHORITY_FOR_EMAIL = (
    "Your email address is not at a local authority that uses single sign-on here. Check the "
    "address, or sign in with your username and password"
)
PROVIDER_NOT_READY = (
    "Single sign-on for {authority} is not working at the moment. Sign in with your username "
    "and password, or ask the service's support team"
)
# The session's record of which provider each sign-in under way was started with, by state.
PROVIDERS_SESSION_KEY = "sso_providers"
# As many as the library keeps states for (OIDC_MAX_STATES).
MOST_SIGN_INS_UNDER_WAY = 50


def _require_sso() -> None:
    if not selectors.sso_is_set_up():
        raise Http404("Single sign-on is not set up")


@method_decorator(login_not_required, name="dispatch")
class SsoStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]  # untyped library
    """Sends the browser to the identity provider of the person's local authority.

    With only the default provider, straight there; otherwise after asking for the work email
    address, whose domain names the authority.
    """

    http_method_names = ["get", "post"]
    login_hint = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_sso()
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        if not selectors.has_providers_per_authority():
            provider = selectors.default_provider()
            if provider is not None:
                return self._send_to(request, provider)
        return self._email_page(request, WorkEmailForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WorkEmailForm(request.POST)
        if not form.is_valid():
            return self._email_page(request, form)
        email = form.cleaned_data["email"]
        authority = selectors.local_authority_for_email(email=email)
        try:
            provider = selectors.provider_for_authority(authority) if authority else None
        except ProviderNotReady as error:
            assert authority is not None  # noqa: S101 - only an authority's provider raises
            LOGGER.error("Single sign-on for %s cannot start: %s", authority.name, error)
            services.sso_refusal_record(
                email=email,
                local_authority=authority,
                ip_address=client_ip_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
            form.add_error("email", PROVIDER_NOT_READY.format(authority=authority.name))
            return self._email_page(request, form)
        if provider is None:
            form.add_error("email", NO_AUTHORITY_FOR_EMAIL)
            return self._email_page(request, form)
        self.login_hint = email
        return self._send_to(request, provider)

    def _email_page(self, request: HttpRequest, form: WorkEmailForm) -> HttpResponse:
        response = render(request, "accounts/sso/start.html", {"form": form})
        # The form's answer redirects to the provider's site: the browser follows it only
        # when the page's policy lets its form end there.
        response.headers["Content-Security-Policy"] = content_security_policy(
            form_action_origins=selectors.authorization_origins()
        )
        return response

    def _send_to(self, request: HttpRequest, provider: OidcProvider) -> HttpResponse:
        """The library's redirect, to this provider's endpoint with its client id; the state
        it made is kept with the provider's key, for the callback."""
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response: HttpResponse = OIDCAuthenticationRequestView.get(self, request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        under_way: dict[str, str] = request.session.get(PROVIDERS_SESSION_KEY) or {}
        started = request.session.get("oidc_states") or {}
        under_way = {key: value for key, value in under_way.items() if key in started}
        under_way[state] = provider.key
        request.session[PROVIDERS_SESSION_KEY] = dict(
            list(under_way.items())[-MOST_SIGN_INS_UNDER_WAY:]
        )
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        params: dict[str, str] = dict(super().get_extra_params(request))
        if self.login_hint:
            # The provider fills in the address (Entra ID skips its own question).
            params["login_hint"] = self.login_hint
        return params


@method_decorator(login_not_required, name="dispatch")
class SsoCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]  # untyped library
    """Where the identity provider sends the browser back: signs in, or says why not."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_sso()
        request.session.pop(REFUSAL_SESSION_KEY, None)
        self._find_provider(request)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def _find_provider(self, request: HttpRequest) -> None:
        """Put on the request the provider this sign-in was started with (by its state), for
        the backend; none when the state is unknown (the library then refuses it)."""
        under_way: dict[str, str] = request.session.get(PROVIDERS_SESSION_KEY) or {}
        key = under_way.pop(request.GET.get("state", ""), None)
        if key is None:
            return
        request.session[PROVIDERS_SESSION_KEY] = under_way
        try:
            provider = selectors.provider_by_key(key)
        except ProviderNotReady as error:
            LOGGER.error("Single sign-on cannot finish: %s", error)
            request.session[REFUSAL_SESSION_KEY] = GENERIC_REFUSAL
            return
        setattr(request, PROVIDER_ATTRIBUTE, provider)

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
    """An administrator chooses how their authority's people sign in, and sees which
    identity provider they sign in through (the platform operator chooses that)."""
    local_authority = administered_authority_for_user(user=request.user)
    form = SsoSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=SsoSettingsForm.initial_for(local_authority),
    )
    saved = submit_form(
        request,
        form,
        lambda: services.sso_settings_update(
            by=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message="Single sign-on settings saved",
        to=lambda authority: reverse("accounts:manage"),
    )
    if saved:
        return saved
    saved_now: list[tuple[str, str]] = []
    if form.has_conflict:
        local_authority.refresh_from_db()
        form.keep_choices_for(local_authority)
        saved_now = [
            (str(form.fields["sso_new_users"].label), local_authority.get_sso_new_users_display()),
            (
                str(form.fields["has_password_sign_in"].label),
                "Yes" if local_authority.has_password_sign_in else "No",
            ),
        ]
    provider_key = selectors.provider_key_for_authority(local_authority)
    return render(
        request,
        "accounts/sso/settings.html",
        {
            "form": form,
            "domains": local_authority.sso_email_domain_list,
            "sso_enabled": provider_key is not None,
            "provider_name": selectors.provider_description(local_authority),
            "saved_now": saved_now,
        },
    )
