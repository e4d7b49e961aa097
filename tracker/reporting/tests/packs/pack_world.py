"""A plan with everything a monitoring visit pack shows: recommendations answered by sections
with themes and expected outcomes, actions with progress, a measure with two years of values,
targets and England averages, an audit with findings, evidence, and open gaps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tracker.inspections.models import Inspection, Recommendation
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.performance.models import (
    Audit,
    Direction,
    Evidence,
    Finding,
    Frequency,
    Measure,
    MeasureValue,
    Target,
    Unit,
)
from tracker.plans.models import Action, DeliveryStatus, ExpectedOutcome, Plan, Section, Theme
from tracker.plans.tests.factories import ActionFactory, PlanFactory, SectionFactory, ThemeFactory

SUPERVISION = "Improve the quality and impact of management oversight and supervision."
UNANSWERED = "Strengthen the voice of children in care in their plans."
OUTCOME = "Every child's file shows supervision that changes their plan."
UNMEASURED = "Social workers stay longer."
FINDING = "Supervision records now show reflective discussion in 8 of 10 files."
EVIDENCE = "Supervision audit summary, May 2026"


@dataclass
class PackWorld:
    plan: Plan
    inspection: Inspection
    supervision: Recommendation
    unanswered: Recommendation
    workforce: Theme
    practice: Theme
    oversight: Section
    recruitment: Section
    measure: Measure
    done: Action


def month_ends(first: datetime.date, count: int) -> list[datetime.date]:
    days = []
    year, month = first.year, first.month
    for _ in range(count):
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        days.append(following - datetime.timedelta(days=1))
        year, month = following.year, following.month
    return days


def build_pack_world(*, local_authority, actions=2):
    inspection = InspectionFactory(local_authority=local_authority)
    supervision = RecommendationFactory(inspection=inspection, number=1, text=SUPERVISION)
    unanswered = RecommendationFactory(inspection=inspection, number=2, text=UNANSWERED)
    plan = PlanFactory(local_authority=local_authority, title="Improving children's lives")
    plan.inspections.add(inspection)
    practice = ThemeFactory(plan=plan, name="Practice", position=1)
    workforce = ThemeFactory(plan=plan, name="Workforce", position=2)
    oversight = SectionFactory(plan=plan, number=1, title="Management oversight", theme=practice)
    oversight.recommendations.add(supervision)
    recruitment = SectionFactory(plan=plan, number=2, title="Recruitment", theme=workforce)
    ExpectedOutcome.objects.create(section=oversight, text=OUTCOME)
    ExpectedOutcome.objects.create(section=recruitment, text=UNMEASURED)
    done = ActionFactory(
        section=oversight,
        reference="1.1",
        description="Introduce reflective supervision",
        status=DeliveryStatus.COMPLETED,
        brag="blue",
    )
    for number in range(2, actions + 1):
        ActionFactory(
            section=oversight if number % 2 else recruitment,
            reference=f"{1 if number % 2 else 2}.{number}",
            description=f"Action number {number}",
            # 1.3 is complete with nothing to show for it: an open gap.
            status=DeliveryStatus.COMPLETED if number == 3 else DeliveryStatus.IN_PROGRESS,
            brag="blue" if number == 3 else "green",
            due_on=datetime.date(2027, 6, 30),
        )
    measure = Measure.objects.create(
        local_authority=local_authority,
        reference="CIN-03",
        name="Re-referrals within 12 months",
        unit=Unit.PERCENTAGE,
        direction=Direction.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        tolerance=Decimal("2"),
    )
    measure.sections.add(oversight)
    measure.expected_outcomes.add(oversight.expected_outcomes.get())
    Target.objects.create(
        measure=measure, value=Decimal("20"), applies_from=datetime.date(2024, 1, 1)
    )
    for index, day in enumerate(month_ends(datetime.date(2024, 11, 1), 24)):
        MeasureValue.objects.create(
            measure=measure,
            period_end=day,
            value=Decimal("26") - Decimal(index) / 4,
            england=Decimal("21.4"),
        )
    audit = Audit.objects.create(
        local_authority=local_authority,
        plan=plan,
        kind=Audit.Kind.CASE_FILE_AUDIT,
        title="Supervision audit",
        carried_out_on=datetime.date(2026, 5, 12),
        good_count=8,
        requires_improvement_count=2,
    )
    finding = Finding.objects.create(
        audit=audit, number=1, kind=Finding.Kind.STRENGTH, text=FINDING
    )
    finding.confirms_actions.add(done)
    Evidence.objects.create(
        local_authority=local_authority,
        kind=Evidence.Kind.NOTE,
        title=EVIDENCE,
        dated_on=datetime.date(2026, 5, 20),
        audit=audit,
        note="Eight of ten files good.",
        added_by_name="Jo Bloggs",
    )
    return PackWorld(
        plan=plan,
        inspection=inspection,
        supervision=supervision,
        unanswered=unanswered,
        workforce=workforce,
        practice=practice,
        oversight=oversight,
        recruitment=recruitment,
        measure=measure,
        done=done,
    )
