"""Adding evidence (files, links, notes) and withdrawing it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tracker.performance.evidence import services
from tracker.performance.models import Evidence
from tracker.performance.tests.evidence.conftest import EXE, HTML, TINY_PDF, stored_files, upload

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)


def _add_file(user, to, data=TINY_PDF, name="Audit report.pdf", **kwargs):
    return services.evidence_add_file(
        user=user,
        evidence_of=to,
        title=kwargs.pop("title", "Case file audit report"),
        dated_on=kwargs.pop("dated_on", datetime.date(2026, 11, 2)),
        uploaded=upload(data, name),
        today=TODAY,
        **kwargs,
    )


def test_evidence_add_file_stores_the_file_and_records_who_and_what(
    improvement_lead, action, media_root
):
    evidence = _add_file(improvement_lead, action)

    evidence.refresh_from_db()
    assert evidence.kind == Evidence.Kind.FILE
    assert evidence.action == action
    assert evidence.local_authority_id == action.plan.local_authority_id
    assert evidence.file_name == "Audit report.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(TINY_PDF)
    assert evidence.added_by == improvement_lead
    assert evidence.added_by_name == str(improvement_lead)
    assert evidence.file.name.startswith(f"evidence/{action.plan.local_authority_id}/")
    assert evidence.file.name.endswith(".pdf")
    with evidence.file.open("rb") as stored:
        assert stored.read() == TINY_PDF
    assert stored_files(media_root) == [evidence.file.name]
    assert evidence.history.get().history_user == improvement_lead


def test_evidence_add_file_attaches_to_outcomes_values_and_audits(
    improvement_lead, outcome, measure_value, audit
):
    assert _add_file(improvement_lead, outcome).expected_outcome == outcome
    assert _add_file(improvement_lead, measure_value).measure_value == measure_value
    assert _add_file(improvement_lead, audit).audit == audit


@pytest.mark.parametrize(("data", "message"), [(EXE, "is a program"), (HTML, "web page")])
def test_evidence_add_file_refuses_a_renamed_program_or_web_page_and_writes_nothing(
    improvement_lead, action, media_root, data, message
):
    with pytest.raises(ValidationError) as refused:
        _add_file(improvement_lead, action, data=data, name="report.pdf")

    assert message in refused.value.message_dict["file"][0]
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_evidence_add_file_shows_every_problem_at_once(improvement_lead, action):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add_file(
            user=improvement_lead,
            evidence_of=action,
            title="  ",
            dated_on=None,
            uploaded=None,
            today=TODAY,
        )

    assert refused.value.message_dict == {
        "title": ["Enter a title for the evidence"],
        "dated_on": ["Enter the date of the evidence"],
        "file": ["Select a file"],
    }


def test_evidence_add_file_deletes_the_stored_file_when_the_record_cannot_be_written(
    improvement_lead, action, media_root, monkeypatch
):
    def fail(obj, user):
        raise RuntimeError("The database went away")

    monkeypatch.setattr(services, "save_with_history", fail)

    with pytest.raises(RuntimeError):
        _add_file(improvement_lead, action)

    assert stored_files(media_root) == []
    assert not Evidence.objects.exists()


def test_evidence_add_file_refuses_another_authoritys_action(improvement_lead, other_action):
    with pytest.raises(PermissionDenied):
        _add_file(improvement_lead, other_action)
    assert not Evidence.objects.exists()


def test_evidence_add_refuses_a_date_in_the_future(improvement_lead, action):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add_note(
            user=improvement_lead,
            evidence_of=action,
            title="Visit",
            dated_on=TODAY + datetime.timedelta(days=1),
            note="Seen",
            today=TODAY,
        )
    assert refused.value.message_dict == {
        "dated_on": ["The date of the evidence must be today or in the past"]
    }


def test_evidence_add_refuses_a_title_over_250_characters(improvement_lead, action):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add_note(
            user=improvement_lead,
            evidence_of=action,
            title="x" * 251,
            dated_on=TODAY,
            note="Seen",
            today=TODAY,
        )
    assert refused.value.message_dict == {"title": ["The title must be 250 characters or fewer"]}


def test_evidence_add_link_keeps_a_web_address(improvement_lead, action):
    evidence = services.evidence_add_link(
        user=improvement_lead,
        evidence_of=action,
        title="Practice standards on the intranet",
        dated_on=TODAY,
        url="  https://intranet.solihull.gov.uk/practice-standards  ",
        today=TODAY,
    )
    evidence.refresh_from_db()
    assert evidence.kind == Evidence.Kind.LINK
    assert evidence.url == "https://intranet.solihull.gov.uk/practice-standards"
    assert evidence.file.name == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter the link"),
        ("javascript:alert(document.cookie)", "The link must start with http:// or https://"),
        ("JaVaScRiPt:alert(1)", "The link must start with http:// or https://"),
        (
            "data:text/html,<script>alert(1)</script>",
            "The link must start with http:// or https://",
        ),
        ("file:///etc/passwd", "The link must start with http:// or https://"),
        ("ftp://example.gov.uk/report", "The link must start with http:// or https://"),
        ("intranet/report", "The link must start with http:// or https://"),
        (
            "https://exa mple.gov.uk/",
            "Enter a link in the right format, like https://www.example.gov.uk/report",
        ),
        ("https://example.gov.uk/" + "a" * 1000, "The link must be 1,000 characters or fewer"),
    ],
)
def test_evidence_add_link_refuses_anything_but_a_web_address(
    improvement_lead, action, url, message
):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add_link(
            user=improvement_lead,
            evidence_of=action,
            title="Report",
            dated_on=TODAY,
            url=url,
            today=TODAY,
        )
    assert refused.value.message_dict == {"url": [message]}
    assert not Evidence.objects.exists()


def test_evidence_add_note_keeps_the_note(action_owner, action):
    evidence = services.evidence_add_note(
        user=action_owner,
        evidence_of=action,
        title="Supervision records",
        dated_on=TODAY,
        note="  Twenty records sampled; all show reflective supervision.  ",
        today=TODAY,
    )
    assert evidence.note == "Twenty records sampled; all show reflective supervision."
    assert evidence.added_by == action_owner


@pytest.mark.parametrize(
    ("note", "message"),
    [("   ", "Enter the note"), ("x" * 5001, "The note must be 5,000 characters or fewer")],
)
def test_evidence_add_note_refuses_an_empty_or_long_note(improvement_lead, action, note, message):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add_note(
            user=improvement_lead,
            evidence_of=action,
            title="Visit",
            dated_on=TODAY,
            note=note,
            today=TODAY,
        )
    assert refused.value.message_dict == {"note": [message]}


def test_evidence_withdraw_keeps_the_record_its_file_and_history(
    improvement_lead, administrator, action, media_root
):
    evidence = _add_file(improvement_lead, action)

    withdrawn = services.evidence_withdraw(
        user=administrator, evidence=evidence, reason="The wrong month's audit"
    )

    withdrawn.refresh_from_db()
    assert withdrawn.is_withdrawn is True
    assert withdrawn.withdrawn_by == administrator
    assert withdrawn.withdrawal_reason == "The wrong month's audit"
    assert withdrawn.title == "Case file audit report"
    assert stored_files(media_root) == [withdrawn.file.name]
    history = list(withdrawn.history.order_by("history_date"))
    assert [row.history_type for row in history] == ["+", "~"]
    assert history[0].withdrawn_at is None
    assert history[1].history_user == administrator
    assert history[1].withdrawal_reason == "The wrong month's audit"


def test_evidence_withdraw_twice_is_refused(improvement_lead, action):
    evidence = _add_file(improvement_lead, action)
    services.evidence_withdraw(user=improvement_lead, evidence=evidence, reason="Superseded")

    with pytest.raises(ValidationError, match="This evidence was already withdrawn on"):
        services.evidence_withdraw(user=improvement_lead, evidence=evidence, reason="Again")

    evidence.refresh_from_db()
    assert evidence.withdrawal_reason == "Superseded"
    assert evidence.history.count() == 2


def test_evidence_withdraw_needs_a_reason(improvement_lead, action):
    evidence = _add_file(improvement_lead, action)
    with pytest.raises(ValidationError) as refused:
        services.evidence_withdraw(user=improvement_lead, evidence=evidence, reason="  ")
    assert refused.value.message_dict == {"reason": ["Enter why the evidence is being withdrawn"]}
    evidence.refresh_from_db()
    assert evidence.is_withdrawn is False


def test_evidence_withdraw_refuses_another_authoritys_user(improvement_lead, outsider, action):
    evidence = _add_file(improvement_lead, action)
    with pytest.raises(PermissionDenied):
        services.evidence_withdraw(user=outsider, evidence=evidence, reason="Not ours")
    evidence.refresh_from_db()
    assert evidence.is_withdrawn is False
