"""Rows for the quality assurance pages' summary lists, built from selector data so that the
templates only loop."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tracker.core.formatting import format_date
from tracker.performance.assurance.selectors import AuditDetail
from tracker.performance.models import Evidence


def audit_summary_rows(detail: AuditDetail) -> list[tuple[str, str]]:
    """The audit's facts as (key, value) rows, in the order an officer reads them."""
    audit = detail.audit
    return [
        ("Kind", audit.get_kind_display()),
        ("Date", format_date(audit.carried_out_on)),
        ("Lead", detail.lead or "Not recorded"),
        ("Plan", audit.plan.title if audit.plan else "No one plan"),
        ("Sections", "; ".join(str(section) for section in detail.sections) or "None recorded"),
        ("Themes", "; ".join(str(theme) for theme in detail.themes) or "None recorded"),
        ("Scope", audit.scope or "Not recorded"),
        ("Summary", audit.summary or "Not recorded"),
    ]


@dataclass(frozen=True)
class EvidenceLink:
    evidence: Evidence
    url: str


def evidence_url(evidence: Evidence) -> str:
    """The evidence page's address."""
    return evidence.get_absolute_url()


def evidence_links(items: Iterable[Evidence]) -> list[EvidenceLink]:
    return [EvidenceLink(evidence=item, url=evidence_url(item)) for item in items]
