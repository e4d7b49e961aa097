"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit.

Mounted only by tests that ask for this urlconf (`@pytest.mark.urls("tests.oidc_provider")`),
beside the service's own pages, at /provider/. The tests reach the service and the provider
by different host names of the one live server (`localhost` and `127.0.0.1`), so each keeps
its own session cookie, as two sites would. The provider's pages send a Content Security
Policy of their own: the service's forbids a form's redirect to another site, which is what
the provider's sign-in form does (on to the service's callback).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import include, path
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider import views as provider_views
from oauth2_provider.oauth2_validators import OAuth2Validator

from config.urls import urlpatterns as service_urlpatterns

PROVIDER_PASSWORD = "provider-password-for-tests"
PROVIDER_CSP = "default-src 'self'"


class ProviderValidator(OAuth2Validator):
    """Puts the person's email address and name in the ID token and the userinfo answer."""

    def get_additional_claims(self, request: Any) -> dict[str, str]:
        user = request.user
        return {
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
        }


def _provider_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = PROVIDER_CSP
        return response

    for attribute in ("csrf_exempt",):
        if getattr(view, attribute, False):
            setattr(wrapped, attribute, True)
    return login_not_required(wrapped)


def provider_sign_in(request: HttpRequest) -> HttpResponse:
    """The provider's own sign-in page (plain HTML: not one of the service's pages)."""
    error = ""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if request.method == "POST":
        user = authenticate(
            request,
            username=request.POST.get("username", ""),
            password=request.POST.get("password", ""),
        )
        if user is not None:
            login(request, user)
            return HttpResponseRedirect(next_url)
        error = "<p>Wrong username or password</p>"
    html = f"""<!DOCTYPE html><html lang="en"><head><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1>{error}
<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">
<input type="hidden" name="next" value="{escape(next_url)}">
<label for="provider-username">Provider username</label>
<input id="provider-username" name="username">
<label for="provider-password">Provider password</label>
<input id="provider-password" name="password" type="password">
<button type="submit">Sign in at the provider</button></form></main></body></html>"""
    return HttpResponse(html)


class ProviderAuthorizationView(provider_views.AuthorizationView):
    login_url = "/provider/sign-in/"


provider_patterns = (
    [
        path("sign-in/", _provider_page(provider_sign_in), name="sign_in"),
        path("authorize/", _provider_page(ProviderAuthorizationView.as_view()), name="authorize"),
        path(
            "token/", _provider_page(csrf_exempt(provider_views.TokenView.as_view())), name="token"
        ),
        path("userinfo/", _provider_page(provider_views.UserInfoView.as_view()), name="user-info"),
        path(
            ".well-known/jwks.json",
            _provider_page(provider_views.JwksInfoView.as_view()),
            name="jwks-info",
        ),
        path(
            ".well-known/openid-configuration",
            _provider_page(provider_views.ConnectDiscoveryInfoView.as_view()),
            name="oidc-connect-discovery-info",
        ),
    ],
    "oauth2_provider",
)

urlpatterns = [*service_urlpatterns, path("provider/", include(provider_patterns))]


# Setting the provider up for a test ---------------------------------------------------------

CLIENT_ID = "improvement-tracker"
CLIENT_SECRET = "client-secret-for-tests"


@dataclass(frozen=True)
class Provider:
    service_url: str  # the service, as the browser reaches it
    url: str  # the provider (the same live server, by another host name)


def provider_start(*, settings: Any, live_server: Any) -> Provider:
    """Register the service with the provider and point the service's single sign-on at it.

    Call from a test marked `@pytest.mark.urls("tests.oidc_provider")`.
    """
    from oauth2_provider.models import Application

    service_url = live_server.url
    parts = urlsplit(service_url)
    other_host = "127.0.0.1" if parts.hostname == "localhost" else "localhost"
    provider_url = f"{parts.scheme}://{other_host}:{parts.port}/provider"
    Application.objects.create(
        name="Improvement Tracker",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{service_url}/accounts/sso/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    settings.SSO_ENABLED = True
    settings.SSO_PROVIDER_NAME = "the test identity provider"
    settings.SSO_OIDC_ISSUER = provider_url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider_url}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider_url}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider_url}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider_url}/.well-known/jwks.json"
    if settings.SSO_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, settings.SSO_BACKEND]
    return Provider(service_url=service_url, url=provider_url)


def provider_person(*, email: str, first_name: str = "Sam", last_name: str = "Patel") -> Any:
    """Someone with an account at the provider (its own user, of no local authority)."""
    from tracker.accounts.services import user_create

    return user_create(
        local_authority=None,
        username=f"provider-{email}",
        password=PROVIDER_PASSWORD,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )


def provider_record(
    *,
    provider: Provider,
    name: str,
    client_id: str,
    client_secret: str,
    secret_env: str,
    issuer: str | None = None,
) -> Any:
    """An identity provider kept in the database, as the platform operator adds one: another
    application (client id and secret) registered with the test provider, its secret in the
    environment variable it names (set it with `monkeypatch.setenv`). `issuer` stands for a
    provider that is not the test provider: its ID tokens then name another issuer."""
    from oauth2_provider.models import Application

    from tracker.accounts.models import IdentityProvider

    Application.objects.create(
        name=name,
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{provider.service_url}/accounts/sso/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    return IdentityProvider.objects.create(
        name=name,
        issuer=issuer or provider.url,
        authorization_endpoint=f"{provider.url}/authorize/",
        token_endpoint=f"{provider.url}/token/",
        userinfo_endpoint=f"{provider.url}/userinfo/",
        jwks_endpoint=f"{provider.url}/.well-known/jwks.json",
        client_id=client_id,
        client_secret_env=secret_env,
    )
