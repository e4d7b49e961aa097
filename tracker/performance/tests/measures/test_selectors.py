import datetime
from decimal import Decimal

import pytest

from tracker.performance.measures import selectors, services
from tracker.performance.models import Direction, Frequency, Measure, MeasureValue, Target, Unit
from tracker.plans.tests.factories import SectionFactory, ThemeFactory

from .conftest import TODAY
from .factories import MeasureFactory, MeasureValueFactory, TargetFactory

OCT = datetime.date(2026, 10, 31)
SEP = datetime.date(2026, 9, 30)
AUG = datetime.date(2026, 8, 31)


def _rows(local_authority, **filters):
    return selectors.scorecard_for_authority(
        local_authority=local_authority, today=TODAY, **filters
    )


def test_scorecard_rates_the_latest_value_against_its_target(measure, improvement_lead):
    services.target_set(
        user=improvement_lead, measure=measure, value=Decimal("20"), applies_from=AUG
    )
    for period_end, value in [(AUG, "25"), (SEP, "23"), (OCT, "21.5")]:
        services.measure_value_record(
            user=improvement_lead,
            measure=measure,
            period_end=period_end,
            value=Decimal(value),
            england=Decimal("22.4"),
            today=TODAY,
        )
    [row] = _rows(measure.local_authority)
    assert row.latest.value == Decimal("21.5")
    assert row.period_label == "October 2026"
    assert row.previous.value == Decimal("23")
    assert row.target == Decimal("20")
    assert row.rag == "amber"
    assert row.rag_word == "Amber"
    assert row.trend == "better"
    assert row.latest.england == Decimal("22.4")
    # Today 6 December: October's value was due by 30 November, November's is not yet.
    assert row.expected_period_end == OCT
    assert row.has_expected_value is True


def test_scorecard_uses_the_correction_in_place_of_the_value_it_corrects(measure, improvement_lead):
    services.target_set(
        user=improvement_lead, measure=measure, value=Decimal("20"), applies_from=AUG
    )
    original = services.measure_value_record(
        user=improvement_lead, measure=measure, period_end=OCT, value=Decimal("19"), today=TODAY
    )
    services.measure_value_correct(
        user=improvement_lead, value=original, new_value=Decimal("30"), reason="Recount"
    )
    [row] = _rows(measure.local_authority)
    assert row.latest.value == Decimal("30")
    assert row.rag == "red"


def test_scorecard_gives_no_trend_across_a_gap_and_flags_a_missing_period(
    measure, improvement_lead
):
    for period_end in (AUG, SEP):
        services.measure_value_record(
            user=improvement_lead,
            measure=measure,
            period_end=period_end if period_end == SEP else datetime.date(2026, 7, 31),
            value=Decimal("20"),
            today=TODAY,
        )
    [row] = _rows(measure.local_authority)
    assert row.latest.period_end == SEP
    assert row.previous is None
    assert row.trend == ""
    assert row.trend_word == "No earlier value"
    assert row.has_expected_value is False
    assert row.rag == ""  # no target


def test_scorecard_of_a_measure_with_no_values_is_not_rated(measure):
    [row] = _rows(measure.local_authority)
    assert row.latest is None
    assert row.rag_word == "Not rated"
    assert row.period_label == ""
    assert row.has_expected_value is False


def test_scorecard_leaves_out_retired_measures_and_other_authorities(
    measure, improvement_lead, other_local_authority
):
    MeasureFactory(local_authority=other_local_authority)
    retired = MeasureFactory(local_authority=measure.local_authority)
    services.measure_retire(user=improvement_lead, measure=retired, expected_version=1)
    assert [row.measure for row in _rows(measure.local_authority)] == [measure]


def test_scorecard_filters(measure, local_authority, plan, theme, section):
    other_theme = ThemeFactory(plan=plan, name="Workforce")
    section_of_theme = SectionFactory(plan=plan, theme=other_theme, number=2)
    by_section = MeasureFactory(
        local_authority=local_authority, frequency=Frequency.QUARTERLY, reference="Q1"
    )
    by_section.sections.add(section_of_theme)
    TargetFactory(measure=by_section, value=Decimal("50"))
    MeasureValueFactory(measure=by_section, period_end=SEP, value=Decimal("60"))

    def refs(**filters):
        return [row.measure.reference for row in _rows(local_authority, **filters)]

    assert refs() == ["CIN-03", "Q1"]
    assert refs(theme_id=theme.pk) == ["CIN-03"]
    assert refs(theme_id=other_theme.pk) == ["Q1"]  # through its section's theme
    assert refs(section_id=section.pk) == ["CIN-03"]
    assert refs(frequency=Frequency.QUARTERLY) == ["Q1"]
    assert refs(rag="red") == ["Q1"]  # 60 against 50, lower is better
    assert refs(rag=selectors.NOT_RATED) == ["CIN-03"]
    assert refs(rag="green") == []


def _bulk_scorecard(local_authority, size):
    measures = Measure.objects.bulk_create(
        Measure(
            local_authority=local_authority,
            reference=f"B{index:04d}",
            name=f"Measure {index}",
            unit=Unit.PERCENTAGE,
            direction=Direction.HIGHER_IS_BETTER if index % 2 else Direction.LOWER_IS_BETTER,
            frequency=Frequency.MONTHLY,
            tolerance=Decimal("2"),
        )
        for index in range(size)
    )
    Target.objects.bulk_create(
        Target(measure=measure, value=Decimal("50"), applies_from=AUG) for measure in measures
    )
    originals = MeasureValue.objects.bulk_create(
        MeasureValue(measure=measure, period_end=period_end, value=Decimal(40 + index))
        for measure in measures
        for index, period_end in enumerate((AUG, SEP, OCT))
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(
            measure_id=value.measure_id,
            period_end=value.period_end,
            value=Decimal("55"),
            corrects=value,
        )
        for value in originals[::3]
    )


@pytest.mark.parametrize("size", [10, 400])
def test_scorecard_queries_do_not_grow_with_the_number_of_measures(
    local_authority, django_assert_max_num_queries, size
):
    _bulk_scorecard(local_authority, size)
    with django_assert_max_num_queries(3):
        rows = _rows(local_authority)
        for row in rows:
            _ = (row.rag_word, row.trend_word, row.target, row.measure.get_direction_display())
    assert len(rows) == size


def test_measure_get_detail_shows_correction_chains_targets_and_links(
    measure, improvement_lead, outcome, section, theme
):
    services.target_set(
        user=improvement_lead, measure=measure, value=Decimal("20"), applies_from=AUG
    )
    services.measure_value_record(
        user=improvement_lead, measure=measure, period_end=SEP, value=Decimal("24"), today=TODAY
    )
    original = services.measure_value_record(
        user=improvement_lead, measure=measure, period_end=OCT, value=Decimal("19"), today=TODAY
    )
    first = services.measure_value_correct(
        user=improvement_lead, value=original, new_value=Decimal("21"), reason="Recount"
    )
    latest = services.measure_value_correct(
        user=improvement_lead, value=first, new_value=Decimal("21.5"), reason="Late return"
    )
    detail = selectors.measure_get_detail(measure=measure, today=TODAY)
    assert [period.label for period in detail.periods] == ["September 2026", "October 2026"]
    october = detail.periods[-1]
    assert october.current == latest
    assert october.superseded == [first, original]
    assert october.rag == "amber"
    assert october.trend == "better"
    assert detail.periods[0].trend == ""
    assert detail.corrected_count == 2
    assert [target.value for target in detail.targets] == [Decimal("20")]
    assert detail.expected_outcomes == [outcome]
    assert detail.sections == [section]
    assert detail.themes == [theme]
    assert detail.has_expected_value is True
    assert detail.expected_period_label == "October 2026"


def test_scorecard_filter_choices_name_plans_only_when_there_are_several(
    local_authority, plan, theme, section, other_plan
):
    choices = selectors.scorecard_filter_choices(local_authority=local_authority)
    assert choices.themes == [(str(theme.pk), "Front door")]
    assert choices.sections == [(str(section.pk), "1. Timely assessments")]
    ThemeFactory(plan__local_authority=local_authority, plan__title="Partnership plan", name="X")
    choices = selectors.scorecard_filter_choices(local_authority=local_authority)
    assert (str(theme.pk), "Ofsted action plan: Front door") in choices.themes
    assert ("none", "Not rated") in choices.rags


def test_scorecard_reads_the_latest_periods_of_a_long_history(measure, improvement_lead):
    day = datetime.date(2026, 11, 30)
    for month in range(30):
        MeasureValueFactory(measure=measure, period_end=day, value=Decimal(30 - month))
        day = day.replace(day=1) - datetime.timedelta(days=1)
    # Today 6 December: November's value is in early; October's was the one due.
    [row] = _rows(measure.local_authority)
    assert row.latest.period_end == datetime.date(2026, 11, 30)
    assert row.previous.period_end == OCT
    assert row.expected_period_end == OCT
    assert row.has_expected_value is True
    assert row.trend == "worse"  # 30 after 29, lower is better
