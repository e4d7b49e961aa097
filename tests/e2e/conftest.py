"""Browser journeys: Playwright driving Debian's Chromium, every page checked with axe-core."""

from __future__ import annotations

import base64
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.2 AA, and the A and AA rules of every earlier version it includes.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "journey-password-for-tests"


# How long a test waits for the live server to finish the requests its browser left running.
REQUESTS_FINISH_SECONDS = 30


@pytest.fixture(autouse=True)
def _live_server_requests_finish() -> Iterator[None]:
    """After each journey, wait for the live server's requests still running (a page's polling,
    a navigation cut short by closing the browser) to finish.

    On SQLite the live server shares the test's in-memory database connection, so a request
    still running when the next test opens its transaction fails that test with "database
    table is locked". Set up before the browser fixtures, so this runs after they close.
    """
    yield
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(timeout=REQUESTS_FINISH_SECONDS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make browser`", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


_axe = Axe()


# What Chromium says when axe is started while a navigation replaces the document under it.
_NAVIGATION_RACE = ("reading 'documentElement'", "Execution context was destroyed")


def assert_accessible(page: Page) -> None:
    """Fail on any WCAG 2.2 AA violation axe-core finds on the page as it stands.

    The page is left to finish loading first. If a navigation a click started replaces the
    document while axe runs, axe is run again on the new page rather than the test failing on
    the race; any other error, and a second race, still fail.
    """
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    page.wait_for_load_state()
    try:
        results = _axe.run(page, options=options)
    except PlaywrightError as error:
        if not any(sign in str(error) for sign in _NAVIGATION_RACE):
            raise
        page.wait_for_load_state()
        results = _axe.run(page, options=options)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {page.url}:\n"
        + results.generate_report()
    )


@pytest.fixture
def demo(transactional_db):
    from tracker.plans.demo import load_demo_data

    return load_demo_data(password=DEMO_PASSWORD)


def sign_in(page: Page, base_url: str, username: str, *, check: bool = True) -> None:
    """Sign in from the home page; `check=False` skips axe (it needs JavaScript)."""
    page.goto(f"{base_url}/")
    assert re.search(r"/accounts/sign-in/", page.url)
    if check:
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    give_second_factor(page, username)
    page.get_by_role("heading", name="Dashboard").wait_for()


def totp_code(key: bytes) -> str:
    """The code an authenticator app holding this key shows now (django-otp's own TOTP)."""
    from django_otp.oath import TOTP

    return f"{TOTP(key).token():06d}"


def give_second_factor(page: Page, username: str) -> None:
    """Administrators give a code from an authenticator app after their password: set one up
    the first time (with the key the page shows to type; the recovery codes shown then are
    passed over), and give its code after that."""
    if "/accounts/two-factor/" not in page.url:
        return
    if page.url.split("?")[0].endswith("/set-up/"):
        text = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        key = base64.b32decode(text + "=" * (-len(text) % 8))
    else:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        key = TOTPDevice.objects.get(user__username=username).bin_key
    page.get_by_label("Code", exact=True).fill(totp_code(key))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    # Setting the app up gives recovery codes, on a page of their own.
    keep = page.get_by_role("button", name="I have kept my recovery codes safe, continue")
    if keep.count():
        keep.click()


@pytest.fixture
def governance_demo(demo):
    """The demo plus the governance demo: the board, its meetings and the thematic lead
    "themelead", who signs in with the same password as the other demo users."""
    from tracker.governance.demo import load_governance_demo

    return load_governance_demo(local_authority=demo.local_authority, password=DEMO_PASSWORD)


@pytest.fixture
def demo_people(transactional_db):
    """Only the demo's people: Solihull, its partners, posts and one user per role (same
    usernames and password as the full demo), for journeys that need no inspections or plans
    and so start in a second rather than loading the whole demo."""
    from tracker.accounts.services import (
        local_authority_get_or_create,
        organisation_get_or_create,
        post_get_or_create,
        user_create,
    )
    from tracker.plans.demo import people

    local_authority = local_authority_get_or_create(
        name=people.LOCAL_AUTHORITY_NAME, short_name=people.LOCAL_AUTHORITY_SHORT_NAME
    )
    organisations = {
        name: organisation_get_or_create(local_authority=local_authority, name=name, kind=kind)
        for name, kind in people.ORGANISATIONS
    }
    posts = {
        title: post_get_or_create(
            local_authority=local_authority,
            title=title,
            organisation=organisations.get(people.POST_ORGANISATIONS.get(title, "")),
        )
        for title in people.POSTS
    }
    for row in people.PEOPLE:
        user_create(
            local_authority=local_authority,
            username=row.username,
            password=DEMO_PASSWORD,
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            role=row.role,
            job_title=row.job_title,
            posts=[posts[title] for title in row.posts],
            organisation=organisations[row.organisation] if row.organisation else None,
            manages_organisation=row.manages_organisation,
        )
    return local_authority
