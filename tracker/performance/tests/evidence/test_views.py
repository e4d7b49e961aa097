"""The evidence pages: adding from the action page, reading, downloading, withdrawing."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.performance.evidence import services
from tracker.performance.models import Evidence
from tracker.performance.tests.evidence.conftest import EXE, HTML, TINY_PDF, stored_files, upload

pytestmark = pytest.mark.django_db


def _add_url(action):
    return reverse("performance:evidence_add_for_action", args=[action.plan_id, action.pk])


def _file(user, action, name="Audit report.pdf", title="Case file audit report"):
    return services.evidence_add_file(
        user=user,
        evidence_of=action,
        title=title,
        dated_on=datetime.date(2026, 11, 2),
        uploaded=upload(TINY_PDF, name),
    )


def _form(kind, **fields):
    return {
        "kind": kind,
        "title": fields.pop("title", "Case file audit report"),
        "dated_on-day": "2",
        "dated_on-month": "11",
        "dated_on-year": "2026",
        **fields,
    }


def test_add_page_is_a_multipart_form_with_a_radio_for_each_kind(client, improvement_lead, action):
    client.force_login(improvement_lead)
    body = client.get(_add_url(action)).content.decode()
    assert 'enctype="multipart/form-data"' in body
    for kind in ("file", "link", "note"):
        assert f'value="{kind}"' in body
    assert 'data-aria-controls="conditional-id_kind' in body
    assert 'type="file"' in body


def test_action_owner_adds_a_file_to_their_own_action(client, action_owner, action, media_root):
    client.force_login(action_owner)
    response = client.post(
        _add_url(action), _form("file", file=upload(TINY_PDF, "Audit report.pdf"))
    )
    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
    evidence = Evidence.objects.get()
    assert evidence.added_by == action_owner
    assert stored_files(media_root) == [evidence.file.name]


def test_action_owner_cannot_add_evidence_to_an_action_they_do_not_own(
    client, action_owner, not_owned_action
):
    client.force_login(action_owner)
    response = client.post(_add_url(not_owned_action), _form("note", note="Seen"))
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_viewer_cannot_add_evidence(client, viewer, action, outcome, audit, media_root):
    client.force_login(viewer)
    urls = [
        _add_url(action),
        reverse("performance:evidence_add_for_outcome", args=[outcome.pk]),
        reverse("performance:evidence_add_for_audit", args=[audit.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        response = client.post(url, _form("file", file=upload(TINY_PDF)))
        assert response.status_code == 403
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (EXE, "The selected file is a program, not a document"),
        (HTML, "The selected file is a web page or SVG image"),
    ],
)
def test_a_renamed_program_or_web_page_is_refused_on_the_form(
    client, improvement_lead, action, media_root, data, message
):
    client.force_login(improvement_lead)
    response = client.post(_add_url(action), _form("file", file=upload(data, "report.pdf")))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert 'href="#id_file"' in body
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_only_the_chosen_kinds_field_is_read(client, improvement_lead, action):
    """Without JavaScript every kind's field is on the page: what is typed in the others is
    ignored."""
    client.force_login(improvement_lead)
    response = client.post(
        _add_url(action),
        _form(
            "link",
            url="https://intranet.example.gov.uk/audit",
            note="",
            file=upload(EXE, "report.pdf"),
        ),
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.kind == Evidence.Kind.LINK
    assert evidence.note == ""
    assert evidence.file.name == ""


def test_the_form_shows_every_problem_of_the_chosen_kind(client, improvement_lead, action):
    client.force_login(improvement_lead)
    response = client.post(_add_url(action), {"kind": "link", "url": "javascript:alert(1)"})
    body = response.content.decode()
    assert "Enter a title for the evidence" in body
    assert "Enter the date of the evidence" in body
    assert "The link must start with http:// or https://" in body
    assert not Evidence.objects.exists()


def test_the_form_asks_what_is_being_added(client, improvement_lead, action):
    client.force_login(improvement_lead)
    response = client.post(_add_url(action), {"title": "Visit"})
    assert "Select what you are adding" in response.content.decode()


def test_editor_adds_a_note_to_an_outcome_a_value_and_an_audit(
    client, improvement_lead, outcome, measure_value, audit
):
    client.force_login(improvement_lead)
    urls = [
        reverse("performance:evidence_add_for_outcome", args=[outcome.pk]),
        reverse(
            "performance:evidence_add_for_value", args=[measure_value.measure_id, measure_value.pk]
        ),
        reverse("performance:evidence_add_for_audit", args=[audit.pk]),
    ]
    for url in urls:
        response = client.post(url, _form("note", note="Seen at the panel"))
        assert response.status_code == 302
    assert Evidence.objects.filter(expected_outcome=outcome).count() == 1
    assert Evidence.objects.filter(measure_value=measure_value).count() == 1
    assert Evidence.objects.filter(audit=audit).count() == 1


def test_download_is_an_attachment_with_a_safe_name_that_nothing_runs(
    client, improvement_lead, viewer, action
):
    evidence = _file(improvement_lead, action, name='..\\Audit "May"\r\n.pdf')
    client.force_login(viewer)
    response = client.get(reverse("performance:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Audit May.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == TINY_PDF


def test_another_authoritys_evidence_is_not_found(client, improvement_lead, outsider, action):
    evidence = _file(improvement_lead, action)
    client.force_login(outsider)
    for name in ("evidence_detail", "evidence_download", "evidence_withdraw"):
        assert client.get(reverse(f"performance:{name}", args=[evidence.pk])).status_code == 404
    assert client.get(_add_url(action)).status_code == 404


def test_a_note_has_nothing_to_download(client, improvement_lead, action):
    evidence = services.evidence_add_note(
        user=improvement_lead,
        evidence_of=action,
        title="Visit",
        dated_on=datetime.date(2026, 11, 2),
        note="Seen",
    )
    client.force_login(improvement_lead)
    response = client.get(reverse("performance:evidence_download", args=[evidence.pk]))
    assert response.status_code == 404


def test_files_are_never_served_from_the_media_url(client, improvement_lead, action):
    evidence = _file(improvement_lead, action)
    client.force_login(improvement_lead)
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_withdrawing_keeps_the_record_shows_why_and_limits_the_download(
    client, improvement_lead, viewer, action
):
    evidence = _file(improvement_lead, action)
    client.force_login(improvement_lead)
    url = reverse("performance:evidence_withdraw", args=[evidence.pk])
    empty = client.post(url, {"reason": ""})
    assert "Enter why the evidence is being withdrawn" in empty.content.decode()

    response = client.post(url, {"reason": "The audit of the wrong month"})
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "Withdrawn on" in detail
    assert "The audit of the wrong month" in detail
    assert "withdrawn (The audit of the wrong month)" in detail
    evidence.refresh_from_db()
    assert evidence.is_withdrawn is True
    download = reverse("performance:evidence_download", args=[evidence.pk])
    assert client.get(download).status_code == 200

    client.force_login(viewer)
    assert client.get(download).status_code == 403
    assert "Download file" not in client.get(evidence.get_absolute_url()).content.decode()


def test_action_owner_withdraws_what_they_added_but_not_others_evidence(
    client, action_owner, improvement_lead, action
):
    theirs = services.evidence_add_note(
        user=action_owner,
        evidence_of=action,
        title="Mine",
        dated_on=datetime.date(2026, 11, 2),
        note="Seen",
    )
    others = _file(improvement_lead, action)
    client.force_login(action_owner)
    mine = client.post(
        reverse("performance:evidence_withdraw", args=[theirs.pk]), {"reason": "Duplicate"}
    )
    assert mine.status_code == 302
    refused = client.post(
        reverse("performance:evidence_withdraw", args=[others.pk]), {"reason": "Not mine"}
    )
    assert refused.status_code == 403
    others.refresh_from_db()
    assert others.is_withdrawn is False


def test_detail_page_shows_what_it_is_evidence_of(client, viewer, improvement_lead, action):
    evidence = services.evidence_add_link(
        user=improvement_lead,
        evidence_of=action,
        title="Practice standards",
        dated_on=datetime.date(2026, 11, 2),
        url="https://intranet.example.gov.uk/standards",
    )
    client.force_login(viewer)
    body = client.get(evidence.get_absolute_url()).content.decode()
    assert "Action 1.1" in body
    assert 'href="https://intranet.example.gov.uk/standards" rel="noopener noreferrer"' in body
    assert "2 November 2026" in body
    assert "Withdraw evidence" not in body


def test_action_page_lists_evidence_and_offers_to_add_it(
    client, action_owner, improvement_lead, viewer, action
):
    _file(improvement_lead, action)
    withdrawn = _file(improvement_lead, action, title="Superseded audit")
    services.evidence_withdraw(user=improvement_lead, evidence=withdrawn, reason="Superseded")

    client.force_login(action_owner)
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Case file audit report" in body
    assert "<s>" in body and "Superseded audit" in body
    assert _add_url(action) in body

    client.force_login(viewer)
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Case file audit report" in body
    assert _add_url(action) not in body


def _action_page_queries(client, action) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_action_page_queries_do_not_grow_with_the_evidence(client, action_owner, action):
    client.force_login(action_owner)
    for number in range(2):
        _file(action_owner, action, title=f"Audit {number}")
    few = _action_page_queries(client, action)
    for number in range(2, 30):
        services.evidence_add_note(
            user=action_owner,
            evidence_of=action,
            title=f"Visit {number}",
            dated_on=datetime.date(2026, 11, 2),
            note="Seen",
        )
    assert _action_page_queries(client, action) == few
