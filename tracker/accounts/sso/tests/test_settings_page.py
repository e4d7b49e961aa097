import pytest
from django.urls import reverse

from tracker.accounts.models import LocalAuthority
from tracker.accounts.sso import selectors
from tracker.accounts.sso.rules import email_domain
from tracker.accounts.tests.factories import LocalAuthorityFactory, UserFactory

URL = reverse("accounts:sso_settings")


def _body(response) -> str:
    return response.content.decode()


@pytest.fixture
def sso_on(settings):
    settings.SSO_ENABLED = True


def test_sso_settings_page_shows_the_domains(client, administrator, local_authority):
    local_authority.sso_email_domains = "solihull.gov.uk\nSolihull-Council.org.uk\n"
    local_authority.save()
    client.force_login(administrator)

    body = _body(client.get(URL))

    assert "<li>solihull.gov.uk</li>" in body
    assert "<li>solihull-council.org.uk</li>" in body
    assert "Single sign-on is not set up for this service yet" in body


def test_sso_settings_saves_the_choices(client, administrator, local_authority, sso_on):
    local_authority.sso_email_domains = "solihull.gov.uk"
    local_authority.save()
    client.force_login(administrator)

    response = client.post(URL, {"sso_new_users": "create_viewer", "has_password_sign_in": "no"})

    assert response["Location"] == reverse("accounts:manage")
    local_authority.refresh_from_db()
    assert local_authority.sso_new_users == LocalAuthority.SsoNewUsers.CREATE_VIEWER
    assert local_authority.has_password_sign_in is False
    assert local_authority.history.first().history_user == administrator


def test_sso_settings_passwords_stay_on_without_domains(
    client, administrator, local_authority, sso_on
):
    client.force_login(administrator)

    response = client.post(URL, {"sso_new_users": "refuse", "has_password_sign_in": "no"})

    assert response.status_code == 200
    assert "Passwords cannot be switched off until single sign-on is set up" in _body(response)
    local_authority.refresh_from_db()
    assert local_authority.has_password_sign_in is True


def test_sso_settings_passwords_stay_on_while_sso_is_not_set_up(
    client, administrator, local_authority
):
    local_authority.sso_email_domains = "solihull.gov.uk"
    local_authority.save()
    client.force_login(administrator)

    response = client.post(URL, {"sso_new_users": "refuse", "has_password_sign_in": "no"})

    assert "Passwords cannot be switched off" in _body(response)
    local_authority.refresh_from_db()
    assert local_authority.has_password_sign_in is True


def test_sso_settings_empty_post_shows_errors(client, administrator):
    client.force_login(administrator)

    body = _body(client.post(URL, {}))

    assert "Choose what happens when someone new signs in" in body
    assert "Choose whether people can sign in with a password" in body


def test_sso_password_reset_sends_nothing_where_passwords_are_off(
    client, local_authority, mailoutbox
):
    UserFactory(local_authority=local_authority, email="sam@solihull.gov.uk")
    local_authority.has_password_sign_in = False
    local_authority.save()

    client.post(reverse("accounts:password_reset"), {"email": "sam@solihull.gov.uk"})

    assert mailoutbox == []


def test_sso_password_reset_still_sent_where_passwords_are_on(client, local_authority, mailoutbox):
    UserFactory(local_authority=local_authority, email="sam@solihull.gov.uk")

    client.post(reverse("accounts:password_reset"), {"email": "sam@solihull.gov.uk"})

    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("email", "domain"),
    [("Sam@Solihull.GOV.uk", "solihull.gov.uk"), ("no-at-sign", ""), ("@example.com", "")],
)
def test_email_domain(email, domain):
    assert email_domain(email) == domain


def test_local_authority_for_email_refuses_a_domain_two_authorities_claim(db):
    LocalAuthorityFactory(sso_email_domains="shared.gov.uk")
    LocalAuthorityFactory(sso_email_domains="shared.gov.uk\nother.gov.uk")
    solihull = LocalAuthorityFactory(sso_email_domains="solihull.gov.uk")

    assert selectors.local_authority_for_email(email="a@shared.gov.uk") is None
    assert selectors.local_authority_for_email(email="a@solihull.gov.uk") == solihull
    # A domain only part of another's is not a match.
    assert selectors.local_authority_for_email(email="a@hull.gov.uk") is None


def test_sso_sign_in_page_has_no_work_account_button_while_sso_is_off(client, db):
    body = _body(client.get(reverse("accounts:login")))

    assert "Sign in with your work account" not in body
    assert client.get(reverse("accounts:sso_start")).status_code == 404
