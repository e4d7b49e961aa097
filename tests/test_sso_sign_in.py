"""Signing in with a work account, against a real OpenID Connect provider over real HTTP.

The provider is django-oauth-toolkit, mounted beside the service on the live server
(`tests/oidc_provider.py`); the service's client (mozilla-django-oidc) goes through the whole
authorization code flow: off to the provider, signing in there, back to the callback, the
code exchanged for tokens, the ID token checked with the provider's published keys, and the
userinfo asked for. Nothing of the client is mocked.
"""

from __future__ import annotations

import re

import pytest
import requests

from tests.oidc_provider import PROVIDER_PASSWORD, Provider, provider_person, provider_start
from tracker.accounts.models import LocalAuthority, SignInEvent, User
from tracker.accounts.tests.factories import LocalAuthorityFactory, UserFactory

pytestmark = [pytest.mark.urls("tests.oidc_provider"), pytest.mark.django_db(transaction=True)]

SOLIHULL = "solihull.gov.uk"


@pytest.fixture
def provider(settings, live_server) -> Provider:
    return provider_start(settings=settings, live_server=live_server)


@pytest.fixture
def solihull() -> LocalAuthority:
    return LocalAuthorityFactory(
        name="Solihull Metropolitan Borough Council", sso_email_domains=f"{SOLIHULL}\n"
    )


def _sign_in_with_work_account(provider: Provider, email: str) -> requests.Response:
    """Press "Sign in with your work account", sign in at the provider, come back."""
    browser = requests.Session()
    at_provider = browser.get(f"{provider.service_url}/accounts/sso/start/", timeout=30)
    assert at_provider.url.startswith(f"{provider.url}/sign-in/"), at_provider.url
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', at_provider.text)
    next_url = re.search(r'name="next" value="([^"]+)"', at_provider.text)
    assert token and next_url
    return browser.post(
        at_provider.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "next": next_url.group(1).replace("&amp;", "&"),
            "username": f"provider-{email}",
            "password": PROVIDER_PASSWORD,
        },
        timeout=30,
    )


def test_sso_known_user_signs_in_and_lands_on_the_dashboard(provider, solihull):
    user = UserFactory(local_authority=solihull, email="Sam.Patel@Solihull.gov.uk")
    provider_person(email="sam.patel@solihull.gov.uk")

    response = _sign_in_with_work_account(provider, "sam.patel@solihull.gov.uk")

    assert response.status_code == 200
    assert response.url == f"{provider.service_url}/"
    assert "Dashboard" in response.text
    event = SignInEvent.objects.get(user=user)
    assert event.kind == SignInEvent.Kind.SIGNED_IN_SSO
    assert event.local_authority == solihull


def test_sso_administrator_is_not_asked_for_a_second_code(provider, solihull):
    UserFactory(
        local_authority=solihull, email="admin@solihull.gov.uk", role=User.Role.ADMINISTRATOR
    )
    provider_person(email="admin@solihull.gov.uk")

    response = _sign_in_with_work_account(provider, "admin@solihull.gov.uk")

    assert response.url == f"{provider.service_url}/"
    assert "Dashboard" in response.text


def test_sso_someone_new_becomes_a_viewer_waiting_for_a_role(provider, solihull):
    solihull.sso_new_users = LocalAuthority.SsoNewUsers.CREATE_VIEWER
    solihull.save()
    provider_person(email="new.starter@solihull.gov.uk", first_name="Nia", last_name="Jones")

    response = _sign_in_with_work_account(provider, "new.starter@solihull.gov.uk")

    assert response.url == f"{provider.service_url}/accounts/sso/welcome/"
    assert "Waiting for an administrator to give you a role" in response.text
    assert "added to Solihull Metropolitan Borough Council as a viewer" in response.text
    user = User.objects.get(local_authority=solihull, email="new.starter@solihull.gov.uk")
    assert user.role == User.Role.VIEWER
    assert (user.first_name, user.last_name) == ("Nia", "Jones")
    assert list(user.posts.all()) == []
    assert user.has_usable_password() is False
    assert SignInEvent.objects.get(user=user).kind == SignInEvent.Kind.SIGNED_IN_SSO


def test_sso_someone_new_is_refused_where_the_authority_refuses_them(provider, solihull):
    provider_person(email="new.starter@solihull.gov.uk")

    response = _sign_in_with_work_account(provider, "new.starter@solihull.gov.uk")

    assert response.url == f"{provider.service_url}/accounts/sso/refused/"
    assert "You cannot sign in with your work account" in response.text
    assert (
        "Solihull Metropolitan Borough Council lets people sign in with their work account "
        "only once an administrator has added them. Ask your administrator to invite you."
    ) in response.text
    assert not User.objects.filter(local_authority=solihull).exists()
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.SSO_REFUSED)
    assert event.username == "new.starter@solihull.gov.uk"
    assert event.local_authority == solihull
    assert event.user is None


def test_sso_email_domain_of_no_authority_is_refused(provider, solihull):
    provider_person(email="someone@example.com")

    response = _sign_in_with_work_account(provider, "someone@example.com")

    assert response.url == f"{provider.service_url}/accounts/sso/refused/"
    assert "is not one of a local authority that uses single sign-on here" in response.text
    assert not User.objects.filter(email="someone@example.com", local_authority__isnull=False)
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.SSO_REFUSED)
    assert (event.username, event.local_authority) == ("someone@example.com", None)


def test_sso_switched_off_user_is_refused(provider, solihull):
    UserFactory(local_authority=solihull, email="left@solihull.gov.uk", is_active=False)
    provider_person(email="left@solihull.gov.uk")

    response = _sign_in_with_work_account(provider, "left@solihull.gov.uk")

    assert response.url == f"{provider.service_url}/accounts/sso/refused/"
    assert "This account has been switched off" in response.text


def test_sso_sign_in_page_offers_the_work_account(provider, solihull):
    response = requests.get(f"{provider.service_url}/accounts/sign-in/", timeout=30)

    assert "Sign in with your work account" in response.text
    assert 'href="/accounts/sso/start/"' in response.text


def test_sso_passwords_switched_off_refuse_the_password_form(provider, solihull):
    solihull.has_password_sign_in = False
    solihull.save()
    UserFactory(local_authority=solihull, username="sam", email="sam@solihull.gov.uk")
    browser = requests.Session()
    form = browser.get(f"{provider.service_url}/accounts/sign-in/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token

    response = browser.post(
        form.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": "sam",
            "password": "correct horse battery",
        },
        timeout=30,
    )

    assert response.url == f"{provider.service_url}/accounts/sign-in/"
    assert (
        "Solihull Metropolitan Borough Council does not use passwords: use “Sign in with your "
        "work account”."
    ) in response.text
    assert browser.get(f"{provider.service_url}/", timeout=30).url.endswith(
        "/accounts/sign-in/?next=/"
    )
