"""An action owner attaches a PDF and a link to their action from the action page (meeting
one error on the way), sees both listed, and opens the file's page; every page passes
axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import WCAG_TAGS, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


_axe = Axe()


def _is_govuk_conditional_reveal(violation: dict) -> bool:
    """GOV.UK Frontend's radios set `aria-expanded` on a radio that reveals a question, which
    ARIA 1.2 does not allow on radios. The Design System keeps it on purpose, because screen
    readers announce it (alphagov/govuk-frontend#979, a documented known issue); nothing else
    is excused."""
    return violation["id"] == "aria-allowed-attr" and all(
        'aria-controls="conditional-' in node["html"]
        and all(
            "aria-expanded" in check["message"]
            for check in node.get("all", []) + node.get("any", []) + node.get("none", [])
        )
        for node in violation["nodes"]
    )


def assert_accessible_with_conditional_reveal(page: Page) -> None:
    """`assert_accessible` for a page with GOV.UK conditionally revealing radios."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    others = [v for v in results.response["violations"] if not _is_govuk_conditional_reveal(v)]
    assert not others, f"axe found violations on {page.url}: {[v['id'] for v in others]}"


@pytest.fixture
def owned_action(demo_people):
    """A plan with one action that the demo's action owner ("owner") owns."""
    from tracker.accounts.models import User
    from tracker.plans import services

    lead = User.objects.get(username="lead")
    owner = User.objects.get(username="owner")
    plan = services.plan_create(
        user=lead,
        local_authority=demo_people,
        title="Ofsted action plan",
        kind="ofsted_action_plan",
    )
    section = services.section_create(user=lead, plan=plan, number=1, title="Quality assurance")
    return services.action_create(
        user=lead,
        section=section,
        reference="1.1",
        description="Review and refresh the case audit process to evidence outcomes",
        owner_users=[owner],
    )


def test_owner_attaches_a_file_and_a_link_to_their_action(
    page: Page, live_server, owned_action, tmp_path
):
    pdf = tmp_path / "Case file audit May 2026.pdf"
    pdf.write_bytes(TINY_PDF)
    today = datetime.date.today()  # noqa: DTZ011 - the browser's own date, any zone will do
    sign_in(page, live_server.url, "owner")

    page.goto(f"{live_server.url}{owned_action.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Action 1.1")).to_be_visible()
    expect(page.get_by_text("No evidence added yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("heading", name="Add evidence")).to_be_visible()
    assert_accessible_with_conditional_reveal(page)

    # A file, with a title but no date first: the error summary says what is missing.
    page.get_by_label("Title").fill("Case file audit, May 2026")
    page.get_by_label("A file").check()
    page.get_by_label("File", exact=True).set_input_files(str(pdf))
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the date of the evidence")
    assert_accessible_with_conditional_reveal(page)

    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("A file").check()
    page.get_by_label("File", exact=True).set_input_files(str(pdf))
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence added: Case file audit, May 2026")).to_be_visible()
    expect(page.get_by_role("heading", name="Action 1.1")).to_be_visible()
    assert_accessible(page)

    # A link.
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_label("Title").fill("Practice standards on the intranet")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("A link").check()
    page.get_by_label("Link", exact=True).fill("https://intranet.example.gov.uk/standards")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence added: Practice standards on the intranet")).to_be_visible()

    evidence = page.get_by_role("table", name="Evidence for this action")
    expect(evidence.get_by_role("row", name="Case file audit, May 2026")).to_contain_text("File")
    expect(evidence.get_by_role("row", name="Practice standards on the intranet")).to_contain_text(
        "Link"
    )
    assert_accessible(page)

    evidence.get_by_role("link", name="Case file audit, May 2026", exact=True).click()
    expect(page.get_by_role("heading", name="Case file audit, May 2026")).to_be_visible()
    expect(page.get_by_text("Case file audit May 2026.pdf")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download file").click()
    assert download.value.suggested_filename == "Case file audit May 2026.pdf"
    assert_accessible(page)


def test_owner_adds_a_note_without_javascript(
    page_without_javascript: Page, live_server, owned_action
):
    """Without JavaScript every kind's field shows under its radio; only the chosen one is
    read."""
    page = page_without_javascript
    today = datetime.date.today()  # noqa: DTZ011 - the browser's own date, any zone will do
    sign_in(page, live_server.url, "owner", check=False)
    page.goto(
        f"{live_server.url}/performance/plans/{owned_action.plan_id}/actions/"
        f"{owned_action.pk}/evidence/add/"
    )
    expect(page.get_by_label("File", exact=True)).to_be_visible()
    expect(page.get_by_label("Link", exact=True)).to_be_visible()
    page.get_by_label("Title").fill("Supervision records sampled")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("A written note").check()
    page.get_by_label("Link", exact=True).fill("not a link, and not read")
    page.get_by_label("Note", exact=True).fill("Twenty records sampled; all show reflection.")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence added: Supervision records sampled")).to_be_visible()
    evidence = page.get_by_role("table", name="Evidence for this action")
    expect(evidence.get_by_role("row", name="Supervision records sampled")).to_contain_text("Note")
