"""Signing in with a work account through a real OpenID Connect provider (django-oauth-toolkit
on the live server, `tests/oidc_provider.py`), and an administrator setting up and then using
the second factor after their password. Every page of the service passes axe-core (WCAG 2.2
AA); the test provider's own sign-in page is not ours and is not checked.
"""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, totp_code
from tests.oidc_provider import (
    PROVIDER_PASSWORD,
    provider_person,
    provider_record,
    provider_start,
)

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.oidc_provider")]

DOMAIN = "solihull.example.org"


def _code(secret: str) -> str:
    """The code the administrator's app would show now, from the key the page gave to type."""
    text = secret.replace(" ", "")
    return totp_code(base64.b32decode(text + "=" * (-len(text) % 8)))


def test_someone_signs_in_with_their_work_account(page: Page, live_server, demo_people, settings):
    demo_people.sso_email_domains = DOMAIN
    demo_people.save()
    provider = provider_start(settings=settings, live_server=live_server)
    provider_person(email=f"lead@{DOMAIN}")

    page.goto(f"{provider.service_url}/")
    assert re.search(r"/accounts/sign-in/", page.url)
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with your work account").click()

    # The provider's own sign-in page.
    page.get_by_label("Provider username").fill(f"provider-lead@{DOMAIN}")
    page.get_by_label("Provider password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()

    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert page.url == f"{provider.service_url}/"
    assert_accessible(page)


def test_someone_gives_their_work_email_and_signs_in_through_their_authoritys_provider(
    page: Page, live_server, demo_people, settings, monkeypatch
):
    """With providers kept per authority, "Sign in with your work account" asks for the work
    email address first, and sends the person to their authority's own provider."""
    provider = provider_start(settings=settings, live_server=live_server)
    monkeypatch.setenv("SSO_SECRET_SOLIHULL", "solihull-secret-for-the-journey")
    demo_people.identity_provider = provider_record(
        provider=provider,
        name="Solihull Entra ID",
        client_id="tracker-solihull",
        client_secret="solihull-secret-for-the-journey",
        secret_env="SSO_SECRET_SOLIHULL",
    )
    demo_people.sso_email_domains = DOMAIN
    demo_people.save()
    provider_person(email=f"lead@{DOMAIN}")

    page.goto(f"{provider.service_url}/")
    page.get_by_role("button", name="Sign in with your work account").click()
    expect(page.get_by_role("heading", name="Sign in with your work account")).to_be_visible()
    assert_accessible(page)
    # An address of no authority first: the error is on the page, and the page still passes.
    page.get_by_label("Work email address").fill("someone@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Your email address is not at a local authority that uses single sign-on here"
    )
    assert_accessible(page)
    page.get_by_label("Work email address").fill(f"lead@{DOMAIN}")
    page.get_by_role("button", name="Continue").click()

    # The provider's own sign-in page.
    page.get_by_label("Provider username").fill(f"provider-lead@{DOMAIN}")
    page.get_by_label("Provider password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()

    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert page.url == f"{provider.service_url}/"
    assert_accessible(page)


def test_administrator_sets_up_the_second_factor_then_uses_it(page: Page, live_server, demo_people):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    # Nothing else can be reached before the code.
    page.goto(f"{live_server.url}/accounts/manage/")
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    # A wrong code first.
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("The code is not right")
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code", exact=True).fill(_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    page.get_by_role("button", name="I have kept my recovery codes safe, continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    # Signing in again asks for a code from the app.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.goto(f"{live_server.url}/accounts/manage/single-sign-on/")
    expect(page.get_by_role("heading", name="Single sign-on")).to_be_visible()
    assert_accessible(page)

    # Another administrator saves meanwhile: this one is told, with their choices kept.
    from tracker.accounts.models import LocalAuthority, User
    from tracker.accounts.sso import services

    authority = LocalAuthority.objects.get(pk=demo_people.pk)
    services.sso_settings_update(
        by=User.objects.filter(local_authority=authority).exclude(username="admin").first(),
        local_authority=authority,
        expected_version=authority.version,
        sso_new_users=LocalAuthority.SsoNewUsers.CREATE_VIEWER,
        has_password_sign_in=True,
    )
    page.get_by_label("Refuse them until an administrator invites them").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Another administrator saved these settings")
    expect(page.get_by_text("What the other administrator saved")).to_be_visible()
    expect(page.get_by_label("Refuse them until an administrator invites them")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Single sign-on settings saved")).to_be_visible()
