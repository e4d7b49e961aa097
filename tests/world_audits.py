"""The authorisation world's quality assurance audits and their findings: one of each kind a
URL takes an id of, added to `authority.ids`. Made with the ORM so that the world does not
depend on the services under test."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tracker.performance.models import Audit, Finding

if TYPE_CHECKING:
    from tests.authorisation_world import Authority
    from tracker.plans.models import Action, Plan, Section


def build(authority: Authority, *, plan: Plan, section: Section, action: Action) -> None:
    audit = Audit.objects.create(
        local_authority=authority.local_authority,
        plan=plan,
        kind=Audit.Kind.CASE_FILE_AUDIT,
        title="Case file audit: children in need",
        carried_out_on=datetime.date(2026, 10, 15),
        lead_name="Audit lead",
        good_count=4,
        requires_improvement_count=5,
        inadequate_count=1,
    )
    audit.sections.add(section)
    finding = Finding.objects.create(
        audit=audit,
        number=1,
        kind=Finding.Kind.AREA_FOR_IMPROVEMENT,
        text="Plans are not always SMART.",
    )
    authority.ids.update(audit=audit.pk, finding=finding.pk)
