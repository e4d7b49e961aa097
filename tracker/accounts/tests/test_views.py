"""Signing in and out."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factories' password


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _error_summary(body: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.DOTALL)
    return match.group(0) if match else ""


def _inline_error(body: str, field_id: str) -> str:
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>',
        body,
        re.DOTALL,
    )
    if match is None:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def test_sign_in_page_renders_the_govuk_form_for_anonymous_users(client):
    response = client.get(reverse("accounts:login"))
    body = _body(response)

    assert response.status_code == 200
    assert "<title>Sign in – Improvement Tracker</title>" in body
    assert "Sign in to Improvement Tracker" in body
    assert '<form method="post" novalidate>' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert '<label class="govuk-label" for="id_username">' in body
    assert 'class="govuk-input govuk-!-width-two-thirds" id="id_username" name="username"' in body
    assert 'autocomplete="username"' in body
    assert 'data-module="govuk-password-input"' in body
    assert 'type="password"' in body
    assert 'autocomplete="current-password"' in body
    assert 'class="govuk-button"' in body
    assert "There is a problem" not in body


def test_sign_in_page_keeps_where_to_go_next(client):
    response = client.get(reverse("accounts:login"), {"next": "/plans/"})
    assert '<input type="hidden" name="next" value="/plans/">' in _body(response)


def test_wrong_password_shows_an_error_and_does_not_sign_in(client, viewer):
    response = client.post(
        reverse("accounts:login"), {"username": "viewer", "password": "wrong password"}
    )
    body = _body(response)

    assert response.status_code == 200
    assert "<title>Error: Sign in" in body
    summary = _error_summary(body)
    assert "There is a problem" in summary
    assert "Enter a correct username and password. Both are case-sensitive." in summary
    assert 'value="viewer"' in body  # the username is kept
    assert "wrong password" not in body  # the password is never echoed back
    assert _signed_in_user_id(client) is None


def test_unknown_user_gets_the_same_error_as_a_wrong_password(client, viewer):
    response = client.post(reverse("accounts:login"), {"username": "nobody", "password": PASSWORD})

    assert "Enter a correct username and password" in _error_summary(_body(response))
    assert _signed_in_user_id(client) is None


def test_inactive_user_cannot_sign_in(client, local_authority):
    UserFactory(local_authority=local_authority, username="leaver", is_active=False)
    response = client.post(reverse("accounts:login"), {"username": "leaver", "password": PASSWORD})

    assert response.status_code == 200
    assert "There is a problem" in _body(response)
    assert _signed_in_user_id(client) is None


def test_empty_sign_in_asks_for_username_and_password(client, viewer):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    body = _body(response)
    summary = _error_summary(body)

    assert response.status_code == 200
    assert "There is a problem" in summary
    assert '<a href="#id_username">Enter your username</a>' in summary
    assert '<a href="#id_password">Enter your password</a>' in summary
    assert _inline_error(body, "id_username") == "Error: Enter your username"
    assert _inline_error(body, "id_password") == "Error: Enter your password"
    assert body.count("govuk-form-group--error") == 2
    assert _signed_in_user_id(client) is None


def test_correct_sign_in_goes_to_the_dashboard(client, viewer):
    response = client.post(reverse("accounts:login"), {"username": "viewer", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert int(_signed_in_user_id(client)) == viewer.pk
    assert client.get(response["Location"]).status_code == 200


def test_sign_in_goes_on_to_the_page_asked_for(client, viewer):
    response = client.post(
        reverse("accounts:login"),
        {"username": "viewer", "password": PASSWORD, "next": reverse("plans:plan_list")},
    )
    assert response["Location"] == reverse("plans:plan_list")


def test_sign_in_refuses_to_go_on_to_another_site(client, viewer):
    response = client.post(
        reverse("accounts:login"),
        {"username": "viewer", "password": PASSWORD, "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("core:dashboard")


def test_signed_in_user_visiting_sign_in_goes_to_the_dashboard(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")


def test_sign_out_by_get_is_not_allowed_and_keeps_the_user_signed_in(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert int(_signed_in_user_id(client)) == viewer.pk


def test_sign_out_by_post_signs_out(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert _signed_in_user_id(client) is None
    after = client.get(reverse("core:dashboard"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("accounts:login"))


def test_every_page_offers_sign_out_as_a_form(client, viewer):
    client.force_login(viewer)
    body = _body(client.get(reverse("core:dashboard")))
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in body
    assert "Sign out" in body


def test_user_without_a_local_authority_who_signs_in_gets_not_found(client):
    UserFactory(local_authority=None, role=User.Role.ADMINISTRATOR, username="stray")
    response = client.post(reverse("accounts:login"), {"username": "stray", "password": PASSWORD})
    assert response.status_code == 302

    dashboard = client.get(response["Location"])

    assert dashboard.status_code == 404
    assert "Page not found" in _body(dashboard)
    for name in ("plans:plan_list", "inspections:inspection_list"):
        assert client.get(reverse(name)).status_code == 404


def test_the_navigation_names_the_user_marks_the_section_and_carries_a_token(
    client, viewer, administrator
):
    """The navigation is rendered once for each section and kind of user, with the user's
    name and the form's token put in for each request: each user sees their own, escaped."""
    viewer.first_name, viewer.last_name = "<b>Ana</b>", "O'Neil"
    viewer.save()
    client.force_login(viewer)
    plans = client.get(reverse("plans:plan_list")).content.decode()
    assert (
        'Sign out<span class="govuk-visually-hidden"> &lt;b&gt;Ana&lt;/b&gt; O&#x27;Neil' in plans
    )
    assert "<b>Ana</b>" not in plans
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', plans)
    assert token is not None and "stand-in" not in token.group(1)
    assert re.search(
        r'govuk-service-navigation__item--active">\s*<a class="govuk-service-navigation__link"'
        rf' href="{reverse("plans:plan_list")}" aria-current="true">',
        plans,
    )
    assert "Administration" not in plans

    client.force_login(administrator)
    manage = client.get(reverse("accounts:manage")).content.decode()
    assert "Ana" not in manage
    assert f'Sign out<span class="govuk-visually-hidden"> {administrator}' in manage
    assert re.search(
        rf'href="{reverse("accounts:manage")}" aria-current="true">\s*(<strong[^>]*>)?'
        r"\s*Administration",
        manage,
    )
