"""A developer of the council's own systems, signed in, reads the API's page of operations
and fetches the OpenAPI description it links to; the page passes axe-core (WCAG 2.2 AA).
Signed out, the page sends them to sign in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_signed_in_officer_reads_the_api_operations(page: Page, live_server, demo):
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", name="Improvement Tracker API", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Actions")).to_be_visible()
    expect(page.get_by_text("Record progress on an action")).to_be_visible()
    assert_accessible(page)

    link = page.get_by_role("link", name="Download the OpenAPI 3 description (YAML)")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.status == 200
    assert response.text().startswith("openapi: 3.")
