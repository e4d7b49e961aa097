"""Writes for performance measures, their targets and their values. Every write is all or
nothing.

Values are append only: a wrong value is never changed or deleted but corrected by a new value
that names it (`MeasureValue.corrects`), so the history of what was reported, and when, stays.
A measure is never deleted either: it is retired, and keeps its values.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, User
from tracker.core.formatting import format_date
from tracker.core.history import delete_with_history, lock_for_edit, save_changes, save_with_history
from tracker.performance import rules
from tracker.performance.models import (
    Direction,
    Frequency,
    Measure,
    MeasureValue,
    Target,
    Unit,
    period_label,
)
from tracker.plans.models import ExpectedOutcome, Section, Theme

PERCENTAGE_RANGE_MESSAGE = "Enter a percentage from 0 to 100"
NEGATIVE_MESSAGE = "Enter a value of 0 or more"
DUPLICATE_VALUE_MESSAGE = (
    "{measure} already has a value for {period}: correct that value instead of recording another"
)
ALREADY_CORRECTED_MESSAGE = (
    "This value has already been corrected: correct the latest value for the period instead"
)


def _today() -> datetime.date:
    return timezone.localdate()


def _recorded_by_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# Measures ---------------------------------------------------------------------------------------


def _validate_links(
    *,
    local_authority_id: int,
    expected_outcomes: Sequence[ExpectedOutcome],
    sections: Sequence[Section],
    themes: Sequence[Theme],
) -> dict[str, list[str]]:
    """Links only to the measure's own local authority's plans."""
    errors: dict[str, list[str]] = {}
    outcome_ids = [outcome.pk for outcome in expected_outcomes]
    if (
        outcome_ids
        and ExpectedOutcome.objects.filter(pk__in=outcome_ids)
        .exclude(section__plan__local_authority_id=local_authority_id)
        .exists()
    ):
        errors["expected_outcomes"] = ["Choose expected outcomes from this local authority's plans"]
    section_ids = [section.pk for section in sections]
    if (
        section_ids
        and Section.objects.filter(pk__in=section_ids)
        .exclude(plan__local_authority_id=local_authority_id)
        .exists()
    ):
        errors["sections"] = ["Choose sections from this local authority's plans"]
    theme_ids = [theme.pk for theme in themes]
    if (
        theme_ids
        and Theme.objects.filter(pk__in=theme_ids)
        .exclude(plan__local_authority_id=local_authority_id)
        .exists()
    ):
        errors["themes"] = ["Choose themes from this local authority's plans"]
    return errors


def _validate_measure(
    *,
    local_authority_id: int,
    reference: str,
    name: str,
    unit: str,
    direction: str,
    frequency: str,
    tolerance: Decimal | None,
    expected_outcomes: Sequence[ExpectedOutcome],
    sections: Sequence[Section],
    themes: Sequence[Theme],
    exclude_pk: int | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not reference.strip():
        errors["reference"] = ["Enter the measure's reference, for example CIN-03"]
    elif (
        Measure.objects.filter(
            local_authority_id=local_authority_id, reference__iexact=reference.strip()
        )
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["reference"] = ["Another measure already has this reference"]
    if not name.strip():
        errors["name"] = ["Enter the measure's name"]
    if unit not in Unit.values:
        errors["unit"] = ["Select the measure's unit"]
    if direction not in Direction.values:
        errors["direction"] = ["Select which direction is better"]
    if frequency not in Frequency.values:
        errors["frequency"] = ["Select how often the measure is reported"]
    if tolerance is None:
        errors["tolerance"] = ["Enter the tolerance, or 0 for none"]
    elif tolerance < 0:
        errors["tolerance"] = ["Enter a tolerance of 0 or more"]
    elif unit == Unit.PERCENTAGE and tolerance > 100:
        errors["tolerance"] = ["Enter a tolerance from 0 to 100 percentage points"]
    errors |= _validate_links(
        local_authority_id=local_authority_id,
        expected_outcomes=expected_outcomes,
        sections=sections,
        themes=themes,
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measure_create(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    reference: str,
    name: str,
    unit: str,
    direction: str,
    frequency: str,
    definition: str = "",
    source: str = "",
    tolerance: Decimal = Decimal("0"),
    expected_outcomes: Sequence[ExpectedOutcome] = (),
    sections: Sequence[Section] = (),
    themes: Sequence[Theme] = (),
) -> Measure:
    """Add a performance measure to the local authority's scorecard, linked to the expected
    outcomes, sections and themes of its own plans whose impact it shows."""
    _validate_measure(
        local_authority_id=local_authority.pk,
        reference=reference,
        name=name,
        unit=unit,
        direction=direction,
        frequency=frequency,
        tolerance=tolerance,
        expected_outcomes=expected_outcomes,
        sections=sections,
        themes=themes,
        exclude_pk=None,
    )
    measure = Measure(
        local_authority=local_authority,
        reference=reference.strip(),
        name=name.strip(),
        definition=definition.strip(),
        unit=unit,
        direction=direction,
        frequency=frequency,
        source=source.strip(),
        tolerance=tolerance,
    )
    save_with_history(measure, user)
    measure.expected_outcomes.set(list(expected_outcomes))
    measure.sections.set(list(sections))
    measure.themes.set(list(themes))
    return measure


@transaction.atomic
def measure_update(
    *,
    user: User | None,
    measure: Measure,
    expected_version: int | None,
    reference: str,
    name: str,
    unit: str,
    direction: str,
    frequency: str,
    definition: str,
    source: str,
    tolerance: Decimal,
    expected_outcomes: Sequence[ExpectedOutcome],
    sections: Sequence[Section],
    themes: Sequence[Theme],
) -> Measure:
    """Change a measure's definition or links, refusing a stale edit.

    The frequency cannot change once the measure has values: they are dated by its periods.
    """
    measure = lock_for_edit(measure, thing="measure", expected_version=expected_version)
    _validate_measure(
        local_authority_id=measure.local_authority_id,
        reference=reference,
        name=name,
        unit=unit,
        direction=direction,
        frequency=frequency,
        tolerance=tolerance,
        expected_outcomes=expected_outcomes,
        sections=sections,
        themes=themes,
        exclude_pk=measure.pk,
    )
    has_values = measure.values.exists()
    if has_values and unit != measure.unit:
        raise ValidationError(
            {
                "unit": [
                    "The measure already has values in "
                    f"{measure.get_unit_display().lower()}, so its unit cannot change: retire "
                    "it and add a new measure instead"
                ]
            }
        )
    if has_values and direction != measure.direction:
        raise ValidationError(
            {
                "direction": [
                    "The measure already has values rated against its targets, so which "
                    "direction is better cannot change: retire it and add a new measure instead"
                ]
            }
        )
    if frequency != measure.frequency and has_values:
        raise ValidationError(
            {
                "frequency": [
                    "The measure already has values for its "
                    f"{measure.get_frequency_display().lower()} periods, so its frequency "
                    "cannot change: retire it and add a new measure instead"
                ]
            }
        )
    save_changes(
        measure,
        user=user,
        reference=reference.strip(),
        name=name.strip(),
        definition=definition.strip(),
        unit=unit,
        direction=direction,
        frequency=frequency,
        source=source.strip(),
        tolerance=tolerance,
    )
    measure.expected_outcomes.set(list(expected_outcomes))
    measure.sections.set(list(sections))
    measure.themes.set(list(themes))
    return measure


@transaction.atomic
def measure_retire(
    *,
    user: User | None,
    measure: Measure,
    expected_version: int | None,
    retired_on: datetime.date | None = None,
) -> Measure:
    """Retire a measure that is no longer reported. It keeps its values, targets and links,
    and stays readable, but leaves the scorecard and takes no new values."""
    measure = lock_for_edit(measure, thing="measure", expected_version=expected_version)
    if measure.retired_on is not None:
        raise ValidationError(
            f"This measure was already retired on {format_date(measure.retired_on)}",
            code="retired",
        )
    retired_on = retired_on or _today()
    if retired_on > _today():
        raise ValidationError({"retired_on": ["The date retired must be today or in the past"]})
    return save_changes(measure, user=user, retired_on=retired_on)


# Targets ----------------------------------------------------------------------------------------


def _value_range_problem(*, unit: str, value: Decimal) -> str:
    if value < 0:
        return PERCENTAGE_RANGE_MESSAGE if unit == Unit.PERCENTAGE else NEGATIVE_MESSAGE
    if unit == Unit.PERCENTAGE and value > 100:
        return PERCENTAGE_RANGE_MESSAGE
    return ""


@transaction.atomic
def target_set(
    *,
    user: User | None,
    measure: Measure,
    value: Decimal,
    applies_from: datetime.date,
    note: str = "",
) -> Target:
    """Set the measure's target from a date until the next target starts.

    A measure has one target per start date: setting a target from a date that already has
    one replaces its value, and the target's history keeps the old one.
    """
    errors: dict[str, list[str]] = {}
    if measure.retired_on is not None:
        raise ValidationError(
            f"This measure was retired on {format_date(measure.retired_on)}: "
            "it takes no new targets",
            code="retired",
        )
    problem = _value_range_problem(unit=measure.unit, value=value)
    if problem:
        errors["value"] = [problem]
    if len(note.strip()) > Target._meta.get_field("note").max_length:  # type: ignore[operator]
        errors["note"] = ["The note must be 300 characters or fewer"]
    if errors:
        raise ValidationError(errors)
    existing = (
        Target.objects.select_for_update()
        .filter(measure=measure, applies_from=applies_from)
        .first()
    )
    if existing is not None:
        existing.measure = measure
        return save_changes(existing, user=user, value=value, note=note.strip())
    target = Target(measure=measure, value=value, applies_from=applies_from, note=note.strip())
    save_with_history(target, user)
    return target


@transaction.atomic
def target_remove(*, user: User | None, target: Target) -> None:
    """Remove a target set in error. The target's history keeps what it was and who removed
    it; periods it covered fall back to the target before it, if any."""
    delete_with_history(target, user)


# Values -----------------------------------------------------------------------------------------


def _validate_value(
    *,
    measure: Measure,
    value: Decimal,
    statistical_neighbours: Decimal | None,
    england: Decimal | None,
    region: Decimal | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, number in (
        ("value", value),
        ("statistical_neighbours", statistical_neighbours),
        ("england", england),
        ("region", region),
    ):
        if number is None:
            continue
        problem = _value_range_problem(unit=measure.unit, value=number)
        if problem:
            errors[field] = [problem]
    return errors


@transaction.atomic
def measure_value_record(
    *,
    user: User | None,
    measure: Measure,
    period_end: datetime.date,
    value: Decimal,
    statistical_neighbours: Decimal | None = None,
    england: Decimal | None = None,
    region: Decimal | None = None,
    note: str = "",
    source: str = "",
    today: datetime.date | None = None,
) -> MeasureValue:
    """Record a measure's value for a period, with the comparators published for it.

    The period must end on a period end of the measure's frequency (`rules.PERIOD_RULE`), not
    in the future, and not after the measure was retired. A period has one original value: a
    second is refused, and the officer is told to correct the first instead.
    """
    today = today or _today()
    # Locking the measure makes two people recording the same period wait in turn, so the
    # second is told to correct the value rather than meeting a database error.
    measure = Measure.objects.select_for_update(of=("self",)).get(pk=measure.pk)
    errors = _validate_value(
        measure=measure,
        value=value,
        statistical_neighbours=statistical_neighbours,
        england=england,
        region=region,
    )
    problem = rules.period_end_problem(frequency=measure.frequency, day=period_end)
    if problem:
        errors["period_end"] = [problem]
    elif period_end > today:
        errors["period_end"] = ["The period must have ended: enter a period end in the past"]
    elif measure.retired_on is not None and period_end > measure.retired_on:
        errors["period_end"] = [
            f"This measure was retired on {format_date(measure.retired_on)}: "
            "enter a period that ended before then"
        ]
    elif MeasureValue.objects.filter(
        measure=measure, period_end=period_end, corrects__isnull=True
    ).exists():
        errors["period_end"] = [
            DUPLICATE_VALUE_MESSAGE.format(
                measure=measure.name,
                period=period_label(frequency=measure.frequency, period_end=period_end),
            )
        ]
    if errors:
        raise ValidationError(errors)
    measure_value = MeasureValue(
        measure=measure,
        period_end=period_end,
        value=value,
        statistical_neighbours=statistical_neighbours,
        england=england,
        region=region,
        note=note.strip(),
        source=source.strip(),
        recorded_by=user,
        recorded_by_name=_recorded_by_name(user),
    )
    save_with_history(measure_value, user)
    return measure_value


@transaction.atomic
def measure_value_correct(
    *,
    user: User | None,
    value: MeasureValue,
    new_value: Decimal,
    reason: str,
    statistical_neighbours: Decimal | None = None,
    england: Decimal | None = None,
    region: Decimal | None = None,
    source: str = "",
) -> MeasureValue:
    """Correct a recorded value: a new value for the same period that names the one it
    replaces, with the reason as its note. The wrong value is kept, and shown as history.

    Only the latest value of a period can be corrected; correcting one that has already been
    corrected is refused (it would fork the period's history).
    """
    measure = Measure.objects.select_for_update(of=("self",)).get(pk=value.measure_id)
    errors = _validate_value(
        measure=measure,
        value=new_value,
        statistical_neighbours=statistical_neighbours,
        england=england,
        region=region,
    )
    if not reason.strip():
        errors["reason"] = ["Explain why the value is being corrected"]
    if MeasureValue.objects.filter(corrects_id=value.pk).exists():
        raise ValidationError(ALREADY_CORRECTED_MESSAGE, code="already_corrected")
    if errors:
        raise ValidationError(errors)
    correction = MeasureValue(
        measure=measure,
        period_end=value.period_end,
        value=new_value,
        statistical_neighbours=statistical_neighbours,
        england=england,
        region=region,
        note=reason.strip(),
        source=source.strip(),
        corrects=value,
        recorded_by=user,
        recorded_by_name=_recorded_by_name(user),
    )
    try:
        with transaction.atomic():
            save_with_history(correction, user)
    except IntegrityError as error:  # a correction saved between the check and the insert
        raise ValidationError(ALREADY_CORRECTED_MESSAGE, code="already_corrected") from error
    return correction
