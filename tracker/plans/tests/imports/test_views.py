"""The import pages: upload, columns, preview, confirm; and who may use them."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker.accounts.models import Post
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans import services
from tracker.plans.demo.ilacs_2019 import RECOMMENDATIONS, SECTIONS
from tracker.plans.imports.forms import ImportUploadForm
from tracker.plans.imports.views import SESSION_KEY, import_url
from tracker.plans.models import Action, Plan, Section
from tracker.plans.tests.imports.builders import csv_bytes, seed_plan_docx, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("plans:plan_import_upload")
SEED_ACTIONS = sum(len(section.actions) for section in SECTIONS)


def _upload(client, filename, data, **extra):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(filename, data), **extra})


def _token(response) -> str:
    match = re.search(r"token=([\w-]+)", response["Location"])
    assert match is not None
    return match.group(1)


def _confirm_data(response, **overrides):
    """What an officer submits: every status select as shown, and the plan's details."""
    form = response.context["form"]
    data = {
        "title": "Imported plan",
        "kind": "ofsted_action_plan",
        "recorded_on-day": "30",
        "recorded_on-month": "6",
        "recorded_on-year": "2021",
        "next_review_on-day": "30",
        "next_review_on-month": "9",
        "next_review_on-year": "2021",
    }
    for wording, name in form.status_fields:
        data[name] = wording.choice or ""
    data.update(overrides)
    return data


@pytest.fixture
def lead_client(client, improvement_lead):
    client.force_login(improvement_lead)
    return client


@pytest.fixture
def seed_inspection(inspection):
    for number, text in enumerate(RECOMMENDATIONS, start=1):
        RecommendationFactory(inspection=inspection, number=number, text=text)
    return inspection


def test_plan_list_offers_the_import_to_editors_only(client, improvement_lead, viewer):
    client.force_login(improvement_lead)
    assert "Import a plan" in client.get(reverse("plans:plan_list")).content.decode()
    client.force_login(viewer)
    assert "Import a plan" not in client.get(reverse("plans:plan_list")).content.decode()


def test_upload_page_shows_the_file_upload(lead_client):
    response = lead_client.get(UPLOAD_URL)
    body = response.content.decode()

    assert response.status_code == 200
    assert 'class="govuk-file-upload' in body
    assert 'enctype="multipart/form-data"' in body


def test_word_plan_upload_preview_confirm_creates_the_plan(lead_client, seed_inspection):
    response = _upload(
        lead_client,
        "Ofsted ILACS action plan.docx",
        seed_plan_docx(),
        inspection=seed_inspection.pk,
    )
    assert response.status_code == 302
    token = _token(response)
    assert Plan.objects.count() == 0

    preview = lead_client.get(import_url("plan_import_preview", token))
    body = preview.content.decode()
    assert preview.status_code == 200
    assert f"10 sections and {SEED_ACTIONS} actions" in body
    assert "6. The timeliness of reviews of children in need" in body  # the report's words
    assert "Statuses to choose" in body
    assert 'class="govuk-tag govuk-tag--blue">New</strong>' in body  # posts new to the authority
    assert "Head of Service Children’s Commissioning" in body
    assert Plan.objects.count() == 0  # nothing saved before the officer confirms

    unknown = {w.text for w in preview.context["checked"].unmapped}
    data = _confirm_data(preview)
    data.update(
        {
            name: "in_progress:green"
            for w, name in preview.context["form"].status_fields
            if w.text in unknown
        }
    )
    response = lead_client.post(import_url("plan_import_preview", token), data)

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.title == "Imported plan"
    assert plan.actions.count() == SEED_ACTIONS == 51
    assert list(plan.inspections.all()) == [seed_inspection]
    assert token not in lead_client.session.get(SESSION_KEY, {})
    page = lead_client.get(plan.get_absolute_url()).content.decode()
    assert "Plan imported: 10 sections and 51 actions" in page


def test_confirming_without_choosing_every_unknown_status_saves_nothing(lead_client):
    token = _token(_upload(lead_client, "plan.docx", seed_plan_docx()))
    url = import_url("plan_import_preview", token)
    preview = lead_client.get(url)

    response = lead_client.post(url, _confirm_data(preview))
    body = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Choose a status for ‘First audit of strategy discussions" in body
    assert Plan.objects.count() == 0
    assert Post.objects.filter(title="Principal Social Worker").exists() is False


def test_spreadsheet_upload_maps_columns_then_previews_and_confirms(lead_client):
    rows = [
        ["Solihull improvement plan"],
        [
            "Ref",
            "Recommendation",
            "Action",
            "Lead officer",
            "Target date",
            "RAG",
            "Update",
            "Notes",
        ],
        [
            "1.1",
            "1. Audit",
            "Audit cases",
            "Principal Social Worker",
            "31/03/2021",
            "G",
            "Begun",
            "x",
        ],
        ["1.2", "", "Train staff", "Principal Social Worker", "", "✓", "Done", ""],
    ]
    response = _upload(lead_client, "plan.xlsx", xlsx_bytes(rows))
    token = _token(response)
    assert response["Location"] == import_url("plan_import_columns", token)

    columns = lead_client.get(response["Location"])
    body = columns.content.decode()
    assert columns.status_code == 200
    form = columns.context["form"]
    assert [form[f"column_{i}"].value() for i in range(8)] == [
        "reference",
        "section",
        "action",
        "who",
        "due",
        "status",
        "progress",
        "",
    ]
    assert form["header_row"].value() == 2
    assert "Column D: Lead officer" in body

    data = {name: form[name].value() for name in form.fields}
    response = lead_client.post(response["Location"], data)
    assert response["Location"] == import_url("plan_import_preview", token)

    preview = lead_client.get(response["Location"])
    assert "Change the columns" in preview.content.decode()
    response = lead_client.post(response["Location"], _confirm_data(preview))

    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert [(a.reference, a.status, a.brag) for a in plan.actions.order_by("reference")] == [
        ("1.1", "in_progress", "green"),
        ("1.2", "completed", "blue"),
    ]


def test_column_mapping_errors_are_shown_and_changing_the_headings_row_redraws(lead_client):
    rows = [["Title"], ["Action", "Who"], ["Audit", "Principal Social Worker"]]
    token = _token(_upload(lead_client, "plan.csv", csv_bytes(rows)))
    url = import_url("plan_import_columns", token)
    form = lead_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}

    response = lead_client.post(url, {**data, "column_0": "who", "column_1": "who"})
    body = response.content.decode()
    assert "Select the column that holds the actions" in body
    assert "Select only one column for who (lead officer)" in body

    response = lead_client.post(url, {**data, "header_row": "1"})
    assert response.status_code == 200
    assert response.context["form"]["column_0"].value() == ""  # "Title" names no field
    assert Plan.objects.count() == 0


def test_a_file_with_problems_is_previewed_with_every_problem_and_cannot_be_confirmed(
    lead_client,
):
    rows = [["Ref", "Action"], ["1.1", "Audit"], ["1.2", ""], ["1.1", "Train"]]
    response = _upload(lead_client, "plan.csv", csv_bytes(rows))
    columns_url = response["Location"]
    form = lead_client.get(columns_url).context["form"]
    response = lead_client.post(columns_url, {name: form[name].value() for name in form.fields})

    preview = lead_client.get(response["Location"])
    body = preview.content.decode()
    assert "The file has 2 problems to fix before it can be imported" in body
    assert "row 3: no action text" in body
    assert "row 4: the reference 1.1 is used twice (also at row 2)" in body
    assert "Import the plan" not in body

    lead_client.post(response["Location"], _confirm_data(preview))
    assert Plan.objects.count() == 0


def test_an_impossible_due_date_is_shown_in_the_preview_and_saves_nothing(lead_client):
    rows = [
        ["Ref", "Action", "Due date"],
        ["1.1", "Audit", "31/03/2021"],
        ["1.2", "Train", "31/02/2023"],
    ]
    response = _upload(lead_client, "plan.csv", csv_bytes(rows))
    columns_url = response["Location"]
    form = lead_client.get(columns_url).context["form"]
    response = lead_client.post(columns_url, {name: form[name].value() for name in form.fields})

    preview = lead_client.get(response["Location"])
    body = preview.content.decode()
    assert "row 3, column C (Due date): the due date ‘31/02/2023’ is not a real date" in body
    assert "Import the plan" not in body

    lead_client.post(response["Location"], _confirm_data(preview))
    assert Plan.objects.count() == 0


def test_a_failure_part_way_through_the_confirmation_saves_nothing(lead_client):
    token = _token(_upload(lead_client, "plan.docx", seed_plan_docx()))
    url = import_url("plan_import_preview", token)
    preview = lead_client.get(url)
    data = _confirm_data(
        preview,
        **{name: "completed:blue" for _, name in preview.context["form"].status_fields},
    )
    real_action_create = services.action_create
    calls = {"count": 0}

    def refusing_third(**kwargs):
        calls["count"] += 1
        if calls["count"] == 3:
            raise ValidationError({"description": ["Enter what the action is"]})
        return real_action_create(**kwargs)

    with mock.patch("tracker.plans.imports.apply.action_create", side_effect=refusing_third):
        response = lead_client.post(url, data)

    assert response.status_code == 200
    assert "table 2, row 4: Enter what the action is" in response.content.decode()
    assert Plan.objects.count() == 0
    assert Section.objects.count() == 0
    assert Action.objects.count() == 0
    assert Post.objects.count() == 0


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("plan.docx", b"not a zip", "The selected file is not a Word document (.docx)"),
        ("plan.pdf", b"%PDF", "The selected file must be a Word document (.docx), .xlsx or .csv"),
        ("plan.csv", b"", "The selected file is empty"),
    ],
)
def test_upload_refuses_a_malformed_file_with_a_clear_message(lead_client, filename, data, message):
    response = _upload(lead_client, filename, data)
    body = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert not lead_client.session.get(SESSION_KEY)


def test_upload_refuses_a_50_mb_file_before_reading_it(local_authority):
    upload = SimpleUploadedFile("plan.xlsx", b"small really")
    upload.size = 50 * 1024 * 1024
    form = ImportUploadForm({}, {"file": upload}, local_authority_id=local_authority.pk)

    upload.file = mock.Mock(read=mock.Mock(side_effect=AssertionError("read")))

    assert form.is_valid() is False
    assert form.errors == {"file": ["The selected file must be smaller than 10 MB"]}
    assert not upload.file.read.called


def test_viewers_and_action_owners_cannot_import(client, viewer, action_owner):
    for user in (viewer, action_owner):
        client.force_login(user)
        assert client.get(UPLOAD_URL).status_code == 403
        assert _upload(client, "plan.docx", seed_plan_docx()).status_code == 403
    assert Plan.objects.count() == 0


def test_another_session_or_an_unknown_token_finds_nothing(client, lead_client, administrator):
    token = _token(_upload(lead_client, "plan.docx", seed_plan_docx()))
    url = import_url("plan_import_preview", token)
    assert lead_client.get(url).status_code == 200

    client.force_login(administrator)  # a new session: the token is the lead's alone
    assert client.get(url).status_code == 404
    assert lead_client.get(import_url("plan_import_preview", "nope")).status_code == 404


def test_the_inspection_must_be_the_users_authoritys(lead_client, other_local_authority):
    elsewhere = InspectionFactory(local_authority=other_local_authority)
    response = _upload(lead_client, "plan.docx", seed_plan_docx(), inspection=elsewhere.pk)

    assert response.status_code == 200
    assert "Select an inspection from the list" in response.content.decode()


def test_the_preview_page_does_a_bounded_number_of_queries(
    lead_client, django_assert_max_num_queries
):
    token = _token(_upload(lead_client, "plan.docx", seed_plan_docx()))
    with django_assert_max_num_queries(10):
        lead_client.get(import_url("plan_import_preview", token))


def test_sign_in_is_needed(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
