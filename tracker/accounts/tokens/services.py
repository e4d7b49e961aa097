"""Making and revoking API tokens. The secret is returned once, by `api_token_create`, and
never stored: only its hash is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import ApiToken, User
from tracker.accounts.tokens import rules
from tracker.core.history import save_with_history


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: shown to its owner once, then forgotten."""

    token: ApiToken
    secret: str

    def __repr__(self) -> str:  # never let the secret reach a log through a repr
        return f"NewToken(token={self.token!r}, secret='…')"


@transaction.atomic
def api_token_create(*, by: User, name: str, scope: str, expires_on: datetime.date) -> NewToken:
    """Make a token for `by`, who owns it. Expires within a year; the written token is returned
    once, in `NewToken.secret`."""
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        errors["name"] = ["Enter a name for the token"]
    if scope not in ApiToken.Scope.values:
        errors["scope"] = ["Choose what the token may do"]
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = ["The expiry date must be in the future"]
    elif (expires_on - today).days > rules.MAX_LIFETIME_DAYS:
        errors["expires_on"] = ["A token can last no more than a year"]
    if by.local_authority_id is None:
        errors["name"] = ["Only someone of a local authority can make a token"]
    if errors:
        raise ValidationError(errors)
    public_id = rules.new_public_id()
    secret = rules.new_secret()
    token = ApiToken(
        user=by,
        name=name,
        scope=scope,
        public_id=public_id,
        secret_hash=rules.secret_hash(secret),
        expires_on=expires_on,
    )
    save_with_history(token, by)
    return NewToken(token=token, secret=rules.written_token(public_id=public_id, secret=secret))


@transaction.atomic
def api_token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once, recording who revoked it and when; its history stays. Revoking
    one already revoked is refused."""
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is not None:
        raise ValidationError("This token has already been revoked")
    current.revoked_at = timezone.now()
    current.revoked_by = by
    save_with_history(current, by)
    return current


def api_token_note_use(*, token: ApiToken, now: datetime.datetime) -> None:
    """Record that the token was used, at most once a minute; no history row (it is only a
    time), and no version moved."""
    if rules.needs_last_used(last_used_at=token.last_used_at, now=now):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
