"""The authorisation world's monitoring visit packs: one of each kind a URL takes an id of,
added to `authority.ids`. Made with the ORM, ready, with a few bytes standing in for the
document, so the world draws no Word or PDF (the pipeline is tested in
`tracker/reporting/tests/packs`)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tracker.reporting.models import VisitPack

if TYPE_CHECKING:
    from tests.authorisation_world import Authority
    from tracker.plans.models import Action, Plan, Section


def build(authority: Authority, *, plan: Plan, section: Section, action: Action) -> None:
    pack = VisitPack.objects.create(
        local_authority=authority.local_authority,
        plan=plan,
        visit_title="Monitoring visit",
        visit_on=datetime.date(2027, 3, 12),
        focus=VisitPack.Focus.RECOMMENDATIONS,
        format=VisitPack.Format.DOCX,
        status=VisitPack.Status.READY,
        progress_percent=100,
        content=b"PK stand-in for a Word document",
        filename="monitoring-visit-pack-2027-03-12.docx",
    )
    pack.recommendations.set(section.recommendations.all())
    authority.ids["visit_pack"] = pack.pk
