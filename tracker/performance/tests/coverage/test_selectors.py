"""The traceability tree and its gaps, on a small plan built by hand, and the fixed number of
queries at 10 and 400 actions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tracker.performance.coverage.rules import GapKind
from tracker.performance.coverage.selectors import (
    CoverageFilters,
    coverage_filter,
    coverage_summaries_for_plans,
    plan_coverage,
)
from tracker.performance.models import Evidence, Measure, MeasureValue, Verification
from tracker.performance.tests.coverage.conftest import TODAY
from tracker.plans.models import Action, DeliveryStatus, ExpectedOutcome
from tracker.plans.tests.bulk import build_plan
from tracker.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def _ids(coverage, kind):
    return [gap.object_id for gap in coverage.gaps_of(kind)]


def test_plan_coverage_finds_every_gap_of_the_small_plan(small_plan):
    p = small_plan
    coverage = plan_coverage(plan=p.plan, today=TODAY)

    assert _ids(coverage, GapKind.RECOMMENDATION_UNANSWERED) == [p.rec2.pk]
    assert _ids(coverage, GapKind.ACTION_WITHOUT_OUTCOME) == [p.a21.pk]
    assert _ids(coverage, GapKind.OUTCOME_WITHOUT_MEASURE) == [p.o2.pk]
    assert _ids(coverage, GapKind.MEASURE_VALUE_MISSING) == [p.m2.pk]
    assert _ids(coverage, GapKind.MEASURE_OFF_TARGET) == [p.m1.pk]
    assert _ids(coverage, GapKind.COMPLETED_WITHOUT_EVIDENCE) == [p.a13.pk, p.a14.pk]
    assert _ids(coverage, GapKind.VERIFIED_WITHOUT_BACKING) == [p.a14.pk]
    assert coverage.gap_count == 8


def test_plan_coverage_totals_count_out_of_what_could_have_the_gap(small_plan):
    coverage = plan_coverage(plan=small_plan.plan, today=TODAY)

    totals = {t.kind: (t.count, t.of, t.percent) for t in coverage.totals}
    assert totals == {
        GapKind.RECOMMENDATION_UNANSWERED: (1, 3, 33),
        GapKind.ACTION_WITHOUT_OUTCOME: (1, 5, 20),
        GapKind.OUTCOME_WITHOUT_MEASURE: (1, 2, 50),
        GapKind.MEASURE_VALUE_MISSING: (1, 2, 50),
        GapKind.MEASURE_OFF_TARGET: (1, 2, 50),
        GapKind.COMPLETED_WITHOUT_EVIDENCE: (2, 3, 67),
        GapKind.VERIFIED_WITHOUT_BACKING: (1, 1, 100),
    }


def test_plan_coverage_tree_follows_recommendations_to_evidence_and_audits(small_plan):
    p = small_plan
    coverage = plan_coverage(plan=p.plan, today=TODAY)

    # The area for improvement is not followed; the rest in the inspection's order.
    assert [r.reference for r in coverage.recommendations] == [
        "Area for priority action 1",
        "Recommendation 1",
        "Recommendation 2",
    ]
    rec1 = next(r for r in coverage.recommendations if r.id == p.rec1.pk)
    assert rec1.gaps == []
    [section] = rec1.sections
    assert section.number == 1
    assert section.theme_name == "Quality assurance"
    assert [a.reference for a in section.actions] == ["1.1", "1.2", "1.3", "1.4"]
    a11, a12, _, a14 = section.actions
    assert [e.title for e in a11.evidence] == ["Audit report"]
    assert [f.text for f in a12.findings] == ["Plans are clearer"]
    # The withdrawn evidence is not shown and does not back the verification.
    assert a14.evidence == []
    assert [v.backing_count for v in a14.verifications] == [0]
    assert a14.gaps == [GapKind.COMPLETED_WITHOUT_EVIDENCE, GapKind.VERIFIED_WITHOUT_BACKING]
    assert [a.title for a in section.audits] == ["November case file audit"]

    o1, o2 = section.outcomes
    assert o1.reference == "Section 1, outcome 1"
    assert [e.title for e in o1.evidence] == ["Learning event notes"]
    [m1] = o1.measures
    assert m1.reference == "CIN-01"
    # The correction is the value in force for October.
    assert m1.latest is not None
    assert m1.latest.value == Decimal("70")
    assert m1.latest.period_label == "October 2026"
    assert m1.latest.target == Decimal("80")
    assert m1.latest.rag_word == "Red"
    assert [e.title for e in m1.latest.evidence] == ["Audit tracker"]
    assert [m.reference for m in o2.measures] == ["OLD-01"]
    assert o2.gaps == [GapKind.OUTCOME_WITHOUT_MEASURE]
    assert [m.reference for m in section.measures] == ["CIN-02"]
    assert section.measures[0].latest is None
    assert section.measures[0].expected_period_label == "Quarter to 30 September 2026"

    apa = coverage.recommendations[0]
    assert [a.title for a in apa.sections[0].audits] == ["Workforce peer review"]
    rec2 = coverage.recommendations[2]
    assert rec2.gaps == [GapKind.RECOMMENDATION_UNANSWERED]
    assert [s.number for s in rec2.sections] == [3]
    assert rec2.sections[0].actions == []
    assert coverage.unlinked_sections == []
    assert [m.reference for m in coverage.measures] == ["CIN-01", "CIN-02", "OLD-01"]


def test_gaps_link_to_where_they_can_be_fixed(small_plan):
    p = small_plan
    coverage = plan_coverage(plan=p.plan, today=TODAY)
    url = {gap.kind: gap.url for gap in reversed(coverage.gaps)}  # the first of each kind

    assert url[GapKind.RECOMMENDATION_UNANSWERED] == (
        f"/plans/{p.plan.pk}/actions/new/?section={p.s3.pk}"
    )
    assert url[GapKind.ACTION_WITHOUT_OUTCOME] == f"/plans/{p.plan.pk}/sections/{p.s2.pk}/edit/"
    assert url[GapKind.COMPLETED_WITHOUT_EVIDENCE] == p.a13.get_absolute_url()
    assert url[GapKind.VERIFIED_WITHOUT_BACKING] == p.a14.get_absolute_url()
    assert all(gap.url for gap in coverage.gaps)


def test_recommendation_answered_by_a_linked_action_of_another_section(small_plan):
    p = small_plan
    p.a21.linked_recommendations.add(p.rec2)

    coverage = plan_coverage(plan=p.plan, today=TODAY)

    assert _ids(coverage, GapKind.RECOMMENDATION_UNANSWERED) == []
    rec2 = next(r for r in coverage.recommendations if r.id == p.rec2.pk)
    assert [a.reference for a in rec2.linked_actions] == ["2.1"]


def test_recommendation_with_no_section_is_unanswered_and_links_to_adding_a_section(small_plan):
    p = small_plan
    p.s3.recommendations.clear()

    coverage = plan_coverage(plan=p.plan, today=TODAY)

    [gap] = coverage.gaps_of(GapKind.RECOMMENDATION_UNANSWERED)
    assert gap.object_id == p.rec2.pk
    assert gap.url == f"/plans/{p.plan.pk}/sections/new/"
    assert [s.number for s in coverage.unlinked_sections] == [3]


def test_gaps_close_when_the_missing_links_are_made(small_plan, improvement_lead):
    p = small_plan
    p.m2.expected_outcomes.add(
        ExpectedOutcome.objects.create(section=p.s2, text="Fewer children on plans for neglect"),
        ExpectedOutcome.objects.create(section=p.s3, text="Supervision is regular"),
    )
    Action.objects.create(plan=p.plan, section=p.s3, reference="3.1", description="Supervise")
    p.m2.expected_outcomes.add(p.o2)
    MeasureValue.objects.create(
        measure=p.m2, period_end=datetime.date(2026, 9, 30), value=Decimal("90")
    )
    MeasureValue.objects.create(
        measure=p.m1,
        period_end=datetime.date(2026, 10, 31),
        value=Decimal("79"),
        corrects=p.corrected,
    )
    p.finding.confirms_actions.add(p.a13)
    fresh = Evidence.objects.create(
        local_authority=p.plan.local_authority,
        kind=Evidence.Kind.LINK,
        title="Embedding review",
        dated_on=datetime.date(2026, 11, 30),
        url="https://example.org/review",
        action=p.a14,
    )
    verification = Verification.objects.create(
        action=p.a14,
        decided_by=improvement_lead,
        decided_on=datetime.date(2026, 12, 1),
        rationale="Seen in practice",
    )
    verification.evidence.add(fresh)

    coverage = plan_coverage(plan=p.plan, today=TODAY)

    assert coverage.gaps == []
    # Action 2.1 now has an outcome and section 3's new action answers recommendation 2;
    # outcome 2 is shown by CIN-02; October's value (79) is amber, not off target.
    assert coverage.summary.gap_count == 0


def test_measure_of_another_authority_linked_by_mistake_is_not_followed(
    small_plan, other_local_authority
):
    foreign = Measure.objects.create(
        local_authority=other_local_authority,
        reference="X-1",
        name="Elsewhere",
        unit="number",
        direction="lower",
        frequency="monthly",
    )
    foreign.expected_outcomes.add(small_plan.o2)

    coverage = plan_coverage(plan=small_plan.plan, today=TODAY)

    assert "X-1" not in [m.reference for m in coverage.measures]


def test_empty_plan_has_no_gaps_and_no_division_by_zero(local_authority):
    plan = PlanFactory(local_authority=local_authority)

    coverage = plan_coverage(plan=plan, today=TODAY)

    assert coverage.gaps == []
    assert [t.percent for t in coverage.totals] == [0] * 7


def test_coverage_filter_by_kind_theme_and_recommendation(small_plan):
    p = small_plan
    coverage = plan_coverage(plan=p.plan, today=TODAY)

    by_kind = coverage_filter(
        coverage, filters=CoverageFilters(kind=GapKind.COMPLETED_WITHOUT_EVIDENCE)
    )
    assert [g.reference for g in by_kind.gaps] == ["1.3", "1.4"]

    by_theme = coverage_filter(coverage, filters=CoverageFilters(theme_id=p.workforce.pk))
    assert [g.reference for g in by_theme.gaps] == ["Recommendation 2", "2.1"]
    assert [r.reference for r in by_theme.recommendations] == [
        "Area for priority action 1",
        "Recommendation 2",
    ]

    by_recommendation = coverage_filter(
        coverage, filters=CoverageFilters(recommendation_id=p.rec1.pk)
    )
    assert {g.reference for g in by_recommendation.gaps} == {
        "1.3",
        "1.4",
        "Section 1, outcome 2",
        "CIN-01",
        "CIN-02",
    }
    assert [r.id for r in by_recommendation.recommendations] == [p.rec1.pk]


def test_coverage_summaries_for_plans_gives_each_plan_its_counts(small_plan, local_authority):
    empty = PlanFactory(local_authority=local_authority)

    summaries = coverage_summaries_for_plans(plans=[small_plan.plan, empty], today=TODAY)

    assert summaries[small_plan.plan.pk].gap_count == 8
    assert summaries[empty.pk].gap_count == 0
    assert coverage_summaries_for_plans(plans=[], today=TODAY) == {}


def _with_impact(plan, *, local_authority, user):
    """Outcomes on every section, a measure with values on each, evidence on half the
    completed actions, and a verification on each verified one."""
    sections = list(plan.sections.all())
    outcomes = ExpectedOutcome.objects.bulk_create(
        ExpectedOutcome(section=s, text=f"Outcome {s.number}") for s in sections
    )
    actions = list(plan.actions.all())
    for n, action in enumerate(actions):
        action.status = [DeliveryStatus.COMPLETED, DeliveryStatus.VERIFIED, "in_progress"][n % 3]
    Action.objects.bulk_update(actions, ["status"])
    for n, outcome in enumerate(outcomes):
        measure = Measure.objects.create(
            local_authority=local_authority,
            reference=f"M-{plan.pk}-{n}",
            name=f"Measure {n}",
            unit="number",
            direction="lower",
            frequency="monthly",
        )
        measure.expected_outcomes.add(outcome)
        measure.sections.add(outcome.section)
        MeasureValue.objects.bulk_create(
            MeasureValue(measure=measure, period_end=datetime.date(2026, m, 28), value=m)
            for m in range(1, 11)
        )
    Evidence.objects.bulk_create(
        Evidence(
            local_authority=local_authority,
            kind=Evidence.Kind.NOTE,
            title=f"Note {a.reference}",
            dated_on=TODAY,
            note="Done",
            action=a,
        )
        for a in actions[::2]
    )
    for action in actions[1::3]:
        Verification.objects.create(
            action=action, decided_by=user, decided_on=TODAY, rationale="Embedded"
        )


@pytest.mark.parametrize("size", [10, 400])
def test_plan_coverage_queries_do_not_grow_with_plan_size(
    improvement_lead, django_assert_max_num_queries, size
):
    la = improvement_lead.local_authority
    plan = build_plan(local_authority=la, actions=size, owner=improvement_lead)
    _with_impact(plan, local_authority=la, user=improvement_lead)

    with django_assert_max_num_queries(19):
        coverage = plan_coverage(plan=plan, today=TODAY)

    assert sum(len(s.actions) for s in coverage.sections) == size
    assert coverage.gaps_of(GapKind.COMPLETED_WITHOUT_EVIDENCE)


@pytest.mark.parametrize("size", [10, 400])
def test_coverage_summaries_queries_do_not_grow_with_plans_or_actions(
    improvement_lead, django_assert_max_num_queries, size
):
    la = improvement_lead.local_authority
    plans = [
        build_plan(local_authority=la, actions=size + n, owner=improvement_lead) for n in (0, 1, 2)
    ]
    for plan in plans:
        _with_impact(plan, local_authority=la, user=improvement_lead)

    with django_assert_max_num_queries(17):
        summaries = coverage_summaries_for_plans(plans=plans, today=TODAY)

    assert set(summaries) == {plan.pk for plan in plans}
