"""What the evidence pages and the action page's panel show, prepared for the templates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tracker.core.formatting import format_date
from tracker.performance.evidence.access import EvidenceOf
from tracker.performance.models import Audit, Evidence, MeasureValue, period_label
from tracker.plans.models import Action, ExpectedOutcome


@dataclass(frozen=True)
class EvidenceRow:
    """One piece of evidence in a list."""

    evidence: Evidence
    detail_url: str
    download_url: str  # empty unless a file that may be downloaded
    kind: str
    dated_on: str
    added_by: str
    is_withdrawn: bool


def download_url(evidence: Evidence) -> str:
    return reverse("performance:evidence_download", args=[evidence.pk])


def evidence_rows(evidence: list[Evidence], *, can_download_withdrawn: bool) -> list[EvidenceRow]:
    """Rows for a list of evidence: a file gets its download link, unless withdrawn and the
    reader is not of the improvement team."""
    return [
        EvidenceRow(
            evidence=piece,
            detail_url=piece.get_absolute_url(),
            download_url=(
                download_url(piece)
                if piece.kind == Evidence.Kind.FILE
                and piece.file
                and (not piece.is_withdrawn or can_download_withdrawn)
                else ""
            ),
            kind=piece.get_kind_display(),
            dated_on=format_date(piece.dated_on),
            added_by=piece.added_by_name or (str(piece.added_by) if piece.added_by else "Unknown"),
            is_withdrawn=piece.is_withdrawn,
        )
        for piece in evidence
    ]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    who: str
    what: str


def history_entries(rows: list[Any]) -> list[HistoryEntry]:
    """The evidence's history rows in words: added, withdrawn (with the reason), changed."""
    entries = []
    for row in rows:
        if row.history_type == "+":
            what = "added"
        elif row.withdrawn_at is not None and row.history_type == "~":
            what = f"withdrawn ({row.withdrawal_reason})"
        else:
            what = "changed"
        who = str(row.history_user) if row.history_user else "System"
        entries.append(HistoryEntry(at=row.history_date, who=who, what=what))
    return entries


def evidence_of_label(evidence_of: EvidenceOf) -> str:
    """What the evidence is evidence of, in words: "Action 1.1", "Expected outcome: ..."."""
    if isinstance(evidence_of, Action):
        return f"Action {evidence_of.reference}"
    if isinstance(evidence_of, ExpectedOutcome):
        return f"Expected outcome: {evidence_of.text}"
    if isinstance(evidence_of, MeasureValue):
        measure = evidence_of.measure
        period = period_label(frequency=measure.frequency, period_end=evidence_of.period_end)
        return f"{measure.reference} {measure.name}: value for {period}"
    return f"{evidence_of.get_kind_display()}: {evidence_of.title}"


def evidence_of_url(evidence_of: EvidenceOf) -> str:
    """The page of what the evidence is of: the action's, the outcome's section's, the
    measure's or the audit's."""
    if isinstance(evidence_of, Action):
        return reverse("plans:action_detail", args=[evidence_of.plan_id, evidence_of.pk])
    if isinstance(evidence_of, ExpectedOutcome):
        return evidence_of.section.get_absolute_url()
    if isinstance(evidence_of, MeasureValue):
        return evidence_of.measure.get_absolute_url()
    if isinstance(evidence_of, Audit):
        return evidence_of.get_absolute_url()
    return ""
