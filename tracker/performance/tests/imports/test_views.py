"""The import pages: upload, preview, apply; and who may use them."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker.performance.imports.views import SESSION_KEY
from tracker.performance.models import MeasureValue
from tracker.performance.tests.imports.builders import csv_bytes, xlsx_bytes
from tracker.performance.tests.imports.conftest import in_force, recorded

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("performance:value_import")
PREVIEW_URL = reverse("performance:value_import_preview")
APPLY_URL = reverse("performance:value_import_apply")
OCT = datetime.date(2025, 10, 31)
PACK = [
    ["Ref", "Measure", "Sep 2025", "Oct 2025"],
    ["CIN-03", "Re-referrals within 12 months", "20%", "21.5%"],
    ["WF-02", "Average social worker caseload", "18", "n/a"],
]


@pytest.fixture
def lead_client(client, improvement_lead):
    client.force_login(improvement_lead)
    return client


def _upload(client, filename="October pack.xlsx", data=None, **extra):
    data = xlsx_bytes(PACK) if data is None else data
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(filename, data), **extra})


def _token(response) -> str:
    match = re.search(r"token=([\w-]+)", response["Location"])
    assert match is not None
    return match.group(1)


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_upload_page_shows_the_form(lead_client):
    response = lead_client.get(UPLOAD_URL)
    assert response.status_code == 200
    assert "Import measure values" in _text(response)


def test_import_happy_path_preview_then_apply_then_scorecard_banner(
    lead_client, re_referrals, caseload
):
    recorded(re_referrals, OCT, "20")
    response = _upload(lead_client, source="October pack")
    assert response.status_code == 302
    token = _token(response)

    preview = lead_client.get(response["Location"])
    assert preview.status_code == 200
    text = _text(preview)
    assert "2 new values, 1 correction and 0 values already recorded" in text
    assert "1 blank or ‘n/a’ cell passed over" in text
    assert "20% → corrected to 21.5%" in text
    assert "row 2, column D (Oct 2025)" in text
    assert "The values will say they came from ‘October pack’" in text
    assert MeasureValue.objects.count() == 1

    applied = lead_client.post(APPLY_URL, {"token": token})
    assert applied.status_code == 302
    assert applied["Location"] == reverse("performance:measure_list")
    assert [str(message) for message in get_messages(applied.wsgi_request)] == [
        "Values imported from October pack.xlsx: 2 values added, 1 corrected, 0 unchanged"
    ]
    assert in_force(re_referrals, OCT) == [Decimal("20.00"), Decimal("21.50")]
    assert MeasureValue.objects.count() == 4
    assert token not in lead_client.session[SESSION_KEY]
    scorecard = lead_client.get(applied["Location"])
    assert "Values imported from October pack.xlsx" in _text(scorecard)
    assert "21.5" in _text(scorecard)
    # The token is used up: applying again finds nothing.
    assert lead_client.post(APPLY_URL, {"token": token}).status_code == 404


def test_preview_lists_every_problem_and_offers_no_import(lead_client, re_referrals):
    data = csv_bytes(
        [
            ["Reference", "Period end", "Value"],
            ["CIN-03", "2025-10-31", "120%"],
            ["NOPE", "2025-10-31", "1"],
        ]
    )
    preview = lead_client.get(_upload(lead_client, "pack.csv", data)["Location"])
    text = _text(preview)
    assert "The file has 2 problems to fix before it can be imported" in text
    assert "row 2: the value 120% is not a percentage between 0 and 100" in text
    assert "row 3: there is no measure ‘NOPE’" in text
    assert "Import the values" not in text


def test_apply_refuses_a_file_with_problems_and_writes_nothing(lead_client, re_referrals):
    data = csv_bytes(
        [
            ["Reference", "Period end", "Value"],
            ["CIN-03", "2025-10-31", "20"],
            ["X", "Oct 2025", "1"],
        ]
    )
    token = _token(_upload(lead_client, "pack.csv", data))
    response = lead_client.post(APPLY_URL, {"token": token})
    assert response.status_code == 200
    assert "row 3: there is no measure ‘X’" in _text(response)
    assert MeasureValue.objects.count() == 0


def test_apply_refuses_values_recorded_by_someone_else_since_the_preview(lead_client, re_referrals):
    data = csv_bytes([["Reference", "Period end", "Value"], ["CIN-03", "2025-10-31", "20"]])
    token = _token(_upload(lead_client, "pack.csv", data))
    recorded(re_referrals, OCT, "20")
    response = lead_client.post(APPLY_URL, {"token": token})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Values imported from pack.csv: 0 values added, 0 corrected, 1 unchanged"
    ]
    assert MeasureValue.objects.count() == 1


def test_preview_says_when_there_is_nothing_new(lead_client, re_referrals):
    recorded(re_referrals, OCT, "20")
    data = csv_bytes([["Reference", "Period end", "Value"], ["CIN-03", "2025-10-31", "20%"]])
    preview = lead_client.get(_upload(lead_client, "pack.csv", data)["Location"])
    assert "Every value in the file is already recorded" in _text(preview)
    assert "Import the values" not in _text(preview)


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("pack.pdf", b"%PDF", "The selected file must be an Excel spreadsheet (.xlsx) or a CSV"),
        ("pack.csv", csv_bytes([["Name"], ["x"]]), "no row of column headings"),
        ("pack.xlsx", b"junk", "The selected file is not an Excel spreadsheet (.xlsx)"),
    ],
)
def test_upload_shows_why_a_file_is_refused(lead_client, filename, data, message):
    response = _upload(lead_client, filename, data)
    assert response.status_code == 200
    assert message in _text(response)
    assert "There is a problem" in _text(response)


def test_upload_requires_a_file(lead_client):
    response = lead_client.post(UPLOAD_URL, {})
    assert "Select a performance pack" in _text(response)


@pytest.mark.parametrize("url", [f"{PREVIEW_URL}?token=made-up", PREVIEW_URL])
def test_preview_without_a_waiting_import_is_not_found(lead_client, url):
    assert lead_client.get(url).status_code == 404


def test_apply_takes_only_post(lead_client):
    assert lead_client.get(APPLY_URL).status_code == 405


def test_a_viewer_cannot_import(client, viewer, re_referrals, improvement_lead):
    client.force_login(viewer)
    assert client.get(UPLOAD_URL).status_code == 403
    assert _upload(client).status_code == 403
    assert client.post(APPLY_URL, {"token": "x"}).status_code == 403


def test_another_session_s_token_is_not_found(client, lead_client, administrator, re_referrals):
    token = _token(_upload(lead_client))
    client.force_login(administrator)
    assert client.get(f"{PREVIEW_URL}?token={token}").status_code == 404
    assert client.post(APPLY_URL, {"token": token}).status_code == 404
    assert MeasureValue.objects.count() == 0


def test_preview_queries_do_not_grow_with_the_pack(
    lead_client, local_authority, django_assert_max_num_queries
):
    from tracker.performance.tests.measures.factories import MeasureFactory

    def preview_for(count: int):
        measures = [MeasureFactory(local_authority=local_authority) for _ in range(count)]
        months = [f"2025-{month:02d}" for month in range(1, 13)]
        rows = [["Ref", *months]] + [
            [measure.reference, *[str(n) for n in range(12)]] for measure in measures
        ]
        return _upload(lead_client, "pack.csv", csv_bytes(rows))["Location"]

    small, large = preview_for(2), preview_for(40)
    with django_assert_max_num_queries(8):
        assert lead_client.get(small).status_code == 200
    with django_assert_max_num_queries(8):
        assert lead_client.get(large).status_code == 200
