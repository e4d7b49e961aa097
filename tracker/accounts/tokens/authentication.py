"""Django REST framework's side of API tokens: who a request with `Authorization: Bearer
<token>` comes from, and what a read-only token may not do.

Refusals say plainly what is wrong and never repeat the token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

if TYPE_CHECKING:  # DRF's views read the settings naming this module: no import at run time
    from rest_framework.views import APIView

from tracker.accounts.models import ApiToken, User
from tracker.accounts.tokens import rules, selectors, services

KEYWORD = "Bearer"
MALFORMED = "The Authorization header must be 'Bearer' followed by one API token."
NOT_RECOGNISED = "This API token is not recognised. Make a new one on your account's tokens page."
EXPIRED = "This API token has expired. Make a new one on your account's tokens page."
REVOKED = "This API token has been revoked. Make a new one on your account's tokens page."
DEACTIVATED = "The account this API token belongs to has been deactivated."
READ_ONLY = "This API token can only read. Make a read and write token to change things."


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer it_…`: the token's user, if the token is known, in date, not
    revoked, and its user still active; anything else is refused (401). A request with no
    Bearer header is left to other ways of signing in."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(MALFORMED)
        try:
            text = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(MALFORMED) from None
        parsed = rules.parse_token(text)
        if parsed is None:
            raise exceptions.AuthenticationFailed(NOT_RECOGNISED)
        token = selectors.api_token_by_public_id(public_id=parsed.public_id).first()
        if token is None or not rules.secret_matches(
            secret=parsed.secret, stored_hash=token.secret_hash
        ):
            raise exceptions.AuthenticationFailed(NOT_RECOGNISED)
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(REVOKED)
        now = timezone.now()
        if rules.is_expired(expires_on=token.expires_on, today=timezone.localdate(now)):
            raise exceptions.AuthenticationFailed(EXPIRED)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(DEACTIVATED)
        services.api_token_note_use(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="Improvement Tracker"'


class TokenScopePermission(permissions.BasePermission):
    """A read-only token may only read (GET, HEAD, OPTIONS): anything else is refused (403).
    Requests not made with a token are left to other permissions."""

    message = READ_ONLY

    def has_permission(self, request: Request, view: APIView) -> bool:
        token: Any = request.auth
        if not isinstance(token, ApiToken):
            return True
        return request.method in permissions.SAFE_METHODS or not token.is_read_only
