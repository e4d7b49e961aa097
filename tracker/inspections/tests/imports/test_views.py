"""Importing an Ofsted report through the pages: upload, check and correct, save."""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.inspections.models import Inspection, Judgement, Recommendation
from tracker.inspections.tests.imports.test_ofsted_report import blank_pdf, encrypted_pdf, text_pdf

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ofsted-reports"
UPLOAD_URL = reverse("inspections:inspection_import")
PREVIEW_URL = reverse("inspections:inspection_import_preview")


def _signed_in(client, user):
    client.force_login(user)
    return client


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _text(body: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _inline_error(body: str, field_id: str) -> str:
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>',
        body,
        re.DOTALL,
    )
    return _text(match.group(1)) if match else ""


def _error_summary(body: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.DOTALL)
    return _text(match.group(0)) if match else ""


def _pdf_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), "application/pdf")


def _upload(client, name: str = "solihull-ilacs-published-2020-01-09.pdf") -> str:
    """Upload a fixture report; the preview's token."""
    response = client.post(UPLOAD_URL, {"report": _pdf_upload(name)})
    assert response.status_code == 302, _error_summary(_body(response))
    location = urlparse(response["Location"])
    assert location.path == PREVIEW_URL
    return parse_qs(location.query)["token"][0]


def _form_data(response) -> dict[str, str]:
    """What the preview's form posts back when the officer changes nothing."""
    form = response.context["form"]
    data: dict[str, str] = {"token": response.context["token"]}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, datetime.date):
            for part in ("day", "month", "year"):
                data[f"{name}-{part}"] = str(getattr(value, part))
        elif value is not None:
            data[name] = str(value)
    return data


@pytest.fixture
def editor_client(client, improvement_lead):
    return _signed_in(client, improvement_lead)


# Who may import -----------------------------------------------------------------------------------


def test_import_pages_need_sign_in(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_viewers_cannot_import(client, viewer):
    client = _signed_in(client, viewer)
    assert client.get(UPLOAD_URL).status_code == 403
    response = client.post(
        UPLOAD_URL, {"report": _pdf_upload("solihull-ilacs-published-2020-01-09.pdf")}
    )
    assert response.status_code == 403
    assert client.get(PREVIEW_URL, {"token": "anything"}).status_code == 403
    assert Inspection.objects.count() == 0


def test_inspection_list_offers_the_import_to_editors_only(client, improvement_lead, viewer):
    list_url = reverse("inspections:inspection_list")
    assert "Import an Ofsted report" in _body(_signed_in(client, improvement_lead).get(list_url))
    assert "Import an Ofsted report" not in _body(_signed_in(client, viewer).get(list_url))


def test_upload_page_shows_the_govuk_file_upload(editor_client):
    body = _body(editor_client.get(UPLOAD_URL))
    assert 'enctype="multipart/form-data"' in body
    assert 'class="govuk-file-upload' in body
    assert 'accept=".pdf,application/pdf"' in body


# Upload -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Select the Ofsted report"),
        (SimpleUploadedFile("empty.pdf", b""), "The selected file is empty"),
        (SimpleUploadedFile("plan.docx", b"PK\x03\x04word"), "The selected file must be a PDF"),
        (
            SimpleUploadedFile("locked.pdf", encrypted_pdf()),
            "The selected file is password protected",
        ),
        (
            SimpleUploadedFile("scan.pdf", blank_pdf()),
            "The selected file has no text: it may be a scanned image",
        ),
        (
            SimpleUploadedFile("minutes.pdf", text_pdf([["Minutes of the scrutiny committee"]])),
            "The selected file does not look like an Ofsted report on children's services",
        ),
    ],
    ids=["missing", "empty", "not-pdf", "encrypted", "no-text", "not-ofsted"],
)
def test_upload_refuses_what_is_not_a_readable_report(editor_client, upload, message):
    response = editor_client.post(UPLOAD_URL, {"report": upload} if upload else {})
    body = _body(response)
    assert response.status_code == 200
    assert message in _error_summary(body)
    assert message in _inline_error(body, "id_report")
    assert "Error: Import an Ofsted report" in body
    assert not editor_client.session.get("inspection_imports")
    assert Inspection.objects.count() == 0


def test_upload_refuses_a_file_over_20mb_before_reading_it(editor_client, monkeypatch):
    def parse_report(data):  # the parser must not be reached
        raise AssertionError("parsed a file that is too large")

    monkeypatch.setattr("tracker.inspections.imports.views.parse_report", parse_report)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    body = _body(editor_client.post(UPLOAD_URL, {"report": big}))
    assert "The selected file must be smaller than 20MB" in _error_summary(body)


# Preview ------------------------------------------------------------------------------------------


def test_preview_shows_everything_found_and_saves_nothing(editor_client):
    token = _upload(editor_client)
    response = editor_client.get(PREVIEW_URL, {"token": token})
    body = _body(response)
    text = _text(body)
    assert response.status_code == 200
    assert "Check the report before saving" in text
    assert "Nothing has been saved yet" in text
    assert "Report about Solihull Metropolitan Borough Council" in text
    assert "solihull-ilacs-published-2020-01-09.pdf (12 pages)" in text
    assert 'value="Peter McEntee"' in body
    assert 'name="started_on-day" type="text" value="11"' in body
    assert "The report says “Requires improvement”" in text
    assert "‘threshold’ visits on children and families should be reviewed." in body
    assert "Recommendation 10" in text
    assert "govuk-warning-text" not in body  # nothing uncertain, nothing already imported
    assert Inspection.objects.count() == 0


def test_preview_warns_about_another_authoritys_report(editor_client):
    token = _upload(editor_client, "barnsley-ilacs-short-published-2023-10-27.pdf")
    text = _text(_body(editor_client.get(PREVIEW_URL, {"token": token})))
    assert (
        "This report is about Barnsley, but you are importing it for Solihull Metropolitan "
        "Borough Council." in text
    )


def test_preview_flags_what_the_importer_was_unsure_of(editor_client):
    pages = [
        [
            "Inspection of Solihull local authority",
            "children’s services",
            "Inspection dates: 31 October 2022 to 11 November 2022",
            "What needs to improve?",
            "• The only recommendation.",
        ]
    ]
    response = editor_client.post(
        UPLOAD_URL, {"report": SimpleUploadedFile("odd.pdf", text_pdf(pages))}
    )
    token = parse_qs(urlparse(response["Location"]).query)["token"][0]
    text = _text(_body(editor_client.get(PREVIEW_URL, {"token": token})))
    assert "The importer was unsure of 2 things, marked below. Check them before you save." in text
    details, judgements = text.split("The inspection", 1)[1].split("Judgements", 1)
    assert "Warning The report does not say who the lead inspector was" in details
    assert "Warning No judgement table was found: enter the grades" in judgements


def test_preview_of_another_session_or_a_made_up_token_is_not_found(
    client, improvement_lead, administrator, outsider
):
    token = _upload(_signed_in(client, improvement_lead))
    assert client.get(PREVIEW_URL, {"token": token}).status_code == 200
    client.logout()
    for other in (administrator, outsider):
        other_client = _signed_in(client, other)
        assert other_client.get(PREVIEW_URL, {"token": token}).status_code == 404
        assert other_client.post(PREVIEW_URL, {"token": token}).status_code == 404
        client.logout()
    again = _signed_in(client, improvement_lead)
    assert again.get(PREVIEW_URL, {"token": "made-up"}).status_code == 404
    assert Inspection.objects.count() == 0


# Save ---------------------------------------------------------------------------------------------


def test_save_creates_inspection_judgements_and_recommendations_and_shows_it(
    editor_client, local_authority
):
    token = _upload(editor_client)
    preview = editor_client.get(PREVIEW_URL, {"token": token})
    response = editor_client.post(PREVIEW_URL, _form_data(preview))
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspection.get_absolute_url()
    assert inspection.local_authority == local_authority
    assert (inspection.kind, inspection.framework) == ("standard", "ILACS")
    assert (inspection.started_on, inspection.ended_on) == (
        datetime.date(2019, 11, 11),
        datetime.date(2019, 11, 22),
    )
    assert inspection.lead_inspector == "Peter McEntee"
    assert list(inspection.judgements.values_list("area", "grade", "text")) == [
        ("impact_of_leaders", "requires_improvement", "Requires improvement"),
        ("help_and_protection", "requires_improvement", "Requires improvement"),
        ("children_in_care_and_care_leavers", "good", "Good"),
        ("overall", "requires_improvement", "Requires improvement"),
    ]
    assert inspection.recommendations.count() == 10
    assert len(inspection.source_fingerprint) == 64
    page = _text(_body(editor_client.get(response["Location"])))
    assert "Report imported: 10 recommendations added" in page
    assert "The focus on and response to private fostering arrangements." in page
    assert token not in editor_client.session["inspection_imports"]


def test_corrections_made_in_the_preview_are_what_is_saved(editor_client):
    token = _upload(editor_client)
    data = _form_data(editor_client.get(PREVIEW_URL, {"token": token}))
    data["lead_inspector"] = "  Peter   McEntee HMI "
    data["grade_overall"] = "good"
    data["rec_0_text"] = "Quality assurance\r\nand audit arrangements."
    data["rec_9_text"] = ""  # left out
    data["new_recommendation"] = "A recommendation the importer missed."
    data["ended_on-day"] = "21"
    response = editor_client.post(PREVIEW_URL, data)
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.lead_inspector == "Peter McEntee HMI"
    assert inspection.ended_on == datetime.date(2019, 11, 21)
    overall = Judgement.objects.get(inspection=inspection, area="overall")
    assert (overall.grade, overall.text) == ("good", "Good")  # the printed words no longer apply
    texts = dict(Recommendation.objects.filter(inspection=inspection).values_list("number", "text"))
    assert texts[1] == "Quality assurance and audit arrangements."
    assert "The focus on and response to private fostering arrangements." not in texts.values()
    assert texts[10] == "A recommendation the importer missed."
    assert len(texts) == 10


def test_a_problem_in_the_corrections_is_shown_and_nothing_is_saved(editor_client):
    token = _upload(editor_client)
    data = _form_data(editor_client.get(PREVIEW_URL, {"token": token}))
    data.update({"started_on-day": "", "started_on-month": "", "started_on-year": ""})
    data["grade_overall"] = ""
    data["rec_1_number"] = "1"
    body = _body(editor_client.post(PREVIEW_URL, data))
    assert "Enter the date the inspection started" in _inline_error(body, "id_started_on")
    assert Inspection.objects.count() == 0
    data["started_on-day"], data["started_on-month"], data["started_on-year"] = "11", "11", "2019"
    body = _body(editor_client.post(PREVIEW_URL, data))
    summary = _error_summary(body)
    assert "Select a grade for “Overall effectiveness”" in summary
    assert "Two of the recommendations are numbered 1: renumber one" in summary
    assert Inspection.objects.count() == 0
    assert Recommendation.objects.count() == 0


def test_the_same_report_imported_twice_is_recognised_and_refused(editor_client):
    first = _upload(editor_client)
    editor_client.post(PREVIEW_URL, _form_data(editor_client.get(PREVIEW_URL, {"token": first})))
    existing = Inspection.objects.get()

    second = _upload(editor_client)
    preview = editor_client.get(PREVIEW_URL, {"token": second})
    assert (
        "This report has already been imported: ILACS standard inspection, 11 November 2019 to "
        "22 November 2019" in _text(_body(preview))
    )
    assert existing.get_absolute_url() in _body(preview)
    body = _body(editor_client.post(PREVIEW_URL, _form_data(preview)))
    assert (
        "This report has already been imported: ILACS standard inspection, 11 November 2019 to "
        "22 November 2019" in _error_summary(body)
    )
    assert Inspection.objects.count() == 1
    assert Recommendation.objects.count() == 10


def test_a_report_imported_before_is_recognised_even_with_corrected_dates(editor_client):
    first = _upload(editor_client)
    data = _form_data(editor_client.get(PREVIEW_URL, {"token": first}))
    data["started_on-day"] = "12"
    editor_client.post(PREVIEW_URL, data)
    assert Inspection.objects.get().started_on == datetime.date(2019, 11, 12)

    second = _upload(editor_client)
    preview = editor_client.get(PREVIEW_URL, {"token": second})
    assert "This report has already been imported" in _text(_body(preview))
    editor_client.post(PREVIEW_URL, _form_data(preview))
    assert Inspection.objects.count() == 1


def test_an_authority_may_import_a_report_another_authority_imported(
    client, improvement_lead, outsider
):
    _signed_in(client, outsider)
    token = _upload(client)
    client.post(PREVIEW_URL, _form_data(client.get(PREVIEW_URL, {"token": token})))
    client.logout()
    _signed_in(client, improvement_lead)
    token = _upload(client)
    response = client.post(PREVIEW_URL, _form_data(client.get(PREVIEW_URL, {"token": token})))
    assert response.status_code == 302
    assert Inspection.objects.count() == 2


def test_sif_report_imports_with_sif_judgements(editor_client):
    token = _upload(editor_client, "solihull-sif-published-2016-07-07.pdf")
    preview = editor_client.get(PREVIEW_URL, {"token": token})
    body = _text(_body(preview))
    assert "Recommendations to the Local Safeguarding Children Board" in body
    assert "111. Strengthen the focus and rigour" in body
    editor_client.post(PREVIEW_URL, _form_data(preview))
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.framework) == ("sif", "SIF")
    assert inspection.published_on == datetime.date(2016, 7, 7)
    assert list(inspection.judgements.values_list("area", flat=True)) == [
        "sif_help_and_protection",
        "sif_looked_after",
        "sif_adoption",
        "sif_care_leavers",
        "sif_leadership",
        "overall",
        "lscb",
    ]
    assert inspection.recommendations.count() == 11


def test_an_editor_of_no_authority_cannot_import(client):
    user = UserFactory(local_authority=None, role=User.Role.IMPROVEMENT_LEAD, username="nobody")
    assert _signed_in(client, user).get(UPLOAD_URL).status_code == 404
