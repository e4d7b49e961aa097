"""Writes for evidence: add a file, a link or a note to an action, an expected outcome, a
measure value or an audit; withdraw it. Evidence is never changed or deleted otherwise."""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import User
from tracker.core.formatting import format_date
from tracker.core.history import save_with_history
from tracker.performance.evidence.access import EvidenceOf
from tracker.performance.evidence.files import Upload, inspect_upload
from tracker.performance.models import Audit, Evidence, MeasureValue
from tracker.plans.models import Action, ExpectedOutcome

MAX_TITLE = 250
MAX_URL = 1000
MAX_NOTE = 5000
NOT_YOUR_AUTHORITY = "You can only add evidence to your own local authority's records."


def _local_authority_id(evidence_of: EvidenceOf) -> int:
    if isinstance(evidence_of, Action):
        return evidence_of.plan.local_authority_id
    if isinstance(evidence_of, ExpectedOutcome):
        return evidence_of.section.plan.local_authority_id
    if isinstance(evidence_of, MeasureValue):
        return evidence_of.measure.local_authority_id
    return evidence_of.local_authority_id


def _attach(evidence: Evidence, evidence_of: EvidenceOf) -> None:
    if isinstance(evidence_of, Action):
        evidence.action = evidence_of
    elif isinstance(evidence_of, ExpectedOutcome):
        evidence.expected_outcome = evidence_of
    elif isinstance(evidence_of, MeasureValue):
        evidence.measure_value = evidence_of
    elif isinstance(evidence_of, Audit):
        evidence.audit = evidence_of
    else:
        raise TypeError(f"Evidence cannot be attached to {type(evidence_of).__name__}")


def _new_evidence(
    *,
    user: User,
    evidence_of: EvidenceOf,
    kind: str,
    title: str,
    dated_on: datetime.date | None,
    today: datetime.date | None,
    errors: dict[str, list[str]],
) -> Evidence:
    """An unsaved piece of evidence of `evidence_of`, with the problems of what every kind
    shares (title and date) added to `errors`. Another authority's record is refused outright."""
    local_authority_id = _local_authority_id(evidence_of)
    if user.local_authority_id != local_authority_id:
        raise PermissionDenied(NOT_YOUR_AUTHORITY)
    today = today or timezone.localdate()
    title = " ".join(title.split())
    if not title:
        errors["title"] = ["Enter a title for the evidence"]
    elif len(title) > MAX_TITLE:
        errors["title"] = [f"The title must be {MAX_TITLE} characters or fewer"]
    if dated_on is None:
        errors["dated_on"] = ["Enter the date of the evidence"]
    elif dated_on > today:
        errors["dated_on"] = ["The date of the evidence must be today or in the past"]
    evidence = Evidence(
        local_authority_id=local_authority_id,
        kind=kind,
        title=title,
        added_by=user,
        added_by_name=str(user),
    )
    if dated_on is not None:
        evidence.dated_on = dated_on
    _attach(evidence, evidence_of)
    return evidence


def _save(evidence: Evidence, *, user: User) -> Evidence:
    with transaction.atomic():
        save_with_history(evidence, user)
    return evidence


def evidence_add_file(
    *,
    user: User,
    evidence_of: EvidenceOf,
    title: str,
    dated_on: datetime.date | None,
    uploaded: Upload | None,
    today: datetime.date | None = None,
) -> Evidence:
    """Attach a file as evidence, stored through Django's default storage.

    The file's type is found from its content (`files.inspect_upload`): anything that is not
    a PDF, a Word, Excel or PowerPoint file or a picture is refused, as is a file over the
    size limit. It is stored under a random name in the authority's folder; the name it was
    uploaded with is kept only as data. The file is written first and the record after it in
    its own transaction: if the record cannot be written, the file is deleted again, so no
    file is left that no record names. (Called inside a larger transaction that later rolls
    back, the file would stay behind, unnamed and never served: views do not do that.)
    """
    errors: dict[str, list[str]] = {}
    evidence = _new_evidence(
        user=user,
        evidence_of=evidence_of,
        kind=Evidence.Kind.FILE,
        title=title,
        dated_on=dated_on,
        today=today,
        errors=errors,
    )
    content_type = extension = ""
    if uploaded is None:
        errors["file"] = ["Select a file"]
    else:
        try:
            content_type, extension = inspect_upload(uploaded)
        except ValidationError as refused:
            errors["file"] = refused.messages
    if errors:
        raise ValidationError(errors)
    assert uploaded is not None  # noqa: S101 - refused above
    evidence.file_name = PurePosixPath((uploaded.name or "").replace("\\", "/")).name[:255]
    evidence.content_type = content_type
    evidence.size = uploaded.size
    # The stored name keeps only the extension found from the content.
    evidence.file.save(f"evidence.{extension}", uploaded, save=False)
    stored_name = evidence.file.name
    try:
        return _save(evidence, user=user)
    except BaseException:
        evidence.file.storage.delete(stored_name)
        raise


def evidence_add_link(
    *,
    user: User,
    evidence_of: EvidenceOf,
    title: str,
    dated_on: datetime.date | None,
    url: str,
    today: datetime.date | None = None,
) -> Evidence:
    """Attach a link (to a report on the intranet, a published page) as evidence. Only web
    addresses starting http:// or https:// are taken: never `javascript:`, `file:` or
    `data:`, which could run or reach things when clicked."""
    errors: dict[str, list[str]] = {}
    evidence = _new_evidence(
        user=user,
        evidence_of=evidence_of,
        kind=Evidence.Kind.LINK,
        title=title,
        dated_on=dated_on,
        today=today,
        errors=errors,
    )
    url = url.strip()
    if not url:
        errors["url"] = ["Enter the link"]
    elif len(url) > MAX_URL:
        errors["url"] = [f"The link must be {MAX_URL:,} characters or fewer"]
    elif not url.lower().startswith(("http://", "https://")):
        errors["url"] = ["The link must start with http:// or https://"]
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [
                "Enter a link in the right format, like https://www.example.gov.uk/report"
            ]
    if errors:
        raise ValidationError(errors)
    evidence.url = url
    return _save(evidence, user=user)


def evidence_add_note(
    *,
    user: User,
    evidence_of: EvidenceOf,
    title: str,
    dated_on: datetime.date | None,
    note: str,
    today: datetime.date | None = None,
) -> Evidence:
    """Attach a short written note as evidence ("Twenty records sampled; all show reflective
    supervision")."""
    errors: dict[str, list[str]] = {}
    evidence = _new_evidence(
        user=user,
        evidence_of=evidence_of,
        kind=Evidence.Kind.NOTE,
        title=title,
        dated_on=dated_on,
        today=today,
        errors=errors,
    )
    note = note.strip()
    if not note:
        errors["note"] = ["Enter the note"]
    elif len(note) > MAX_NOTE:
        errors["note"] = [f"The note must be {MAX_NOTE:,} characters or fewer"]
    if errors:
        raise ValidationError(errors)
    evidence.note = note
    return _save(evidence, user=user)


@transaction.atomic
def evidence_withdraw(
    *, user: User, evidence: Evidence, reason: str, now: datetime.datetime | None = None
) -> Evidence:
    """Withdraw a piece of evidence: it stops counting as evidence, but the record, its file
    and its history stay, with who withdrew it, when and why. Withdrawing twice is refused."""
    current = Evidence.objects.select_for_update(of=("self",)).get(pk=evidence.pk)
    if user.local_authority_id != current.local_authority_id:
        raise PermissionDenied("You can only withdraw your own local authority's evidence.")
    if current.withdrawn_at is not None:
        raise ValidationError(
            f"This evidence was already withdrawn on "
            f"{format_date(timezone.localtime(current.withdrawn_at).date())}",
            code="already_withdrawn",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["Enter why the evidence is being withdrawn"]})
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": [f"The reason must be {MAX_NOTE:,} characters or fewer"]})
    current.withdrawn_at = now or timezone.now()
    current.withdrawn_by = user
    current.withdrawal_reason = reason
    save_with_history(current, user)
    return current
