"""An improvement lead changes their password from "Your account", then forgets it and resets
it by email from the sign-in page; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

CHANGED_PASSWORD = "heron quarry saucepan 17"
RESET_PASSWORD = "violet tractor meadow 93"
LEAD_EMAIL = "lead@solihull.example.org"


def _sign_in_with(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Improvement Tracker")).to_be_visible()


def test_lead_changes_their_password_from_their_account(page: Page, live_server, demo_people):
    base_url = live_server.url
    sign_in(page, base_url, "lead")

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Improvement lead")
    assert_accessible(page)
    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    assert_accessible(page)

    # A wrong current password is refused, and the old password still works afterwards.
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(CHANGED_PASSWORD)
    page.get_by_label("Confirm new password").fill(CHANGED_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Your current password is not right: enter it again")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.get_by_label("Current password").fill(DEMO_PASSWORD)
    page.get_by_label("New password", exact=True).fill(CHANGED_PASSWORD)
    page.get_by_label("Confirm new password").fill(CHANGED_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Your password has been changed")).to_be_visible()
    assert_accessible(page)
    # Still signed in here.
    page.get_by_role("link", name="Go to your dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    _sign_out(page)
    _sign_in_with(page, base_url, "lead", DEMO_PASSWORD)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct username and password"
    )
    _sign_in_with(page, base_url, "lead", CHANGED_PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_lead_resets_a_forgotten_password_by_email(
    page: Page, live_server, demo_people, settings, mailoutbox
):
    settings.SITE_URL = live_server.url  # reset links use the service's own address
    base_url = live_server.url
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Email address").fill("not an email address")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter an email address in the correct format"
    )
    assert_accessible(page)
    assert mailoutbox == []

    page.get_by_label("Email address").fill(LEAD_EMAIL)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [LEAD_EMAIL]
    assert email.subject == "Reset your Improvement Tracker password"
    assert "(username lead)" in email.body
    match = re.search(rf"{re.escape(base_url)}/accounts/reset-password/\S+/\S+/", email.body)
    assert match, email.body

    page.goto(match.group(0))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(RESET_PASSWORD)
    page.get_by_label("Confirm new password").fill(RESET_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Your password is set")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sign in with your new password").click()
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password", exact=True).fill(RESET_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert_accessible(page)

    # The emailed link worked once.
    page.goto(match.group(0))
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
