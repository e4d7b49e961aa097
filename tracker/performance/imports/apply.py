"""Write the measure values an officer has checked in the import preview: the one write of an
import, through the measures' own append-only services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, User
from tracker.performance.imports.parsed import ParsedValues
from tracker.performance.imports.validate import (
    ADD,
    COMPARATORS,
    CheckedValue,
    CheckedValues,
    check_values,
    reference_data_for,
)
from tracker.performance.measures.services import measure_value_correct, measure_value_record
from tracker.performance.models import Measure, MeasureValue
from tracker.plans.imports.common import shorten

MAX_SOURCE = 250


def import_source(*, parsed: ParsedValues, source: str = "") -> str:
    """Where imported values say they came from: the officer's words, else the file's name."""
    return shorten(source.strip() or f"Imported from {parsed.filename}", MAX_SOURCE)


def measure_value_import_check(
    *, local_authority: LocalAuthority, parsed: ParsedValues, today: datetime.date | None = None
) -> CheckedValues:
    """The preview of an import: what each value will do, and every problem."""
    return check_values(
        parsed,
        reference=reference_data_for(local_authority=local_authority),
        today=today or timezone.localdate(),
    )


@dataclass(frozen=True)
class ImportResult:
    added: int
    corrected: int
    unchanged: int
    skipped: int

    @property
    def summary(self) -> str:
        """What the import did, in a sentence ("3 values added, 1 corrected, 2 unchanged")."""
        parts = [
            f"{self.added} value{'s' if self.added != 1 else ''} added",
            f"{self.corrected} corrected",
            f"{self.unchanged} unchanged",
        ]
        return ", ".join(parts)


def _reason(checked: CheckedValue, *, filename: str) -> str:
    return checked.note or f"Corrected by the import of {shorten(filename, 150)}"


@transaction.atomic
def measure_value_import_apply(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    parsed: ParsedValues,
    source: str = "",
    today: datetime.date | None = None,
) -> ImportResult:
    """Record every value of an imported file, all of them or none.

    The file is checked again first, against the values as they are now: any problem refuses
    the whole import. A value for a period with no value is recorded; a different value for a
    period that has one is recorded as a correction of the value in force (never an
    overwrite), with the file's note, or the file's name, as the reason, and keeping the
    comparators the file leaves blank; the same value again is left alone.
    """
    today = today or timezone.localdate()
    checked = measure_value_import_check(
        local_authority=local_authority, parsed=parsed, today=today
    )
    if not checked.is_ready:
        raise ValidationError([str(problem) for problem in checked.problems])
    to_write = checked.to_write
    measures = Measure.objects.in_bulk(
        {value.measure.id for value in to_write if value.measure is not None}
    )
    corrected = MeasureValue.objects.in_bulk(
        {value.current.id for value in to_write if value.current is not None}
    )
    where_from = import_source(parsed=parsed, source=source)
    for value in to_write:
        if value.measure is None or value.period_end is None or value.value is None:
            continue  # a value to write always has them; this tells the type checker
        try:
            if value.outcome == ADD:
                measure_value_record(
                    user=user,
                    measure=measures[value.measure.id],
                    period_end=value.period_end,
                    value=value.value,
                    statistical_neighbours=value.statistical_neighbours,
                    england=value.england,
                    region=value.region,
                    note=value.note,
                    source=where_from,
                    today=today,
                )
            elif value.current is not None:
                comparators = {
                    name: (
                        getattr(value, name)
                        if getattr(value, name) is not None
                        else getattr(value.current, name)
                    )
                    for name in COMPARATORS
                }
                measure_value_correct(
                    user=user,
                    value=corrected[value.current.id],
                    new_value=value.value,
                    reason=_reason(value, filename=parsed.filename),
                    source=where_from,
                    **comparators,
                )
        except ValidationError as error:
            raise ValidationError(
                [f"{value.place}: {message}" for message in error.messages]
            ) from error
    return ImportResult(
        added=len(checked.to_add),
        corrected=len(checked.to_correct),
        unchanged=len(checked.unchanged),
        skipped=len(checked.skipped),
    )
