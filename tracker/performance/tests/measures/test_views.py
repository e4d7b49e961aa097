import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tracker.performance.measures import services
from tracker.performance.models import Measure, MeasureValue, Target

from .factories import MeasureFactory

OCT = datetime.date(2026, 10, 31)


@pytest.fixture
def lead_client(client, improvement_lead):
    client.force_login(improvement_lead)
    return client


@pytest.fixture
def recorded(measure, improvement_lead):
    services.target_set(
        user=improvement_lead,
        measure=measure,
        value=Decimal("20"),
        applies_from=datetime.date(2026, 4, 1),
    )
    services.measure_value_record(
        user=improvement_lead,
        measure=measure,
        period_end=datetime.date(2026, 9, 30),
        value=Decimal("24"),
        england=Decimal("22"),
        today=datetime.date(2026, 12, 6),
    )
    return services.measure_value_record(
        user=improvement_lead,
        measure=measure,
        period_end=OCT,
        value=Decimal("21.5"),
        england=Decimal("22.4"),
        today=datetime.date(2026, 12, 6),
    )


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_measure_list_shows_the_scorecard_and_the_rule(client, viewer, measure, recorded):
    client.force_login(viewer)
    response = client.get(reverse("performance:measure_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Re-referrals within 12 months" in page
    assert "21.5%" in page
    assert "Amber" in page
    assert "Target and tolerance rule" in page
    assert "Better" in page
    assert "Add a measure" not in page  # a viewer only reads
    assert 'aria-current="page"' in page or "Impact" in page


def test_measure_list_filters_by_rag_and_ignores_nonsense(lead_client, measure, recorded):
    MeasureFactory(local_authority=measure.local_authority, name="Caseloads")
    page = lead_client.get(reverse("performance:measure_list"), {"rag": "none"}).content.decode()
    assert "Caseloads" in page
    assert "Re-referrals" not in page
    assert "1</strong> measure match" in page
    page = lead_client.get(
        reverse("performance:measure_list"), {"rag": "purple", "theme": "x9", "section": "-1"}
    ).content.decode()
    assert "Caseloads" in page
    assert "Re-referrals" in page


@pytest.mark.parametrize("size", [10, 400])
def test_measure_list_queries_are_bounded(
    lead_client, local_authority, django_assert_max_num_queries, size
):
    measures = Measure.objects.bulk_create(
        Measure(
            local_authority=local_authority,
            reference=f"Q{index:04d}",
            name=f"Measure {index}",
            unit="percentage",
            direction="higher",
            frequency="monthly",
        )
        for index in range(size)
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(measure=measure, period_end=period_end, value=Decimal("50"))
        for measure in measures
        for period_end in (datetime.date(2026, 9, 30), OCT)
    )
    with django_assert_max_num_queries(16):
        response = lead_client.get(reverse("performance:measure_list"))
    assert response.content.decode().count("Not rated") >= size


def test_measure_create_adds_a_measure(lead_client, local_authority, section):
    response = lead_client.post(
        reverse("performance:measure_create"),
        {
            "reference": "CP-02",
            "name": "Second or later child protection plans",
            "unit": "percentage",
            "direction": "lower",
            "frequency": "monthly",
            "tolerance": "1.5",
            "sections": [section.pk],
        },
    )
    measure = Measure.objects.get(reference="CP-02")
    assert response.status_code == 302
    assert response.url == measure.get_absolute_url()
    assert measure.tolerance == Decimal("1.5")
    assert list(measure.sections.all()) == [section]


def test_measure_create_shows_errors_and_writes_nothing(lead_client):
    response = lead_client.post(
        reverse("performance:measure_create"), {"reference": "", "tolerance": "lots"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "reference, for example CIN-03" in page
    assert "s unit</a>" in page
    assert "The tolerance must be a number, like 21.5" in page
    assert not Measure.objects.exists()


def test_viewer_cannot_add_a_measure(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("performance:measure_create")).status_code == 403
    assert client.post(reverse("performance:measure_create"), {}).status_code == 403


def test_measure_detail_shows_chart_table_targets_and_history(
    lead_client, measure, recorded, improvement_lead
):
    services.measure_value_correct(
        user=improvement_lead, value=recorded, new_value=Decimal("23"), reason="Late returns"
    )
    response = lead_client.get(measure.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in page
    assert "<desc id=" in page
    assert "Re-referrals within 12 months over time: the figures" in page
    assert "England average (%)" in page
    assert "<del>21.5%</del>" in page
    assert "Correction: Late returns" in page
    assert "1 April 2026" in page
    assert "Fewer children re-referred" in page
    assert "Record a value" in page


def test_measure_detail_of_another_authority_is_not_found(client, outsider, measure):
    client.force_login(outsider)
    assert client.get(measure.get_absolute_url()).status_code == 404


def test_measure_detail_queries_are_bounded(
    lead_client, measure, recorded, improvement_lead, django_assert_max_num_queries
):
    for month in range(1, 9):
        day = datetime.date(2026, month + 1, 1) - datetime.timedelta(days=1)
        value = services.measure_value_record(
            user=improvement_lead,
            measure=measure,
            period_end=day,
            value=Decimal(month),
            today=datetime.date(2026, 12, 6),
        )
        services.measure_value_correct(
            user=improvement_lead, value=value, new_value=Decimal(month + 1), reason="Fix"
        )
    with django_assert_max_num_queries(14):
        lead_client.get(measure.get_absolute_url())


def test_measure_update_refuses_a_stale_edit(lead_client, measure):
    Measure.objects.filter(pk=measure.pk).update(version=5)
    response = lead_client.post(
        reverse("performance:measure_update", args=[measure.pk]),
        {
            "version": "1",
            "reference": "CIN-03",
            "name": "Renamed",
            "unit": "percentage",
            "direction": "lower",
            "frequency": "monthly",
            "tolerance": "2",
        },
    )
    assert response.status_code == 200
    assert "This measure was changed by someone else" in response.content.decode()
    measure.refresh_from_db()
    assert measure.name == "Re-referrals within 12 months"


def test_measure_update_changes_the_measure(lead_client, measure):
    response = lead_client.get(reverse("performance:measure_update", args=[measure.pk]))
    assert "CIN-03" in response.content.decode()
    response = lead_client.post(
        reverse("performance:measure_update", args=[measure.pk]),
        {
            "version": "1",
            "reference": "CIN-03",
            "name": "Renamed",
            "unit": "percentage",
            "direction": "lower",
            "frequency": "monthly",
            "tolerance": "2",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.name == "Renamed"


def test_measure_retire(lead_client, measure):
    url = reverse("performance:measure_retire", args=[measure.pk])
    assert "Retire measure" in lead_client.get(url).content.decode()
    response = lead_client.post(url, {"version": "1"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.retired_on is not None
    page = lead_client.get(reverse("performance:measure_list")).content.decode()
    assert "Retired measures" in page
    again = lead_client.post(url, {"version": "2"})
    assert "already retired" in again.content.decode()


def test_target_create_and_remove(lead_client, measure):
    response = lead_client.post(
        reverse("performance:target_create", args=[measure.pk]),
        {"value": "18%", **_date("applies_from", datetime.date(2026, 4, 1))},
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert target.value == Decimal("18")
    url = reverse("performance:target_remove", args=[measure.pk, target.pk])
    assert "Remove target" in lead_client.get(url).content.decode()
    assert lead_client.post(url).status_code == 302
    assert not Target.objects.exists()


def test_target_create_shows_errors(lead_client, measure):
    response = lead_client.post(
        reverse("performance:target_create", args=[measure.pk]),
        {"value": "120", "applies_from-day": "31", "applies_from-month": "2"},
    )
    page = response.content.decode()
    assert "must include a year" in page
    response = lead_client.post(
        reverse("performance:target_create", args=[measure.pk]),
        {"value": "120", **_date("applies_from", datetime.date(2026, 4, 1))},
    )
    assert "Enter a percentage from 0 to 100" in response.content.decode()
    assert not Target.objects.exists()


def test_value_create_records_a_value(lead_client, measure):
    response = lead_client.post(
        reverse("performance:value_create", args=[measure.pk]),
        {"value": "21.5", "england": "22.4", **_date("period_end", OCT)},
    )
    assert response.status_code == 302
    value = MeasureValue.objects.get()
    assert value.value == Decimal("21.5")
    assert value.england == Decimal("22.4")


def test_value_create_refuses_a_second_value_for_a_period(lead_client, measure, recorded):
    response = lead_client.post(
        reverse("performance:value_create", args=[measure.pk]),
        {"value": "30", **_date("period_end", OCT)},
    )
    page = response.content.decode()
    assert "already has a value for October 2026: correct that value instead" in page
    assert MeasureValue.objects.filter(period_end=OCT).count() == 1


def test_value_create_refuses_a_mid_month_date_and_too_many_places(lead_client, measure):
    response = lead_client.post(
        reverse("performance:value_create", args=[measure.pk]),
        {"value": "21.555", **_date("period_end", datetime.date(2026, 10, 15))},
    )
    page = response.content.decode()
    assert "The value must have no more than 2 decimal places" in page
    assert not MeasureValue.objects.exists()


def test_value_correct_appends_a_correction(lead_client, measure, recorded):
    url = reverse("performance:value_correct", args=[measure.pk, recorded.pk])
    assert "21.5%" in lead_client.get(url).content.decode()
    response = lead_client.post(url, {"value": "23", "reason": "Late returns"})
    assert response.status_code == 302
    correction = MeasureValue.objects.get(corrects=recorded)
    assert correction.value == Decimal("23")
    again = lead_client.post(url, {"value": "24", "reason": "Again"})
    assert "has already been corrected" in again.content.decode()
    assert "already been corrected" in lead_client.get(url).content.decode()


def test_value_correct_needs_a_reason(lead_client, measure, recorded):
    url = reverse("performance:value_correct", args=[measure.pk, recorded.pk])
    response = lead_client.post(url, {"value": "23"})
    assert "Explain why the value is being corrected" in response.content.decode()
    assert MeasureValue.objects.count() == 2
