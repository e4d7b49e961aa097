"""Making and revoking API tokens."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker.accounts.models import ApiToken
from tracker.accounts.tokens import rules, services

pytestmark = pytest.mark.django_db


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_api_token_create_returns_the_secret_once_and_stores_only_its_hash(viewer):
    new = services.api_token_create(by=viewer, name=" Power BI ", scope="read", expires_on=_in(90))

    token = ApiToken.objects.get()
    assert token.user == viewer
    assert token.name == "Power BI"
    assert token.is_read_only is True
    assert new.secret.startswith(f"it_{token.public_id}_")
    secret = new.secret.removeprefix(f"it_{token.public_id}_")
    assert len(secret) >= 43  # 256 bits, URL-safe base 64
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get()]
    assert not any(secret in value for value in stored)
    assert secret not in repr(new)


def test_api_token_create_keeps_history_without_the_hash(viewer):
    new = services.api_token_create(by=viewer, name="Excel", scope="read", expires_on=_in(30))

    row = new.token.history.get()
    assert row.history_user == viewer
    assert not hasattr(row, "secret_hash")


@pytest.mark.parametrize(
    ("name", "scope", "days", "field", "message"),
    [
        ("", "read", 90, "name", "Enter a name for the token"),
        ("Power BI", "admin", 90, "scope", "Choose what the token may do"),
        ("Power BI", "read", 0, "expires_on", "The expiry date must be in the future"),
        ("Power BI", "read", 366, "expires_on", "A token can last no more than a year"),
    ],
)
def test_api_token_create_refuses_bad_input(viewer, name, scope, days, field, message):
    with pytest.raises(ValidationError) as error:
        services.api_token_create(by=viewer, name=name, scope=scope, expires_on=_in(days))

    assert error.value.message_dict[field] == [message]
    assert not ApiToken.objects.exists()


def test_api_token_create_allows_a_year(viewer):
    new = services.api_token_create(
        by=viewer, name="Yearly", scope="read_write", expires_on=_in(rules.MAX_LIFETIME_DAYS)
    )

    assert new.token.is_read_only is False


def test_api_token_revoke_records_who_and_when_and_keeps_history(viewer, administrator):
    token = services.api_token_create(
        by=viewer, name="Power BI", scope="read", expires_on=_in(90)
    ).token

    revoked = services.api_token_revoke(by=administrator, token=token)

    assert revoked.is_revoked is True
    assert revoked.revoked_by == administrator
    assert [row.history_user for row in revoked.history.order_by("history_date")] == [
        viewer,
        administrator,
    ]


def test_api_token_revoke_refuses_one_already_revoked(viewer):
    token = services.api_token_create(
        by=viewer, name="Power BI", scope="read", expires_on=_in(90)
    ).token
    services.api_token_revoke(by=viewer, token=token)

    with pytest.raises(ValidationError, match="This token has already been revoked"):
        services.api_token_revoke(by=viewer, token=token)


def test_api_token_note_use_writes_at_most_once_a_minute(viewer):
    token = services.api_token_create(
        by=viewer, name="Power BI", scope="read", expires_on=_in(90)
    ).token
    now = timezone.now()

    services.api_token_note_use(token=token, now=now)
    services.api_token_note_use(token=token, now=now + datetime.timedelta(seconds=30))
    assert ApiToken.objects.get().last_used_at == now

    later = now + datetime.timedelta(minutes=1)
    services.api_token_note_use(token=token, now=later)
    assert ApiToken.objects.get().last_used_at == later


@pytest.mark.parametrize(
    "text",
    [
        "",
        "it_",
        "xx_0123456789ab_secret",
        "it_0123456789ab",
        "it_0123456789abXsecret",
        "it_short_x",
    ],
)
def test_parse_token_refuses_what_is_not_a_token(text):
    assert rules.parse_token(text) is None


def test_is_expired_after_the_day_it_expires():
    day = datetime.date(2026, 12, 7)
    assert rules.is_expired(expires_on=day, today=day) is False
    assert rules.is_expired(expires_on=day, today=day + datetime.timedelta(days=1)) is True
