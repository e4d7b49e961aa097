"""Deterministic synthetic impact data for benchmarks: measures with values, targets and
comparators, evidence, audits with findings, and verifications, in proportion to the size of a
synthetic authority's plan (`tracker.plans.demo.synthetic`).

Bulk test data, not a service: rows go in with `bulk_create` in batches, without history rows.
Run after the plan generator, on the same authority. About one measure for every ten actions
(40 at tier L, 200 at X), each with two years of monthly values; evidence on about 70% of the
completed actions; a case file audit every quarter and a thematic audit for every ten sections,
with findings confirming completed actions; and a verification for most actions recorded as
verified as embedded. The gaps a real plan has are left in the same proportions: outcomes no
measure shows, measures missing their latest value, completed actions without evidence, and
verified actions with nothing behind them.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, User
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
    Verification,
)
from tracker.performance.rules import previous_period_end
from tracker.plans.models import COMPLETE_STATUSES, Action, DeliveryStatus, Plan, Section

_T = TypeVar("_T")

BATCH_SIZE = 2_000
ACTIONS_PER_MEASURE = 10
MONTHS = 24
QUARTERS = 8
SECTIONS_PER_THEMATIC_AUDIT = 10
EVIDENCE_SHARE = 0.7
MISSING_LATEST_SHARE = 0.1
UNVERIFIED_SHARE = 0.1

MEASURE_NAMES = (
    ("Re-referrals within 12 months", Unit.PERCENTAGE, Direction.LOWER_IS_BETTER, 22.0),
    (
        "Assessments completed within 45 working days",
        Unit.PERCENTAGE,
        Direction.HIGHER_IS_BETTER,
        85,
    ),
    (
        "Child protection plans starting for a second or subsequent time",
        Unit.PERCENTAGE,
        Direction.LOWER_IS_BETTER,
        20,
    ),
    (
        "Children in care with three or more placements in the year",
        Unit.PERCENTAGE,
        Direction.LOWER_IS_BETTER,
        10,
    ),
    (
        "Care leavers in education, employment or training",
        Unit.PERCENTAGE,
        Direction.HIGHER_IS_BETTER,
        60,
    ),
    ("Social worker vacancy rate", Unit.PERCENTAGE, Direction.LOWER_IS_BETTER, 12),
    ("Average caseload of children's social workers", Unit.NUMBER, Direction.LOWER_IS_BETTER, 16),
    ("Visits to children in care on time", Unit.PERCENTAGE, Direction.HIGHER_IS_BETTER, 95),
    ("Rate of children in need", Unit.RATE_PER_10000, Direction.LOWER_IS_BETTER, 350),
    ("Days from care order to placement with adopters", Unit.DAYS, Direction.LOWER_IS_BETTER, 426),
)
EVIDENCE_NOTES = (
    "Signed off at the improvement board; minutes on the evidence page.",
    "Dip sample of ten files confirmed the change is in place.",
    "Team managers confirmed the new process at the practice forum.",
)
FINDINGS = (
    "Plans are clear and parents understand what is expected of them.",
    "Management oversight is recorded but the reasons for decisions are not always clear.",
    "Children's wishes and feelings inform their plans.",
)


@dataclasses.dataclass(frozen=True)
class ImpactSummary:
    """What a run made."""

    measures: int
    values: int
    evidence: int
    audits: int
    findings: int
    verifications: int


def _batched(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _month_ends(today: datetime.date, count: int) -> list[datetime.date]:
    day = today.replace(day=1) - datetime.timedelta(days=1)
    ends = [day]
    while len(ends) < count:
        ends.append(previous_period_end(frequency=Frequency.MONTHLY, period_end=ends[-1]))
    return ends[::-1]


def _quarter_ends(today: datetime.date, count: int) -> list[datetime.date]:
    day = today.replace(day=1) - datetime.timedelta(days=1)
    while day.month not in (3, 6, 9, 12):
        day = day.replace(day=1) - datetime.timedelta(days=1)
    ends = [day]
    while len(ends) < count:
        ends.append(previous_period_end(frequency=Frequency.QUARTERLY, period_end=ends[-1]))
    return ends[::-1]


def generate_impact(
    *, local_authority: LocalAuthority, seed: int = 0, today: datetime.date | None = None
) -> ImpactSummary:
    """Add measures, values, evidence, audits and verifications to a synthetic authority's plan,
    in proportion to its size. Same seed and today, same rows (ids and timestamps apart)."""
    today = today or timezone.localdate()
    rng = random.Random(seed * 7_919 + 10)  # noqa: S311 (repeatable test data, not secrets)
    plan = Plan.objects.get(local_authority=local_authority)
    lead = (
        User.objects.filter(local_authority=local_authority, role=User.Role.IMPROVEMENT_LEAD)
        .order_by("pk")
        .first()
    )
    with transaction.atomic():
        sections = list(plan.sections.order_by("number"))
        outcomes_by_section: dict[int, list[int]] = {}
        for section_id, outcome_id in (
            plan.sections.order_by("number", "expected_outcomes__position")
            .values_list("pk", "expected_outcomes")
            .iterator()
        ):
            if outcome_id is not None:
                outcomes_by_section.setdefault(section_id, []).append(outcome_id)
        actions = list(
            Action.objects.filter(plan=plan)
            .order_by("pk")
            .values_list("pk", "section_id", "status", "section__theme_id")
        )
        measures = _measures(
            rng,
            local_authority=local_authority,
            sections=sections,
            outcomes_by_section=outcomes_by_section,
            count=max(10, len(actions) // ACTIONS_PER_MEASURE),
        )
        values = _values(rng, measures=measures, today=today)
        complete = [row for row in actions if row[2] in COMPLETE_STATUSES]
        evidence = _evidence(
            rng, local_authority=local_authority, complete=complete, lead=lead, today=today
        )
        audits, findings = _audits(
            rng,
            local_authority=local_authority,
            plan=plan,
            sections=sections,
            complete=complete,
            lead=lead,
            today=today,
        )
        verifications = _verifications(
            rng,
            actions=[row for row in actions if row[2] == DeliveryStatus.VERIFIED],
            evidence=evidence,
            findings=findings,
            lead=lead,
            today=today,
        )
    return ImpactSummary(
        measures=len(measures),
        values=values,
        evidence=len(evidence),
        audits=len(audits),
        findings=len(findings),
        verifications=verifications,
    )


def _measures(
    rng: random.Random,
    *,
    local_authority: LocalAuthority,
    sections: Sequence[Section],
    outcomes_by_section: dict[int, list[int]],
    count: int,
) -> list[Measure]:
    rows = []
    for index in range(count):
        name, unit, direction, target = MEASURE_NAMES[index % len(MEASURE_NAMES)]
        rows.append(
            Measure(
                local_authority=local_authority,
                reference=f"M-{index + 1:03d}",
                name=name if index < len(MEASURE_NAMES) else f"{name} ({index // 10 + 1})",
                definition="As the monthly performance pack defines it.",
                unit=unit,
                direction=direction,
                frequency=Frequency.QUARTERLY if index % 8 == 7 else Frequency.MONTHLY,
                source="Case management system",
                tolerance=Decimal(str(round(target * 0.05, 1))),
            )
        )
    measures = Measure.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    section_links, theme_links, outcome_links = [], [], []
    for index, measure in enumerate(measures):
        section = sections[index * len(sections) // len(measures)]
        section_links.append(Measure.sections.through(measure_id=measure.pk, section_id=section.pk))
        if section.theme_id:
            theme_links.append(
                Measure.themes.through(measure_id=measure.pk, theme_id=section.theme_id)
            )
        outcomes = outcomes_by_section.get(section.pk, [])
        # One outcome of each section is shown; the others are left unmeasured, as in life.
        if outcomes:
            outcome_links.append(
                Measure.expected_outcomes.through(
                    measure_id=measure.pk, expectedoutcome_id=rng.choice(outcomes)
                )
            )
    Measure.sections.through.objects.bulk_create(section_links, batch_size=BATCH_SIZE)
    Measure.themes.through.objects.bulk_create(theme_links, batch_size=BATCH_SIZE)
    Measure.expected_outcomes.through.objects.bulk_create(
        outcome_links, batch_size=BATCH_SIZE, ignore_conflicts=True
    )
    return measures


def _values(rng: random.Random, *, measures: Sequence[Measure], today: datetime.date) -> int:
    months = _month_ends(today, MONTHS)
    quarters = _quarter_ends(today, QUARTERS)
    targets, values = [], []
    for measure in measures:
        target = next(row[3] for row in MEASURE_NAMES if measure.name.startswith(row[0]))
        targets.append(Target(measure=measure, value=Decimal(str(target)), applies_from=months[0]))
        ends = quarters if measure.frequency == Frequency.QUARTERLY else months
        if rng.random() < MISSING_LATEST_SHARE:
            ends = ends[:-2]
        level = target * rng.uniform(0.8, 1.2)
        drift = target * rng.uniform(-0.01, 0.01)
        for index, period_end in enumerate(ends):
            figure = level + drift * index + rng.gauss(0, target * 0.02)
            if measure.unit == Unit.PERCENTAGE:
                figure = min(100.0, max(0.0, figure))
            values.append(
                MeasureValue(
                    measure=measure,
                    period_end=period_end,
                    value=Decimal(str(round(figure, 1))),
                    england=Decimal(str(round(target * 1.03, 1))),
                    statistical_neighbours=Decimal(str(round(target * 0.98, 1))),
                    region=Decimal(str(round(target * 1.05, 1))),
                    recorded_by_name="Performance team",
                )
            )
    Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
    for batch in _batched(values, BATCH_SIZE):
        MeasureValue.objects.bulk_create(batch)
    return len(values)


def _evidence(
    rng: random.Random,
    *,
    local_authority: LocalAuthority,
    complete: Sequence[tuple[int, int, str, int | None]],
    lead: User | None,
    today: datetime.date,
) -> list[Evidence]:
    rows = []
    for action_id, _section_id, _status, _theme_id in complete:
        if rng.random() >= EVIDENCE_SHARE:
            continue
        for _ in range(rng.randint(1, 2)):
            is_link = rng.random() < 0.5
            rows.append(
                Evidence(
                    local_authority=local_authority,
                    kind=Evidence.Kind.LINK if is_link else Evidence.Kind.NOTE,
                    title="Evidence folder" if is_link else "Completion signed off",
                    dated_on=today - datetime.timedelta(days=rng.randint(1, 400)),
                    action_id=action_id,
                    url=f"https://intranet.example.org/evidence/{action_id}" if is_link else "",
                    note="" if is_link else rng.choice(EVIDENCE_NOTES),
                    added_by=lead,
                    added_by_name=str(lead) if lead else "",
                )
            )
    return Evidence.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _audits(
    rng: random.Random,
    *,
    local_authority: LocalAuthority,
    plan: Plan,
    sections: Sequence[Section],
    complete: Sequence[tuple[int, int, str, int | None]],
    lead: User | None,
    today: datetime.date,
) -> tuple[list[Audit], list[Finding]]:
    rows = []
    for quarter_end in _quarter_ends(today, QUARTERS):
        good = rng.randint(8, 24)
        rows.append(
            Audit(
                local_authority=local_authority,
                plan=plan,
                kind=Audit.Kind.CASE_FILE_AUDIT,
                title=f"Case file audit, quarter to {quarter_end:%d %B %Y}",
                carried_out_on=quarter_end - datetime.timedelta(days=10),
                lead=lead,
                outstanding_count=rng.randint(0, 3),
                good_count=good,
                requires_improvement_count=36 - good,
                inadequate_count=rng.randint(1, 6),
            )
        )
    rows.extend(
        Audit(
            local_authority=local_authority,
            plan=plan,
            kind=Audit.Kind.THEMATIC_AUDIT,
            title=f"Thematic audit {index + 1}",
            carried_out_on=today - datetime.timedelta(days=rng.randint(30, 700)),
            lead=lead,
        )
        for index in range(max(1, len(sections) // SECTIONS_PER_THEMATIC_AUDIT))
    )
    audits = Audit.objects.bulk_create(rows)
    audit_sections = [
        Audit.sections.through(audit_id=audit.pk, section_id=section.pk)
        for audit in audits
        for section in rng.sample(list(sections), min(3, len(sections)))
    ]
    Audit.sections.through.objects.bulk_create(audit_sections, batch_size=BATCH_SIZE)
    findings = Finding.objects.bulk_create(
        [
            Finding(
                audit=audit,
                number=number,
                kind=rng.choice(Finding.Kind.values),
                text=rng.choice(FINDINGS),
            )
            for audit in audits
            for number in range(1, 4)
        ],
        batch_size=BATCH_SIZE,
    )
    # Each finding confirms a few completed actions: about one in five complete actions.
    complete_ids = [row[0] for row in complete]
    confirms = []
    if complete_ids:
        per_finding = max(1, len(complete_ids) // (5 * len(findings)))
        confirms = [
            Finding.confirms_actions.through(finding_id=finding.pk, action_id=action_id)
            for finding in findings
            for action_id in rng.sample(complete_ids, min(per_finding, len(complete_ids)))
        ]
    Finding.confirms_actions.through.objects.bulk_create(confirms, batch_size=BATCH_SIZE)
    return audits, findings


def _verifications(
    rng: random.Random,
    *,
    actions: Sequence[tuple[int, int, str, int | None]],
    evidence: Sequence[Evidence],
    findings: Sequence[Finding],
    lead: User | None,
    today: datetime.date,
) -> int:
    if lead is None or not actions:
        return 0
    evidence_by_action: dict[int, list[int]] = {}
    for item in evidence:
        evidence_by_action.setdefault(item.action_id or 0, []).append(item.pk)
    chosen = [row for row in actions if rng.random() >= UNVERIFIED_SHARE]
    verifications = Verification.objects.bulk_create(
        [
            Verification(
                action_id=row[0],
                decided_by=lead,
                decided_by_name=str(lead),
                decided_on=today - datetime.timedelta(days=rng.randint(1, 300)),
                rationale="Dip sampling confirmed the change is embedded.",
            )
            for row in chosen
        ],
        batch_size=BATCH_SIZE,
    )
    on_evidence, on_findings = [], []
    for verification, row in zip(verifications, chosen, strict=True):
        behind = evidence_by_action.get(row[0], [])
        if behind:
            on_evidence.append(
                Verification.evidence.through(
                    verification_id=verification.pk, evidence_id=behind[0]
                )
            )
        elif findings:
            on_findings.append(
                Verification.findings.through(
                    verification_id=verification.pk, finding_id=rng.choice(findings).pk
                )
            )
    Verification.evidence.through.objects.bulk_create(on_evidence, batch_size=BATCH_SIZE)
    Verification.findings.through.objects.bulk_create(on_findings, batch_size=BATCH_SIZE)
    return len(verifications)
