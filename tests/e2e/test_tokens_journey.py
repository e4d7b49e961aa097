"""Someone makes an API token for Power BI, sees its secret once, finds it listed without the
secret, reads the data feed with it, and revokes it; the feed then refuses it. An
administrator sees it among the authority's tokens. Every page passes axe-core (WCAG 2.2 AA).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_someone_makes_a_token_sees_it_once_uses_it_and_revokes_it(
    page: Page, live_server, demo_people
):
    base_url = live_server.url
    sign_in(page, base_url, "admin")
    page.goto(f"{base_url}/accounts/")
    page.get_by_role("link", name="Your API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make an API token").click()
    expect(page.get_by_role("heading", name="Make an API token")).to_be_visible()
    assert_accessible(page)
    # Unhappy path first: no name gives the GOV.UK error summary.
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the token")
    assert_accessible(page)
    page.get_by_label("Name").fill("Power BI dashboard")
    page.get_by_role("button", name="Make token").click()

    # Shown once.
    expect(page.get_by_role("heading", name="Your new API token")).to_be_visible()
    secret = page.get_by_label("Token").input_value()
    assert secret.startswith("it_")
    expect(page.get_by_text("It will not be shown again")).to_be_visible()
    assert_accessible(page)

    # The feed answers to the token alone.
    feed = page.request.get(
        f"{base_url}/feeds/v1/actions.json", headers={"Authorization": f"Bearer {secret}"}
    )
    assert feed.status == 200

    # Listed without the secret.
    page.get_by_role("link", name="Back to your API tokens").click()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Power BI dashboard")
    expect(row).to_contain_text("Read only")
    expect(row).to_contain_text("Active")
    assert secret not in page.content()
    assert_accessible(page)

    # The guide to connecting Power BI and Excel.
    page.get_by_role("link", name="How to connect Power BI or Excel").click()
    expect(page.get_by_role("heading", name="Data feed for Power BI and Excel")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    # Revoked: the feed refuses it at once.
    row.get_by_role("link", name="Revoke Power BI dashboard").click()
    expect(
        page.get_by_role("heading", name="Revoke the token “Power BI dashboard”")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("Token “Power BI dashboard” revoked")).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("Revoked")
    assert_accessible(page)
    refused = page.request.get(
        f"{base_url}/feeds/v1/actions.json", headers={"Authorization": f"Bearer {secret}"}
    )
    assert refused.status == 401

    # The administrator sees every token of the authority, revoked ones too.
    page.goto(f"{base_url}/accounts/manage/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("Power BI dashboard")
    assert secret not in page.content()
    assert_accessible(page)
