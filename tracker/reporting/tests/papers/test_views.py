"""The board papers pages, downloads and direct exports."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.governance import services as governance_services
from tracker.plans import services as plan_services
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers import services
from tracker.reporting.tests.papers.test_selectors import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(local_authority, improvement_lead):
    return build_world(local_authority=local_authority, user=improvement_lead)


# The session, the user, the plan, and the plan's rows and sections (action rows with their
# owners; sections, their recommendations and outcomes; recommendations linked to actions).
PLAN_CSV_QUERIES = 11
# And the plan with its local authority again, and the plan's sources (who issued them), for
# the workbook's Summary sheet.
PLAN_XLSX_QUERIES = 13
# The CSV's, and the local authority's name for the PDF's heading.
PLAN_PDF_QUERIES = PLAN_CSV_QUERIES + 1


def _list_url(world):
    return reverse("reporting:board_paper_list", args=[world.plan.pk])


def _ready_paper(world, user, django_capture_on_commit_callbacks, format="csv"):
    with django_capture_on_commit_callbacks(execute=True):
        paper = services.board_paper_request(plan=world.plan, user=user, format=format)
    return paper


def test_pages_need_sign_in(client, world):
    response = client.get(_list_url(world))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_board_papers_page_lists_papers_and_offers_the_form(
    client, world, viewer, django_capture_on_commit_callbacks
):
    _ready_paper(world, viewer, django_capture_on_commit_callbacks)
    client.force_login(viewer)
    response = client.get(_list_url(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Board papers</h1>' in body
    assert "govuk-tag--green" in body and ">Ready<" in body
    [row] = response.context["rows"]
    assert row["who"] == (viewer.get_full_name() or viewer.username)
    # The meetings, newest first, in the select.
    assert body.index(str(world.meeting)) < body.index(str(world.earlier))
    for label in ("Word (.docx)", "PDF", "Excel (.xlsx)", "CSV"):
        assert label in body
    assert reverse("reporting:risk_register_xlsx") in body


def test_creating_a_paper_redirects_to_its_status_page(
    client, world, viewer, django_capture_on_commit_callbacks
):
    client.force_login(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _list_url(world), {"meeting": str(world.meeting.pk), "format": "xlsx"}
        )
    paper = BoardPaper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == paper.get_absolute_url()
    assert paper.meeting == world.meeting
    page = client.get(paper.get_absolute_url())
    body = page.content.decode()
    assert 'aria-live="polite"' in body
    assert "Download the paper" in body
    assert reverse("reporting:board_paper_download", args=[world.plan.pk, paper.pk]) in body
    assert "http-equiv" not in body


def test_creating_a_paper_for_a_date(client, world, viewer, django_capture_on_commit_callbacks):
    client.force_login(viewer)
    day = timezone.localdate() - datetime.timedelta(days=3)
    data = {"as_of-day": day.day, "as_of-month": day.month, "as_of-year": day.year, "format": "csv"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_list_url(world), data)
    assert response.status_code == 302
    paper = BoardPaper.objects.get()
    assert paper.as_of == day
    assert paper.meeting is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "format", "Select the format of the paper"),
        (
            {"as_of-day": "1", "as_of-month": "1", "as_of-year": "2999", "format": "pdf"},
            "as_of",
            "The date must be today or in the past",
        ),
        (
            {"as_of-day": "31", "as_of-month": "2", "as_of-year": "2026", "format": "pdf"},
            "as_of",
            "The date to show the plan on must be a real date",
        ),
        ({"meeting": "999999", "format": "pdf"}, "meeting", "Choose a meeting from the list"),
    ],
)
def test_creating_a_paper_shows_errors(client, world, viewer, data, field, message):
    client.force_login(viewer)
    response = client.post(_list_url(world), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert response.context["form"].errors[field] == [message]
    assert "<title>Error: " in body
    assert not BoardPaper.objects.exists()


def test_creating_a_paper_with_a_meeting_and_a_date_is_refused(client, world, viewer):
    client.force_login(viewer)
    day = timezone.localdate()
    response = client.post(
        _list_url(world),
        {
            "meeting": str(world.meeting.pk),
            "as_of-day": day.day,
            "as_of-month": day.month,
            "as_of-year": day.year,
            "format": "docx",
        },
    )
    assert "Choose a meeting or enter a date, not both" in response.content.decode()
    assert not BoardPaper.objects.exists()


def test_another_authoritys_meeting_is_not_offered(client, world, viewer, outsider):
    board = governance_services.board_create(
        user=outsider, local_authority=outsider.local_authority, name="Other", kind="cabinet"
    )
    other = governance_services.meeting_create(
        user=outsider, board=board, held_on=timezone.localdate()
    )
    client.force_login(viewer)
    response = client.post(_list_url(world), {"meeting": str(other.pk), "format": "docx"})
    assert "Choose a meeting from the list" in response.content.decode()
    assert not BoardPaper.objects.exists()


def test_download_sends_the_file_as_an_attachment(
    client, world, viewer, django_capture_on_commit_callbacks
):
    paper = _ready_paper(world, viewer, django_capture_on_commit_callbacks, format="xlsx")
    client.force_login(viewer)
    response = client.get(reverse("reporting:board_paper_download", args=[world.plan.pk, paper.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="improvement-plan-update-{timezone.localdate().isoformat()}.xlsx"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    openpyxl.load_workbook(io.BytesIO(response.content))


def test_status_json(client, world, viewer, django_capture_on_commit_callbacks):
    paper = _ready_paper(world, viewer, django_capture_on_commit_callbacks)
    client.force_login(viewer)
    response = client.get(reverse("reporting:board_paper_status", args=[world.plan.pk, paper.pk]))
    assert response.json()["status"] == "ready"
    assert response.json()["progress_percent"] == 100
    assert response.json()["download_url"].endswith("/download/")


def test_a_queued_paper_shows_progress_and_cannot_be_downloaded(client, world, viewer):
    paper = services.board_paper_request(plan=world.plan, user=viewer, format="pdf")
    client.force_login(viewer)
    page = client.get(paper.get_absolute_url())
    body = page.content.decode()
    assert "Waiting to start" in body
    assert "Check progress" in body
    assert "0% done" in body
    download = reverse("reporting:board_paper_download", args=[world.plan.pk, paper.pk])
    assert client.get(download).status_code == 404


def test_a_failed_paper_says_so(
    client, world, viewer, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(services.BUILDERS, "csv", lambda data, progress: 1 / 0)
    paper = _ready_paper(world, viewer, django_capture_on_commit_callbacks)
    client.force_login(viewer)
    body = client.get(paper.get_absolute_url()).content.decode()
    assert "govuk-tag--red" in body
    assert "The paper could not be made" in body
    assert "ZeroDivisionError" not in body


def test_another_authoritys_user_gets_404_everywhere(
    client, world, viewer, outsider, django_capture_on_commit_callbacks
):
    paper = _ready_paper(world, viewer, django_capture_on_commit_callbacks)
    client.force_login(outsider)
    plan_id = world.plan.pk
    for url in (
        _list_url(world),
        paper.get_absolute_url(),
        reverse("reporting:board_paper_status", args=[plan_id, paper.pk]),
        reverse("reporting:board_paper_download", args=[plan_id, paper.pk]),
        reverse("reporting:plan_export_xlsx", args=[plan_id]),
        reverse("reporting:plan_export_csv", args=[plan_id]),
        reverse("reporting:plan_export_pdf", args=[plan_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_list_url(world), {"format": "docx"}).status_code == 404
    assert BoardPaper.objects.count() == 1


def test_a_paper_of_another_plan_is_not_found(
    client, world, viewer, improvement_lead, local_authority, django_capture_on_commit_callbacks
):
    paper = _ready_paper(world, viewer, django_capture_on_commit_callbacks)
    other = plan_services.plan_create(
        user=improvement_lead, local_authority=local_authority, title="Other", kind="service_plan"
    )
    client.force_login(viewer)
    url = reverse("reporting:board_paper_download", args=[other.pk, paper.pk])
    assert client.get(url).status_code == 404


def test_plan_exports_download_at_once(client, world, viewer):
    client.force_login(viewer)
    response = client.get(reverse("reporting:plan_export_csv", args=[world.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="improvement-plan-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    # The formula-like description of action 1.1 is neutralised.
    assert rows[1][2].startswith("'=HYPERLINK")
    response = client.get(reverse("reporting:plan_export_xlsx", args=[world.plan.pk]))
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[:2] == [
        "Summary",
        "Plan",
    ]


def test_the_plan_pdf_downloads_at_once_with_the_csvs_rows(client, world, viewer, local_authority):
    client.force_login(viewer)
    csv_response = client.get(reverse("reporting:plan_export_csv", args=[world.plan.pk]))
    response = client.get(reverse("reporting:plan_export_pdf", args=[world.plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="improvement-plan-{today.isoformat()}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    text = _pdf_text(response.content)
    assert text.startswith(
        f"Improvement plan, as at {today.day} {today:%B %Y} {local_authority.name} "
        f"Improvement plan The improvement plan as at {today.day} {today:%B %Y}"
    )
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))[1:]
    assert "4 actions in 3 sections." in text
    for row in rows:
        # The section, reference, status and BRAG of each of the CSV's rows; the
        # description as it is, where the CSV guards a formula with an apostrophe.
        for cell in (row[0], row[1], row[6], row[7], row[2].removeprefix("'")):
            assert cell in text, cell
    assert text.count("Overdue") == sum(row[8] == "Yes" for row in rows)


def _pdf_text(content: bytes) -> str:
    from tracker.reporting.tests.test_pdf import _flat, _pages_text

    return _flat(_pages_text(content))


def test_the_plan_pdf_answers_as_the_csv_does(client, world, viewer, improvement_lead, outsider):
    for user in (viewer, improvement_lead, outsider):
        client.force_login(user)
        for plan_id in (world.plan.pk, world.plan.pk + 1000):
            csv_status = client.get(reverse("reporting:plan_export_csv", args=[plan_id]))
            pdf_status = client.get(reverse("reporting:plan_export_pdf", args=[plan_id]))
            assert pdf_status.status_code == csv_status.status_code, (user, plan_id)
    client.logout()
    response = client.get(reverse("reporting:plan_export_pdf", args=[world.plan.pk]))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize("size", [2, 40])
def test_the_plan_pdfs_queries_do_not_grow(
    client, improvement_lead, django_assert_max_num_queries, size
):
    from tracker.plans.tests.bulk import build_plan

    plan = build_plan(
        local_authority=improvement_lead.local_authority, actions=size, owner=improvement_lead
    )
    client.force_login(improvement_lead)
    with django_assert_max_num_queries(PLAN_PDF_QUERIES):
        response = client.get(reverse("reporting:plan_export_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert f"{size} actions in" in _pdf_text(response.content)


def test_the_board_papers_page_links_to_the_plan_pdf(client, world, viewer):
    client.force_login(viewer)
    body = client.get(_list_url(world)).content.decode()
    assert reverse("reporting:plan_export_pdf", args=[world.plan.pk]) in body
    assert "The plan as PDF, to print" in body


def test_risk_register_exports_are_the_users_authoritys(client, world, viewer, outsider):
    governance_services.risk_create(
        user=outsider,
        local_authority=outsider.local_authority,
        reference="X9",
        title="Someone else's risk",
        inherent_likelihood=1,
        inherent_impact=1,
        residual_likelihood=1,
        residual_impact=1,
    )
    client.force_login(viewer)
    response = client.get(reverse("reporting:risk_register_csv"))
    body = response.content.decode("utf-8-sig")
    assert "R1" in body
    assert "'@Agency staff leave" in body
    assert "X9" not in body
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("size", [10, 300])
def test_board_papers_page_and_exports_queries_do_not_grow(
    client, improvement_lead, django_assert_max_num_queries, size
):
    from tracker.plans.tests.bulk import build_plan

    plan = build_plan(
        local_authority=improvement_lead.local_authority, actions=size, owner=improvement_lead
    )
    for _ in range(3):
        services.board_paper_request(plan=plan, user=improvement_lead, format="docx")
    client.force_login(improvement_lead)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("reporting:board_paper_list", args=[plan.pk]))
    assert len(response.context["rows"]) == 3
    # Only the rows and sections: not the changes or the BRAG history (47 queries before).
    with django_assert_max_num_queries(PLAN_CSV_QUERIES):
        response = client.get(reverse("reporting:plan_export_csv", args=[plan.pk]))
    assert response.content.count(b"\r\n") == size + 1
    with django_assert_max_num_queries(PLAN_XLSX_QUERIES):
        response = client.get(reverse("reporting:plan_export_xlsx", args=[plan.pk]))
    assert response.status_code == 200


def test_a_link_from_a_meeting_chooses_that_meeting(client, world, viewer):
    client.force_login(viewer)
    meeting_page = client.get(world.meeting.get_absolute_url()).content.decode()
    link = f"{_list_url(world)}?meeting={world.meeting.pk}#make"
    assert link.replace("&", "&amp;") in meeting_page or link in meeting_page

    response = client.get(f"{_list_url(world)}?meeting={world.meeting.pk}")
    assert response.context["form"]["meeting"].value() == world.meeting.pk
    assert f'<option value="{world.meeting.pk}" selected>' in response.content.decode()
    # Anything that is not a meeting's number is ignored.
    response = client.get(f"{_list_url(world)}?meeting=x")
    assert response.context["form"]["meeting"].value() is None


def _stalled_paper(world, user):
    paper = services.board_paper_request(plan=world.plan, user=user, format="pdf")
    started = timezone.now() - datetime.timedelta(minutes=40)
    BoardPaper.objects.filter(pk=paper.pk).update(
        status=BoardPaper.Status.RUNNING, started_at=started, progress_percent=60
    )
    return paper


def test_a_paper_whose_job_died_says_it_failed_and_offers_to_make_it_again(client, world, viewer):
    paper = _stalled_paper(world, viewer)
    client.force_login(viewer)
    body = client.get(paper.get_absolute_url()).content.decode()
    assert "govuk-tag--red" in body
    assert "The paper could not be made" in body
    assert "Make the paper again" in body
    assert "Check progress" not in body
    paper.refresh_from_db()
    assert paper.status == BoardPaper.Status.FAILED


def test_the_status_of_a_paper_whose_job_died_is_finished(client, world, viewer):
    paper = _stalled_paper(world, viewer)
    client.force_login(viewer)
    status = client.get(
        reverse("reporting:board_paper_status", args=[world.plan.pk, paper.pk])
    ).json()
    assert status["status"] == "failed"
    assert status["is_finished"] is True


def test_the_papers_page_lists_a_paper_whose_job_died_as_failed(client, world, viewer):
    paper = _stalled_paper(world, viewer)
    client.force_login(viewer)
    response = client.get(_list_url(world))
    [row] = response.context["rows"]
    assert row["paper"].pk == paper.pk
    assert row["paper"].status == BoardPaper.Status.FAILED
    assert "govuk-tag--red" in response.content.decode()


def test_a_paper_still_being_made_in_time_is_left_alone(client, world, viewer):
    paper = services.board_paper_request(plan=world.plan, user=viewer, format="pdf")
    BoardPaper.objects.filter(pk=paper.pk).update(
        status=BoardPaper.Status.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.force_login(viewer)
    body = client.get(paper.get_absolute_url()).content.decode()
    assert "Check progress" in body
    paper.refresh_from_db()
    assert paper.status == BoardPaper.Status.RUNNING


def test_the_plan_workbook_download_has_no_changes_sheet(client, world, viewer):
    client.force_login(viewer)
    response = client.get(reverse("reporting:plan_export_xlsx", args=[world.plan.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Plan"]


@pytest.mark.parametrize("size", [2, 12])
def test_the_admin_list_of_papers_queries_do_not_grow(
    admin_client, world, viewer, django_assert_max_num_queries, size
):
    for _ in range(size):
        services.board_paper_request(
            plan=world.plan, user=viewer, format="csv", meeting=world.meeting
        )
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:reporting_boardpaper_changelist"))
    assert response.status_code == 200
    assert response.content.decode().count("Improvement Board,") >= size
