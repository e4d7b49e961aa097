"""Load the impact demo: the scorecard's measures with two years of values, targets and
comparators; quarterly case file audits; the mock JTAI; evidence on completed actions; and two
actions verified as embedded.

Written with the ORM directly (the values with `bulk_create`), in one transaction, on top of
the seed demo (`load_demo_data`); delivery status changes go through the plans' own
`action_record_progress`, so each action's timeline and history say when it was verified, as
the seed demo records its progress. Dated writes are re-dated to the day they happened with
`dated`, like the other demos. Periods are counted back from the day it is loaded: the monthly
values end last month, so the scorecard is always current.

Real gaps are left on purpose, so the coverage page has something to show:

- expected outcomes no measure shows (most of sections 6, 7, 9 and 10 of the 2020 plan);
- a measure whose latest periods are missing (FD-04, the missing service's return is late);
- measures off target (CP-01, WF-02 are red);
- completed actions with no evidence (2020 plan 7.1 and 10.2);
- an action recorded as verified as embedded with nothing behind it (2020 plan 7.3);
- in the draft 2023 plan, recommendations whose sections have no action yet.

Safe to run again: once the scorecard's first measure exists nothing more is added.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tracker.accounts.models import LocalAuthority, User
from tracker.core.working_days import is_working_day
from tracker.performance.assurance.services import action_verify_as_embedded
from tracker.performance.demo import scorecard
from tracker.performance.demo.documents import bar_chart_png, one_page_pdf
from tracker.performance.demo.scorecard import (
    ACTION_PLAN_2020,
    IMPROVEMENT_PLAN,
    STATEMENT_OF_ACTION,
    MeasureRow,
)
from tracker.performance.models import (
    Audit,
    Evidence,
    Finding,
    Frequency,
    Measure,
    MeasureValue,
    Target,
    Unit,
    Verification,
)
from tracker.performance.rules import is_period_end, previous_period_end
from tracker.plans.demo import ilacs_2019, ilacs_2022, jtai_2022
from tracker.plans.demo.dating import at_noon, dated
from tracker.plans.models import COMPLETE_STATUSES, Action, Brag, DeliveryStatus, Plan
from tracker.plans.services import action_create, action_record_progress

LEAD_USERNAME = "lead"
AUDIT_LEAD_USERNAME = "owner"  # the Head of Service Safeguards leads the case file audits
PERFORMANCE_TEAM = "Performance and Intelligence Team"
IMPROVEMENT_TEAM = "Improvement team"
INTRANET = "https://intranet.solihull.example.org/childrens-services"

MONTHS_SHOWN = 24
MOCK_JTAI_ON = datetime.date(2023, 3, 17)  # "with a view to commencing the review in early 2023"
MOCK_JTAI_REPORTED_ON = datetime.date(2023, 4, 27)
STRATEGY_AUDIT_ON = datetime.date(2021, 7, 15)  # "Further audit to take place in summer 2021"

# The deliberate gaps (see the module docstring).
NO_EVIDENCE_ACTIONS = ("7.1", "10.2")
VERIFIED_WITH_NOTHING_ACTION = "7.3"
# Actions verified as embedded, with a Verification resting on evidence and a finding.
VERIFIED_2020_ACTION = "1.4"
VERIFIED_SOA_ACTION = "3.1"
MOCK_JTAI_ACTION = "1.4"  # the Statement of Action's "Commission ... a 'mock JTAI'"


@dataclass(frozen=True)
class PerformanceDemoSummary:
    """What the impact demo holds."""

    created: bool
    measures: int
    values: int
    audits: int
    evidence: int
    verifications: int


@dataclass
class _Context:
    local_authority: LocalAuthority
    today: datetime.date
    lead: User
    audit_lead: User
    plans: dict[str, Plan]

    def action(self, plan: str, reference: str) -> Action:
        return Action.objects.select_related("section").get(
            plan=self.plans[plan], reference=reference
        )


@transaction.atomic
def load_performance_demo(
    *, local_authority: LocalAuthority, today: datetime.date | None = None
) -> PerformanceDemoSummary:
    """Add the impact demo to the demo local authority (after `load_demo_data`).

    Refused when the demo plans or the demo users are not there. Safe to run again.
    """
    today = today or timezone.localdate()
    plans = {
        key: Plan.objects.filter(local_authority=local_authority, title=title).first()
        for key, title in (
            (ACTION_PLAN_2020, ilacs_2019.PLAN_TITLE),
            (STATEMENT_OF_ACTION, jtai_2022.PLAN_TITLE),
            (IMPROVEMENT_PLAN, ilacs_2022.PLAN_TITLE),
        )
    }
    lead = User.objects.filter(local_authority=local_authority, username=LEAD_USERNAME).first()
    audit_lead = User.objects.filter(
        local_authority=local_authority, username=AUDIT_LEAD_USERNAME
    ).first()
    found_plans = {key: plan for key, plan in plans.items() if plan is not None}
    if len(found_plans) < len(plans) or lead is None or audit_lead is None:
        raise ValidationError("Load the demo plans first: run `manage.py load_demo_data`")
    if Measure.objects.filter(
        local_authority=local_authority, reference=scorecard.MEASURES[0].reference
    ).exists():
        return _summary(local_authority, created=False)

    context = _Context(
        local_authority=local_authority,
        today=today,
        lead=lead,
        audit_lead=audit_lead,
        plans=found_plans,
    )
    # Fixed dates first, in the order they happened, then the scorecard's two years.
    strategy_audit = _strategy_discussion_audit(context)
    _evidence_on_completed_actions(context, strategy_audit=strategy_audit)
    _mock_jtai(context)
    _verified_with_nothing(context)
    measures = _measures(context)
    audits = _case_file_audits(context)
    _values(context, measures=measures, audits=audits)
    _verify_case_audit_action(context, audits=audits)
    return _summary(local_authority, created=True)


def _summary(local_authority: LocalAuthority, *, created: bool) -> PerformanceDemoSummary:
    return PerformanceDemoSummary(
        created=created,
        measures=Measure.objects.filter(local_authority=local_authority).count(),
        values=MeasureValue.objects.filter(measure__local_authority=local_authority).count(),
        audits=Audit.objects.filter(local_authority=local_authority).count(),
        evidence=Evidence.objects.filter(local_authority=local_authority).count(),
        verifications=Verification.objects.filter(
            action__plan__local_authority=local_authority
        ).count(),
    )


# Periods ------------------------------------------------------------------------------------------


def last_month_end(today: datetime.date) -> datetime.date:
    """The last day of the month before `today`'s."""
    return today.replace(day=1) - datetime.timedelta(days=1)


def periods_shown(*, frequency: str, today: datetime.date) -> list[datetime.date]:
    """The period ends of the two years shown, oldest first, the latest ending last month or
    before: 24 months, 8 quarters or 2 years."""
    day = last_month_end(today)
    while not is_period_end(frequency=frequency, day=day):
        day = day.replace(day=1) - datetime.timedelta(days=1)
    count = {"monthly": MONTHS_SHOWN, "quarterly": 8}.get(str(frequency), 2)
    ends = [day]
    while len(ends) < count:
        ends.append(previous_period_end(frequency=frequency, period_end=ends[-1]))
    return ends[::-1]


def new_target_from(*, today: datetime.date) -> datetime.date:
    """When the tighter targets start: 1 April of the financial year last month falls in."""
    last = last_month_end(today)
    return datetime.date(last.year if last.month >= 4 else last.year - 1, 4, 1)


def _working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


# Measures, targets and values ---------------------------------------------------------------------


def _measures(context: _Context) -> dict[str, Measure]:
    """The scorecard's measures with their targets and links, as set up two years ago."""
    start = periods_shown(frequency=Frequency.MONTHLY, today=context.today)[0].replace(day=1)
    changed_on = new_target_from(today=context.today)
    plans = context.plans
    sections = {
        (key, section.number): section
        for key, plan in plans.items()
        for section in plan.sections.all()
    }
    themes = {
        (key, theme.name): theme for key, plan in plans.items() for theme in plan.themes.all()
    }
    outcomes = {
        (key, number, position): outcome
        for (key, number), section in sections.items()
        for position, outcome in enumerate(section.expected_outcomes.all(), start=1)
    }
    measures: dict[str, Measure] = {}
    with dated(start - datetime.timedelta(days=14)):
        for row in scorecard.MEASURES:
            measure = Measure.objects.create(
                local_authority=context.local_authority,
                reference=row.reference,
                name=row.name,
                definition=row.definition,
                unit=row.unit,
                direction=row.direction,
                frequency=row.frequency,
                source=row.source,
                tolerance=Decimal(row.tolerance),
            )
            measure.expected_outcomes.set([outcomes[key] for key in row.outcomes])
            measure.sections.set([sections[key] for key in row.sections])
            measure.themes.set([themes[key] for key in row.themes])
            Target.objects.create(
                measure=measure,
                value=Decimal(row.target),
                applies_from=start,
                note="Agreed by the improvement board with the scorecard",
            )
            measures[row.reference] = measure
    with dated(changed_on - datetime.timedelta(days=7)):
        for row in scorecard.MEASURES:
            if row.new_target:
                Target.objects.create(
                    measure=measures[row.reference],
                    value=Decimal(row.new_target),
                    applies_from=changed_on,
                    note=row.new_target_note,
                )
    return measures


def _series(row: MeasureRow, count: int) -> list[Decimal]:
    """`count` values moving from the row's start to its end, with repeatable noise."""
    rng = random.Random(row.reference)  # noqa: S311 (repeatable demo figures, not secrets)
    values = []
    for index in range(count):
        share = index / (count - 1) if count > 1 else 1.0
        value = row.start + (row.end - row.start) * share + rng.gauss(0, row.noise)
        if row.unit == Unit.PERCENTAGE:
            value = min(100.0, max(0.0, value))
        values.append(Decimal(str(round(value, row.decimals))))
    return values


def _comparator(pair: tuple[str, str] | None, *, index: int, count: int) -> Decimal | None:
    if pair is None:
        return None
    return Decimal(pair[0] if index < count / 2 else pair[1])


def _values(context: _Context, *, measures: dict[str, Measure], audits: Sequence[Audit]) -> None:
    """Every measure's values, each recorded about three weeks after its period ended; one
    corrected later, as data cleansing does."""
    rows: list[MeasureValue] = []
    recorded: dict[datetime.date, list[MeasureValue]] = defaultdict(list)
    audit_shares = [
        Decimal(
            str(round(100 * ((a.outstanding_count or 0) + (a.good_count or 0)) / a.graded_count, 1))
        )
        for a in sorted(audits, key=lambda audit: audit.carried_out_on)
    ]
    for row in scorecard.MEASURES:
        ends = periods_shown(frequency=row.frequency, today=context.today)
        # The audit measure's figures are the case file audits' own grades.
        from_audits = row.reference == "QA-01"
        figures = audit_shares[-len(ends) :] if from_audits else _series(row, len(ends))
        if row.missing_latest:
            ends, figures = ends[: -row.missing_latest], figures[: -row.missing_latest]
        comparators = row.comparators
        for index, (period_end, figure) in enumerate(zip(ends, figures, strict=True)):
            value = MeasureValue(
                measure=measures[row.reference],
                period_end=period_end,
                value=figure,
                statistical_neighbours=_comparator(
                    comparators.statistical_neighbours if comparators else None,
                    index=index,
                    count=len(ends),
                ),
                england=_comparator(
                    comparators.england if comparators else None, index=index, count=len(ends)
                ),
                region=_comparator(
                    comparators.region if comparators else None, index=index, count=len(ends)
                ),
                recorded_by_name=PERFORMANCE_TEAM,
                source=row.source,
            )
            rows.append(value)
            recorded_on = min(period_end + datetime.timedelta(days=21), context.today)
            recorded[recorded_on].append(value)
    bulk_create_with_history(rows, MeasureValue, batch_size=500)
    _redate_values(recorded)
    _correct_a_value(context, measure=measures["FD-03"])


def _redate_values(recorded: dict[datetime.date, list[MeasureValue]]) -> None:
    """Values made in bulk are stamped now: stamp them, and their history, with the day each
    was recorded."""
    history = MeasureValue.history.model
    for day, values in recorded.items():
        moment = at_noon(day)
        ids = [value.pk for value in values]
        MeasureValue.objects.filter(pk__in=ids).update(created_at=moment, updated_at=moment)
        history.objects.filter(id__in=ids).update(history_date=moment)


def _correct_a_value(context: _Context, *, measure: Measure) -> None:
    """A month of assessment timeliness corrected after data cleansing, with the log as
    evidence of the corrected value."""
    original = measure.values.order_by("-period_end")[9]
    on = min(original.period_end + datetime.timedelta(days=52), context.today)
    with dated(on):
        correction = MeasureValue.objects.create(
            measure=measure,
            period_end=original.period_end,
            value=original.value + Decimal("2.6"),
            statistical_neighbours=original.statistical_neighbours,
            england=original.england,
            region=original.region,
            corrects=original,
            note=(
                "Corrected after data cleansing: 11 assessments completed on time had been "
                "closed late on the case system."
            ),
            recorded_by=context.lead,
            recorded_by_name=str(context.lead),
            source=original.source,
        )
        Evidence.objects.create(
            local_authority=context.local_authority,
            kind=Evidence.Kind.LINK,
            title="Data cleansing log for assessments",
            dated_on=on,
            measure_value=correction,
            url=f"{INTRANET}/performance/data-quality/assessments-cleansing-log",
            added_by=context.lead,
            added_by_name=str(context.lead),
        )


# Audits and findings ------------------------------------------------------------------------------

CASE_AUDIT_FOCUS: tuple[tuple[str, tuple[int, ...]], ...] = (
    # (what the quarter's audit looked at, sections of the 2020 plan it checks)
    ("children in need and child protection plans", (1, 5)),
    ("the front door: contacts, strategy discussions and assessments", (1, 2, 3)),
    ("children in care and plans for permanence", (1, 8)),
    ("16- and 17-year-olds presenting as homeless, and care leavers", (1, 9)),
)

# Findings of each focus: (kind, text, actions of the 2020 plan it confirms, from which audit).
STRENGTH, IMPROVE = Finding.Kind.STRENGTH, Finding.Kind.AREA_FOR_IMPROVEMENT
CASE_AUDIT_FINDINGS: dict[int, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    0: (
        (
            STRENGTH,
            "Child protection plans are written in plain language. Parents who gave feedback "
            "said they understood what was expected of them and why.",
            ("5.1",),
        ),
        (
            IMPROVE,
            "Children in need plans are not always reviewed within timescales when a child's "
            "circumstances change.",
            (),
        ),
    ),
    1: (
        (
            STRENGTH,
            "Strategy discussions were held promptly, with the police and health present, in "
            "every case sampled.",
            ("2.5",),
        ),
        (
            IMPROVE,
            "Management oversight of assessments is recorded, but the reasons for decisions "
            "are not always clear.",
            (),
        ),
    ),
    2: (
        (
            STRENGTH,
            "Permanence is considered from the first review; special guardianship is "
            "explored with connected carers early.",
            ("8.4",),
        ),
        (
            IMPROVE,
            "Children's wishes and feelings are not always recorded in their plans in their "
            "own words.",
            (),
        ),
    ),
    3: (
        (
            STRENGTH,
            "Young people aged 16 and 17 presenting as homeless were told of their right to "
            "be looked after, and the information pack was on file.",
            ("9.2", "9.5"),
        ),
        (
            IMPROVE,
            "Pathway plans do not always say who will help the young person into education, "
            "employment or training.",
            (),
        ),
    ),
}
PROCESS_FINDING = (
    "The refreshed audit tool was used throughout; families' and partners' feedback was "
    "gathered for most files, and learning was taken to the learning panel."
)
# The finding that became a plan action: the third focus's area for improvement, the second
# time it is audited.
WISHES_AND_FEELINGS_AUDIT = 6


def _audit_day(period_end: datetime.date) -> datetime.date:
    """Audits are moderated in the last fortnight of their quarter."""
    return _working_day_on_or_before(period_end - datetime.timedelta(days=10))


def _case_file_audits(context: _Context) -> list[Audit]:
    """A case file audit every quarter of the two years shown, with grades that improve as the
    refreshed process takes hold, and findings that confirm actions of the 2020 plan."""
    plan = context.plans[ACTION_PLAN_2020]
    sections = {section.number: section for section in plan.sections.all()}
    ends = periods_shown(frequency=Frequency.QUARTERLY, today=context.today)
    audits: list[Audit] = []
    for index, (period_end, grades) in enumerate(
        zip(ends, scorecard.CASE_FILE_AUDIT_GRADES, strict=True)
    ):
        outstanding, good, requires_improvement, inadequate = grades
        total = sum(grades)
        focus, section_numbers = CASE_AUDIT_FOCUS[index % len(CASE_AUDIT_FOCUS)]
        on = _audit_day(period_end)
        better = outstanding + good
        with dated(on):
            audit = Audit.objects.create(
                local_authority=context.local_authority,
                plan=plan,
                kind=Audit.Kind.CASE_FILE_AUDIT,
                title=f"Case file audit: {focus}",
                carried_out_on=on,
                lead=context.audit_lead,
                scope=(
                    f"{total} children's files, chosen at random from those open in the quarter, "
                    f"audited by team managers with the revised audit tool and moderated by the "
                    f"Principal Social Worker. Focus: {focus}."
                ),
                outstanding_count=outstanding,
                good_count=good,
                requires_improvement_count=requires_improvement,
                inadequate_count=inadequate,
                summary=(
                    f"{better} of {total} files ({round(100 * better / total)}%) graded good or "
                    f"better, and {inadequate} inadequate. Each inadequate file was escalated to "
                    "the team manager and reviewed again within four weeks."
                ),
            )
            audit.sections.set([sections[number] for number in section_numbers])
            findings = list(CASE_AUDIT_FINDINGS[index % len(CASE_AUDIT_FINDINGS)])
            if index >= 3:
                findings.insert(0, (STRENGTH, PROCESS_FINDING, ("1.4", "1.5")))
            for number, (kind, text, confirms) in enumerate(findings, start=1):
                finding = Finding.objects.create(audit=audit, number=number, kind=kind, text=text)
                # Early audits found the practice not yet consistent: they confirm nothing.
                if index >= 2 and confirms:
                    finding.confirms_actions.set(
                        Action.objects.filter(plan=plan, reference__in=confirms)
                    )
                if index == WISHES_AND_FEELINGS_AUDIT and kind == IMPROVE:
                    _finding_becomes_action(context, finding=finding, on=on)
        audits.append(audit)
    return audits


def _finding_becomes_action(context: _Context, *, finding: Finding, on: datetime.date) -> None:
    """The wishes-and-feelings finding becomes an action of the 2023 plan's practice section."""
    section = context.plans[IMPROVEMENT_PLAN].sections.get(number=3)
    reference = "3.1"
    while Action.objects.filter(plan=section.plan, reference=reference).exists():
        reference = f"3.{int(reference.split('.')[1]) + 1}"
    action = action_create(
        user=context.lead,
        section=section,
        reference=reference,
        description=(
            "Record every child's wishes and feelings in their plan, in their own words where "
            "they can give them, and check it in every case file audit."
        ),
        owner_posts=[section.theme.lead_post] if section.theme and section.theme.lead_post else [],
        starts_on=on,
        due_on=on + datetime.timedelta(days=120),
    )
    finding.resulting_action = action
    finding.save(update_fields=["resulting_action", "updated_at"])


def _strategy_discussion_audit(context: _Context) -> Audit:
    """The 2020 plan's "further audit" of strategy discussions, summer 2021."""
    plan = context.plans[ACTION_PLAN_2020]
    with dated(STRATEGY_AUDIT_ON):
        audit = Audit.objects.create(
            local_authority=context.local_authority,
            plan=plan,
            kind=Audit.Kind.THEMATIC_AUDIT,
            title="Thematic audit of strategy discussions in the MASH",
            carried_out_on=STRATEGY_AUDIT_ON,
            lead_name=ilacs_2019.FAMILY_SUPPORT,
            scope=(
                "Every strategy discussion held in the MASH in May and June 2021 (42), checked "
                "for timeliness, who took part and whether the decision was recorded."
            ),
            summary=(
                "38 of 42 strategy discussions were held within one working day, and the police "
                "took part in 41. Exceptions were escalated under the procedure."
            ),
        )
        audit.sections.set(plan.sections.filter(number=2))
        for number, kind, text, confirms in (
            (
                1,
                STRENGTH,
                "Family Support and Child Protection managers on duty attended the strategy "
                "meetings sampled, and exceptions were escalated under the procedure.",
                ("2.3", "2.6"),
            ),
            (
                2,
                IMPROVE,
                "Health colleagues took part in fewer than half of the strategy discussions "
                "held out of hours.",
                (),
            ),
        ):
            finding = Finding.objects.create(audit=audit, number=number, kind=kind, text=text)
            finding.confirms_actions.set(Action.objects.filter(plan=plan, reference__in=confirms))
    return audit


MOCK_JTAI_FINDINGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        STRENGTH,
        "The MASH strategic board governs the MASH well: the three safeguarding partners chair "
        "it in turn and hold each other to account for its performance.",
        ("1.1", "1.3"),
    ),
    (
        STRENGTH,
        "Every contact sampled was screened and decided on within one working day, and police "
        "and health took part in every strategy discussion observed.",
        ("3.1", "3.2"),
    ),
    (
        STRENGTH,
        "Decisions and their reasons are recorded on children's files, and partners share "
        "information under the signed agreement without delay.",
        ("6.1", "6.2"),
    ),
    (
        IMPROVE,
        "The multi-agency audit of MASH decisions has taken place once: it is not yet the "
        "quarterly routine the Statement of Action describes.",
        (),
    ),
    (
        IMPROVE,
        "Few families' views have been gathered, so the partnership still knows little of "
        "their experience of asking for help.",
        (),
    ),
)


def _mock_jtai(context: _Context) -> Audit:
    """The external mock JTAI the Statement of Action commissioned, its report as a PDF, and
    the Statement's action 3.1 verified as embedded on the strength of it."""
    plan = context.plans[STATEMENT_OF_ACTION]
    with dated(MOCK_JTAI_ON):
        audit = Audit.objects.create(
            local_authority=context.local_authority,
            plan=plan,
            kind=Audit.Kind.MOCK_INSPECTION,
            title="Mock JTAI: the multi-agency response at the front door",
            carried_out_on=MOCK_JTAI_ON,
            lead_name="Local Government Association peer review team",
            scope=(
                "Four days in the MASH, 13 to 17 March 2023, following the joint targeted area "
                "inspection framework: 24 children's records tracked across children's social "
                "care, the police and health; strategy discussions observed; interviews with "
                "the three safeguarding partners and frontline staff."
            ),
            summary=(
                "The actions answering the JTAI's findings on governance, timeliness and "
                "recording are in place and embedded. The partnership's understanding of "
                "families' experience is still developing."
            ),
        )
        audit.sections.set(plan.sections.all())
        audit.themes.set(plan.themes.all())
        findings = []
        for number, (kind, text, confirms) in enumerate(MOCK_JTAI_FINDINGS, start=1):
            finding = Finding.objects.create(audit=audit, number=number, kind=kind, text=text)
            finding.confirms_actions.set(Action.objects.filter(plan=plan, reference__in=confirms))
            findings.append(finding)
    with dated(MOCK_JTAI_REPORTED_ON):
        _file_evidence(
            context,
            title="Mock JTAI report, Local Government Association",
            file_name="Mock JTAI report - LGA - April 2023.pdf",
            content=one_page_pdf(
                title="Mock JTAI: the multi-agency response at the front door",
                lines=(
                    "Local Government Association peer review team, 13 to 17 March 2023",
                    "",
                    *(
                        f"{number}. {text[:95]}"
                        for number, (_, text, _) in enumerate(MOCK_JTAI_FINDINGS, start=1)
                    ),
                ),
            ),
            content_type="application/pdf",
            dated_on=MOCK_JTAI_REPORTED_ON,
            audit=audit,
        )
        commissioned = context.action(STATEMENT_OF_ACTION, MOCK_JTAI_ACTION)
        _progress(
            commissioned,
            user=None,
            on=MOCK_JTAI_REPORTED_ON,
            narrative=(
                "Completed. The Local Government Association's mock JTAI took place from 13 to "
                "17 March 2023, and its report went to the safeguarding partnership in April "
                "2023."
            ),
            status=DeliveryStatus.COMPLETED,
        )
        Evidence.objects.create(
            local_authority=context.local_authority,
            kind=Evidence.Kind.LINK,
            title="Safeguarding partnership minutes, April 2023: mock JTAI report received",
            dated_on=MOCK_JTAI_REPORTED_ON,
            action=commissioned,
            url=f"{INTRANET}/safeguarding-partnership/minutes/2023-04",
            added_by=context.lead,
            added_by_name=str(context.lead),
        )
    decided_on = MOCK_JTAI_REPORTED_ON + datetime.timedelta(days=13)
    with dated(decided_on):
        screened = context.action(STATEMENT_OF_ACTION, VERIFIED_SOA_ACTION)
        chart = _file_evidence(
            context,
            title="MASH contacts decided within one working day, monthly chart",
            file_name="MASH timeliness chart.png",
            content=bar_chart_png([96, 95, 97, 96, 98, 97, 96, 97, 98, 97, 96, 98], line=95),
            content_type="image/png",
            dated_on=decided_on,
            action=screened,
        )
        _verify(
            context,
            action=screened,
            on=decided_on,
            rationale=(
                "The mock JTAI found every contact sampled decided within one working day, "
                "and the MASH's own figures have stayed above 95% every month for a year."
            ),
            evidence=[chart],
            findings=[findings[1]],
        )
    return audit


# Evidence -----------------------------------------------------------------------------------------

# Evidence written for particular actions: (plan, reference) -> (kind, title, note or link).
EVIDENCE: dict[tuple[str, str], tuple[str, str, str]] = {
    (ACTION_PLAN_2020, "1.1"): (
        Evidence.Kind.LINK,
        "Revised case file audit tool and guidance",
        f"{INTRANET}/quality-assurance/case-file-audit-tool-2021",
    ),
    (ACTION_PLAN_2020, "1.2"): (
        Evidence.Kind.NOTE,
        "Launch of the revised case file audit process",
        "Launched to all team managers at the practice leadership forum on 30 March 2021; the "
        "briefing slides and the audit timetable for 2021/22 are on the quality assurance page.",
    ),
    (ACTION_PLAN_2020, "1.4"): (
        Evidence.Kind.NOTE,
        "Learning panel schedule and first learning panel notes",
        "Learning panels meet every other month from May 2021. The first panel took three "
        "themes from the March audits to team meetings: plans written for parents, management "
        "oversight and recording of direct work.",
    ),
    (ACTION_PLAN_2020, "2.1"): (
        Evidence.Kind.LINK,
        "Strategy meeting and escalation procedure (MASH and MACE)",
        f"{INTRANET}/procedures/strategy-meetings-escalation",
    ),
    (ACTION_PLAN_2020, "3.2"): (
        Evidence.Kind.NOTE,
        "Decision to stop threshold visits",
        "The dip sample of 25 threshold visits found they delayed help without changing "
        "decisions. Directorate Leadership Team agreed on 12 January 2021 to stop them.",
    ),
    (ACTION_PLAN_2020, "4.1"): (
        Evidence.Kind.LINK,
        "Revised specification for the missing and return home interview service",
        f"{INTRANET}/commissioning/missing-service-specification-2020",
    ),
    (ACTION_PLAN_2020, "5.2"): (
        Evidence.Kind.NOTE,
        "Signs of Safety guidance in Liquidlogic",
        "The revised Signs of Safety plan template went live in Liquidlogic on 1 December "
        "2020; every new child in need and child protection plan since uses it.",
    ),
    (ACTION_PLAN_2020, "8.2"): (
        Evidence.Kind.LINK,
        "Business case for a special guardianship support worker",
        f"{INTRANET}/permanence/sgo-business-case",
    ),
    (ACTION_PLAN_2020, "9.2"): (
        Evidence.Kind.LINK,
        "Information pack for 16- and 17-year-olds: your rights if you are homeless",
        f"{INTRANET}/young-people/homeless-16-17-information-pack",
    ),
    (ACTION_PLAN_2020, "10.1"): (
        Evidence.Kind.NOTE,
        "Private fostering awareness plan",
        "Agreed with all partners at the safeguarding partnership's operational group in "
        "October 2020: leaflets for schools and GP surgeries, and a social media campaign.",
    ),
    (STATEMENT_OF_ACTION, "1.1"): (
        Evidence.Kind.LINK,
        "MASH strategic board terms of reference and minutes",
        f"{INTRANET}/mash/strategic-board",
    ),
    (STATEMENT_OF_ACTION, "6.2"): (
        Evidence.Kind.NOTE,
        "Signed information-sharing agreement",
        "Signed by the Director of Children's Services, West Midlands Police and the "
        "Integrated Care Board on 21 July 2022. Kept by the safeguarding partnership.",
    ),
}


def _evidence_on_completed_actions(context: _Context, *, strategy_audit: Audit) -> None:
    """Evidence on most completed actions of the 2020 plan and the Statement of Action, dated
    a little before their completion was reported; some are left with none on purpose."""
    by_day: dict[datetime.date, list[tuple[str, Action]]] = defaultdict(list)
    for key, reported_on in (
        (ACTION_PLAN_2020, ilacs_2019.PROGRESS_RECORDED_ON),
        (STATEMENT_OF_ACTION, jtai_2022.REPORTED_ON),
    ):
        skipped = (*NO_EVIDENCE_ACTIONS, VERIFIED_WITH_NOTHING_ACTION)
        for action in (
            context.plans[key]
            .actions.filter(status__in=COMPLETE_STATUSES)
            .select_related("latest_update")
        ):
            if key == ACTION_PLAN_2020 and action.reference in skipped:
                continue
            day = reported_on - datetime.timedelta(days=7 + 3 * action.position)
            by_day[_working_day_on_or_before(day)].append((key, action))
    for day in sorted(by_day):
        with dated(day):
            for key, action in by_day[day]:
                kind, title, text = EVIDENCE.get(
                    (key, action.reference),
                    (
                        Evidence.Kind.NOTE,
                        f"Completion of action {action.reference} signed off",
                        _sign_off_note(key, action),
                    ),
                )
                Evidence.objects.create(
                    local_authority=context.local_authority,
                    kind=kind,
                    title=title,
                    dated_on=day,
                    action=action,
                    url=text if kind == Evidence.Kind.LINK else "",
                    note=text if kind == Evidence.Kind.NOTE else "",
                    added_by=context.audit_lead if key == ACTION_PLAN_2020 else context.lead,
                    added_by_name=str(
                        context.audit_lead if key == ACTION_PLAN_2020 else context.lead
                    ),
                )
    # The summer 2021 audit's report, attached to the audit itself.
    with dated(STRATEGY_AUDIT_ON + datetime.timedelta(days=10)):
        Evidence.objects.create(
            local_authority=context.local_authority,
            kind=Evidence.Kind.LINK,
            title="Strategy discussions audit report, July 2021",
            dated_on=STRATEGY_AUDIT_ON + datetime.timedelta(days=10),
            audit=strategy_audit,
            url=f"{INTRANET}/quality-assurance/audits/strategy-discussions-2021",
            added_by=context.audit_lead,
            added_by_name=str(context.audit_lead),
        )
        outcome = context.plans[ACTION_PLAN_2020].sections.get(number=1).expected_outcomes.all()[1]
        Evidence.objects.create(
            local_authority=context.local_authority,
            kind=Evidence.Kind.LINK,
            title="Learning panel notes: audit learning taken into team action plans",
            dated_on=STRATEGY_AUDIT_ON + datetime.timedelta(days=10),
            expected_outcome=outcome,
            url=f"{INTRANET}/quality-assurance/learning-panels",
            added_by=context.audit_lead,
            added_by_name=str(context.audit_lead),
        )


def _sign_off_note(key: str, action: Action) -> str:
    board = (
        "the Children's Services Directorate Leadership Team"
        if key == ACTION_PLAN_2020
        else "the MASH strategic board"
    )
    narrative = action.latest_update.narrative if action.latest_update else ""
    first = narrative.split("\n")[0].strip()
    return f"Signed off as complete by {board}. As reported: “{first}”"


def _file_evidence(
    context: _Context,
    *,
    title: str,
    file_name: str,
    content: bytes,
    content_type: str,
    dated_on: datetime.date,
    action: Action | None = None,
    audit: Audit | None = None,
) -> Evidence:
    """A file saved through Django's default storage, under a random name."""
    evidence = Evidence(
        local_authority=context.local_authority,
        kind=Evidence.Kind.FILE,
        title=title,
        dated_on=dated_on,
        action=action,
        audit=audit,
        file_name=file_name,
        content_type=content_type,
        size=len(content),
        added_by=context.lead,
        added_by_name=str(context.lead),
    )
    evidence.file.save(file_name, ContentFile(content), save=False)
    evidence.save()
    return evidence


# Verification -------------------------------------------------------------------------------------


def _progress(
    action: Action,
    *,
    user: User | None,
    on: datetime.date,
    narrative: str,
    status: str,
    next_review_on: datetime.date | None = None,
    through_verification: bool = False,
) -> None:
    action.refresh_from_db(fields=["version"])
    action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=narrative,
        status=status,
        brag=Brag.BLUE,
        recorded_on=on,
        next_review_on=next_review_on,
        author_name="" if user else IMPROVEMENT_TEAM,
        today=max(on, timezone.localdate()),
        through_verification=through_verification,
    )


def _verify(
    context: _Context,
    *,
    action: Action,
    on: datetime.date,
    rationale: str,
    evidence: Sequence[Evidence],
    findings: Sequence[Finding],
) -> Verification:
    """The lead's decision that the action is embedded and what it rests on, through the
    assurance service, which also moves the action to "Verified as embedded"."""
    return action_verify_as_embedded(
        user=context.lead,
        action=action,
        decided_on=on,
        rationale=rationale,
        evidence=evidence,
        findings=findings,
        today=max(on, timezone.localdate()),
    )


def _verified_with_nothing(context: _Context) -> None:
    """A 2020 action recorded as verified as embedded in 2024 with nothing behind it: no
    evidence, no finding, no recorded decision, as a plan imported from a council's own
    tracker says (the importer is the other way to the status, `plans.imports.apply`)."""
    action = context.action(ACTION_PLAN_2020, VERIFIED_WITH_NOTHING_ACTION)
    on = datetime.date(2024, 6, 28)
    with dated(on):
        _progress(
            action,
            user=None,
            on=on,
            narrative=(
                "Verified as embedded at the Directorate Leadership Team: quarterly training "
                "reports continue."
            ),
            status=DeliveryStatus.VERIFIED,
            through_verification=True,
        )


def _verify_case_audit_action(context: _Context, *, audits: Sequence[Audit]) -> None:
    """The 2020 plan's refreshed case audit process, verified as embedded after the latest
    case file audit confirmed it, resting on that finding and the learning panel evidence."""
    action = context.action(ACTION_PLAN_2020, VERIFIED_2020_ACTION)
    latest = max(audits, key=lambda audit: audit.carried_out_on)
    finding = latest.findings.filter(confirms_actions=action).first()
    on = min(latest.carried_out_on + datetime.timedelta(days=14), context.today)
    with dated(on):
        _verify(
            context,
            action=action,
            on=on,
            rationale=(
                "Eight quarterly case file audits in a row used the refreshed tool with "
                "families' and partners' feedback, grades improved every quarter, and the "
                "learning panels have met every other month."
            ),
            evidence=list(action.evidence.all()),
            findings=[finding] if finding else [],
        )
