"""The demo administrator manages Solihull's users, posts and closure days from the service's
own pages, and reads the sign-in record after a username is locked; a viewer is kept out.
Every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

INVITEE_PASSWORD = "kettle lantern orchard 42"
INVITEE_NAME = "Alex Taylor"
INVITEE_EMAIL = "alex.taylor@solihull.example.org"
FAMILY_SUPPORT = "Head of Service Family Support"
NEW_POST = "Head of Service Early Help"


@pytest.fixture
def other_page(browser: Browser) -> Iterator[Page]:
    """A second person's browser: its own context, so no cookies are shared."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _open_administration(page: Page, section: str | None = None) -> None:
    """Administration from the header, then one of its sections; axe on each page."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", name="Administration", level=1)).to_be_visible()
    assert_accessible(page)
    if section:
        page.get_by_role("link", name=section, exact=True).click()
        expect(page.get_by_role("heading", name=section, level=1)).to_be_visible()
        assert_accessible(page)


def _fill_invitation(page: Page) -> None:
    page.get_by_label("First name").fill("Alex")
    page.get_by_label("Last name").fill("Taylor")
    page.get_by_label("Email address").fill(INVITEE_EMAIL)
    page.get_by_label("Username").fill("alex.taylor")
    page.get_by_label("Action owner", exact=True).check()
    page.get_by_label(FAMILY_SUPPORT, exact=True).check()


def _user_row(page: Page, name: str) -> Locator:
    """The table row with a cell that starts with or holds `name`."""
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=name))


def _submit_sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _assert_govuk_styled(page: Page) -> None:
    """The page has the service's header and the GOV.UK stylesheet applied."""
    expect(page.get_by_role("banner")).to_contain_text("Improvement Tracker")
    font = page.locator("h1").evaluate("heading => getComputedStyle(heading).fontFamily")
    assert "GDS Transport" in font or "arial" in font.lower(), font
    weight = page.locator("h1").evaluate("heading => getComputedStyle(heading).fontWeight")
    assert weight == "700", weight


def test_administrator_invites_a_user_who_sets_a_password_and_is_later_deactivated(
    page: Page, other_page: Page, live_server, demo_people, settings, mailoutbox
):
    settings.SITE_URL = live_server.url  # invitation links use the service's own address
    base_url = live_server.url
    sign_in(page, base_url, "admin")

    # Signed-in pages are never kept by the browser or a shared cache.
    response = page.goto(f"{base_url}/accounts/manage/users/")
    assert response is not None
    assert "no-store" in response.headers["cache-control"]
    assert "private" in response.headers["cache-control"]

    page.goto(f"{base_url}/")
    _open_administration(page, "Users")
    page.get_by_role("button", name="Invite a user").click()
    expect(page.get_by_role("heading", name="Invite a user")).to_be_visible()
    assert_accessible(page)

    # Unhappy path first: nothing entered gives the error summary, and nobody is invited.
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter their first name")
    expect(summary).to_contain_text("Enter their email address")
    expect(summary).to_contain_text("Choose their role")
    expect(summary).to_be_focused()
    assert_accessible(page)
    assert mailoutbox == []

    _fill_invitation(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"{INVITEE_NAME} has been invited")).to_be_visible()
    row = _user_row(page, INVITEE_NAME)
    expect(row).to_contain_text("Invited")
    expect(row).to_contain_text("Action owner")
    expect(row).to_contain_text(FAMILY_SUPPORT)
    assert_accessible(page)

    assert len(mailoutbox) == 1
    invitation = mailoutbox[0]
    assert invitation.to == [INVITEE_EMAIL]
    assert "Your username is alex.taylor." in invitation.body
    match = re.search(rf"{re.escape(base_url)}/accounts/set-password/\S+/", invitation.body)
    assert match, invitation.body

    # The invitee opens the link in their own browser and creates a password.
    invitee = other_page
    invitee.goto(match.group(0))
    expect(invitee.get_by_role("heading", name="Create your password")).to_be_visible()
    assert_accessible(invitee)
    invitee.get_by_label("New password", exact=True).fill(INVITEE_PASSWORD)
    invitee.get_by_label("Confirm new password").fill("something else entirely")
    invitee.get_by_role("button", name="Create password").click()
    expect(invitee.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    assert_accessible(invitee)
    invitee.get_by_label("New password", exact=True).fill(INVITEE_PASSWORD)
    invitee.get_by_label("Confirm new password").fill(INVITEE_PASSWORD)
    invitee.get_by_role("button", name="Create password").click()
    expect(invitee.get_by_role("heading", name="Your password is set")).to_be_visible()
    assert_accessible(invitee)
    invitee.get_by_role("link", name="Sign in with your new password").click()
    _submit_sign_in(invitee, "alex.taylor", INVITEE_PASSWORD)
    expect(invitee.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert_accessible(invitee)

    # The link works once.
    invitee.goto(match.group(0))
    expect(invitee.get_by_role("heading", name="This link has expired")).to_be_visible()
    assert_accessible(invitee)

    # The administrator sees them active, then deactivates them.
    page.reload()
    expect(_user_row(page, INVITEE_NAME)).to_contain_text("Active")
    page.get_by_role("link", name=f"Deactivate {INVITEE_NAME}").click()
    expect(page.get_by_role("heading", name=f"Deactivate {INVITEE_NAME}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text(f"{INVITEE_NAME} is deactivated")).to_be_visible()
    expect(_user_row(page, INVITEE_NAME)).to_contain_text("Deactivated")
    assert_accessible(page)

    # Their open session ends, and their password no longer signs them in.
    invitee.goto(f"{base_url}/")
    assert "/accounts/sign-in/" in invitee.url
    _submit_sign_in(invitee, "alex.taylor", INVITEE_PASSWORD)
    expect(invitee.locator(".govuk-error-summary")).to_be_visible()
    assert "/accounts/sign-in/" in invitee.url
    expect(invitee.get_by_role("heading", name="Dashboard")).to_have_count(0)
    assert_accessible(invitee)


def test_administrator_adds_and_retires_a_post_and_adds_a_closure_day(
    page: Page, live_server, demo_people
):
    sign_in(page, live_server.url, "admin")
    _open_administration(page, "Posts")

    page.get_by_role("button", name="Add a post").click()
    expect(page.get_by_role("heading", name="Add a post")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Post title").fill(NEW_POST)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{NEW_POST} added")).to_be_visible()
    expect(_user_row(page, NEW_POST)).to_contain_text("In use")
    assert_accessible(page)

    page.get_by_role("link", name=f"Retire {NEW_POST}").click()
    expect(page.get_by_role("heading", name=f"Retire {NEW_POST}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Retire post").click()
    expect(page.get_by_text(f"{NEW_POST} is retired")).to_be_visible()
    expect(_user_row(page, NEW_POST)).to_contain_text("Retired")
    expect(page.get_by_role("link", name=f"Bring back {NEW_POST}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Administration").first.click()
    page.get_by_role("link", name="Closure days", exact=True).click()
    expect(page.get_by_role("heading", name="Closure days", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add a closure day").click()
    expect(page.get_by_role("heading", name="Add a closure day")).to_be_visible()
    assert_accessible(page)

    # A Saturday is refused, with the error summary focused and nothing added.
    date = page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill("2")
    date.get_by_label("Month").fill("1")
    date.get_by_label("Year").fill("2027")
    page.get_by_label("Extra closure day").check()
    page.get_by_label("Reason").fill("Council closure day between Christmas and New Year")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a weekday: weekends are never working days")
    expect(summary).to_be_focused()
    expect(page.locator(".govuk-error-message")).to_contain_text("Choose a weekday")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    # The summary's link takes the officer to the date.
    summary.get_by_role("link", name="Choose a weekday").click()
    expect(date.get_by_label("Day")).to_be_focused()

    date.get_by_label("Day").fill("29")
    date.get_by_label("Month").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Closure day added")).to_be_visible()
    own_days = page.get_by_role("table", name="Your closure days")
    expect(own_days).to_contain_text("29 December 2027")
    expect(own_days).to_contain_text("Extra closure day")
    expect(own_days).not_to_contain_text("2 January 2027")
    assert_accessible(page)


def test_five_wrong_passwords_lock_the_username_and_the_administrator_sees_it(
    page: Page, other_page: Page, live_server, demo_people
):
    base_url = live_server.url
    page.goto(f"{base_url}/accounts/sign-in/")
    assert_accessible(page)
    for _ in range(4):
        _submit_sign_in(page, "viewer", "not-the-password")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct username and password"
        )
    assert_accessible(page)

    # The fifth wrong password locks the username at this address; the right one is then
    # refused too, with the same page.
    with page.expect_response(lambda r: r.request.method == "POST") as fifth:
        _submit_sign_in(page, "viewer", "not-the-password")
    assert fifth.value.status == 429
    expect(page.get_by_role("heading", name="Sign-in locked for 15 minutes")).to_be_visible()
    page.goto(f"{base_url}/accounts/sign-in/")
    with page.expect_response(lambda r: r.request.method == "POST") as right:
        _submit_sign_in(page, "viewer", DEMO_PASSWORD)
    assert right.value.status == 429
    expect(page.get_by_role("heading", name="Sign-in locked for 15 minutes")).to_be_visible()
    expect(page.get_by_text("The wrong password was entered 5 times")).to_be_visible()
    expect(page.get_by_role("link", name="reset it by email")).to_be_visible()
    assert page.title() == "Sign-in locked for 15 minutes – Improvement Tracker"
    _assert_govuk_styled(page)
    assert_accessible(page)
    page.goto(f"{base_url}/")
    assert "/accounts/sign-in/" in page.url

    # The administrator, in their own browser, reads the sign-in record.
    admin = other_page
    sign_in(admin, base_url, "admin")
    _open_administration(admin, "Sign-in record")
    record = admin.get_by_role("table", name="Sign-in record")
    viewer_rows = record.get_by_role("row").filter(has=admin.get_by_role("cell", name="viewer"))
    expect(viewer_rows.filter(has_text="Failed sign-in")).to_have_count(4)
    expect(viewer_rows.filter(has_text="Locked out")).to_have_count(2)

    admin.get_by_label("Show").select_option(label="Locked out")
    admin.get_by_role("button", name="Show").click()
    record = admin.get_by_role("table", name="Sign-in record: Locked out")
    expect(record.locator("tbody tr")).to_have_count(2)
    expect(record).not_to_contain_text("Failed sign-in")
    assert "kind=locked_out" in admin.url
    assert_accessible(admin)


def test_a_viewer_has_no_administration(page: Page, live_server, demo_people):
    base_url = live_server.url
    sign_in(page, base_url, "viewer")
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link", name="Plans", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Administration")).to_have_count(0)

    for path in ("/accounts/manage/", "/accounts/manage/users/invite/"):
        response = page.goto(f"{base_url}{path}")
        assert response is not None
        assert response.status == 403
        expect(page.get_by_role("heading", name="You cannot do that")).to_be_visible()
        _assert_govuk_styled(page)
        assert_accessible(page)


def test_an_administrator_can_invite_with_javascript_off(
    page_without_javascript: Page, live_server, demo_people, mailoutbox
):
    page = page_without_javascript
    sign_in(page, live_server.url, "admin", check=False)
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("button", name="Invite a user").click()

    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their first name")
    assert mailoutbox == []

    _fill_invitation(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"{INVITEE_NAME} has been invited")).to_be_visible()
    expect(_user_row(page, INVITEE_NAME)).to_contain_text("Invited")
    assert [email.to for email in mailoutbox] == [[INVITEE_EMAIL]]


def test_administrator_adds_and_retires_a_partner_organisation(
    page: Page, live_server, demo_people
):
    sign_in(page, live_server.url, "admin")
    _open_administration(page, "Organisations")

    page.get_by_role("button", name="Add an organisation").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the organisation's name")
    assert_accessible(page)

    page.get_by_label("Name").fill("Solihull Youth Justice Service")
    page.get_by_label("Probation and youth justice").check()
    page.get_by_role("button", name="Save").click()
    row = _user_row(page, "Solihull Youth Justice Service")
    expect(row).to_contain_text("In use")
    assert_accessible(page)

    page.get_by_role("link", name="Retire Solihull Youth Justice Service").click()
    retire = page.get_by_role("button", name="Retire organisation")
    retire.wait_for()
    assert_accessible(page)
    retire.click()
    expect(_user_row(page, "Solihull Youth Justice Service")).to_contain_text("Retired")
    assert_accessible(page)
