"""Reads for the measures scorecard and a measure's page.

The value in force for a period is the end of its correction chain: the value nothing
corrects. The scorecard reads every measure, target and value in force in a fixed number of
queries, however many measures and periods the authority has.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from tracker.accounts.models import LocalAuthority
from tracker.performance import rules
from tracker.performance.measures.rules import Trend, trend_against_previous
from tracker.performance.models import Frequency, Measure, MeasureValue, Target, period_label
from tracker.plans.models import ExpectedOutcome, Section, Theme

NOT_RATED = "none"
"""The `rag` filter's value for measures with no rating (no target or no value)."""

RAG_FILTER_CHOICES: list[tuple[str, str]] = [
    (rules.Rag.GREEN.value, "Green"),
    (rules.Rag.AMBER.value, "Amber"),
    (rules.Rag.RED.value, "Red"),
    (NOT_RATED, "Not rated"),
]


@dataclass(frozen=True)
class ScorecardRow:
    """One measure's line on the scorecard.

    - `measure`: the measure with its targets prefetched (not its themes and sections, which
      the scorecard does not show: reading them cost more than the rest of the page).
    - `latest`: the value in force for the latest period that has a value (a corrected value's
      correction replaces it), or None when nothing has been recorded.
    - `previous`: the value in force for the period just before `latest`'s, or None.
    - `target`: the target in force for `latest`'s period, or None.
    - `rag`: a `tracker.performance.rules.Rag` value by the target and tolerance rule, or ""
      for not rated (no value or no target).
    - `trend`: a `measures.rules.Trend` value ("better", "worse", "same"), or "" for none.
    - `expected_period_end`: the latest period whose value should be in by `today`.
    - `has_expected_value`: whether that period has a value.
    Comparators are `latest.statistical_neighbours`, `latest.england` and `latest.region`.
    """

    measure: Measure
    latest: MeasureValue | None
    previous: MeasureValue | None
    target: Decimal | None
    rag: str
    trend: str
    expected_period_end: datetime.date
    has_expected_value: bool

    @property
    def period_label(self) -> str:
        """The latest value's period, as named on screen ("October 2026"), or ""."""
        if self.latest is None:
            return ""
        return period_label(frequency=self.measure.frequency, period_end=self.latest.period_end)

    @property
    def expected_period_label(self) -> str:
        return period_label(frequency=self.measure.frequency, period_end=self.expected_period_end)

    @property
    def rag_word(self) -> str:
        """ "Green", "Amber", "Red" or "Not rated"."""
        return rules.Rag.word(self.rag)

    @property
    def trend_word(self) -> str:
        """ "Better", "Worse", "Same" or "No earlier value"."""
        return Trend.word(self.trend)


# The scorecard needs a measure's latest period, the one before it and the latest expected
# one. At most one period can have ended after the expected one (a value is due a period after
# it ends), so the three latest periods always hold all three.
_RECENT_PERIODS = 3


def _current_values(measure_ids: Iterable[int]) -> dict[int, dict[datetime.date, MeasureValue]]:
    """Each measure's values in force for its three latest periods, by period end: one query,
    so the rows read do not grow with the years of history."""
    by_measure: dict[int, dict[datetime.date, MeasureValue]] = defaultdict(dict)
    recent = (
        MeasureValue.objects.filter(measure_id__in=list(measure_ids), correction__isnull=True)
        .annotate(
            recency=Window(
                RowNumber(), partition_by=F("measure_id"), order_by=F("period_end").desc()
            )
        )
        .filter(recency__lte=_RECENT_PERIODS)
        .order_by("period_end", "pk")
    )
    for value in recent:
        by_measure[value.measure_id][value.period_end] = value
    return by_measure


def _row(
    *,
    measure: Measure,
    values: dict[datetime.date, MeasureValue],
    targets: list[tuple[datetime.date, Decimal]],
    today: datetime.date,
) -> ScorecardRow:
    latest = values[max(values)] if values else None
    previous = None
    target = None
    if latest is not None:
        previous = values.get(
            rules.previous_period_end(frequency=measure.frequency, period_end=latest.period_end)
        )
        target = rules.target_for_period(targets, period_end=latest.period_end)
    expected = rules.latest_expected_period_end(frequency=measure.frequency, today=today)
    return ScorecardRow(
        measure=measure,
        latest=latest,
        previous=previous,
        target=target,
        rag=rules.rag_against_target(
            value=latest.value if latest else None,
            target=target,
            tolerance=measure.tolerance,
            direction=measure.direction,
        ),
        trend=trend_against_previous(
            latest=latest.value if latest else None,
            previous=previous.value if previous else None,
            direction=measure.direction,
        ),
        expected_period_end=expected,
        has_expected_value=expected in values,
    )


def scorecard_for_authority(
    *,
    local_authority: LocalAuthority,
    theme_id: int | None = None,
    section_id: int | None = None,
    rag: str | None = None,
    frequency: str | None = None,
    today: datetime.date | None = None,
) -> list[ScorecardRow]:
    """The local authority's scorecard: a row for each measure in use (not retired), in
    reference order, with its latest value, target, RAG, trend and comparators.

    Filters: `theme_id` keeps measures linked to the theme or to one of its sections;
    `section_id` measures linked to the section; `rag` a `Rag` value or `NOT_RATED`;
    `frequency` a `Frequency` value. Three queries, whatever the number of measures and values.
    """
    today = today or timezone.localdate()
    measures = Measure.objects.filter(local_authority=local_authority, retired_on__isnull=True)
    if theme_id is not None:
        measures = measures.filter(Q(themes=theme_id) | Q(sections__theme_id=theme_id))
    if section_id is not None:
        measures = measures.filter(sections=section_id)
    if frequency:
        measures = measures.filter(frequency=frequency)
    measures = measures.distinct().prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("applies_from"))
    )
    measure_list = list(measures)
    values = _current_values(measure.pk for measure in measure_list)
    rows = [
        _row(
            measure=measure,
            values=values.get(measure.pk, {}),
            targets=[(target.applies_from, target.value) for target in measure.targets.all()],
            today=today,
        )
        for measure in measure_list
    ]
    if rag:
        wanted = "" if rag == NOT_RATED else rag
        rows = [row for row in rows if row.rag == wanted]
    return rows


# A measure's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodValues:
    """A period of a measure: the value in force, the values it replaced (newest first),
    and how it stands against the target and the period before."""

    period_end: datetime.date
    label: str
    current: MeasureValue
    superseded: list[MeasureValue]
    target: Decimal | None
    rag: str
    trend: str

    @property
    def rag_word(self) -> str:
        return rules.Rag.word(self.rag)

    @property
    def trend_word(self) -> str:
        return Trend.word(self.trend)


@dataclass(frozen=True)
class MeasureDetail:
    """Everything a measure's page shows: its periods oldest first, targets, and links."""

    measure: Measure
    periods: list[PeriodValues]
    targets: list[Target]
    expected_outcomes: list[ExpectedOutcome]
    sections: list[Section]
    themes: list[Theme]
    latest_expected_period_end: datetime.date
    has_expected_value: bool
    corrected_count: int = field(default=0)

    @property
    def latest(self) -> PeriodValues | None:
        return self.periods[-1] if self.periods else None

    @property
    def expected_period_label(self) -> str:
        return period_label(
            frequency=self.measure.frequency, period_end=self.latest_expected_period_end
        )


def measure_get_detail(*, measure: Measure, today: datetime.date | None = None) -> MeasureDetail:
    """A measure's periods with their correction chains, its targets and links."""
    today = today or timezone.localdate()
    targets = list(measure.targets.order_by("applies_from"))
    target_pairs = [(target.applies_from, target.value) for target in targets]
    values = list(measure.values.order_by("period_end", "created_at", "pk"))
    by_id = {value.pk: value for value in values}
    corrected_ids = {value.corrects_id for value in values if value.corrects_id is not None}
    current = sorted(
        (value for value in values if value.pk not in corrected_ids),
        key=lambda value: value.period_end,
    )
    by_period = {value.period_end: value for value in current}
    periods = []
    for value in current:
        superseded = []
        earlier_id = value.corrects_id
        while earlier_id is not None and earlier_id in by_id:
            superseded.append(by_id[earlier_id])
            earlier_id = by_id[earlier_id].corrects_id
        target = rules.target_for_period(target_pairs, period_end=value.period_end)
        previous = by_period.get(
            rules.previous_period_end(frequency=measure.frequency, period_end=value.period_end)
        )
        periods.append(
            PeriodValues(
                period_end=value.period_end,
                label=period_label(frequency=measure.frequency, period_end=value.period_end),
                current=value,
                superseded=superseded,
                target=target,
                rag=rules.rag_against_target(
                    value=value.value,
                    target=target,
                    tolerance=measure.tolerance,
                    direction=measure.direction,
                ),
                trend=trend_against_previous(
                    latest=value.value,
                    previous=previous.value if previous else None,
                    direction=measure.direction,
                ),
            )
        )
    expected = rules.latest_expected_period_end(frequency=measure.frequency, today=today)
    return MeasureDetail(
        measure=measure,
        periods=periods,
        targets=targets,
        expected_outcomes=list(
            measure.expected_outcomes.select_related("section__plan").order_by(
                "section__plan__title", "section__number", "position", "pk"
            )
        ),
        sections=list(measure.sections.select_related("plan").order_by("plan__title", "number")),
        themes=list(measure.themes.select_related("plan").order_by("plan__title", "position")),
        latest_expected_period_end=expected,
        has_expected_value=expected in by_period,
        corrected_count=len(corrected_ids),
    )


def measure_value_is_corrected(*, value: MeasureValue) -> bool:
    """Whether a later value corrects this one (so it is no longer the period's value)."""
    return MeasureValue.objects.filter(corrects=value).exists()


def retired_measures_for_authority(*, local_authority: LocalAuthority) -> list[Measure]:
    """The authority's retired measures, most recently retired first."""
    return list(
        Measure.objects.filter(local_authority=local_authority, retired_on__isnull=False).order_by(
            "-retired_on", "reference"
        )
    )


# Choices ------------------------------------------------------------------------------------


def themes_for_authority(*, local_authority: LocalAuthority) -> QuerySet[Theme]:
    """The themes of the authority's plans, which a measure may be linked to."""
    return (
        Theme.objects.filter(plan__local_authority=local_authority)
        .select_related("plan")
        .order_by("plan__title", "plan_id", "position", "pk")
    )


def sections_for_authority(*, local_authority: LocalAuthority) -> QuerySet[Section]:
    """The sections of the authority's plans, which a measure may be linked to."""
    return (
        Section.objects.filter(plan__local_authority=local_authority)
        .select_related("plan")
        .order_by("plan__title", "plan_id", "number", "pk")
    )


def expected_outcomes_for_authority(
    *, local_authority: LocalAuthority
) -> QuerySet[ExpectedOutcome]:
    """The expected outcomes of the authority's plans, which a measure may show."""
    return (
        ExpectedOutcome.objects.filter(section__plan__local_authority=local_authority)
        .select_related("section__plan")
        .order_by("section__plan__title", "section__plan_id", "section__number", "position", "pk")
    )


@dataclass(frozen=True)
class ScorecardFilterChoices:
    """The scorecard's filters' options, each a list of (value, label)."""

    themes: list[tuple[str, str]]
    sections: list[tuple[str, str]]
    rags: list[tuple[str, str]]
    frequencies: list[tuple[str, str]]


def _plan_prefix(plan_title: str, *, several_plans: bool) -> str:
    return f"{plan_title}: " if several_plans else ""


def scorecard_filter_choices(*, local_authority: LocalAuthority) -> ScorecardFilterChoices:
    """The options of the scorecard's filters: themes and sections of the authority's plans
    (named with their plan when there are several), RAG ratings and frequencies.

    Read as plain rows (two queries, no model instances): the page shows them on every visit.
    """
    themes = list(
        themes_for_authority(local_authority=local_authority).values_list(
            "pk", "name", "plan_id", "plan__title"
        )
    )
    sections = list(
        sections_for_authority(local_authority=local_authority).values_list(
            "pk", "number", "title", "plan_id", "plan__title"
        )
    )
    plans = {row[2] for row in themes} | {row[3] for row in sections}
    several = len(plans) > 1
    return ScorecardFilterChoices(
        themes=[
            (str(pk), _plan_prefix(plan_title, several_plans=several) + name)
            for pk, name, _plan_id, plan_title in themes
        ],
        sections=[
            (
                str(pk),
                _plan_prefix(plan_title, several_plans=several) + f"{number}. {title}",
            )
            for pk, number, title, _plan_id, plan_title in sections
        ],
        rags=RAG_FILTER_CHOICES,
        frequencies=list(Frequency.choices),
    )
