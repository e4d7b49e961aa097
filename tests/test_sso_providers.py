"""Identity providers per local authority, against the real test provider over real HTTP.

Two authorities, two applications registered with the test provider (django-oauth-toolkit on
the live server, `tests/oidc_provider.py`), each kept as an identity provider record with its
own client id and its secret in an environment variable of its own; a third authority uses
the deployment's default provider (the environment's, as before). Each sign-in starts with the
work email address, goes to that authority's provider, and comes back to be checked against
that provider alone.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.oidc_provider import (
    CLIENT_ID,
    PROVIDER_PASSWORD,
    Provider,
    provider_person,
    provider_record,
    provider_start,
)
from tracker.accounts.models import IdentityProvider, LocalAuthority, SignInEvent, User
from tracker.accounts.sso.backends import OTHER_PROVIDER, WRONG_ISSUER
from tracker.accounts.tests.factories import LocalAuthorityFactory, UserFactory

pytestmark = [pytest.mark.urls("tests.oidc_provider"), pytest.mark.django_db(transaction=True)]

SOLIHULL_SECRET = "solihull-client-secret-for-tests"
CAMDEN_SECRET = "camden-client-secret-for-tests"


@pytest.fixture
def provider(settings, live_server) -> Provider:
    return provider_start(settings=settings, live_server=live_server)


@pytest.fixture
def solihull_provider(provider, monkeypatch) -> IdentityProvider:
    monkeypatch.setenv("SSO_SECRET_SOLIHULL", SOLIHULL_SECRET)
    return provider_record(
        provider=provider,
        name="Solihull Entra ID",
        client_id="tracker-solihull",
        client_secret=SOLIHULL_SECRET,
        secret_env="SSO_SECRET_SOLIHULL",
    )


@pytest.fixture
def camden_provider(provider, monkeypatch) -> IdentityProvider:
    monkeypatch.setenv("SSO_SECRET_CAMDEN", CAMDEN_SECRET)
    return provider_record(
        provider=provider,
        name="Camden Entra ID",
        client_id="tracker-camden",
        client_secret=CAMDEN_SECRET,
        secret_env="SSO_SECRET_CAMDEN",
    )


@pytest.fixture
def solihull(solihull_provider) -> LocalAuthority:
    return LocalAuthorityFactory(
        name="Solihull Metropolitan Borough Council",
        sso_email_domains="solihull.gov.uk",
        identity_provider=solihull_provider,
    )


@pytest.fixture
def camden(camden_provider) -> LocalAuthority:
    return LocalAuthorityFactory(
        name="London Borough of Camden",
        sso_email_domains="camden.gov.uk",
        identity_provider=camden_provider,
    )


@pytest.fixture
def dudley() -> LocalAuthority:
    """An authority with no provider of its own: the deployment's default one."""
    return LocalAuthorityFactory(name="Dudley Council", sso_email_domains="dudley.gov.uk")


def _form_field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} in the page"
    return found.group(1).replace("&amp;", "&")


def _start(provider: Provider, email: str) -> tuple[requests.Session, requests.Response]:
    """Press "Sign in with your work account" and give the work email address."""
    browser = requests.Session()
    page = browser.get(f"{provider.service_url}/accounts/sso/start/", timeout=30)
    assert page.url == f"{provider.service_url}/accounts/sso/start/"
    assert "Work email address" in page.text
    response = browser.post(
        page.url,
        data={"csrfmiddlewaretoken": _form_field(page.text, "csrfmiddlewaretoken"), "email": email},
        timeout=30,
    )
    return browser, response


def _sign_in(provider: Provider, email: str, *, provider_email: str = "") -> requests.Response:
    """Give the work email, sign in at the provider as the person with `provider_email`
    (the same address unless told), come back."""
    browser, at_provider = _start(provider, email)
    assert at_provider.url.startswith(f"{provider.url}/sign-in/"), at_provider.url
    return browser.post(
        at_provider.url,
        data={
            "csrfmiddlewaretoken": _form_field(at_provider.text, "csrfmiddlewaretoken"),
            "next": _form_field(at_provider.text, "next"),
            "username": f"provider-{provider_email or email}",
            "password": PROVIDER_PASSWORD,
        },
        timeout=30,
    )


def _authorization_request(response: requests.Response) -> dict[str, list[str]]:
    """What the service asked the provider for (the first redirect of the sign-in)."""
    first = response.history[0]
    assert first.status_code == 302
    location = first.headers["Location"]
    return parse_qs(urlsplit(location).query)


def test_sso_each_authority_signs_in_through_its_own_provider(provider, solihull, camden, dudley):
    people = {
        "sam@solihull.gov.uk": (solihull, "tracker-solihull"),
        "kim@camden.gov.uk": (camden, "tracker-camden"),
        "ali@dudley.gov.uk": (dudley, CLIENT_ID),  # the deployment's default provider
    }
    for email, (authority, client_id) in people.items():
        user = UserFactory(local_authority=authority, email=email)
        provider_person(email=email)
        browser, at_provider = _start(provider, email)
        asked = _authorization_request(at_provider)
        assert asked["client_id"] == [client_id]
        assert asked["login_hint"] == [email]
        assert asked["code_challenge_method"] == ["S256"]
        assert asked["nonce"] and asked["state"]

        response = browser.post(
            at_provider.url,
            data={
                "csrfmiddlewaretoken": _form_field(at_provider.text, "csrfmiddlewaretoken"),
                "next": _form_field(at_provider.text, "next"),
                "username": f"provider-{email}",
                "password": PROVIDER_PASSWORD,
            },
            timeout=30,
        )

        assert response.url == f"{provider.service_url}/", email
        assert "Dashboard" in response.text
        event = SignInEvent.objects.get(user=user)
        assert (event.kind, event.local_authority) == (SignInEvent.Kind.SIGNED_IN_SSO, authority)


def test_sso_someone_new_is_made_a_viewer_of_the_authority_of_their_provider(provider, camden):
    camden.sso_new_users = LocalAuthority.SsoNewUsers.CREATE_VIEWER
    camden.save()
    provider_person(email="new@camden.gov.uk", first_name="Nia", last_name="Jones")

    response = _sign_in(provider, "new@camden.gov.uk")

    assert response.url == f"{provider.service_url}/accounts/sso/welcome/"
    assert "added to London Borough of Camden as a viewer" in response.text
    assert (
        User.objects.get(email="new@camden.gov.uk", local_authority=camden).role == User.Role.VIEWER
    )


def test_sso_refuses_an_id_token_from_another_issuer_than_the_authoritys_provider(
    provider, solihull, monkeypatch
):
    # Solihull's record names an Entra ID tenant as its issuer; its endpoints are (wrongly, or
    # by someone's doing) the test provider's, whose ID tokens name another issuer.
    monkeypatch.setenv("SSO_SECRET_SOLIHULL", SOLIHULL_SECRET)
    solihull.identity_provider.issuer = "https://login.microsoftonline.com/solihull-tenant/v2.0"
    solihull.identity_provider.save()
    UserFactory(local_authority=solihull, email="sam@solihull.gov.uk")
    provider_person(email="sam@solihull.gov.uk")

    response = _sign_in(provider, "sam@solihull.gov.uk")

    assert response.url == f"{provider.service_url}/accounts/sso/refused/"
    assert WRONG_ISSUER.format(provider="Solihull Entra ID") in response.text.replace("&#x27;", "'")
    assert not SignInEvent.objects.filter(kind=SignInEvent.Kind.SIGNED_IN_SSO).exists()
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.SSO_REFUSED)
    assert event.username == "sam@solihull.gov.uk"


@pytest.mark.parametrize("started_as", ["sam@solihull.gov.uk", "ali@dudley.gov.uk"])
def test_sso_refuses_someone_of_an_authority_on_another_provider(
    provider, solihull, camden, dudley, started_as
):
    """A tenant (Solihull's, or the default provider) vouching for a Camden address cannot
    sign them into Camden, whose people sign in through Camden's own provider."""
    UserFactory(local_authority=camden, email="kim@camden.gov.uk", role=User.Role.ADMINISTRATOR)
    provider_person(email="kim@camden.gov.uk")

    response = _sign_in(provider, started_as, provider_email="kim@camden.gov.uk")

    assert response.url == f"{provider.service_url}/accounts/sso/refused/"
    started_with = "Solihull Entra ID" if "solihull" in started_as else "the test identity provider"
    expected = OTHER_PROVIDER.format(authority="London Borough of Camden", provider=started_with)
    assert expected in response.text
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.SSO_REFUSED)
    assert (event.username, event.local_authority) == ("kim@camden.gov.uk", camden)
    assert not SignInEvent.objects.filter(kind=SignInEvent.Kind.SIGNED_IN_SSO).exists()


def test_sso_provider_whose_secret_is_missing_says_so_plainly(provider, camden, monkeypatch):
    monkeypatch.delenv("SSO_SECRET_CAMDEN")

    _browser, response = _start(provider, "kim@camden.gov.uk")

    assert response.status_code == 200
    assert response.url == f"{provider.service_url}/accounts/sso/start/"
    assert (
        "Single sign-on for London Borough of Camden is not working at the moment. Sign in with "
        "your username and password, or ask the service"
    ) in response.text
    assert 'class="govuk-error-summary"' in response.text
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.SSO_REFUSED)
    assert (event.username, event.local_authority) == ("kim@camden.gov.uk", camden)


def test_sso_secret_removed_during_a_sign_in_refuses_it_plainly(provider, camden, monkeypatch):
    UserFactory(local_authority=camden, email="kim@camden.gov.uk")
    provider_person(email="kim@camden.gov.uk")
    browser, at_provider = _start(provider, "kim@camden.gov.uk")
    monkeypatch.delenv("SSO_SECRET_CAMDEN")

    response = browser.post(
        at_provider.url,
        data={
            "csrfmiddlewaretoken": _form_field(at_provider.text, "csrfmiddlewaretoken"),
            "next": _form_field(at_provider.text, "next"),
            "username": "provider-kim@camden.gov.uk",
            "password": PROVIDER_PASSWORD,
        },
        timeout=30,
    )

    assert response.url == f"{provider.service_url}/accounts/sso/refused/"
    assert "We could not sign you in with your work account" in response.text
    assert not SignInEvent.objects.filter(kind=SignInEvent.Kind.SIGNED_IN_SSO).exists()


def test_sso_wrong_client_secret_refuses_with_words_not_an_error_page(
    provider, camden, monkeypatch
):
    monkeypatch.setenv("SSO_SECRET_CAMDEN", "not-the-secret-the-provider-knows")
    UserFactory(local_authority=camden, email="kim@camden.gov.uk")
    provider_person(email="kim@camden.gov.uk")

    response = _sign_in(provider, "kim@camden.gov.uk")

    assert response.url == f"{provider.service_url}/accounts/sso/refused/"
    assert "We could not finish signing you in with Camden Entra ID" in response.text
    assert SignInEvent.objects.filter(kind=SignInEvent.Kind.SSO_REFUSED).count() == 1
    assert not SignInEvent.objects.filter(kind=SignInEvent.Kind.SIGNED_IN_SSO).exists()
