"""The authorisation world's measures, targets and values: one of each kind a URL takes an
id of, added to `authority.ids`. Made with the ORM so that the world does not depend on the
services under test."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from tracker.performance.models import Direction, Frequency, Measure, MeasureValue, Target, Unit

if TYPE_CHECKING:
    from tests.authorisation_world import Authority
    from tracker.plans.models import Action, Plan, Section


def build(authority: Authority, *, plan: Plan, section: Section, action: Action) -> None:
    measure = Measure.objects.create(
        local_authority=authority.local_authority,
        reference="M1",
        name="Re-referrals within 12 months",
        definition="Referrals within 12 months of a previous referral, as a share of all.",
        unit=Unit.PERCENTAGE,
        direction=Direction.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        tolerance=Decimal("2"),
    )
    measure.sections.add(section)
    outcome = section.expected_outcomes.first()
    if outcome is not None:
        measure.expected_outcomes.add(outcome)
    target = Target.objects.create(
        measure=measure, value=Decimal("20"), applies_from=datetime.date(2026, 4, 1)
    )
    value = MeasureValue.objects.create(
        measure=measure, period_end=datetime.date(2026, 10, 31), value=Decimal("23.5")
    )
    authority.ids.update(measure=measure.pk, target=target.pk, measure_value=value.pk)
