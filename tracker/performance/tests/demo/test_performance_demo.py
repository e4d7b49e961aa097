"""The impact demo: the scorecard a children's services department really keeps, audits with
grades, evidence and verifications, the gaps left on purpose for the coverage page, and nothing
duplicated when loaded twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings
from django.utils import timezone

from tracker.accounts.tests.factories import LocalAuthorityFactory
from tracker.performance.demo import PerformanceDemoSummary, load_performance_demo
from tracker.performance.demo.loader import last_month_end
from tracker.performance.models import (
    Audit,
    Evidence,
    Finding,
    Frequency,
    Measure,
    MeasureValue,
    Target,
    Verification,
)
from tracker.performance.rules import (
    Rag,
    latest_expected_period_end,
    rag_against_target,
    target_for_period,
)
from tracker.plans.demo import DemoSummary, load_demo_data
from tracker.plans.models import COMPLETE_STATUSES, Action, DeliveryStatus, ExpectedOutcome

PASSWORD = "demo-password-for-tests"
NAMED_MEASURES = {
    "Re-referrals within 12 months",
    "Child protection plans starting for a second or subsequent time",
    "Assessments completed within 45 working days",
    "Children in care with three or more placements in the year",
    "Care leavers in education, employment or training",
    "Social worker turnover",
    "Social worker vacancy rate",
    "Average caseload of children's social workers",
    "Visits to children in care on time",
    "Rate of children in need",
}

pytestmark = pytest.mark.django_db


@dataclass
class Loaded:
    seed: DemoSummary
    summary: PerformanceDemoSummary
    again: PerformanceDemoSummary
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]
    command_output: str


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Measure, Target, MeasureValue, Audit, Finding, Evidence, Verification)
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed demo and the impact demo, loaded once for the module (and loaded again, to
    show nothing is duplicated) in a transaction rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        seed = load_demo_data(password=PASSWORD)
        summary = load_performance_demo(local_authority=seed.local_authority)
        first = _counts()
        again = load_performance_demo(local_authority=seed.local_authority)
        second = _counts()
        output = StringIO()
        call_command("load_performance_demo", stdout=output)
        yield Loaded(seed, summary, again, first, second, output.getvalue())
        transaction.set_rollback(True)


def _latest_values(measure: Measure) -> list[MeasureValue]:
    """The values in force, one per period, oldest first."""
    return sorted(
        (value for value in measure.values.all() if not hasattr(value, "correction")),
        key=lambda value: value.period_end,
    )


def test_performance_demo_creates_the_scorecards_named_measures(loaded):
    names = set(Measure.objects.values_list("name", flat=True))

    assert loaded.summary.created is True
    assert names >= NAMED_MEASURES
    rate = Measure.objects.get(name="Rate of children in need")
    assert rate.unit == "rate_per_10000"
    assert Measure.objects.get(name="Social worker turnover").frequency == Frequency.QUARTERLY
    assert Measure.objects.filter(frequency=Frequency.ANNUAL).exists()
    assert all(measure.definition and measure.source for measure in Measure.objects.all())


def test_performance_demo_gives_monthly_measures_two_years_of_values_to_last_month(loaded):
    today = timezone.localdate()
    complete = Measure.objects.filter(frequency=Frequency.MONTHLY).exclude(reference="FD-04")

    assert complete.count() >= 10
    for measure in complete:
        periods = {value.period_end for value in measure.values.all()}
        assert len(periods) == 24, measure.reference
        assert max(periods) == last_month_end(today)


def test_performance_demo_gives_every_measure_a_target_and_some_a_new_one(loaded):
    targets = Measure.objects.annotate(count=Count("targets"))

    assert not targets.filter(count=0).exists()
    assert targets.filter(count__gte=2).exists()


def test_performance_demo_publishes_comparators_on_the_national_measures(loaded):
    re_referrals = Measure.objects.get(reference="FD-02")

    for value in re_referrals.values.all():
        assert value.england is not None
        assert value.statistical_neighbours is not None
        assert value.region is not None
    # The England average moves on when the next year's figures are published.
    assert re_referrals.values.values("england").distinct().count() == 2


def test_performance_demo_keeps_a_corrected_value_with_its_original(loaded):
    correction = MeasureValue.objects.get(corrects__isnull=False)

    assert correction.period_end == correction.corrects.period_end
    assert correction.value != correction.corrects.value
    assert correction.evidence.exists()


def test_performance_demo_links_measures_to_outcomes_sections_and_themes(loaded):
    plans = (loaded.seed.action_plan, loaded.seed.statement_of_action)

    assert all(measure.sections.exists() for measure in Measure.objects.all())
    assert ExpectedOutcome.objects.filter(section__plan__in=plans, measures__isnull=False).exists()
    assert Measure.objects.filter(themes__plan=loaded.seed.improvement_plan).exists()
    assert Measure.objects.filter(themes__plan=loaded.seed.statement_of_action).exists()


def test_performance_demo_case_file_audits_have_grades_that_improve(loaded):
    audits = list(Audit.objects.filter(kind=Audit.Kind.CASE_FILE_AUDIT).order_by("carried_out_on"))

    assert len(audits) == 8
    assert all(audit.graded_count >= 30 for audit in audits)

    def good_share(audit: Audit) -> float:
        return ((audit.outstanding_count or 0) + (audit.good_count or 0)) / audit.graded_count

    assert good_share(audits[-1]) > good_share(audits[0])
    assert all(audit.findings.exists() for audit in audits)
    # The audit measure shows the audits' own grades.
    latest = _latest_values(Measure.objects.get(reference="QA-01"))[-1]
    assert float(latest.value) == pytest.approx(100 * good_share(audits[-1]), abs=0.05)


def test_performance_demo_mock_jtai_has_findings_confirming_actions(loaded):
    mock = Audit.objects.get(kind=Audit.Kind.MOCK_INSPECTION)

    assert mock.plan == loaded.seed.statement_of_action
    assert mock.findings.count() == 5
    assert mock.findings.filter(confirms_actions__isnull=False).exists()
    assert mock.findings.filter(kind=Finding.Kind.AREA_FOR_IMPROVEMENT).exists()
    commissioned = loaded.seed.statement_of_action.actions.get(reference="1.4")
    assert commissioned.status == DeliveryStatus.COMPLETED


def test_performance_demo_turns_a_finding_into_a_plan_action(loaded):
    finding = Finding.objects.get(resulting_action__isnull=False)

    assert finding.resulting_action.plan == loaded.seed.improvement_plan
    assert finding.kind == Finding.Kind.AREA_FOR_IMPROVEMENT


def test_performance_demo_puts_evidence_on_most_completed_actions(loaded):
    completed = Action.objects.filter(
        plan__in=(loaded.seed.action_plan, loaded.seed.statement_of_action),
        status__in=COMPLETE_STATUSES,
    ).annotate(evidence_count=Count("evidence"))
    with_evidence = completed.filter(evidence_count__gt=0).count()

    assert with_evidence >= 0.8 * completed.count()
    kinds = set(Evidence.objects.values_list("kind", flat=True))
    assert kinds == {Evidence.Kind.FILE, Evidence.Kind.LINK, Evidence.Kind.NOTE}


def test_performance_demo_saves_a_pdf_and_a_png_through_the_default_storage(loaded):
    files = {evidence.content_type: evidence for evidence in Evidence.objects.filter(kind="file")}

    assert set(files) == {"application/pdf", "image/png"}
    with default_storage.open(files["application/pdf"].file.name) as stored:
        pdf = stored.read()
    with default_storage.open(files["image/png"].file.name) as stored:
        png = stored.read()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert files["application/pdf"].size == len(pdf)
    assert files["application/pdf"].file_name.endswith(".pdf")
    assert files["application/pdf"].audit is not None


def test_performance_demo_verifies_actions_on_evidence_and_findings(loaded):
    verifications = list(Verification.objects.all())

    assert len(verifications) == 2
    for verification in verifications:
        assert verification.evidence.exists() or verification.findings.exists()
        assert verification.findings.exists()
        action = verification.action
        assert action.status == DeliveryStatus.VERIFIED
        assert action.latest_update.status == DeliveryStatus.VERIFIED
        assert action.latest_update.recorded_on == verification.decided_on
        assert verification.decided_by.username == "lead"


# The gaps left on purpose -------------------------------------------------------------------------


def test_performance_demo_leaves_outcomes_no_measure_shows(loaded):
    unmeasured = ExpectedOutcome.objects.filter(
        section__plan=loaded.seed.action_plan, measures__isnull=True
    )

    assert unmeasured.exists()


def test_performance_demo_leaves_a_measure_without_its_latest_value(loaded):
    today = timezone.localdate()
    late = [
        measure
        for measure in Measure.objects.all()
        if max(value.period_end for value in measure.values.all())
        < latest_expected_period_end(frequency=measure.frequency, today=today)
    ]

    assert [measure.reference for measure in late] == ["FD-04"]
    assert late[0].expected_outcomes.exists()


def test_performance_demo_leaves_measures_off_target(loaded):
    ratings = {}
    for measure in Measure.objects.prefetch_related("targets", "values"):
        latest = _latest_values(measure)[-1]
        target = target_for_period(
            [(target.applies_from, target.value) for target in measure.targets.all()],
            period_end=latest.period_end,
        )
        ratings[measure.reference] = rag_against_target(
            value=latest.value,
            target=target,
            tolerance=measure.tolerance,
            direction=measure.direction,
        )

    assert ratings["CP-01"] == Rag.RED
    assert ratings["WF-02"] == Rag.RED
    assert Rag.GREEN in ratings.values()
    assert Rag.AMBER in ratings.values()


def test_performance_demo_leaves_completed_actions_without_evidence(loaded):
    bare = loaded.seed.action_plan.actions.filter(
        status__in=COMPLETE_STATUSES, evidence__isnull=True, confirming_findings__isnull=True
    )

    assert {"7.1", "10.2"} <= set(bare.values_list("reference", flat=True))


def test_performance_demo_leaves_an_action_verified_with_nothing_behind_it(loaded):
    action = loaded.seed.action_plan.actions.get(reference="7.3")

    assert action.status == DeliveryStatus.VERIFIED
    assert not action.verifications.exists()
    assert not action.evidence.exists()
    assert not action.confirming_findings.exists()


def test_performance_demo_leaves_a_recommendation_no_action_answers(loaded):
    plan = loaded.seed.improvement_plan
    unanswered = (
        loaded.seed.inspection_2022.recommendations.annotate(
            actions=Count("sections__actions", filter=Q(sections__plan=plan))
        )
        .filter(actions=0)
        .exclude(linked_actions__plan=plan)
    )

    assert unanswered.exists()


# Loading again, and refusals ----------------------------------------------------------------------


def test_performance_demo_loaded_twice_adds_nothing(loaded):
    assert loaded.again.created is False
    assert loaded.counts_after_second == loaded.counts_after_first
    assert loaded.again.values == loaded.summary.values
    assert "already loaded: nothing added" in loaded.command_output


def test_performance_demo_dates_values_when_they_were_recorded(loaded):
    oldest = MeasureValue.objects.order_by("period_end").first()

    assert oldest.created_at.date() > oldest.period_end
    assert oldest.created_at.date() < oldest.period_end + datetime.timedelta(days=40)
    assert oldest.history.first().history_date == oldest.created_at


def test_performance_demo_is_refused_without_the_seed_demo():
    local_authority = LocalAuthorityFactory(name="Elsewhere Borough Council")

    with pytest.raises(ValidationError, match="Load the demo plans first"):
        load_performance_demo(local_authority=local_authority)
    assert not Measure.objects.filter(local_authority=local_authority).exists()
