"""Changing your password, resetting it by email, and setting it from an invitation."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tracker.accounts.tests.pages import body, error_summary, inline_error

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factories' password
NEW = "a brand new long passphrase"
SITE = "https://tracker.example.gov.uk"


# Change ---------------------------------------------------------------------------------------


def test_change_password_page_is_linked_from_the_header_and_your_account(client, viewer):
    client.force_login(viewer)

    dashboard = body(client.get(reverse("core:dashboard")))
    account = body(client.get(reverse("accounts:account")))

    assert f'href="{reverse("accounts:account")}">Your account</a>' in dashboard
    assert f'href="{reverse("accounts:password_change")}">Change your password</a>' in account
    assert "Viewer" in account and viewer.username in account


def test_change_password_page_shows_the_govuk_form(client, viewer):
    client.force_login(viewer)

    text = body(client.get(reverse("accounts:password_change")))

    assert "<title>Change your password – Improvement Tracker</title>" in text
    assert '<label class="govuk-label" for="id_old_password">' in text
    assert 'autocomplete="current-password"' in text
    assert text.count('autocomplete="new-password"') == 2
    assert "Use at least 8 characters" in text


def test_change_password_needs_sign_in(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_change_password_with_the_right_current_password(client, viewer):
    client.force_login(viewer)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    viewer.refresh_from_db()
    assert viewer.check_password(NEW) is True
    done = client.get(response["Location"])  # still signed in
    assert "Your password has been changed" in body(done)


def test_change_password_refuses_a_wrong_current_password(client, viewer):
    client.force_login(viewer)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not my password", "new_password1": NEW, "new_password2": NEW},
    )
    text = body(response)

    assert response.status_code == 200
    assert "<title>Error: Change your password" in text
    assert "Your current password is not right: enter it again" in error_summary(text)
    assert inline_error(text, "id_old_password") == (
        "Error: Your current password is not right: enter it again"
    )
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD) is True


def test_change_password_refuses_different_new_passwords(client, viewer):
    client.force_login(viewer)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
    )

    assert "The passwords do not match" in error_summary(body(response))
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD) is True


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("x7#q", "This password is too short. It must contain at least 8 characters."),
        ("password", "This password is too common."),
    ],
)
def test_change_password_refuses_a_short_or_common_password(client, viewer, new, message):
    client.force_login(viewer)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert message in error_summary(body(response))
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD) is True


def test_change_password_empty_asks_for_each_field(client, viewer):
    client.force_login(viewer)

    summary = error_summary(body(client.post(reverse("accounts:password_change"), {})))

    assert '<a href="#id_old_password">Enter your current password</a>' in summary
    assert '<a href="#id_new_password1">Enter a new password</a>' in summary
    assert '<a href="#id_new_password2">Enter the new password again</a>' in summary


# Reset by email ---------------------------------------------------------------------------------


def test_sign_in_page_offers_forgotten_password(client):
    text = body(client.get(reverse("accounts:login")))

    assert f'<a class="govuk-link" href="{reverse("accounts:password_reset")}">' in text
    assert "Forgotten your password?" in text


def _ask_for_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def _link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match is not None, message.body
    return match.group(0)


@override_settings(SITE_URL=SITE)
def test_reset_sends_a_link_to_the_configured_address(client, viewer):
    viewer.email = "pat.hughes@solihull.example.org"
    viewer.save()

    response = _ask_for_reset(client, "Pat.Hughes@solihull.example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    assert message.to == ["pat.hughes@solihull.example.org"]
    assert message.subject == "Reset your Improvement Tracker password"
    link = _link_in(message)
    assert link.startswith(f"{SITE}/accounts/reset-password/")
    assert "The link works once, for 3 days." in message.body
    assert "Check your email" in body(client.get(response["Location"]))


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, viewer):
    response = _ask_for_reset(client, "nobody@example.org")

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_reset_refuses_an_address_that_is_not_an_email(client):
    response = _ask_for_reset(client, "not an email")
    text = body(response)

    assert response.status_code == 200
    assert "Enter an email address in the correct format" in error_summary(text)
    assert mail.outbox == []


def test_reset_sends_nothing_to_a_deactivated_user(client, viewer):
    viewer.email = "pat@example.org"
    viewer.is_active = False
    viewer.save()

    _ask_for_reset(client, "pat@example.org")

    assert mail.outbox == []


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_reset_link_sets_a_new_password_once(client, viewer):
    viewer.email = "pat@example.org"
    viewer.save()
    _ask_for_reset(client, "pat@example.org")
    link_path = _path(_link_in(mail.outbox[0]))

    form_page = client.get(link_path, follow=True)
    assert "Choose a new password" in body(form_page)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})

    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    viewer.refresh_from_db()
    assert viewer.check_password(NEW) is True
    assert client.session.get(SESSION_KEY) is None  # not signed in by the link
    assert "Your password is set" in body(client.get(done["Location"]))

    again = client.get(link_path, follow=True)
    assert "This link has expired or has already been used" in body(again)
    assert 'name="new_password1"' not in body(again)


def test_reset_link_refuses_mismatched_passwords_and_changes_nothing(client, viewer):
    viewer.email = "pat@example.org"
    viewer.save()
    _ask_for_reset(client, "pat@example.org")
    form_page = client.get(_path(_link_in(mail.outbox[0])), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": "other"}
    )

    assert "The passwords do not match" in error_summary(body(response))
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD) is True


def test_an_invalid_reset_link_explains_and_offers_a_new_one(client, viewer):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "not-a-real-token"])
    )
    text = body(response)

    assert response.status_code == 200
    assert "This link has expired or has already been used" in text
    assert reverse("accounts:password_reset") in text


def test_setting_a_password_from_the_link_lifts_a_sign_in_lock(client, viewer):
    viewer.email = "pat@example.org"
    viewer.save()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "viewer", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="viewer").exists()
    _ask_for_reset(client, "pat@example.org")
    form_page = client.get(_path(_link_in(mail.outbox[0])), follow=True)

    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    assert not AccessAttempt.objects.filter(username="viewer").exists()
    response = client.post(reverse("accounts:login"), {"username": "viewer", "password": NEW})
    assert response.status_code == 302
