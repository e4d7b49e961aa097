"""Check parsed measure values against the local authority's measures and the values already
recorded: the validate step.

`check_values` is pure: it finds every problem at once (each with its place) and says what
each value will do: be added, correct the value in force for its period (old → new), leave it
unchanged, or be skipped because the cell is blank or "n/a". The preview shows its result;
`measure_value_import_apply` runs it again before writing anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.accounts.models import LocalAuthority
from tracker.core.formatting import format_date
from tracker.performance.imports.cells import read_number, read_period
from tracker.performance.imports.parsed import ParsedValue, ParsedValues
from tracker.performance.models import Measure, MeasureValue, Unit, period_label
from tracker.performance.rules import period_end_problem
from tracker.plans.imports.common import Problem, name_key, shorten

ADD = "add"
CORRECT = "correct"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
PROBLEM = "problem"
OUTCOME_NAMES = {
    ADD: "New value",
    CORRECT: "Correction",
    UNCHANGED: "Unchanged",
    SKIPPED: "No value",
    PROBLEM: "Problem",
}
COMPARATORS = ("statistical_neighbours", "england", "region")
COMPARATOR_NAMES = {
    "statistical_neighbours": "the statistical neighbours' average",
    "england": "the England average",
    "region": "the regional average",
}
PERIOD_NOUNS = {"monthly": "month", "quarterly": "quarter", "annual": "year"}
MAX_NOTE = 2_000


@dataclass(frozen=True)
class MeasureInfo:
    """What checking a value needs to know of its measure."""

    id: int
    reference: str
    name: str
    unit: str
    frequency: str
    retired_on: datetime.date | None = None

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


@dataclass(frozen=True)
class CurrentValue:
    """The value in force for a measure's period: the end of its chain of corrections."""

    id: int
    value: Decimal
    statistical_neighbours: Decimal | None = None
    england: Decimal | None = None
    region: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class ReferenceData:
    """What the file is checked against: the authority's measures by reference (case ignored)
    and by name (`name_key`; None where two measures share a name), and the values in force by
    (measure id, period end)."""

    by_reference: Mapping[str, MeasureInfo] = field(default_factory=dict)
    by_name: Mapping[str, MeasureInfo | None] = field(default_factory=dict)
    current: Mapping[tuple[int, datetime.date], CurrentValue] = field(default_factory=dict)


def _measure_info(measure: Measure) -> MeasureInfo:
    return MeasureInfo(
        id=measure.pk,
        reference=measure.reference,
        name=measure.name,
        unit=measure.unit,
        frequency=measure.frequency,
        retired_on=measure.retired_on,
    )


def reference_data_for(*, local_authority: LocalAuthority) -> ReferenceData:
    """The authority's measures and the values in force for them (two queries)."""
    measures = [_measure_info(measure) for measure in local_authority.measures.all()]
    by_name: dict[str, MeasureInfo | None] = {}
    for measure in measures:
        key = name_key(measure.name)
        by_name[key] = None if key in by_name else measure
    current = {
        (value.measure_id, value.period_end): CurrentValue(
            id=value.pk,
            value=value.value,
            statistical_neighbours=value.statistical_neighbours,
            england=value.england,
            region=value.region,
            note=value.note,
        )
        for value in MeasureValue.objects.filter(
            measure__local_authority=local_authority, correction__isnull=True
        )
    }
    return ReferenceData(
        by_reference={measure.reference.casefold(): measure for measure in measures},
        by_name=by_name,
        current=current,
    )


@dataclass
class CheckedValue:
    """One value of the file as it will be written, or why it cannot be."""

    place: str
    measure_text: str
    outcome: str
    measure: MeasureInfo | None = None
    period_end: datetime.date | None = None
    value: Decimal | None = None
    statistical_neighbours: Decimal | None = None
    england: Decimal | None = None
    region: Decimal | None = None
    note: str = ""
    current: CurrentValue | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def outcome_name(self) -> str:
        return OUTCOME_NAMES[self.outcome]

    @property
    def period_name(self) -> str:
        if self.period_end is None:
            return ""
        if self.measure is None:
            return f"{self.period_end.day} {self.period_end:%B %Y}"
        return period_label(frequency=self.measure.frequency, period_end=self.period_end)


@dataclass
class CheckedValues:
    parsed: ParsedValues
    values: list[CheckedValue]
    problems: list[Problem]

    def _with(self, outcome: str) -> list[CheckedValue]:
        return [value for value in self.values if value.outcome == outcome]

    @property
    def is_ready(self) -> bool:
        return not self.problems

    @property
    def to_add(self) -> list[CheckedValue]:
        return self._with(ADD)

    @property
    def to_correct(self) -> list[CheckedValue]:
        return self._with(CORRECT)

    @property
    def unchanged(self) -> list[CheckedValue]:
        return self._with(UNCHANGED)

    @property
    def skipped(self) -> list[CheckedValue]:
        return self._with(SKIPPED)

    @property
    def to_write(self) -> list[CheckedValue]:
        return [value for value in self.values if value.outcome in (ADD, CORRECT)]

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.to_add),
            "corrected": len(self.to_correct),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "problems": len(self.problems),
        }


def _measure(value: ParsedValue, reference: ReferenceData) -> tuple[MeasureInfo | None, str]:
    """The measure a row names: by reference first, then by its exact name (case ignored)."""
    for text in (value.reference, value.name):
        if not text:
            continue
        if (found := reference.by_reference.get(text.casefold())) is not None:
            return found, ""
        key = name_key(text)
        if key in reference.by_name:
            found = reference.by_name[key]
            if found is None:
                return None, (
                    f"more than one measure is called ‘{shorten(text)}’: use its reference"
                )
            return found, ""
    if not value.measure_text:
        return None, "the measure is missing: give its reference or name"
    return None, (
        f"there is no measure ‘{shorten(value.measure_text)}’ in your authority's scorecard: "
        "check its reference or name"
    )


def _number(
    text: str, *, measure: MeasureInfo | None, what: str, problems: list[str]
) -> Decimal | None:
    """A value or comparator cell's number, adding any problem with it to `problems`."""
    reading = read_number(text)
    if reading.problem:
        problems.append(f"{what}: {reading.problem}" if what != "the value" else reading.problem)
        return None
    if reading.value is None or measure is None:
        return reading.value
    label = f"{measure.reference} is measured in {Unit(measure.unit).label.lower()}"
    if measure.unit == Unit.PERCENTAGE:
        if not Decimal(0) <= reading.value <= Decimal(100):
            problems.append(
                f"{what} {reading.value.normalize():f}% is not a percentage between 0 and 100"
            )
            return None
    elif reading.is_percent:
        problems.append(f"{what} ‘{shorten(text, 20)}’ is a percentage, but {label}")
        return None
    elif reading.value < 0:
        problems.append(f"{what} {reading.value.normalize():f} is negative, but {label}")
        return None
    return reading.value


def _same(checked: CheckedValue, current: CurrentValue) -> bool:
    """Whether the file says nothing new about the period: the same value, and the same
    comparators and note where the file gives them."""
    if checked.value != current.value:
        return False
    for name in COMPARATORS:
        given = getattr(checked, name)
        if given is not None and given != getattr(current, name):
            return False
    return not checked.note or checked.note == current.note


def check_value(
    value: ParsedValue,
    *,
    reference: ReferenceData,
    today: datetime.date,
    first_place: dict[object, str],
) -> CheckedValue:
    """What one value of the file will do, and every problem with it."""
    checked = CheckedValue(place=value.place, measure_text=value.measure_text, outcome=PROBLEM)
    if read_number(value.value).is_blank:
        checked.outcome = SKIPPED
        return checked
    problems = checked.problems
    measure, problem = _measure(value, reference)
    checked.measure = measure
    if problem:
        problems.append(problem)
    period = read_period(value.period)
    if period.problem:
        problems.append(period.problem)
    elif period.on is not None:
        checked.period_end = period.on
        if measure is not None and (
            why := period_end_problem(frequency=measure.frequency, day=period.on)
        ):
            problems.append(
                f"{period.on.day} {period.on:%B %Y} does not end a "
                f"{PERIOD_NOUNS.get(measure.frequency, 'period')} of {measure.reference}: {why}"
            )
        elif period.on > today:
            problems.append(
                f"{period.on.day} {period.on:%B %Y} has not ended yet: values are for past periods"
            )
        elif measure is not None and measure.retired_on and period.on > measure.retired_on:
            problems.append(
                f"{measure.reference} was retired on {format_date(measure.retired_on)}, before "
                f"{period.on.day} {period.on:%B %Y}"
            )
    checked.value = _number(value.value, measure=measure, what="the value", problems=problems)
    for name in COMPARATORS:
        setattr(
            checked,
            name,
            _number(
                getattr(value, name),
                measure=measure,
                what=COMPARATOR_NAMES[name],
                problems=problems,
            ),
        )
    checked.note = value.note.strip()
    if len(checked.note) > MAX_NOTE:
        problems.append(f"the note is longer than {MAX_NOTE:,} characters")
    key: object = (
        (measure.id if measure else name_key(value.measure_text)),
        checked.period_end,
    )
    if checked.period_end is not None:
        if key in first_place:
            problems.append(
                f"{shorten(value.measure_text)} has a second value for "
                f"{checked.period_name} (also at {first_place[key]})"
            )
        else:
            first_place[key] = value.place
    if problems or measure is None or checked.period_end is None or checked.value is None:
        return checked
    current = reference.current.get((measure.id, checked.period_end))
    checked.current = current
    if current is None:
        checked.outcome = ADD
    elif _same(checked, current):
        checked.outcome = UNCHANGED
    else:
        checked.outcome = CORRECT
    return checked


def check_values(
    parsed: ParsedValues, *, reference: ReferenceData, today: datetime.date
) -> CheckedValues:
    """Every problem with the parsed values, and what each value will do."""
    first_place: dict[object, str] = {}
    values = [
        check_value(value, reference=reference, today=today, first_place=first_place)
        for value in parsed.values
    ]
    problems = list(parsed.problems)
    for value in values:
        problems.extend(Problem(value.place, message) for message in value.problems)
    if not problems and not any(value.outcome != SKIPPED for value in values):
        problems.append(Problem("", "The file has no values to import: every value is blank"))
    return CheckedValues(parsed=parsed, values=values, problems=problems)
