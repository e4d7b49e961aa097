"""Starting a draft plan from an inspection's recommendations."""

import pytest
from django.core.exceptions import ValidationError

from tracker.inspections.models import Inspection, Recommendation
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans import services
from tracker.plans.models import Plan, Section
from tracker.plans.selectors import plan_get_detail
from tracker.plans.services import plan_create_from_inspection

NO_RECOMMENDATIONS = (
    "This inspection has no recommendations or areas for priority action to answer. "
    "Add them to the inspection first."
)


@pytest.fixture
def ilacs(local_authority):
    inspection = InspectionFactory(local_authority=local_authority)
    RecommendationFactory(
        inspection=inspection,
        number=2,
        text="The timeliness of strategy meetings\nand inclusion of all relevant partners.",
    )
    RecommendationFactory(
        inspection=inspection, number=1, text="Quality assurance and audit arrangements."
    )
    RecommendationFactory(
        inspection=inspection,
        number=1,
        kind=Recommendation.Kind.FINDING,
        text="A finding, not something to answer.",
    )
    return inspection


def test_plan_create_from_inspection_starts_a_draft_with_a_section_per_recommendation(
    improvement_lead, local_authority, ilacs
):
    plan = plan_create_from_inspection(
        user=improvement_lead, inspection=ilacs, title="Ofsted action plan 2023"
    )

    plan.refresh_from_db()
    assert plan.local_authority == local_authority
    assert plan.title == "Ofsted action plan 2023"
    assert plan.kind == Plan.Kind.OFSTED_ACTION_PLAN
    assert plan.status == Plan.Status.DRAFT
    assert list(plan.inspections.all()) == [ilacs]
    sections = list(plan.sections.order_by("number"))
    assert [(s.number, s.title) for s in sections] == [
        (1, "Quality assurance and audit arrangements."),
        (2, "The timeliness of strategy meetings and inclusion of all relevant partners."),
    ]
    assert [list(s.recommendations.values_list("number", "kind")) for s in sections] == [
        [(1, "recommendation")],
        [(2, "recommendation")],
    ]


def test_plan_create_from_inspection_records_history_with_the_user(improvement_lead, ilacs):
    plan = plan_create_from_inspection(user=improvement_lead, inspection=ilacs, title="Plan")

    assert plan.history.get().history_user == improvement_lead
    for section in plan.sections.all():
        assert section.history.first().history_user == improvement_lead


def test_plan_create_from_inspection_numbers_areas_for_priority_action_after_recommendations(
    improvement_lead, ilacs
):
    RecommendationFactory(
        inspection=ilacs,
        number=1,
        kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
        text="The response to children at risk of exploitation.",
    )

    plan = plan_create_from_inspection(user=improvement_lead, inspection=ilacs, title="Plan")

    third = plan.sections.get(number=3)
    assert third.title == "The response to children at risk of exploitation."
    assert third.recommendations.get().kind == Recommendation.Kind.AREA_FOR_PRIORITY_ACTION


def test_plan_create_from_inspection_focused_visit_makes_a_statement_of_action(
    improvement_lead, local_authority
):
    visit = InspectionFactory(local_authority=local_authority, kind=Inspection.Kind.FOCUSED_VISIT)
    for number in (1, 2):
        RecommendationFactory(
            inspection=visit,
            number=number,
            kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
            text=f"Area {number}",
        )

    plan = plan_create_from_inspection(user=improvement_lead, inspection=visit, title="SoA")

    assert plan.kind == Plan.Kind.STATEMENT_OF_ACTION
    assert list(plan.sections.values_list("number", "title")) == [(1, "Area 1"), (2, "Area 2")]


def test_plan_create_from_inspection_quotes_a_long_recommendation_in_full(
    improvement_lead, local_authority
):
    inspection = InspectionFactory(local_authority=local_authority)
    words = "Leaders should make sure that every child's plan is reviewed " * 12
    RecommendationFactory(inspection=inspection, number=1, text=words)

    plan = plan_create_from_inspection(user=improvement_lead, inspection=inspection, title="P")

    section = plan.sections.get()
    assert len(section.title) <= 500
    assert section.title.endswith("…")
    block = plan_get_detail(plan=plan).sections[0]
    assert [r.text for r in block.quoted_recommendations] == [words]


def test_plan_create_from_inspection_refuses_an_inspection_without_recommendations(
    improvement_lead, local_authority
):
    inspection = InspectionFactory(local_authority=local_authority)
    RecommendationFactory(inspection=inspection, kind=Recommendation.Kind.FINDING)

    with pytest.raises(ValidationError) as excinfo:
        plan_create_from_inspection(user=improvement_lead, inspection=inspection, title="P")

    assert excinfo.value.messages == [NO_RECOMMENDATIONS]
    assert Plan.objects.count() == 0


def test_plan_create_from_inspection_refuses_a_blank_title(improvement_lead, ilacs):
    with pytest.raises(ValidationError) as excinfo:
        plan_create_from_inspection(user=improvement_lead, inspection=ilacs, title="  ")

    assert excinfo.value.message_dict["title"] == ["Enter the plan's title"]
    assert Plan.objects.count() == 0
    assert Section.objects.count() == 0


def test_plan_create_from_inspection_writes_nothing_when_a_section_fails(
    improvement_lead, ilacs, monkeypatch
):
    def failing_section_create(**kwargs):
        raise ValidationError({"title": ["Enter the section's title"]})

    monkeypatch.setattr(services, "section_create", failing_section_create)

    with pytest.raises(ValidationError):
        plan_create_from_inspection(user=improvement_lead, inspection=ilacs, title="P")

    assert Plan.objects.count() == 0
    assert Plan.history.count() == 0
