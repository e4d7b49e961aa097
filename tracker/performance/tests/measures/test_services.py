import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tracker.core.errors import ConcurrentEditError
from tracker.performance.measures import services
from tracker.performance.models import Direction, Frequency, Measure, MeasureValue, Target, Unit
from tracker.plans.models import ExpectedOutcome
from tracker.plans.tests.factories import SectionFactory, ThemeFactory

from .conftest import TODAY


def _measure_fields(**overrides):
    fields = {
        "reference": "CP-02",
        "name": "Child protection plans for a second or later time",
        "unit": Unit.PERCENTAGE,
        "direction": "lower",
        "frequency": Frequency.MONTHLY,
    }
    return fields | overrides


def _update_fields(measure, **overrides):
    fields = {
        "reference": measure.reference,
        "name": measure.name,
        "unit": measure.unit,
        "direction": measure.direction,
        "frequency": measure.frequency,
        "definition": measure.definition,
        "source": measure.source,
        "tolerance": measure.tolerance,
        "expected_outcomes": list(measure.expected_outcomes.all()),
        "sections": list(measure.sections.all()),
        "themes": list(measure.themes.all()),
    }
    return fields | overrides


def _record(measure, user, **overrides):
    fields = {
        "period_end": datetime.date(2026, 10, 31),
        "value": Decimal("21.5"),
        "england": Decimal("22.4"),
        "today": TODAY,
    }
    return services.measure_value_record(user=user, measure=measure, **(fields | overrides))


# Measures


def test_measure_create_links_outcomes_sections_and_themes(measure, outcome, section, theme):
    assert list(measure.expected_outcomes.all()) == [outcome]
    assert list(measure.sections.all()) == [section]
    assert list(measure.themes.all()) == [theme]
    assert measure.history.first().history_user.username == "lead"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reference": " "}, "reference", "Enter the measure's reference"),
        ({"name": ""}, "name", "Enter the measure's name"),
        ({"unit": "furlongs"}, "unit", "Select the measure's unit"),
        ({"direction": "sideways"}, "direction", "Select which direction is better"),
        ({"frequency": "weekly"}, "frequency", "Select how often"),
        ({"tolerance": Decimal("-1")}, "tolerance", "Enter a tolerance of 0 or more"),
        ({"tolerance": Decimal("101")}, "tolerance", "from 0 to 100 percentage points"),
    ],
)
def test_measure_create_refuses_invalid_fields(
    improvement_lead, local_authority, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            user=improvement_lead, local_authority=local_authority, **_measure_fields(**overrides)
        )
    assert message in error.value.message_dict[field][0]
    assert not Measure.objects.exists()


def test_measure_create_refuses_a_reference_already_used(measure, improvement_lead):
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            user=improvement_lead,
            local_authority=measure.local_authority,
            **_measure_fields(reference="cin-03"),
        )
    assert error.value.message_dict["reference"] == ["Another measure already has this reference"]


def test_measure_create_allows_the_same_reference_in_another_authority(
    measure, outsider, other_local_authority
):
    other = services.measure_create(
        user=outsider, local_authority=other_local_authority, **_measure_fields(reference="CIN-03")
    )
    assert other.reference == "CIN-03"


@pytest.mark.parametrize("link", ["expected_outcomes", "sections", "themes"])
def test_measure_create_refuses_links_to_another_authoritys_plan(
    improvement_lead, local_authority, other_plan, link
):
    other_section = SectionFactory(plan=other_plan, number=9)
    things = {
        "expected_outcomes": [ExpectedOutcome.objects.create(section=other_section, text="x")],
        "sections": [other_section],
        "themes": [ThemeFactory(plan=other_plan)],
    }
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            user=improvement_lead,
            local_authority=local_authority,
            **_measure_fields(),
            **{link: things[link]},
        )
    assert "from this local authority's plans" in error.value.message_dict[link][0]
    assert not Measure.objects.exists()


def test_measure_update_changes_fields_and_moves_the_version_on(measure, improvement_lead):
    updated = services.measure_update(
        user=improvement_lead,
        measure=measure,
        expected_version=measure.version,
        **_update_fields(measure, name="Re-referrals", tolerance=Decimal("1.5"), themes=[]),
    )
    updated.refresh_from_db()
    assert updated.name == "Re-referrals"
    assert updated.tolerance == Decimal("1.5")
    assert updated.version == 2
    assert list(updated.themes.all()) == []
    assert updated.history.count() >= 2


def test_measure_update_refuses_a_stale_edit(measure, improvement_lead):
    services.measure_update(
        user=improvement_lead,
        measure=measure,
        expected_version=measure.version,
        **_update_fields(measure, name="First"),
    )
    with pytest.raises(ConcurrentEditError, match="This measure was changed by someone else"):
        services.measure_update(
            user=improvement_lead,
            measure=measure,
            expected_version=1,
            **_update_fields(measure, name="Second"),
        )
    measure.refresh_from_db()
    assert measure.name == "First"


def test_measure_update_refuses_links_to_another_authoritys_plan(
    measure, improvement_lead, other_plan
):
    with pytest.raises(ValidationError) as error:
        services.measure_update(
            user=improvement_lead,
            measure=measure,
            expected_version=measure.version,
            **_update_fields(measure, themes=[ThemeFactory(plan=other_plan)]),
        )
    assert "themes" in error.value.message_dict
    assert measure.themes.get().plan.local_authority_id == measure.local_authority_id


def test_measure_update_refuses_a_new_frequency_once_there_are_values(measure, improvement_lead):
    _record(measure, improvement_lead)
    with pytest.raises(ValidationError) as error:
        services.measure_update(
            user=improvement_lead,
            measure=measure,
            expected_version=measure.version,
            **_update_fields(measure, frequency=Frequency.QUARTERLY),
        )
    assert "its frequency cannot change" in error.value.message_dict["frequency"][0]


@pytest.mark.parametrize(
    ("field", "new", "message"),
    [
        ("unit", Unit.NUMBER, "its unit cannot change"),
        ("direction", Direction.HIGHER_IS_BETTER, "which direction is better cannot change"),
    ],
)
def test_measure_update_refuses_a_new_meaning_for_values_already_recorded(
    measure, improvement_lead, field, new, message
):
    _record(measure, improvement_lead)
    with pytest.raises(ValidationError) as error:
        services.measure_update(
            user=improvement_lead,
            measure=measure,
            expected_version=measure.version,
            **_update_fields(measure, **{field: new}),
        )
    assert message in error.value.message_dict[field][0]
    measure.refresh_from_db()
    assert getattr(measure, field) != new


def test_measure_update_may_change_unit_and_direction_before_any_value(measure, improvement_lead):
    updated = services.measure_update(
        user=improvement_lead,
        measure=measure,
        expected_version=measure.version,
        **_update_fields(measure, unit=Unit.NUMBER, direction=Direction.HIGHER_IS_BETTER),
    )
    assert (updated.unit, updated.direction) == (Unit.NUMBER, Direction.HIGHER_IS_BETTER)


def test_measure_retire_keeps_the_measure_and_refuses_twice(measure, improvement_lead):
    retired = services.measure_retire(
        user=improvement_lead,
        measure=measure,
        expected_version=measure.version,
        retired_on=datetime.date(2026, 11, 30),
    )
    assert retired.retired_on == datetime.date(2026, 11, 30)
    with pytest.raises(ValidationError, match="already retired on 30 November 2026"):
        services.measure_retire(
            user=improvement_lead, measure=retired, expected_version=retired.version
        )


def test_measure_retire_refuses_a_stale_edit(measure, improvement_lead):
    with pytest.raises(ConcurrentEditError):
        services.measure_retire(user=improvement_lead, measure=measure, expected_version=7)
    measure.refresh_from_db()
    assert measure.retired_on is None


# Targets


def test_target_set_adds_then_replaces_the_target_from_a_date(measure, improvement_lead):
    first = services.target_set(
        user=improvement_lead,
        measure=measure,
        value=Decimal("20"),
        applies_from=datetime.date(2026, 4, 1),
    )
    again = services.target_set(
        user=improvement_lead,
        measure=measure,
        value=Decimal("18"),
        applies_from=datetime.date(2026, 4, 1),
        note="Board agreed a stretch",
    )
    assert again.pk == first.pk
    assert Target.objects.get().value == Decimal("18")
    assert [row.value for row in first.history.order_by("history_date")] == [
        Decimal("20"),
        Decimal("18"),
    ]


@pytest.mark.parametrize("value", [Decimal("-1"), Decimal("100.01")])
def test_target_set_refuses_a_percentage_outside_0_to_100(measure, improvement_lead, value):
    with pytest.raises(ValidationError) as error:
        services.target_set(
            user=improvement_lead,
            measure=measure,
            value=value,
            applies_from=datetime.date(2026, 4, 1),
        )
    assert error.value.message_dict["value"] == ["Enter a percentage from 0 to 100"]
    assert not Target.objects.exists()


def test_target_set_refuses_a_negative_number(measure, improvement_lead):
    measure.unit = Unit.DAYS
    with pytest.raises(ValidationError) as error:
        services.target_set(
            user=improvement_lead,
            measure=measure,
            value=Decimal("-3"),
            applies_from=datetime.date(2026, 4, 1),
        )
    assert error.value.message_dict["value"] == ["Enter a value of 0 or more"]


def test_target_set_refuses_a_retired_measure(measure, improvement_lead):
    services.measure_retire(user=improvement_lead, measure=measure, expected_version=1)
    measure.refresh_from_db()
    with pytest.raises(ValidationError, match="it takes no new targets"):
        services.target_set(
            user=improvement_lead,
            measure=measure,
            value=Decimal("20"),
            applies_from=datetime.date(2026, 4, 1),
        )


def test_target_remove_keeps_the_target_in_history(measure, improvement_lead):
    target = services.target_set(
        user=improvement_lead,
        measure=measure,
        value=Decimal("20"),
        applies_from=datetime.date(2026, 4, 1),
    )
    target_id = target.pk
    services.target_remove(user=improvement_lead, target=target)
    assert not Target.objects.exists()
    removal = Target.history.filter(id=target_id).latest("history_date")
    assert removal.history_type == "-"
    assert removal.value == Decimal("20")
    assert removal.history_user == improvement_lead


# Values


def test_measure_value_record_keeps_comparators_and_who_recorded_it(measure, improvement_lead):
    value = _record(
        measure,
        improvement_lead,
        statistical_neighbours=Decimal("21"),
        region=Decimal("23"),
        note=" From the October pack ",
    )
    assert value.england == Decimal("22.4")
    assert value.statistical_neighbours == Decimal("21")
    assert value.region == Decimal("23")
    assert value.note == "From the October pack"
    assert value.recorded_by == improvement_lead
    assert value.recorded_by_name


@pytest.mark.parametrize(
    ("frequency", "period_end", "message"),
    [
        (Frequency.MONTHLY, datetime.date(2026, 10, 30), "dated the last day of the month"),
        (Frequency.QUARTERLY, datetime.date(2026, 10, 31), "A quarter ends on 30 June"),
        (Frequency.ANNUAL, datetime.date(2026, 9, 30), "A year ends on 31 March"),
    ],
)
def test_measure_value_record_refuses_a_day_that_does_not_end_a_period(
    measure, improvement_lead, frequency, period_end, message
):
    Measure.objects.filter(pk=measure.pk).update(frequency=frequency)
    with pytest.raises(ValidationError) as error:
        _record(measure, improvement_lead, period_end=period_end)
    assert message in error.value.message_dict["period_end"][0]
    assert not MeasureValue.objects.exists()


def test_measure_value_record_refuses_a_period_not_yet_ended(measure, improvement_lead):
    with pytest.raises(ValidationError) as error:
        _record(measure, improvement_lead, period_end=datetime.date(2026, 12, 31))
    assert error.value.message_dict["period_end"] == [
        "The period must have ended: enter a period end in the past"
    ]


def test_measure_value_record_refuses_a_second_original_for_a_period(measure, improvement_lead):
    _record(measure, improvement_lead)
    with pytest.raises(ValidationError) as error:
        _record(measure, improvement_lead, value=Decimal("30"))
    assert error.value.message_dict["period_end"] == [
        "Re-referrals within 12 months already has a value for October 2026: correct that "
        "value instead of recording another"
    ]
    assert MeasureValue.objects.count() == 1


@pytest.mark.parametrize("field", ["value", "statistical_neighbours", "england", "region"])
@pytest.mark.parametrize("number", [Decimal("-0.01"), Decimal("100.5")])
def test_measure_value_record_refuses_a_percentage_outside_0_to_100(
    measure, improvement_lead, field, number
):
    with pytest.raises(ValidationError) as error:
        _record(measure, improvement_lead, **{field: number})
    assert error.value.message_dict[field] == ["Enter a percentage from 0 to 100"]
    assert not MeasureValue.objects.exists()


def test_measure_value_record_allows_more_than_100_days(measure, improvement_lead):
    Measure.objects.filter(pk=measure.pk).update(unit=Unit.DAYS)
    assert _record(measure, improvement_lead, value=Decimal("140")).value == Decimal("140")


def test_measure_value_record_refuses_a_period_after_retirement(measure, improvement_lead):
    services.measure_retire(
        user=improvement_lead,
        measure=measure,
        expected_version=1,
        retired_on=datetime.date(2026, 9, 15),
    )
    with pytest.raises(ValidationError) as error:
        _record(measure, improvement_lead)
    assert "retired on 15 September 2026" in error.value.message_dict["period_end"][0]


def test_measure_value_correct_appends_a_value_naming_the_one_it_replaces(
    measure, improvement_lead, administrator
):
    original = _record(measure, improvement_lead)
    correction = services.measure_value_correct(
        user=administrator,
        value=original,
        new_value=Decimal("24"),
        england=Decimal("22.4"),
        reason="Late referrals added",
    )
    second = services.measure_value_correct(
        user=improvement_lead, value=correction, new_value=Decimal("24.5"), reason="Recount"
    )
    original.refresh_from_db()
    assert original.value == Decimal("21.5")
    assert correction.corrects == original
    assert correction.note == "Late referrals added"
    assert correction.period_end == original.period_end
    assert correction.recorded_by == administrator
    assert second.corrects == correction
    assert MeasureValue.objects.count() == 3


def test_measure_value_correct_refuses_an_already_corrected_value(measure, improvement_lead):
    original = _record(measure, improvement_lead)
    services.measure_value_correct(
        user=improvement_lead, value=original, new_value=Decimal("24"), reason="Recount"
    )
    with pytest.raises(ValidationError, match="has already been corrected"):
        services.measure_value_correct(
            user=improvement_lead, value=original, new_value=Decimal("25"), reason="Again"
        )
    assert MeasureValue.objects.count() == 2


def test_measure_value_correct_needs_a_reason_and_a_valid_value(measure, improvement_lead):
    original = _record(measure, improvement_lead)
    with pytest.raises(ValidationError) as error:
        services.measure_value_correct(
            user=improvement_lead, value=original, new_value=Decimal("101"), reason=" "
        )
    assert error.value.message_dict == {
        "value": ["Enter a percentage from 0 to 100"],
        "reason": ["Explain why the value is being corrected"],
    }
    assert MeasureValue.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite serialises writers without row locks"
)
def test_measure_value_record_twice_at_once_tells_the_second_to_correct(
    local_authority, improvement_lead
):  # pragma: no cover - PostgreSQL only
    measure = services.measure_create(
        user=improvement_lead, local_authority=local_authority, **_measure_fields()
    )
    outcomes: list[str] = []

    def record() -> None:
        try:
            _record(measure, improvement_lead)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.message_dict["period_end"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "recorded"
    assert "correct that value instead" in sorted(outcomes)[0]
