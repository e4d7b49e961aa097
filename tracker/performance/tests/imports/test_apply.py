"""Checking imported values against the scorecard, and recording them all or none."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tracker.performance.imports.apply import (
    measure_value_import_apply,
    measure_value_import_check,
)
from tracker.performance.imports.reading import read_values_file
from tracker.performance.models import MeasureValue
from tracker.performance.tests.imports.builders import csv_bytes
from tracker.performance.tests.imports.conftest import TODAY, in_force, recorded

pytestmark = pytest.mark.django_db

HEADINGS = ["Reference", "Measure", "Period end", "Value", "Statistical neighbours", "Note"]
OCT = datetime.date(2025, 10, 31)
SEP = datetime.date(2025, 9, 30)


def _parsed(*rows):
    return read_values_file(filename="pack.csv", data=csv_bytes([HEADINGS, *rows]))


def _problems(local_authority, *rows) -> list[str]:
    checked = measure_value_import_check(
        local_authority=local_authority, parsed=_parsed(*rows), today=TODAY
    )
    return [str(problem) for problem in checked.problems]


def _apply(user, local_authority, *rows, source=""):
    return measure_value_import_apply(
        user=user,
        local_authority=local_authority,
        parsed=_parsed(*rows),
        source=source,
        today=TODAY,
    )


def test_check_finds_measures_by_reference_then_exact_name_ignoring_case(
    local_authority, re_referrals, caseload
):
    checked = measure_value_import_check(
        local_authority=local_authority,
        parsed=_parsed(
            ["cin-03", "", "2025-10-31", "23.5%", "", ""],
            ["", "AVERAGE SOCIAL WORKER CASELOAD", "Oct 2025", "19", "", ""],
            ["No such ref", "Re-referrals within 12 months", "Sep 2025", "22", "", ""],
        ),
        today=TODAY,
    )
    assert checked.problems == []
    assert [
        (v.measure.id if v.measure else None, v.period_end, v.value) for v in checked.values
    ] == [
        (re_referrals.pk, OCT, Decimal("23.50")),
        (caseload.pk, OCT, Decimal("19.00")),
        (re_referrals.pk, SEP, Decimal("22.00")),
    ]
    assert checked.counts() == {
        "added": 3,
        "corrected": 0,
        "unchanged": 0,
        "skipped": 0,
        "problems": 0,
    }


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            ["XYZ-1", "", "2025-10-31", "5", "", ""],
            "row 2: there is no measure ‘XYZ-1’ in your authority's scorecard: check its "
            "reference or name",
        ),
        (
            ["", "", "2025-10-31", "5", "", ""],
            "row 2: the measure is missing: give its reference or name",
        ),
        (
            ["CIN-03", "", "2025-10-30", "5", "", ""],
            "row 2: 30 October 2025 does not end a month of CIN-03: A month's value is dated "
            "the last day of the month",
        ),
        (
            ["CP-07", "", "2025-10-31", "5", "", ""],
            "row 2: 31 October 2025 does not end a quarter of CP-07: A quarter ends on 30 June, "
            "30 September, 31 December or 31 March",
        ),
        (
            ["CIN-03", "", "Target", "5", "", ""],
            "row 2: ‘Target’ is not a date or a month",
        ),
        (
            ["CIN-03", "", "2027-01-31", "5", "", ""],
            "row 2: 31 January 2027 has not ended yet: values are for past periods",
        ),
        (["CIN-03", "", "2025-10-31", "lots", "", ""], "row 2: ‘lots’ is not a number"),
        (
            ["CIN-03", "", "2025-10-31", "123.4%", "", ""],
            "row 2: the value 123.4% is not a percentage between 0 and 100",
        ),
        (
            ["CIN-03", "", "2025-10-31", "-1", "", ""],
            "row 2: the value -1% is not a percentage between 0 and 100",
        ),
        (
            ["WF-02", "", "2025-10-31", "19%", "", ""],
            "row 2: the value ‘19%’ is a percentage, but WF-02 is measured in number",
        ),
        (
            ["WF-02", "", "2025-10-31", "-3", "", ""],
            "row 2: the value -3 is negative, but WF-02 is measured in number",
        ),
        (
            ["CIN-03", "", "2025-10-31", "20", "about 20", ""],
            "row 2: the statistical neighbours' average: ‘about 20’ is not a number",
        ),
        (
            ["THEIRS-1", "", "2025-10-31", "5", "", ""],
            "row 2: there is no measure ‘THEIRS-1’ in your authority's scorecard: check its "
            "reference or name",
        ),
    ],
)
def test_check_says_what_is_wrong_with_each_row(
    local_authority, re_referrals, caseload, plans_second_time, their_measure, row, problem
):
    assert _problems(local_authority, row) == [problem]


def test_check_says_where_a_duplicate_row_first_was(local_authority, re_referrals):
    assert _problems(
        local_authority,
        ["CIN-03", "", "2025-10-31", "20", "", ""],
        ["", "Re-referrals within 12 months", "Oct 2025", "21", "", ""],
    ) == [
        "row 3: Re-referrals within 12 months has a second value for October 2025 (also at row 2)"
    ]


def test_check_refuses_a_name_two_measures_share(local_authority, re_referrals, caseload):
    caseload.name = re_referrals.name
    caseload.save()
    assert _problems(local_authority, ["", re_referrals.name, "2025-10-31", "20", "", ""]) == [
        "row 2: more than one measure is called ‘Re-referrals within 12 months’: use its reference"
    ]


def test_check_refuses_a_period_after_the_measure_was_retired(local_authority, re_referrals):
    re_referrals.retired_on = SEP
    re_referrals.save()
    assert _problems(local_authority, ["CIN-03", "", "2025-10-31", "20", "", ""]) == [
        "row 2: CIN-03 was retired on 30 September 2025, before 31 October 2025"
    ]


def test_check_passes_over_blank_and_not_available_values_without_a_problem(
    local_authority, re_referrals
):
    checked = measure_value_import_check(
        local_authority=local_authority,
        parsed=_parsed(
            ["CIN-03", "", "2025-10-31", "20", "", ""],
            ["XYZ", "", "nonsense", "", "", ""],
            ["CIN-03", "", "2025-09-30", "n/a", "", ""],
        ),
        today=TODAY,
    )
    assert checked.problems == []
    assert checked.counts()["skipped"] == 2


def test_check_refuses_a_file_whose_every_value_is_blank(local_authority, re_referrals):
    assert _problems(local_authority, ["CIN-03", "", "2025-10-31", "", "", ""]) == [
        "The file has no values to import: every value is blank"
    ]


def test_apply_records_new_values_with_comparators_note_and_source(
    improvement_lead, local_authority, re_referrals
):
    result = _apply(
        improvement_lead,
        local_authority,
        ["CIN-03", "", "2025-10-31", "23.5%", "21", "Validated"],
        source="October pack",
    )
    assert (result.added, result.corrected, result.unchanged) == (1, 0, 0)
    value = MeasureValue.objects.get(measure=re_referrals)
    assert (value.period_end, value.value, value.statistical_neighbours) == (
        OCT,
        Decimal("23.50"),
        Decimal("21.00"),
    )
    assert (value.note, value.source, value.recorded_by) == (
        "Validated",
        "October pack",
        improvement_lead,
    )


def test_apply_keeps_the_file_name_as_the_source_when_none_is_given(
    improvement_lead, local_authority, re_referrals
):
    _apply(improvement_lead, local_authority, ["CIN-03", "", "2025-10-31", "20", "", ""])
    assert MeasureValue.objects.get().source == "Imported from pack.csv"


def test_apply_leaves_the_same_value_alone(improvement_lead, local_authority, re_referrals):
    recorded(re_referrals, OCT, "20")
    result = _apply(
        improvement_lead,
        local_authority,
        ["CIN-03", "", "2025-10-31", "20.00", "", ""],
        ["CIN-03", "", "2025-09-30", "19", "", ""],
    )
    assert (result.added, result.corrected, result.unchanged) == (1, 0, 1)
    assert in_force(re_referrals, OCT) == [Decimal("20.00")]


def test_apply_corrects_a_different_value_keeping_the_old_one_and_its_comparators(
    improvement_lead, local_authority, re_referrals
):
    original = recorded(re_referrals, OCT, "20", england=Decimal("22"))
    checked = measure_value_import_check(
        local_authority=local_authority,
        parsed=_parsed(["CIN-03", "", "2025-10-31", "21.5", "", ""]),
        today=TODAY,
    )
    [correction] = checked.to_correct
    assert (correction.current.value, correction.value) == (Decimal("20"), Decimal("21.50"))

    result = _apply(improvement_lead, local_authority, ["CIN-03", "", "2025-10-31", "21.5", "", ""])

    assert (result.added, result.corrected, result.unchanged) == (0, 1, 0)
    assert in_force(re_referrals, OCT) == [Decimal("20.00"), Decimal("21.50")]
    new = MeasureValue.objects.get(corrects=original)
    assert new.england == Decimal("22.00")
    assert new.note == "Corrected by the import of pack.csv"


def test_apply_corrects_the_latest_value_of_a_corrected_period(
    improvement_lead, local_authority, re_referrals
):
    first = recorded(re_referrals, OCT, "20")
    second = recorded(re_referrals, OCT, "21", corrects=first)
    _apply(improvement_lead, local_authority, ["CIN-03", "", "2025-10-31", "22", "", "Revalidated"])
    third = MeasureValue.objects.get(corrects=second)
    assert (third.value, third.note) == (Decimal("22.00"), "Revalidated")


def test_apply_with_one_bad_row_writes_nothing(improvement_lead, local_authority, re_referrals):
    recorded(re_referrals, SEP, "20")
    with pytest.raises(ValidationError) as error:
        _apply(
            improvement_lead,
            local_authority,
            ["CIN-03", "", "2025-10-31", "21", "", ""],
            ["CIN-03", "", "2025-09-30", "25", "", ""],
            ["CIN-03", "", "2025-08-31", "oops", "", ""],
        )
    assert error.value.messages == ["row 4: ‘oops’ is not a number"]
    assert in_force(re_referrals, OCT) == []
    assert in_force(re_referrals, SEP) == [Decimal("20.00")]


def test_apply_writes_nothing_when_a_service_refuses_a_value_midway(
    improvement_lead, local_authority, re_referrals, monkeypatch
):
    """A value recorded by someone else between the check and the write is refused by the
    service; the values before it are rolled back."""
    from tracker.performance.imports import apply

    real = apply.measure_value_record
    calls = []

    def record_then_refuse(**kwargs):
        calls.append(kwargs["period_end"])
        if len(calls) == 2:
            raise ValidationError({"period_end": ["Re-referrals already has a value"]})
        return real(**kwargs)

    monkeypatch.setattr(apply, "measure_value_record", record_then_refuse)
    with pytest.raises(ValidationError) as error:
        _apply(
            improvement_lead,
            local_authority,
            ["CIN-03", "", "2025-10-31", "21", "", ""],
            ["CIN-03", "", "2025-09-30", "25", "", ""],
        )
    assert error.value.messages == ["row 3: Re-referrals already has a value"]
    assert MeasureValue.objects.count() == 0


def test_check_treats_new_comparators_for_the_same_value_as_a_correction(
    local_authority, re_referrals
):
    recorded(re_referrals, OCT, "20", statistical_neighbours=Decimal("18"))
    same = measure_value_import_check(
        local_authority=local_authority,
        parsed=_parsed(["CIN-03", "", "2025-10-31", "20", "18", ""]),
        today=TODAY,
    )
    assert [value.outcome for value in same.values] == ["unchanged"]
    changed = measure_value_import_check(
        local_authority=local_authority,
        parsed=_parsed(["CIN-03", "", "2025-10-31", "20", "19", ""]),
        today=TODAY,
    )
    assert [value.outcome for value in changed.values] == ["correct"]


def test_apply_refuses_values_of_another_authority_s_measure(
    improvement_lead, local_authority, their_measure
):
    with pytest.raises(ValidationError, match="there is no measure ‘THEIRS-1’"):
        _apply(improvement_lead, local_authority, ["THEIRS-1", "", "2025-10-31", "5", "", ""])
    assert MeasureValue.objects.count() == 0
