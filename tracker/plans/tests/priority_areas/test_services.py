"""Writes of priority areas and of the links from sections to them."""

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.plans.models import Plan, PriorityArea
from tracker.plans.services import (
    plan_update,
    priority_area_create,
    priority_area_delete,
    priority_area_update,
    section_create,
    section_link_priority_area,
    section_update,
)

pytestmark = pytest.mark.django_db


def _names(plan):
    return list(plan.priority_areas.order_by("position").values_list("name", "position"))


def _link(user, section, priority_area, **overrides):
    kwargs = {
        "user": user,
        "section": section,
        "expected_version": section.version,
        "number": section.number,
        "title": section.title,
        "aim": section.aim,
        "theme": section.theme,
        "recommendations": [],
        "expected_outcomes": [],
        "priority_area": priority_area,
    }
    kwargs.update(overrides)
    return section_update(**kwargs)


def test_priority_area_create_puts_new_areas_last_with_history(improvement_lead, main_plan):
    first = priority_area_create(
        user=improvement_lead, plan=main_plan, name=" Early help ", description=" Earlier help "
    )
    priority_area_create(user=improvement_lead, plan=main_plan, name="Workforce")

    assert first.name == "Early help"
    assert first.description == "Earlier help"
    assert _names(main_plan) == [("Early help", 1), ("Workforce", 2)]
    assert first.history.first().history_user == improvement_lead
    assert first.history.first().history_type == "+"


def test_priority_area_create_at_a_chosen_position_moves_the_others_down(
    improvement_lead, main_plan
):
    priority_area_create(user=improvement_lead, plan=main_plan, name="Early help")
    priority_area_create(user=improvement_lead, plan=main_plan, name="Workforce")
    priority_area_create(user=improvement_lead, plan=main_plan, name="Leadership", position=1)

    assert _names(main_plan) == [("Leadership", 1), ("Early help", 2), ("Workforce", 3)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  ", "Enter the priority area's name"),
        (" early HELP ", "This plan already has a priority area with that name"),
        ("x" * 201, "The priority area's name must be 200 characters or fewer"),
    ],
)
def test_priority_area_create_refuses_a_bad_name(improvement_lead, main_plan, name, message):
    priority_area_create(user=improvement_lead, plan=main_plan, name="Early help")

    with pytest.raises(ValidationError) as error:
        priority_area_create(user=improvement_lead, plan=main_plan, name=name)

    assert error.value.message_dict == {"name": [message]}


def test_priority_area_update_changes_and_reorders_keeping_history(
    improvement_lead, administrator, main_plan, workforce, early_help
):
    updated = priority_area_update(
        user=administrator,
        priority_area=early_help,
        expected_version=early_help.version,
        name="Early help and prevention",
        description="Help before problems grow",
        position=1,
    )

    assert _names(main_plan) == [("Early help and prevention", 1), ("Stable, skilled workforce", 2)]
    assert updated.version == 3  # the change, then the move
    assert updated.history.first().history_user == administrator
    workforce.refresh_from_db()
    assert workforce.history.first().history_user == administrator  # moved down, in history


def test_priority_area_update_without_a_position_stays_in_place(
    improvement_lead, main_plan, workforce, early_help
):
    priority_area_update(
        user=improvement_lead,
        priority_area=early_help,
        expected_version=early_help.version,
        name="Early help",
        description="",
    )

    assert _names(main_plan) == [("Stable, skilled workforce", 1), ("Early help", 2)]


def test_priority_area_update_refuses_a_stale_edit(improvement_lead, workforce):
    stale = workforce.version
    priority_area_update(
        user=improvement_lead,
        priority_area=workforce,
        expected_version=stale,
        name="Workforce",
        description="",
    )

    with pytest.raises(ConcurrentEditError) as error:
        priority_area_update(
            user=improvement_lead,
            priority_area=workforce,
            expected_version=stale,
            name="Our workforce",
            description="",
        )

    assert "priority area was changed by someone else" in error.value.messages[0]
    workforce.refresh_from_db()
    assert workforce.name == "Workforce"


def test_priority_area_delete_keeps_history_and_closes_the_gap(
    improvement_lead, main_plan, workforce, early_help
):
    priority_area_delete(
        user=improvement_lead, priority_area=workforce, expected_version=workforce.version
    )

    assert _names(main_plan) == [("Early help", 1)]
    removed = PriorityArea.history.filter(id=workforce.pk).first()
    assert removed.history_type == "-"
    assert removed.history_user == improvement_lead


def test_priority_area_delete_refuses_a_stale_copy(improvement_lead, workforce):
    with pytest.raises(ConcurrentEditError):
        priority_area_delete(
            user=improvement_lead, priority_area=workforce, expected_version=workforce.version + 1
        )
    assert PriorityArea.objects.filter(pk=workforce.pk).exists()


def test_priority_area_delete_is_refused_while_sections_are_linked(
    improvement_lead, workforce, service_section
):
    _link(improvement_lead, service_section, workforce)

    with pytest.raises(ValidationError) as error:
        priority_area_delete(
            user=improvement_lead, priority_area=workforce, expected_version=workforce.version
        )

    assert error.value.messages == [
        "Stable, skilled workforce cannot be removed: 1 section is linked to it. Link it to "
        "another priority area, or to none, first."
    ]
    assert PriorityArea.objects.filter(pk=workforce.pk).exists()


def test_a_section_of_another_plan_links_to_the_main_plan_with_history(
    improvement_lead, workforce, service_section
):
    linked = _link(improvement_lead, service_section, workforce)

    linked.refresh_from_db()
    assert linked.priority_area == workforce
    assert linked.history.first().priority_area_id == workforce.pk
    assert linked.history.first().history_user == improvement_lead


def test_a_section_may_link_to_its_own_plans_priority_area(improvement_lead, main_plan, workforce):
    section = section_create(
        user=improvement_lead,
        plan=main_plan,
        number=1,
        title="Recruitment and retention",
        priority_area=workforce,
    )

    assert section.priority_area == workforce


def test_another_authoritys_priority_area_is_refused(
    improvement_lead, outsider, other_authority_plan, service_section
):
    theirs = priority_area_create(user=outsider, plan=other_authority_plan, name="Workforce")

    with pytest.raises(ValidationError) as error:
        _link(improvement_lead, service_section, theirs)

    assert error.value.message_dict == {
        "priority_area": ["Choose a priority area of a plan of this local authority"]
    }
    with pytest.raises(ValidationError):
        section_create(
            user=improvement_lead,
            plan=service_section.plan,
            number=2,
            title="Another",
            priority_area=theirs,
        )
    service_section.refresh_from_db()
    assert service_section.priority_area is None


def test_a_new_link_to_a_closed_plans_priority_area_is_refused_an_old_one_kept(
    improvement_lead, main_plan, workforce, early_help, service_section
):
    linked = _link(improvement_lead, service_section, workforce)
    plan_update(
        user=improvement_lead,
        plan=main_plan,
        expected_version=main_plan.version,
        title=main_plan.title,
        kind=main_plan.kind,
        status=Plan.Status.CLOSED,
        inspections=[],
        introduction="",
        owner_description="",
    )

    kept = _link(improvement_lead, linked, workforce, title="Early help assessments audited")
    assert kept.priority_area == workforce
    with pytest.raises(ValidationError) as error:
        _link(improvement_lead, kept, early_help)
    assert error.value.message_dict == {
        "priority_area": [
            "Choose a priority area of an open plan: Children's services improvement plan is closed"
        ]
    }


def test_section_update_without_a_priority_area_keeps_the_link(
    improvement_lead, workforce, service_section
):
    linked = _link(improvement_lead, service_section, workforce)

    kept = section_update(
        user=improvement_lead,
        section=linked,
        expected_version=linked.version,
        number=1,
        title="Early help assessments",
        aim="",
        theme=None,
        recommendations=[],
        expected_outcomes=[],
    )

    assert kept.priority_area == workforce


def test_section_link_priority_area_links_and_unlinks_with_history(
    improvement_lead, workforce, service_section
):
    linked = section_link_priority_area(
        user=improvement_lead,
        section=service_section,
        expected_version=service_section.version,
        priority_area=workforce,
    )
    assert linked.priority_area == workforce

    with pytest.raises(ConcurrentEditError):
        section_link_priority_area(
            user=improvement_lead,
            section=linked,
            expected_version=service_section.version - 1,
            priority_area=None,
        )
    unlinked = section_link_priority_area(
        user=improvement_lead, section=linked, expected_version=linked.version, priority_area=None
    )
    assert unlinked.priority_area is None
    assert [h.priority_area_id for h in unlinked.history.all()[:2]] == [None, workforce.pk]


def test_section_link_priority_area_refuses_another_authoritys(
    improvement_lead, outsider, other_authority_plan, service_section
):
    theirs = priority_area_create(user=outsider, plan=other_authority_plan, name="Theirs")

    with pytest.raises(ValidationError) as error:
        section_link_priority_area(
            user=improvement_lead,
            section=service_section,
            expected_version=service_section.version,
            priority_area=theirs,
        )

    assert "priority_area" in error.value.message_dict
