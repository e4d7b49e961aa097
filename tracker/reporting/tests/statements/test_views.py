"""The Statement of Action downloads: who may have them, their types and names, and the links
to them on the plan page and the board papers page."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tracker.reporting.tests.statements.test_selectors import build_plan
from tracker.reporting.tests.test_pdf import _flat, _pages_text

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def plan(local_authority):
    return build_plan(local_authority, actions=4)


def _url(plan, format):
    return reverse(f"reporting:statement_of_action_{format}", args=[plan.pk])


def test_the_word_statement_downloads_as_an_attachment(client, plan, viewer):
    client.force_login(viewer)

    response = client.get(_url(plan, "docx"))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="statement-of-action-{plan.pk}-{today}.docx"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "In response to",
        "Summary by organisation",
        "Part 1: Solihull Metropolitan Borough Council",
        "Part 2: Health Board",
        "Part 3: West Midlands Police",
    ]


def test_the_pdf_statement_downloads_as_an_attachment(client, plan, action_owner):
    client.force_login(action_owner)

    response = client.get(_url(plan, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    text = _flat(_pages_text(response.content))
    assert "Issued by Ofsted, CQC, HMICFRS and HMI Probation." in text
    assert "Part 3: West Midlands Police" in text
    assert PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_another_authoritys_plan_is_not_found(client, plan, outsider, format):
    client.force_login(outsider)

    assert client.get(_url(plan, format)).status_code == 404


@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_a_missing_plan_is_not_found(client, viewer, format):
    client.force_login(viewer)

    response = client.get(reverse(f"reporting:statement_of_action_{format}", args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_downloads_need_sign_in_and_refuse_a_post(client, plan, viewer, format):
    response = client.get(_url(plan, format))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]

    client.force_login(viewer)
    assert client.post(_url(plan, format)).status_code == 405


def test_the_plan_page_and_the_board_papers_page_link_both_downloads(client, plan, viewer):
    client.force_login(viewer)

    for page in (
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("reporting:board_paper_list", args=[plan.pk]),
    ):
        body = client.get(page).content.decode()
        assert f'href="{_url(plan, "docx")}" download>Statement of Action (Word)</a>' in body
        assert f'href="{_url(plan, "pdf")}" download>Statement of Action (PDF)</a>' in body


@pytest.mark.parametrize("role", ["administrator", "improvement_lead", "action_owner", "viewer"])
def test_every_role_of_the_authority_may_download_it_as_the_plans_other_exports(
    client, plan, role, request
):
    """As the plan's CSV and Excel exports (`plan_get_for_user`): anyone of the authority."""
    client.force_login(request.getfixturevalue(role))

    statement = client.get(_url(plan, "docx"))
    csv_export = client.get(reverse("reporting:plan_export_csv", args=[plan.pk]))

    assert statement.status_code == csv_export.status_code == 200
