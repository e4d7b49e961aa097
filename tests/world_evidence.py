"""The authorisation world's evidence: one of each kind a URL takes an id of, added to
`authority.ids`. A written note on the owned action, made with the ORM so that the world
does not depend on the services under test."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tracker.performance.models import Evidence

if TYPE_CHECKING:
    from tests.authorisation_world import Authority
    from tracker.plans.models import Action, Plan, Section


def build(authority: Authority, *, plan: Plan, section: Section, action: Action) -> None:
    evidence = Evidence.objects.create(
        local_authority=authority.local_authority,
        kind=Evidence.Kind.NOTE,
        title="Audit of supervision records",
        dated_on=datetime.date(2026, 11, 2),
        action=action,
        note="Twenty records sampled; all show reflective supervision.",
        added_by_name="Improvement lead",
    )
    authority.ids.update(evidence=evidence.pk)
    outcome = section.expected_outcomes.first()
    if outcome is None:
        outcome = section.expected_outcomes.create(text="Children are seen and heard.")
    authority.ids.update(expected_outcome=outcome.pk)
