import pytest
from django.core.exceptions import ValidationError

from tracker.inspections.tests.factories import RecommendationFactory
from tracker.plans.models import ExpectedOutcome, Section
from tracker.plans.services import section_create, theme_create
from tracker.plans.tests.factories import PlanFactory, ThemeFactory


def outcomes(section):
    return list(section.expected_outcomes.order_by("position").values_list("position", "text"))


def test_section_create_adds_a_section_with_recommendations_and_outcomes(
    improvement_lead, plan, inspection, recommendation
):
    theme = theme_create(user=improvement_lead, plan=plan, name="Practice")
    second = RecommendationFactory(inspection=inspection, number=2)

    section = section_create(
        user=improvement_lead,
        plan=plan,
        number=3,
        title="  Management oversight ",
        aim=" Better supervision ",
        theme=theme,
        recommendations=[recommendation, second],
        expected_outcomes=["  Supervision   is regular ", "", "   ", "Plans are reviewed"],
    )

    section.refresh_from_db()
    assert section.number == 3
    assert section.title == "Management oversight"
    assert section.aim == "Better supervision"
    assert section.theme == theme
    assert set(section.recommendations.all()) == {recommendation, second}
    assert outcomes(section) == [(1, "Supervision is regular"), (2, "Plans are reviewed")]
    assert section.history.first().history_user == improvement_lead
    assert section.expected_outcomes.first().history.first().history_user == improvement_lead


def test_section_create_rejects_a_number_already_used(improvement_lead, plan, section):
    sections_before = Section.objects.count()
    outcomes_before = ExpectedOutcome.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        section_create(
            user=improvement_lead,
            plan=plan,
            number=1,
            title="Another",
            expected_outcomes=["Something"],
        )

    assert excinfo.value.message_dict["number"] == ["This plan already has a section 1"]
    assert Section.objects.count() == sections_before
    assert ExpectedOutcome.objects.count() == outcomes_before


def test_section_create_same_number_in_another_plan_is_allowed(
    improvement_lead, local_authority, section
):
    other = PlanFactory(local_authority=local_authority)

    created = section_create(user=improvement_lead, plan=other, number=1, title="One")

    assert created.plan == other


def test_section_create_rejects_a_theme_of_another_plan(improvement_lead, local_authority, plan):
    theme = ThemeFactory(plan=PlanFactory(local_authority=local_authority))

    with pytest.raises(ValidationError) as excinfo:
        section_create(user=improvement_lead, plan=plan, number=2, title="Two", theme=theme)

    assert excinfo.value.message_dict["theme"] == ["Choose a theme of this plan"]
    assert Section.objects.count() == 0


def test_section_create_rejects_a_recommendation_of_another_authority(
    improvement_lead, plan, recommendation, other_recommendation
):
    with pytest.raises(ValidationError) as excinfo:
        section_create(
            user=improvement_lead,
            plan=plan,
            number=2,
            title="Two",
            recommendations=[recommendation, other_recommendation],
        )

    assert excinfo.value.message_dict["recommendations"] == [
        "Choose recommendations from this local authority"
    ]
    assert Section.objects.count() == 0


def test_section_create_rejects_an_empty_title_and_number_zero(improvement_lead, plan):
    with pytest.raises(ValidationError) as excinfo:
        section_create(user=improvement_lead, plan=plan, number=0, title=" ")

    assert excinfo.value.message_dict == {
        "title": ["Enter the section's title"],
        "number": ["The section number must be a whole number between 1 and 999"],
    }
    assert Section.objects.count() == 0


def test_section_create_refuses_a_number_too_big_to_store(improvement_lead, plan):
    with pytest.raises(ValidationError) as excinfo:
        section_create(user=improvement_lead, plan=plan, number=10**20, title="Workforce")

    assert excinfo.value.message_dict == {
        "number": ["The section number must be a whole number between 1 and 999"]
    }
    assert Section.objects.count() == 0
