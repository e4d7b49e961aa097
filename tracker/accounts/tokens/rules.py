"""How a token is written and checked. Pure functions: no database."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "it_"
PUBLIC_ID_LENGTH = 12
# "The token must expire": no longer than a year, 90 days unless the owner chooses.
MAX_LIFETIME_DAYS = 365
DEFAULT_LIFETIME_DAYS = 90
# Last used is written at most once a minute, so a busy refresh is not a write per request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class ParsedToken:
    public_id: str
    secret: str


def new_public_id() -> str:
    return secrets.token_hex(PUBLIC_ID_LENGTH // 2)


def new_secret() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def written_token(*, public_id: str, secret: str) -> str:
    """The token as its owner copies it: `it_<public id>_<secret>`."""
    return f"{PREFIX}{public_id}_{secret}"


def parse_token(text: str) -> ParsedToken | None:
    """The public id and secret of a token as written, or None when it is not one of ours."""
    if not text.startswith(PREFIX):
        return None
    rest = text[len(PREFIX) :]
    public_id, separator, secret = rest[:PUBLIC_ID_LENGTH], rest[PUBLIC_ID_LENGTH:][:1], rest[13:]
    if separator != "_" or not secret or len(public_id) != PUBLIC_ID_LENGTH:
        return None
    return ParsedToken(public_id=public_id, secret=secret)


def secret_matches(*, secret: str, stored_hash: str) -> bool:
    """Compared in constant time, so timing tells nothing about the hash."""
    return hmac.compare_digest(secret_hash(secret), stored_hash)


def is_expired(*, expires_on: datetime.date, today: datetime.date) -> bool:
    """A token works up to the end of the day it expires."""
    return today > expires_on


def needs_last_used(*, last_used_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    return last_used_at is None or now - last_used_at >= LAST_USED_EVERY
