"""The Statement of Action's data: each action's organisations (through organisations,
posts and people), what it answers, its sources and who issued them, in a fixed number of
queries whatever the plan's size."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tracker.accounts.models import Organisation
from tracker.accounts.tests.factories import OrganisationFactory, PostFactory, UserFactory
from tracker.inspections.models import Inspection, Recommendation
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans.models import PriorityArea
from tracker.plans.tests.factories import ActionFactory, PlanFactory, SectionFactory
from tracker.reporting.statements.selectors import statement_of_action_data

pytestmark = pytest.mark.django_db

# The plan with its authority, its sources, sections, their recommendations, recommendations
# linked to actions, the owners (posts, organisations, people) and the actions.
STATEMENT_QUERIES = 9


def build_plan(local_authority, *, actions):
    """A JTAI Statement of Action: a council organisation, the police and health; actions
    owned in turn by a council post, the police, a health post and the police, a person with
    no organisation, and nobody."""
    jtai = InspectionFactory(
        local_authority=local_authority,
        kind=Inspection.Kind.JTAI,
        framework=Inspection.Framework.JTAI,
        issued_by=["ofsted", "cqc", "hmicfrs", "hmi_probation"],
    )
    finding = RecommendationFactory(
        inspection=jtai, number=1, kind=Recommendation.Kind.FINDING, text="Weak MASH governance"
    )
    priority = RecommendationFactory(
        inspection=jtai,
        number=1,
        kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
        text="Strategy meetings",
    )
    plan = PlanFactory(local_authority=local_authority, title="JTAI Statement of Action")
    plan.inspections.add(jtai)
    area = PriorityArea.objects.create(plan=plan, name="The front door")
    one = SectionFactory(plan=plan, number=1, title="Governance", priority_area=area)
    one.recommendations.add(finding)
    two = SectionFactory(plan=plan, number=2, title="Strategy meetings")
    two.recommendations.add(priority)
    council = OrganisationFactory(
        local_authority=local_authority,
        name="Solihull Council",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
    )
    police = OrganisationFactory(local_authority=local_authority, name="West Midlands Police")
    health = OrganisationFactory(local_authority=local_authority, name="Health Board")
    council_post = PostFactory(
        local_authority=local_authority, title="Head of MASH", organisation=council
    )
    health_post = PostFactory(
        local_authority=local_authority, title="Designated Nurse", organisation=health
    )
    person = UserFactory(local_authority=local_authority, first_name="Pat", last_name="Jones")
    today = timezone.localdate()
    for index in range(actions):
        action = ActionFactory(
            section=one if index % 2 == 0 else two,
            reference=f"{1 + index % 2}.{index + 1}",
            position=index,
            due_on=today - datetime.timedelta(days=1),
            status="in_progress" if index % 3 else "completed",
            brag="amber" if index % 3 else "blue",
        )
        kind = index % 4
        if kind == 0:
            action.owner_posts.add(council_post)
        elif kind == 1:
            action.owner_organisations.add(police)
            action.owner_posts.add(health_post)
            action.linked_recommendations.add(finding)
        elif kind == 2:
            action.owner_users.add(person)
    return plan


def test_actions_take_their_owners_organisations(local_authority):
    plan = build_plan(local_authority, actions=4)

    data = statement_of_action_data(plan=plan)

    by_reference = {a.reference: a for a in data.actions}
    council = "Solihull Metropolitan Borough Council"
    assert data.local_authority == council
    # A post of the council's own organisation is the local authority's.
    assert by_reference["1.1"].organisations == (council,)
    assert by_reference["1.1"].who == ("Head of MASH",)
    # A post takes its organisation; organisations are named in the order of the owners.
    assert by_reference["2.2"].organisations == ("Health Board", "West Midlands Police")
    assert by_reference["2.2"].who == ("Designated Nurse", "West Midlands Police")
    # A person of no organisation works for the local authority.
    assert by_reference["1.3"].organisations == (council,)
    assert by_reference["1.3"].who == ("Pat Jones",)
    # No owner: no organisation (the builders put it under the local authority).
    assert by_reference["2.4"].organisations == ()
    assert by_reference["2.4"].who == ()


def test_actions_carry_what_they_answer_section_priority_area_and_state(local_authority):
    plan = build_plan(local_authority, actions=4)

    data = statement_of_action_data(plan=plan)

    first, second = data.actions[0], data.actions[1]
    assert [a.reference for a in data.actions] == ["1.1", "1.3", "2.2", "2.4"]
    assert first.section == "1. Governance"
    assert first.priority_area == "The front door"
    assert first.answers == (("Finding 1", "Weak MASH governance"),)
    assert first.is_complete is True and first.is_overdue is False
    assert first.status_label == "Completed" and first.brag_word == "Blue"
    assert second.is_overdue is True and second.brag == "amber"
    third = data.actions[2]
    assert third.section == "2. Strategy meetings" and third.priority_area == ""
    # Its section's area for priority action, then the finding it is linked to.
    assert third.answers == (
        ("Area for priority action 1", "Strategy meetings"),
        ("Finding 1", "Weak MASH governance"),
    )


def test_sources_name_who_issued_them(local_authority):
    plan = build_plan(local_authority, actions=1)

    [source] = statement_of_action_data(plan=plan).sources

    assert source.kind == "Joint targeted area inspection (JTAI)"
    assert source.issued_by == "Ofsted, CQC, HMICFRS and HMI Probation"
    assert source.started_on == datetime.date(2022, 10, 31)
    assert source.published_on == datetime.date(2023, 1, 13)


def test_answers_name_their_source_when_the_plan_answers_several(local_authority):
    plan = build_plan(local_authority, actions=1)
    review = InspectionFactory(
        local_authority=local_authority,
        kind=Inspection.Kind.LOCAL_REVIEW,
        framework=Inspection.Framework.OTHER,
        started_on=datetime.date(2023, 5, 1),
        ended_on=datetime.date(2023, 5, 1),
        issued_by=["safeguarding_partnership"],
    )
    plan.inspections.add(review)
    plan.sections.get(number=1).recommendations.add(
        RecommendationFactory(inspection=review, number=1, text="Share information")
    )

    data = statement_of_action_data(plan=plan)

    assert data.actions[0].answers == (
        ("Finding 1 (Joint targeted area inspection (JTAI), October 2022)", "Weak MASH governance"),
        (
            "Recommendation 1 (Local child safeguarding practice review, May 2023)",
            "Share information",
        ),
    )
    assert [s.issued_by for s in data.sources] == [
        "Ofsted, CQC, HMICFRS and HMI Probation",
        "the local safeguarding partnership",
    ]


@pytest.mark.parametrize("actions", [2, 40])
def test_statement_takes_a_fixed_number_of_queries(
    local_authority, django_assert_max_num_queries, actions
):
    plan = build_plan(local_authority, actions=actions)

    with django_assert_max_num_queries(STATEMENT_QUERIES):
        data = statement_of_action_data(plan=plan)

    assert len(data.actions) == actions
