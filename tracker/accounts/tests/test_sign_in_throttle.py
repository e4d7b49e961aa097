"""Sign-in throttling (django-axes) and the sign-in record."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import SignInEvent
from tracker.accounts.tests.factories import UserFactory
from tracker.accounts.tests.pages import body

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factories' password
BROWSER = "Mozilla/5.0 (Windows NT 10.0) Edge/120"
SIGN_IN = "/accounts/sign-in/"


def _sign_in(client, username, password, *, ip="192.0.2.10"):
    return client.post(
        SIGN_IN,
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=BROWSER,
    )


def _signed_in(client) -> bool:
    return client.session.get(SESSION_KEY) is not None


# Throttling -------------------------------------------------------------------------------------


def test_four_wrong_passwords_still_let_the_right_one_in(client, viewer):
    for _ in range(4):
        assert _sign_in(client, "viewer", "wrong").status_code == 200

    response = _sign_in(client, "viewer", PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client) is True


def test_a_successful_sign_in_clears_earlier_failures(client, viewer):
    for _ in range(4):
        _sign_in(client, "viewer", "wrong")
    _sign_in(client, "viewer", PASSWORD)
    client.post(reverse("accounts:logout"))

    for _ in range(4):
        _sign_in(client, "viewer", "wrong")

    assert _sign_in(client, "viewer", PASSWORD).status_code == 302


def test_the_fifth_wrong_password_locks_sign_in_with_a_clear_page(client, viewer):
    for _ in range(4):
        _sign_in(client, "viewer", "wrong")

    response = _sign_in(client, "viewer", "wrong")
    text = body(response)

    assert response.status_code == 429
    assert "<title>Sign-in locked for 15 minutes – Improvement Tracker</title>" in text
    assert '<h1 class="govuk-heading-l">Sign-in locked for 15 minutes</h1>' in text
    assert "The wrong password was entered 5 times for this username" in text
    assert reverse("accounts:password_reset") in text
    assert "tell your administrator" in text
    assert "Traceback" not in text
    assert "wrong" not in text.split('id="main-content"')[1].split("wrong password")[0]


def test_while_locked_even_the_right_password_is_refused(client, viewer):
    """Before throttling, 30 wrong passwords were all answered and the right one then worked."""
    for _ in range(30):
        _sign_in(client, "viewer", "wrong")

    response = _sign_in(client, "viewer", PASSWORD)

    assert response.status_code == 429
    assert "Sign-in locked" in body(response)
    assert _signed_in(client) is False
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_the_lock_holds_only_for_that_username_at_that_address(client, viewer, improvement_lead):
    for _ in range(5):
        _sign_in(client, "viewer", "wrong")

    assert _sign_in(client, "lead", PASSWORD).status_code == 302  # another username
    client.post(reverse("accounts:logout"))
    assert _sign_in(client, "viewer", PASSWORD, ip="198.51.100.7").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, viewer):
    for _ in range(5):
        _sign_in(client, "viewer", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    response = _sign_in(client, "viewer", PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client) is True


def test_trying_again_while_locked_does_not_extend_the_lock(client, viewer):
    for _ in range(5):
        _sign_in(client, "viewer", "wrong")
    locked_at = timezone.now() - datetime.timedelta(minutes=10)
    AccessAttempt.objects.update(attempt_time=locked_at)

    assert _sign_in(client, "viewer", "wrong again").status_code == 429

    assert AccessAttempt.objects.get().attempt_time == locked_at


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=datetime.timedelta(minutes=30))
def test_the_limit_and_the_lock_time_come_from_settings(client, viewer):
    _sign_in(client, "viewer", "wrong")

    response = _sign_in(client, "viewer", "wrong")

    assert response.status_code == 429
    assert "Sign-in locked for 30 minutes" in body(response)
    assert "entered 2 times" in body(response)


def test_an_inactive_users_attempts_are_throttled_too(client, local_authority):
    UserFactory(local_authority=local_authority, username="leaver", is_active=False)
    for _ in range(4):
        assert _sign_in(client, "leaver", PASSWORD).status_code == 200

    assert _sign_in(client, "leaver", PASSWORD).status_code == 429


# The sign-in record -----------------------------------------------------------------------------


def test_a_sign_in_is_recorded_with_the_user_authority_address_and_browser(
    client, viewer, local_authority
):
    _sign_in(client, "viewer", PASSWORD)

    event = SignInEvent.objects.get()
    assert event.kind == SignInEvent.Kind.SIGNED_IN
    assert event.username == "viewer"
    assert event.user == viewer
    assert event.local_authority == local_authority
    assert event.ip_address == "192.0.2.10"
    assert event.user_agent == BROWSER
    assert abs(event.occurred_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_a_failed_sign_in_for_a_known_username_names_the_user(client, viewer, local_authority):
    _sign_in(client, "viewer", "wrong")

    event = SignInEvent.objects.get()
    assert event.kind == SignInEvent.Kind.FAILED
    assert (event.username, event.user, event.local_authority) == (
        "viewer",
        viewer,
        local_authority,
    )


def test_a_failed_sign_in_for_an_unknown_username_has_no_authority(client, viewer):
    _sign_in(client, "nobody-here", "guess")

    event = SignInEvent.objects.get()
    assert event.kind == SignInEvent.Kind.FAILED
    assert event.username == "nobody-here"
    assert event.user is None
    assert event.local_authority is None


def test_the_password_is_never_recorded(client, viewer):
    _sign_in(client, "viewer", "my-secret-guess")

    event = SignInEvent.objects.values().get()
    assert "my-secret-guess" not in str(event)
    assert "my-secret-guess" not in str(list(AccessAttempt.objects.values()))


def test_locking_and_refusals_while_locked_are_recorded_as_locked_out(client, viewer):
    for _ in range(4):
        _sign_in(client, "viewer", "wrong")
    _sign_in(client, "viewer", "wrong")
    _sign_in(client, "viewer", PASSWORD)

    kinds = list(SignInEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [SignInEvent.Kind.FAILED] * 4 + [SignInEvent.Kind.LOCKED_OUT] * 2


def test_a_sign_out_is_recorded(client, viewer):
    _sign_in(client, "viewer", PASSWORD)

    client.post(reverse("accounts:logout"), REMOTE_ADDR="192.0.2.10")

    event = SignInEvent.objects.order_by("pk").last()
    assert event.kind == SignInEvent.Kind.SIGNED_OUT
    assert event.user == viewer


def test_signing_out_when_not_signed_in_records_nothing(client):
    client.post(reverse("accounts:logout"))

    assert SignInEvent.objects.count() == 0


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_is_recorded(client, viewer):
    client.post(
        SIGN_IN,
        {"username": "viewer", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.99, 192.0.2.44",
    )

    assert SignInEvent.objects.get().ip_address == "192.0.2.44"


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(client, viewer):
    client.post(
        SIGN_IN,
        {"username": "viewer", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )

    assert SignInEvent.objects.get().ip_address == "192.0.2.10"
