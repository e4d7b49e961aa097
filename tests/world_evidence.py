"""The authorisation world's evidence: one of each kind a URL takes an id of, added to
`authority.ids`. A written note and a PDF file on the owned action (the file's id is the one
URLs take, so its download is asked too), made with the ORM so that the world does not depend
on the services under test. The file goes to the test settings' temporary MEDIA_ROOT."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

from tracker.performance.models import Evidence

if TYPE_CHECKING:
    from tests.authorisation_world import Authority
    from tracker.plans.models import Action, Plan, Section


TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build(authority: Authority, *, plan: Plan, section: Section, action: Action) -> None:
    Evidence.objects.create(
        local_authority=authority.local_authority,
        kind=Evidence.Kind.NOTE,
        title="Audit of supervision records",
        dated_on=datetime.date(2026, 11, 2),
        action=action,
        note="Twenty records sampled; all show reflective supervision.",
        added_by_name="Improvement lead",
    )
    report = Evidence(
        local_authority=authority.local_authority,
        kind=Evidence.Kind.FILE,
        title="Case file audit report",
        dated_on=datetime.date(2026, 11, 3),
        action=action,
        file_name="Case file audit report.pdf",
        content_type="application/pdf",
        size=len(TINY_PDF),
        added_by_name="Improvement lead",
    )
    report.file.save("report.pdf", ContentFile(TINY_PDF), save=True)
    authority.ids.update(evidence=report.pk)
    outcome = section.expected_outcomes.first()
    if outcome is None:
        outcome = section.expected_outcomes.create(text="Children are seen and heard.")
    authority.ids.update(expected_outcome=outcome.pk)
