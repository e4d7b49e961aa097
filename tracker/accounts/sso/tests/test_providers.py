"""Identity providers per local authority: the work email step, which provider is chosen,
secrets read from the environment, the platform operator's admin, and the settings page's
check for another administrator's save. The whole sign-in against a real provider is in
tests/test_sso_providers.py."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tracker.accounts.models import IdentityProvider, LocalAuthority, SignInEvent
from tracker.accounts.sso import selectors, services
from tracker.accounts.sso.services import SETTINGS_CHANGED
from tracker.accounts.sso.views import PROVIDERS_SESSION_KEY
from tracker.accounts.tests.factories import LocalAuthorityFactory, UserFactory
from tracker.core.errors import ConcurrentEditError

START = reverse("accounts:sso_start")
SETTINGS = reverse("accounts:sso_settings")


def _body(response) -> str:
    return response.content.decode()


def _provider(name: str = "Camden Entra ID", **fields) -> IdentityProvider:
    tenant = fields.pop("tenant", "camden-tenant")
    base = f"https://login.microsoftonline.com/{tenant}"
    return IdentityProvider.objects.create(
        name=name,
        issuer=f"{base}/v2.0",
        authorization_endpoint=f"{base}/oauth2/v2.0/authorize",
        token_endpoint=f"{base}/oauth2/v2.0/token",
        userinfo_endpoint="https://graph.microsoft.com/oidc/userinfo",
        jwks_endpoint=f"{base}/discovery/v2.0/keys",
        client_id=fields.pop("client_id", f"{tenant}-client"),
        client_secret_env=fields.pop("client_secret_env", "SSO_SECRET_CAMDEN"),
        **fields,
    )


@pytest.fixture
def camden_provider(db, monkeypatch) -> IdentityProvider:
    monkeypatch.setenv("SSO_SECRET_CAMDEN", "camden-secret")
    return _provider()


@pytest.fixture
def camden(camden_provider):
    return LocalAuthorityFactory(
        name="London Borough of Camden",
        sso_email_domains="camden.gov.uk",
        identity_provider=camden_provider,
    )


@pytest.fixture
def default_provider_set_up(settings):
    settings.SSO_ENABLED = True
    settings.SSO_PROVIDER_NAME = "Microsoft Entra ID"
    settings.SSO_OIDC_ISSUER = "https://login.microsoftonline.com/default-tenant/v2.0"
    settings.OIDC_RP_CLIENT_ID = "default-client"
    settings.OIDC_RP_CLIENT_SECRET = "default-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/default/authorize"


# The work email step ---------------------------------------------------------------------


def test_sso_start_asks_for_the_work_email_once_providers_are_kept(
    client, camden, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(START)

    body = _body(response)
    assert response.status_code == 200
    assert "<title>Sign in with your work account" in body
    assert "Work email address" in body
    assert 'autocomplete="email"' in body
    # The form's answer redirects to the provider, which the page's policy allows.
    policy = response["Content-Security-Policy"]
    assert "form-action 'self' https://login.microsoftonline.com;" in policy
    assert "script-src 'self';" in policy


def test_sso_start_sends_the_authority_to_its_own_provider(
    client, camden, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.post(f"{START}?next=/plans/", {"email": "Kim@Camden.gov.uk"})

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://login.microsoftonline.com/camden-tenant/oauth2/v2.0/authorize"
    )
    asked = parse_qs(location.query)
    assert asked["client_id"] == ["camden-tenant-client"]
    assert asked["login_hint"] == ["Kim@Camden.gov.uk"]
    assert asked["code_challenge_method"] == ["S256"]
    session = client.session
    assert session[PROVIDERS_SESSION_KEY] == {asked["state"][0]: str(camden.identity_provider_id)}
    assert asked["state"][0] in session["oidc_states"]
    assert session["oidc_login_next"] == "/plans/"


def test_sso_start_sends_an_authority_without_one_to_the_default_provider(
    client, camden, default_provider_set_up
):
    LocalAuthorityFactory(name="Dudley Council", sso_email_domains="dudley.gov.uk")

    response = client.post(START, {"email": "ali@dudley.gov.uk"})

    assert response["Location"].startswith("https://idp.example/default/authorize?")
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    assert client.session[PROVIDERS_SESSION_KEY] == {state: selectors.DEFAULT_PROVIDER_KEY}


def test_sso_start_goes_straight_to_the_default_provider_when_it_is_the_only_one(
    client, db, default_provider_set_up
):
    response = client.get(START)

    assert response["Location"].startswith("https://idp.example/default/authorize?")


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your work email address"),
        (
            "not an address",
            "Enter an email address in the correct format, like name@example.gov.uk",
        ),
        (
            "someone@example.com",
            "Your email address is not at a local authority that uses single sign-on here. "
            "Check the address, or sign in with your username and password",
        ),
    ],
)
def test_sso_start_email_errors_show_in_the_summary_and_inline(client, camden, email, message):
    response = client.post(START, {"email": email})

    body = _body(response)
    assert response.status_code == 200
    assert body.count(message) == 2  # the error summary and the field
    assert "<title>Error: Sign in with your work account" in body
    assert PROVIDERS_SESSION_KEY not in client.session


def test_sso_start_authority_with_no_provider_and_no_default_is_told_plainly(client, camden):
    LocalAuthorityFactory(name="Dudley Council", sso_email_domains="dudley.gov.uk")

    body = _body(client.post(START, {"email": "ali@dudley.gov.uk"}))

    assert "is not at a local authority that uses single sign-on here" in body


def test_sso_start_provider_without_its_secret_is_a_clear_error_not_a_crash(
    client, camden, monkeypatch, caplog
):
    monkeypatch.delenv("SSO_SECRET_CAMDEN")

    response = client.post(START, {"email": "kim@camden.gov.uk"})

    assert response.status_code == 200
    assert "Single sign-on for London Borough of Camden is not working at the moment" in _body(
        response
    )
    event = SignInEvent.objects.get()
    assert (event.kind, event.username, event.local_authority) == (
        SignInEvent.Kind.SSO_REFUSED,
        "kim@camden.gov.uk",
        camden,
    )
    # The operator learns which variable is missing; the officer is never told its name.
    assert "SSO_SECRET_CAMDEN" in caplog.text
    assert "SSO_SECRET_CAMDEN" not in _body(response)


def test_sso_start_is_not_found_without_any_provider(client, db):
    assert client.get(START).status_code == 404
    assert client.post(START, {"email": "kim@camden.gov.uk"}).status_code == 404


def test_sso_sign_in_page_offers_the_work_account_with_providers_kept(client, camden):
    body = _body(client.get(reverse("accounts:login")))

    assert "Sign in with your work account" in body
    assert "such as Microsoft Entra ID" in body


# Secrets from the environment ------------------------------------------------------------


def test_provider_secret_is_read_from_the_environment_variable_it_names(camden_provider):
    provider = selectors.provider_from_record(camden_provider)

    assert provider.client_secret == "camden-secret"
    assert "camden-secret" not in repr(provider)


def test_provider_never_reads_a_variable_outside_sso_secret(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "the-service-s-own-key")
    record = _provider(client_secret_env="DJANGO_SECRET_KEY")

    with pytest.raises(selectors.ProviderNotReady, match="DJANGO_SECRET_KEY"):
        selectors.provider_from_record(record)
    with pytest.raises(ValidationError, match="starting SSO_SECRET_"):
        record.full_clean()


def test_provider_one_issuer_may_hold_several_clients_but_not_the_same_twice(db):
    _provider(name="Camden", client_id="one")
    _provider(name="Camden again", client_id="two")

    with pytest.raises(ValidationError, match="already has a provider with this client id"):
        IdentityProvider(
            name="Camden twice",
            issuer="https://login.microsoftonline.com/camden-tenant/v2.0",
            authorization_endpoint="https://idp.example/a",
            token_endpoint="https://idp.example/t",
            userinfo_endpoint="https://idp.example/u",
            jwks_endpoint="https://idp.example/k",
            client_id="one",
            client_secret_env="SSO_SECRET_CAMDEN",
        ).full_clean()


def test_provider_key_for_authority(camden, settings):
    dudley = LocalAuthorityFactory(name="Dudley Council")

    assert selectors.provider_key_for_authority(camden) == str(camden.identity_provider_id)
    assert selectors.provider_key_for_authority(dudley) is None
    settings.SSO_ENABLED = True
    assert selectors.provider_key_for_authority(dudley) == selectors.DEFAULT_PROVIDER_KEY


# The platform operator's admin -----------------------------------------------------------


@pytest.fixture
def operator(db):
    return UserFactory(local_authority=None, username="operator", is_staff=True, is_superuser=True)


def test_admin_lists_providers_with_whether_their_secret_is_set(
    client, operator, camden_provider, monkeypatch
):
    _provider(name="Dudley Entra ID", tenant="dudley", client_secret_env="SSO_SECRET_DUDLEY")
    monkeypatch.delenv("SSO_SECRET_DUDLEY", raising=False)
    client.force_login(operator)

    body = _body(client.get(reverse("admin:accounts_identityprovider_changelist")))

    assert "Camden Entra ID" in body and "Dudley Entra ID" in body
    assert body.count('alt="True"') == 1 and body.count('alt="False"') == 1
    assert "camden-secret" not in body


def test_admin_change_to_an_authority_moves_its_version_on_and_keeps_history(
    client, operator, camden, camden_provider
):
    client.force_login(operator)
    url = reverse("admin:accounts_localauthority_change", args=[camden.pk])
    form = _body(client.get(url))
    assert "identity_provider" in form

    response = client.post(
        url,
        {
            "name": camden.name,
            "short_name": "Camden",
            "sso_email_domains": "camden.gov.uk",
            "sso_new_users": camden.sso_new_users,
            "has_password_sign_in": "on",
            "identity_provider": "",
        },
    )

    assert response.status_code == 302, _body(response)
    camden.refresh_from_db()
    assert camden.identity_provider is None
    assert camden.version == 2
    assert camden.history.first().history_user == operator


# The settings page ----------------------------------------------------------------------


def test_sso_settings_shows_the_authoritys_provider(
    client, administrator, local_authority, camden_provider, django_assert_max_num_queries
):
    local_authority.identity_provider = camden_provider
    local_authority.save()
    client.force_login(administrator)

    with django_assert_max_num_queries(8):
        body = _body(client.get(SETTINGS))

    assert re.search(r'data-testid="identity-provider">\s*Camden Entra ID\s*<', body)
    assert f'name="version" value="{local_authority.version}"' in body


def test_sso_settings_shows_the_default_provider(
    client, administrator, local_authority, default_provider_set_up
):
    client.force_login(administrator)

    body = _body(client.get(SETTINGS))

    assert "Microsoft Entra ID (the service&#x27;s default provider)" in body


def test_sso_settings_second_administrator_is_told_and_keeps_their_choices(
    client, administrator, local_authority, camden_provider, django_assert_max_num_queries
):
    local_authority.identity_provider = camden_provider
    local_authority.sso_email_domains = "solihull.gov.uk"
    local_authority.save()
    loaded_with = local_authority.version
    other = UserFactory(local_authority=local_authority, role="administrator")
    services.sso_settings_update(
        by=other,
        local_authority=local_authority,
        expected_version=loaded_with,
        sso_new_users=LocalAuthority.SsoNewUsers.CREATE_VIEWER,
        has_password_sign_in=True,
    )
    client.force_login(administrator)

    with django_assert_max_num_queries(12):
        response = client.post(
            SETTINGS,
            {"version": loaded_with, "sso_new_users": "refuse", "has_password_sign_in": "no"},
        )

    body = _body(response)
    assert response.status_code == 200
    assert body.count(SETTINGS_CHANGED) == 1  # in the error summary
    assert "What the other administrator saved" in body
    assert "Let them in as a viewer until an administrator gives them a role" in body
    # Their own choices are still chosen, and the page now answers the version saved.
    assert re.search(r'value="refuse"\s+checked', body)
    assert re.search(r'value="no"\s+checked', body)
    assert f'name="version" value="{loaded_with + 1}"' in body
    local_authority.refresh_from_db()
    assert local_authority.sso_new_users == LocalAuthority.SsoNewUsers.CREATE_VIEWER
    assert local_authority.has_password_sign_in is True

    # Saving again, having seen what the other chose, replaces it.
    response = client.post(
        SETTINGS,
        {"version": loaded_with + 1, "sso_new_users": "refuse", "has_password_sign_in": "no"},
    )
    assert response.status_code == 302
    local_authority.refresh_from_db()
    assert local_authority.sso_new_users == LocalAuthority.SsoNewUsers.REFUSE
    assert local_authority.has_password_sign_in is False
    assert local_authority.version == loaded_with + 2
    assert local_authority.history.first().history_user == administrator


def test_sso_settings_update_refuses_a_stale_version(administrator, local_authority):
    with pytest.raises(ConcurrentEditError, match=re.escape(SETTINGS_CHANGED)):
        services.sso_settings_update(
            by=administrator,
            local_authority=local_authority,
            expected_version=local_authority.version + 1,
            sso_new_users="refuse",
            has_password_sign_in=True,
        )


def test_sso_settings_passwords_can_go_off_with_the_authoritys_own_provider(
    client, administrator, local_authority, camden_provider
):
    local_authority.identity_provider = camden_provider
    local_authority.sso_email_domains = "solihull.gov.uk"
    local_authority.save()
    client.force_login(administrator)

    response = client.post(
        SETTINGS,
        {
            "version": local_authority.version,
            "sso_new_users": "refuse",
            "has_password_sign_in": "no",
        },
    )

    assert response.status_code == 302
    local_authority.refresh_from_db()
    assert local_authority.has_password_sign_in is False


def test_sign_in_page_queries_are_bounded_with_providers_kept(
    client, camden, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
