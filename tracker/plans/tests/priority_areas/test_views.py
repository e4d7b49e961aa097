"""Pages for priority areas, the section form's priority area and the plan page's roll-up."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.plans.forms import PriorityAreaForm, SectionForm
from tracker.plans.models import Plan, PriorityArea
from tracker.plans.services import (
    action_create,
    plan_create,
    priority_area_create,
    section_create,
)

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    client.force_login(user)
    return client


# Forms ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name": ""}, {"name": ["Enter the priority area's name"]}),
        (
            {"name": "x" * 201},
            {"name": ["The priority area's name must be 200 characters or fewer"]},
        ),
        (
            {"name": "Workforce", "position": "first"},
            {"position": ["The position must be a whole number between 1 and 99"]},
        ),
        (
            {"name": "Workforce", "position": "0"},
            {"position": ["The position must be a whole number between 1 and 99"]},
        ),
    ],
)
def test_priority_area_form_errors_say_what_to_do(data, errors):
    form = PriorityAreaForm(data)

    assert not form.is_valid()
    assert form.errors == errors


def test_section_form_offers_the_authoritys_open_plans_priority_areas_by_plan(
    improvement_lead,
    local_authority,
    main_plan,
    service_plan,
    workforce,
    outsider,
    other_authority_plan,
):
    priority_area_create(user=outsider, plan=other_authority_plan, name="Their area")
    closed = plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Old plan",
        kind="improvement_plan",
        status=Plan.Status.CLOSED,
    )
    priority_area_create(user=improvement_lead, plan=closed, name="Closed area")

    form = SectionForm(plan=service_plan)

    labels = [label for value, label in form.fields["priority_area"].choices if value]
    assert labels == ["Children's services improvement plan: Stable, skilled workforce"]


def test_section_form_refuses_another_authoritys_priority_area(
    service_plan, outsider, other_authority_plan
):
    theirs = priority_area_create(user=outsider, plan=other_authority_plan, name="Theirs")

    form = SectionForm(
        {"number": "1", "title": "Assessments", "priority_area": str(theirs.pk)},
        plan=service_plan,
    )

    assert not form.is_valid()
    assert "priority_area" in form.errors


# Pages ------------------------------------------------------------------------------------------


def test_improvement_lead_adds_a_priority_area(client, improvement_lead, main_plan):
    client = _signed_in(client, improvement_lead)
    url = reverse("plans:priority_area_create", args=[main_plan.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Add a priority area" in page.content.decode()

    response = client.post(url, {"name": "Early help", "description": "Help sooner"})

    assert response.status_code == 302
    assert response["Location"] == main_plan.get_absolute_url() + "#priority-areas"
    assert main_plan.priority_areas.get().name == "Early help"


def test_adding_without_a_name_shows_the_error(client, improvement_lead, main_plan):
    response = _signed_in(client, improvement_lead).post(
        reverse("plans:priority_area_create", args=[main_plan.pk]), {"name": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["Enter the priority area's name"]}
    assert "Enter the priority area" in response.content.decode()
    assert not PriorityArea.objects.exists()


def test_improvement_lead_changes_and_moves_a_priority_area(
    client, improvement_lead, main_plan, workforce, early_help
):
    client = _signed_in(client, improvement_lead)
    url = reverse("plans:priority_area_update", args=[main_plan.pk, early_help.pk])
    assert client.get(url).context["form"].initial["position"] == 2

    response = client.post(
        url,
        {"version": early_help.version, "name": "Early help", "description": "", "position": "1"},
    )

    assert response.status_code == 302
    assert list(main_plan.priority_areas.values_list("name", flat=True)) == [
        "Early help",
        "Stable, skilled workforce",
    ]


def test_a_stale_change_is_refused_on_the_page(client, improvement_lead, workforce):
    response = _signed_in(client, improvement_lead).post(
        reverse("plans:priority_area_update", args=[workforce.plan_id, workforce.pk]),
        {"version": workforce.version + 1, "name": "Workforce"},
    )

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()


def test_removing_a_linked_priority_area_is_refused_with_the_reason(
    client, improvement_lead, workforce, service_plan
):
    section_create(
        user=improvement_lead, plan=service_plan, number=1, title="Recruit", priority_area=workforce
    )
    client = _signed_in(client, improvement_lead)
    url = reverse("plans:priority_area_delete", args=[workforce.plan_id, workforce.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"version": workforce.version})

    assert response.status_code == 200
    assert "cannot be removed: 1 section is linked to it" in response.content.decode()
    assert PriorityArea.objects.filter(pk=workforce.pk).exists()


def test_removing_an_unlinked_priority_area(client, improvement_lead, workforce):
    response = _signed_in(client, improvement_lead).post(
        reverse("plans:priority_area_delete", args=[workforce.plan_id, workforce.pk]),
        {"version": workforce.version},
    )

    assert response.status_code == 302
    assert not PriorityArea.objects.filter(pk=workforce.pk).exists()


@pytest.mark.parametrize(
    "name",
    ["plans:priority_area_create", "plans:priority_area_update", "plans:priority_area_delete"],
)
def test_viewers_may_not_change_priority_areas(client, viewer, workforce, name):
    args = [workforce.plan_id] if name.endswith("create") else [workforce.plan_id, workforce.pk]
    client = _signed_in(client, viewer)

    assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse(name, args=args), {"name": "Changed"}).status_code == 403
    workforce.refresh_from_db()
    assert workforce.name == "Stable, skilled workforce"


def test_another_authoritys_priority_area_is_not_found(
    client, improvement_lead, outsider, other_authority_plan, main_plan
):
    theirs = priority_area_create(user=outsider, plan=other_authority_plan, name="Theirs")
    client = _signed_in(client, improvement_lead)

    for name in ("plans:priority_area_update", "plans:priority_area_delete"):
        assert (
            client.get(reverse(name, args=[other_authority_plan.pk, theirs.pk])).status_code == 404
        )
        # Their area through our plan's address is not found either.
        assert client.get(reverse(name, args=[main_plan.pk, theirs.pk])).status_code == 404
    assert (
        client.get(
            reverse("plans:priority_area_create", args=[other_authority_plan.pk])
        ).status_code
        == 404
    )


def test_section_page_links_a_section_to_a_priority_area(
    client, improvement_lead, service_plan, workforce
):
    response = _signed_in(client, improvement_lead).post(
        reverse("plans:section_create", args=[service_plan.pk]),
        {"number": "1", "title": "Recruitment", "priority_area": str(workforce.pk)},
    )

    assert response.status_code == 302
    assert service_plan.sections.get().priority_area == workforce


def test_plan_page_shows_the_roll_up_and_editing_links_to_editors_only(
    client, improvement_lead, viewer, main_plan, service_plan, workforce
):
    section = section_create(
        user=improvement_lead, plan=service_plan, number=3, title="Recruit", priority_area=workforce
    )
    action_create(user=improvement_lead, section=section, reference="3.1", description="Advertise")
    url = reverse("plans:plan_detail", args=[main_plan.pk])

    as_viewer = _signed_in(client, viewer).get(url).content.decode()
    assert "Priority areas" in as_viewer
    assert "Stable, skilled workforce" in as_viewer
    assert "3. Recruit" in as_viewer
    assert "Early help service plan: 0 of 1 complete" in as_viewer
    assert "Blue (complete)" in as_viewer
    assert "Add a priority area" not in as_viewer
    assert reverse("plans:priority_area_update", args=[main_plan.pk, workforce.pk]) not in as_viewer

    as_lead = _signed_in(client, improvement_lead).get(url).content.decode()
    assert "Add a priority area" in as_lead
    assert reverse("plans:priority_area_update", args=[main_plan.pk, workforce.pk]) in as_lead


def test_the_kept_plan_page_shows_a_new_link(
    client, viewer, improvement_lead, main_plan, service_plan, workforce
):
    """The plan page is kept under the authority's data version: linking another plan's
    section moves it on, so the main plan's roll-up shows the link at once."""
    client = _signed_in(client, viewer)
    url = reverse("plans:plan_detail", args=[main_plan.pk])
    assert "4. Assessments" not in client.get(url).content.decode()

    section_create(
        user=improvement_lead,
        plan=service_plan,
        number=4,
        title="Assessments",
        priority_area=workforce,
    )

    assert "4. Assessments" in client.get(url).content.decode()


def test_the_plan_page_roll_up_does_not_grow_with_the_linked_plans(
    client, improvement_lead, local_authority, main_plan, workforce, early_help
):
    def linked_plan(number, area, actions):
        plan = plan_create(
            user=improvement_lead,
            local_authority=local_authority,
            title=f"Service plan {number}",
            kind="service_plan",
        )
        section = section_create(
            user=improvement_lead, plan=plan, number=1, title="Work", priority_area=area
        )
        for n in range(actions):
            action_create(
                user=improvement_lead, section=section, reference=f"1.{n}", description="Do"
            )

    client = _signed_in(client, improvement_lead)
    url = reverse("plans:plan_detail", args=[main_plan.pk])
    linked_plan(1, workforce, 2)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    linked_plan(2, early_help, 6)
    linked_plan(3, workforce, 11)
    with CaptureQueriesContext(connection) as three:
        body = client.get(url).content.decode()

    assert "Service plan 3" in body
    assert len(three) == len(one)
