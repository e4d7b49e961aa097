"""An administrator sets up their authenticator app and is given recovery codes, signs out,
signs in again with a recovery code instead of the app's code (a used one is refused), sees
how many are left, and makes a new set; then resets another administrator's second factor.
Every page passes axe-core (WCAG 2.2 AA).
"""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, sign_in, totp_code

pytestmark = pytest.mark.e2e


def _password(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_administrator_signs_in_with_a_recovery_code(page: Page, live_server, demo_people):
    base_url = live_server.url
    _password(page, base_url)
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    text = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    page.get_by_label("Code", exact=True).fill(totp_code(key))
    page.get_by_role("button", name="Continue").click()

    # The codes, shown once.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_text("They will not be shown again")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("button", name="I have kept my recovery codes safe, continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    # Sign out, and in again with a recovery code instead of the app's.
    page.get_by_role("button", name="Sign out").click()
    _password(page, base_url)
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    page.get_by_text("I cannot use my authenticator app").click()
    expect(page.get_by_text("Enter one of the recovery codes")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="You signed in with a recovery code")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text(
        "You have 9 recovery codes left."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    # A used code is refused.
    page.get_by_role("button", name="Sign out").click()
    _password(page, base_url)
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That recovery code has been used already")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # Signed in with the app, the account page leads to sign-in security.
    _password(page, base_url)
    page.wait_for_url("**/accounts/two-factor/")
    # The used code started the throttle (a second's wait): no need to wait in a test.
    _throttle_clear()
    page.get_by_label("Code", exact=True).fill(totp_code(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.goto(f"{base_url}/accounts/")
    page.get_by_role("link", name="Your authenticator app and recovery codes").click()
    expect(page.get_by_role("heading", name="Sign-in security")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text("9 of 10 left")
    assert_accessible(page)

    # A new set, confirmed with the app's code; a missing code first.
    page.get_by_role("link", name="Make new codes").click()
    expect(page.get_by_role("heading", name="Make new recovery codes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the 6-digit code from your authenticator app"
    )
    assert_accessible(page)
    # The app's code just used at sign-in is spent: the next one, 30 seconds on.
    page.get_by_label("Code", exact=True).fill(totp_code_later(key))
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    new_codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    assert len(new_codes) == 10
    assert not set(new_codes) & set(codes)
    page.get_by_role("button", name="I have kept my recovery codes safe, continue").click()
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text("10 of 10 left")


def _throttle_clear() -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (StaticDevice, TOTPDevice):
        model.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def totp_code_later(key: bytes) -> str:
    """The code the app will show in the next 30-second step (accepted: one step either side)."""
    from django_otp.oath import TOTP

    totp = TOTP(key)
    totp.time = totp.time + 30
    return f"{totp.token():06d}"


def test_administrator_resets_another_administrators_second_factor(
    page: Page, live_server, demo_people
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tracker.accounts.models import User
    from tracker.accounts.two_factor import services

    lead = User.objects.get(username="lead")
    lead.role = User.Role.ADMINISTRATOR
    lead.save()
    services.second_factor_set_up(user=lead, key="3132333435363738393031323334353637383930")
    base_url = live_server.url
    sign_in(page, base_url, "admin")

    page.goto(f"{base_url}/accounts/manage/users/")
    page.get_by_role("link", name=f"Reset second factor of {lead}").click()
    expect(page.get_by_role("heading", name=f"Reset {lead}'s second factor")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Reset second factor").click()
    expect(page.get_by_text(f"{lead}'s second factor is reset")).to_be_visible()
    assert_accessible(page)
    assert not TOTPDevice.objects.filter(user=lead).exists()
    page.goto(f"{base_url}/accounts/manage/sign-ins/")
    expect(
        page.get_by_role("cell", name="Second factor reset by an administrator (")
    ).to_contain_text(str(User.objects.get(username="admin")))
    assert_accessible(page)
