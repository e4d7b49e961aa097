"""The authentication backend for work accounts (mozilla-django-oidc).

The provider has checked who the person is (and their second factor); this backend decides
whether they may come in: the ID token is from the provider the sign-in was started with (its
issuer, and for this service), their email domain names the local authority, that authority
signs its people in through that same provider, an existing user of that authority with the
email address is signed in, and someone new is made a viewer or refused as the authority
chose. A refusal is kept in the sign-in record and its reason in the session, for the page the
callback sends them to.

The provider is chosen per sign-in (`tracker.accounts.sso.views.SsoStartView`), and the
callback puts it on the request (`PROVIDER_ATTRIBUTE`): the library reads its endpoints and
credentials from the settings when the backend is made, so `authenticate` replaces them with
the provider's before the code is exchanged.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from requests import RequestException

from tracker.accounts.backends import user_for_session
from tracker.accounts.http import client_ip_address
from tracker.accounts.models import LocalAuthority, User
from tracker.accounts.sso import selectors, services
from tracker.accounts.sso.selectors import OidcProvider

LOGGER = logging.getLogger(__name__)

REFUSAL_SESSION_KEY = "sso_refusal"
NEW_USER_SESSION_KEY = "sso_new_user"
# Where the callback puts the provider the sign-in was started with.
PROVIDER_ATTRIBUTE = "sso_provider"

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
OTHER_PROVIDER = (
    "Your email address is at {authority}, whose people do not sign in through {provider}. "
    "Start again from “Sign in with your work account” and enter your own work email address."
)
WRONG_ISSUER = (
    "The account you signed in with is not from {provider}, where this sign-in was started, "
    "so we cannot let you in. Start again from “Sign in with your work account”."
)
PROVIDER_UNREACHABLE = (
    "We could not finish signing you in with {provider}. Try again later, or sign in with "
    "your username and password. If it keeps happening, ask the service's support team."
)


class WorkAccountBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped library
    """Signs in someone coming back from the identity provider, or refuses them."""

    request: HttpRequest | None
    provider: OidcProvider
    _refused: bool = False
    _authority: LocalAuthority | None = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """Sign in through the provider the callback names; anything else is not for us."""
        provider: OidcProvider | None = getattr(request, PROVIDER_ATTRIBUTE, None)
        if request is None or provider is None:
            return None
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.sign_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except RequestException as error:
            # The provider refused the code or the secret, or could not be reached.
            LOGGER.error("Single sign-on through %s failed: %s", provider.name, error)
            self._refuse(
                PROVIDER_UNREACHABLE.format(provider=provider.name), email="", local_authority=None
            )
            return None
        except SuspiciousOperation:
            if self._refused:  # an ID token refused with a reason (`verify_token`)
                return None
            raise
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Also check that the ID token is from the provider the sign-in began with, and for
        this service (the library checks neither)."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if payload.get("iss") != self.provider.issuer:
            LOGGER.warning(
                "An ID token from issuer %r was refused: the sign-in began with %s (%r)",
                payload.get("iss"),
                self.provider.name,
                self.provider.issuer,
            )
            self._refuse(
                WRONG_ISSUER.format(provider=self.provider.name),
                email=str(payload.get("email") or ""),
                local_authority=None,
            )
            raise SuspiciousOperation("The ID token is from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.provider.client_id not in audiences:
            raise SuspiciousOperation("The ID token is for another service")
        return payload

    def _refuse(self, message: str, *, email: str, local_authority: LocalAuthority | None) -> None:
        self._refused = True
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
        authority = selectors.local_authority_for_email(email=email)
        if authority is None:
            self._refuse(NO_AUTHORITY, email=email, local_authority=None)
            return False
        if selectors.provider_key_for_authority(authority) != self.provider.key:
            # One council's tenant cannot sign people into another council.
            self._refuse(
                OTHER_PROVIDER.format(authority=authority.name, provider=self.provider.name),
                email=email,
                local_authority=authority,
            )
            return False
        self._authority = authority
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[User]:
        email = str(claims.get("email") or "")
        authority = self._authority
        if authority is None:  # checked already by verify_claims
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
        authority = self._authority
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

    def get_user(self, user_id: Any) -> User | None:
        """The user of a work-account session, with their organisation (as for a password
        session); nobody once their account is switched off."""
        user = user_for_session(user_id)
        return user if user is not None and user.is_active else None
