"""A small plan built by hand, with one or more of every kind of coverage gap, for the
coverage tests. "Today" is 6 December 2026, when October's monthly value and the quarter to
30 September are the last ones due."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tracker.inspections.models import Recommendation
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.performance.models import (
    Audit,
    Evidence,
    Finding,
    Measure,
    MeasureValue,
    Target,
    Verification,
)
from tracker.plans.models import DeliveryStatus, ExpectedOutcome
from tracker.plans.tests.factories import ActionFactory, PlanFactory, SectionFactory, ThemeFactory

TODAY = datetime.date(2026, 12, 6)


def note(*, local_authority, title, **target):
    return Evidence.objects.create(
        local_authority=local_authority,
        kind=Evidence.Kind.NOTE,
        title=title,
        dated_on=datetime.date(2026, 11, 1),
        note="Seen by the improvement lead",
        **target,
    )


@pytest.fixture
def small_plan(local_authority, improvement_lead):
    """Recommendations 1 and 2 and area for priority action 1 (and an area for improvement
    the plan need not answer); three sections; five actions; two outcomes; three measures.

    Gaps: recommendation 2 (its section has no actions); action 2.1 (section 2 has no
    outcomes); outcome 2 (only a retired measure shows it); measure CIN-02 (no value for the
    quarter to 30 September); measure CIN-01 (October corrected to 70 against 80, tolerance 2:
    red); actions 1.3 and 1.4 completed with nothing behind them; action 1.4 verified on
    evidence since withdrawn.
    """
    la = local_authority
    inspection = InspectionFactory(local_authority=la)
    rec1 = RecommendationFactory(inspection=inspection, number=1, text="Improve audit.")
    rec2 = RecommendationFactory(inspection=inspection, number=2, text="Improve supervision.")
    apa1 = RecommendationFactory(
        inspection=inspection,
        number=1,
        kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
        text="Act on neglect.",
    )
    afi = RecommendationFactory(
        inspection=inspection,
        number=1,
        kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT,
        text="Not followed.",
    )
    plan = PlanFactory(local_authority=la, title="Ofsted action plan")
    plan.inspections.add(inspection)
    quality = ThemeFactory(plan=plan, name="Quality assurance", position=1)
    workforce = ThemeFactory(plan=plan, name="Workforce", position=2)
    s1 = SectionFactory(plan=plan, number=1, title="Audit", theme=quality)
    s1.recommendations.add(rec1)
    s2 = SectionFactory(plan=plan, number=2, title="Neglect", theme=workforce)
    s2.recommendations.add(apa1)
    s3 = SectionFactory(plan=plan, number=3, title="Supervision", theme=workforce)
    s3.recommendations.add(rec2)
    o1 = ExpectedOutcome.objects.create(section=s1, text="Audits show better practice", position=1)
    o2 = ExpectedOutcome.objects.create(section=s1, text="Learning is shared", position=2)

    def action(section, reference, status, position):
        return ActionFactory(
            section=section,
            plan=plan,
            reference=reference,
            description=f"Action {reference}",
            status=status,
            position=position,
        )

    a11 = action(s1, "1.1", DeliveryStatus.COMPLETED, 1)
    a12 = action(s1, "1.2", DeliveryStatus.IN_PROGRESS, 2)
    a13 = action(s1, "1.3", DeliveryStatus.COMPLETED, 3)
    a14 = action(s1, "1.4", DeliveryStatus.VERIFIED, 4)
    a21 = action(s2, "2.1", DeliveryStatus.IN_PROGRESS, 1)

    e11 = note(local_authority=la, title="Audit report", action=a11)
    withdrawn = note(local_authority=la, title="Old audit report", action=a14)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.withdrawal_reason = "Wrong file"
    withdrawn.save()
    outcome_note = note(local_authority=la, title="Learning event notes", expected_outcome=o1)
    verification = Verification.objects.create(
        action=a14,
        decided_by=improvement_lead,
        decided_by_name="Lead",
        decided_on=datetime.date(2026, 11, 20),
        rationale="Embedded",
    )
    verification.evidence.add(withdrawn)

    audit = Audit.objects.create(
        local_authority=la,
        plan=plan,
        kind=Audit.Kind.CASE_FILE_AUDIT,
        title="November case file audit",
        carried_out_on=datetime.date(2026, 11, 15),
    )
    audit.sections.add(s1)
    theme_audit = Audit.objects.create(
        local_authority=la,
        kind=Audit.Kind.PEER_REVIEW,
        title="Workforce peer review",
        carried_out_on=datetime.date(2026, 10, 1),
    )
    theme_audit.themes.add(workforce)
    finding = Finding.objects.create(
        audit=audit, number=1, kind=Finding.Kind.STRENGTH, text="Plans are clearer"
    )
    finding.confirms_actions.add(a12)

    m1 = Measure.objects.create(
        local_authority=la,
        reference="CIN-01",
        name="Audits graded good or better",
        unit="percentage",
        direction="higher",
        frequency="monthly",
        tolerance=Decimal("2"),
    )
    m1.expected_outcomes.add(o1)
    Target.objects.create(measure=m1, value=Decimal("80"), applies_from=datetime.date(2026, 4, 1))
    september = MeasureValue.objects.create(
        measure=m1, period_end=datetime.date(2026, 9, 30), value=Decimal("81")
    )
    original = MeasureValue.objects.create(
        measure=m1, period_end=datetime.date(2026, 10, 31), value=Decimal("85")
    )
    corrected = MeasureValue.objects.create(
        measure=m1, period_end=datetime.date(2026, 10, 31), value=Decimal("70"), corrects=original
    )
    value_note = note(local_authority=la, title="Audit tracker", measure_value=corrected)
    m2 = Measure.objects.create(
        local_authority=la,
        reference="CIN-02",
        name="Supervision within 4 weeks",
        unit="percentage",
        direction="higher",
        frequency="quarterly",
    )
    m2.sections.add(s1)
    m3 = Measure.objects.create(
        local_authority=la,
        reference="OLD-01",
        name="Retired measure",
        unit="number",
        direction="lower",
        frequency="monthly",
        retired_on=datetime.date(2026, 6, 30),
    )
    m3.expected_outcomes.add(o2)
    return SimpleNamespace(
        plan=plan,
        inspection=inspection,
        rec1=rec1,
        rec2=rec2,
        apa1=apa1,
        afi=afi,
        quality=quality,
        workforce=workforce,
        s1=s1,
        s2=s2,
        s3=s3,
        o1=o1,
        o2=o2,
        a11=a11,
        a12=a12,
        a13=a13,
        a14=a14,
        a21=a21,
        e11=e11,
        withdrawn=withdrawn,
        outcome_note=outcome_note,
        value_note=value_note,
        verification=verification,
        audit=audit,
        theme_audit=theme_audit,
        finding=finding,
        m1=m1,
        m2=m2,
        m3=m3,
        september=september,
        original=original,
        corrected=corrected,
    )
