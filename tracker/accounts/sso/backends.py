"""The authentication backend for work accounts (mozilla-django-oidc).

The provider has checked who the person is (and their second factor); this backend decides
whether they may come in: their email domain names the local authority, an existing user of
that authority with the email address is signed in, and someone new is made a viewer or
refused as the authority chose. A refusal is kept in the sign-in record and its reason in the
session, for the page the callback sends them to.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tracker.accounts.http import client_ip_address
from tracker.accounts.models import LocalAuthority, User
from tracker.accounts.sso import selectors, services

REFUSAL_SESSION_KEY = "sso_refusal"
NEW_USER_SESSION_KEY = "sso_new_user"

NO_EMAIL = "Your work account did not tell us your email address, so we cannot tell who you are."
NO_AUTHORITY = (
    "Your work account's email address is not one of a local authority that uses single "
    "sign-on here. Sign in with your username and password, or ask your administrator."
)
NOT_INVITED = (
    "{authority} lets people sign in with their work account only once an administrator has "
    "added them. Ask your administrator to invite you."
)
SHARED_EMAIL = (
    "More than one account here has your email address, so we cannot tell which is yours. "
    "Ask your administrator."
)
SWITCHED_OFF = "This account has been switched off. Ask your administrator."


class WorkAccountBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped library
    """Signs in someone coming back from the identity provider, or refuses them."""

    request: HttpRequest | None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Also check that the ID token is from the provider trusted and for this service."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        issuer = settings.SSO_OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token is from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another service")
        return payload

    def _refuse(self, message: str, *, email: str, local_authority: LocalAuthority | None) -> None:
        request = self.request
        ip_address, user_agent = None, ""
        if request is not None:
            request.session[REFUSAL_SESSION_KEY] = message
            ip_address = client_ip_address(request)
            user_agent = request.META.get("HTTP_USER_AGENT", "")
        services.sso_refusal_record(
            email=email,
            local_authority=local_authority,
            ip_address=ip_address,
            user_agent=user_agent,
        )

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = str(claims.get("email") or "")
        if not email:
            self._refuse(NO_EMAIL, email="", local_authority=None)
            return False
        if selectors.local_authority_for_email(email=email) is None:
            self._refuse(NO_AUTHORITY, email=email, local_authority=None)
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[User]:
        email = str(claims.get("email") or "")
        authority = selectors.local_authority_for_email(email=email)
        if authority is None:
            return []
        users = selectors.users_for_work_account(email=email, local_authority=authority)
        if len(users) == 1 and not users[0].is_active:
            self._refuse(SWITCHED_OFF, email=email, local_authority=authority)
        if len(users) > 1:
            # The library refuses more than one user (and makes none).
            self._refuse(SHARED_EMAIL, email=email, local_authority=authority)
        return users

    def create_user(self, claims: dict[str, Any]) -> User | None:
        email = str(claims.get("email") or "")
        authority = selectors.local_authority_for_email(email=email)
        if authority is None:  # checked already by verify_claims
            return None
        if authority.sso_new_users != LocalAuthority.SsoNewUsers.CREATE_VIEWER:
            self._refuse(
                NOT_INVITED.format(authority=authority.name),
                email=email,
                local_authority=authority,
            )
            return None
        user = services.sso_user_create(
            local_authority=authority,
            email=email,
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
        )
        if self.request is not None:
            self.request.session[NEW_USER_SESSION_KEY] = True
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user
