"""The page showing the plan as it stood at the end of a date."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.core.history import delete_with_history
from tracker.plans import services
from tracker.plans.demo.dating import dated
from tracker.plans.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db

FEBRUARY_20 = datetime.date(2025, 2, 20)
MARCH_1 = datetime.date(2025, 3, 1)
MARCH_12 = datetime.date(2025, 3, 12)
APRIL_1 = datetime.date(2025, 4, 1)


def _url(plan, **query):
    url = reverse("plans:plan_as_at", args=[plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _parts(on):
    return {"date-day": on.day, "date-month": on.month, "date-year": on.year}


@pytest.fixture
def past_plan(improvement_lead, local_authority, head_of_safeguards, police):
    """A plan created on 20 February 2025. Section 1 was "Audit" until 20 March, then
    "Quality assurance". 1.1, owned by the Head of Service Safeguards, went amber on 10 March,
    then red and owned by the police on 20 March; 1.2 was added on 15 March; 1.3 was deleted
    on 25 March."""
    with dated(FEBRUARY_20):
        plan = services.plan_create(
            user=improvement_lead,
            local_authority=local_authority,
            title="Ofsted action plan",
            kind="ofsted_action_plan",
        )
        section = services.section_create(user=improvement_lead, plan=plan, number=1, title="Audit")
    with dated(MARCH_1):
        first = services.action_create(
            user=improvement_lead,
            section=section,
            reference="1.1",
            description="Launch the new audit process",
            owner_posts=[head_of_safeguards],
            due_on=datetime.date(2025, 3, 5),
        )
        doomed = services.action_create(
            user=improvement_lead, section=section, reference="1.3", description="Old idea"
        )
    with dated(datetime.date(2025, 3, 10)):
        services.action_record_progress(
            user=improvement_lead,
            action=first,
            expected_version=first.version,
            narrative="Audit tool drafted",
            status="in_progress",
            brag="amber",
            recorded_on=datetime.date(2025, 3, 10),
        )
    with dated(datetime.date(2025, 3, 15)):
        services.action_create(
            user=improvement_lead, section=section, reference="1.2", description="Review data"
        )
    with dated(datetime.date(2025, 3, 20)):
        first.refresh_from_db()
        services.action_record_progress(
            user=improvement_lead,
            action=first,
            expected_version=first.version,
            narrative="Audit tool delayed",
            status="in_progress",
            brag="red",
            recorded_on=datetime.date(2025, 3, 20),
        )
        first.refresh_from_db()
        services.action_update(
            user=improvement_lead,
            action=first,
            expected_version=first.version,
            section=section,
            reference="1.1",
            description="Launch the new audit process",
            owner_posts=[],
            owner_users=[],
            owner_organisations=[police],
            owner_note="",
            linked_recommendations=[],
            starts_on=None,
            due_on=datetime.date(2025, 3, 5),
        )
        section.refresh_from_db()
        services.section_update(
            user=improvement_lead,
            section=section,
            expected_version=section.version,
            number=1,
            title="Quality assurance",
            aim="",
            theme=None,
            recommendations=[],
            expected_outcomes=[],
        )
    with dated(datetime.date(2025, 3, 25)):
        delete_with_history(Action.objects.get(pk=doomed.pk), improvement_lead)
    return plan


def test_plan_as_at_shows_sections_and_actions_as_they_stood(client, viewer, past_plan):
    client.force_login(viewer)

    response = client.get(_url(past_plan, date=MARCH_12.isoformat()))

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "The plan at the end of 12 March 2025" in body
    [section] = response.context["result"].sections
    assert section.heading == "1. Audit"  # its title then, not "Quality assurance"
    assert [item.row.reference for item in section.actions] == ["1.1", "1.3"]
    first = section.actions[0].row
    assert (first.brag, first.status_label, first.who) == (
        "amber",
        "In progress",
        ("Head of Service Safeguards",),
    )
    assert first.is_overdue is True
    assert '10 March 2025:</span> <span class="app-pre-wrap">Audit tool drafted' in body
    assert "5 March 2025" in body
    assert "Amber" in body
    assert "Review data" not in body  # added on 15 March
    assert "2 actions, <strong>1 overdue</strong> that day." in body
    # 1.3 has been deleted since: shown, but not linked to a page that is gone.
    assert section.actions[1].url == ""
    assert section.actions[0].url == Action.objects.get(reference="1.1").get_absolute_url()
    assert 'value="12"' in body  # the date fills the date input


def test_plan_as_at_takes_the_date_input_and_a_later_date(client, action_owner, past_plan):
    client.force_login(action_owner)

    response = client.get(_url(past_plan), _parts(APRIL_1))

    assert response.status_code == 200
    [section] = response.context["result"].sections
    assert section.heading == "1. Quality assurance"
    assert [item.row.reference for item in section.actions] == ["1.1", "1.2"]
    first = section.actions[0].row
    assert (first.brag, first.who, first.latest_narrative) == (
        "red",
        ("West Midlands Police",),
        "Audit tool delayed",
    )


def test_plan_as_at_today_is_the_plan_page(client, viewer, past_plan):
    client.force_login(viewer)

    response = client.get(_url(past_plan, date=timezone.localdate().isoformat()))

    result = response.context["result"]
    assert result.is_today is True
    assert [i.row.reference for s in result.sections for i in s.actions] == ["1.1", "1.2"]
    assert "This is the plan as it stands today." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date": "2025-02-19"},
            "The date must be on or after 20 February 2025, when the plan was created",
        ),
        ({"date": "2999-01-01"}, "The date must be today or in the past"),
        ({"date": "2025-02-30"}, "The date must be a real date"),
        ({"date-day": "12", "date-month": "3", "date-year": ""}, "The date must include a year"),
        ({"date": ""}, "Enter the date"),
    ],
)
def test_plan_as_at_refuses_a_date_it_cannot_show(client, viewer, past_plan, query, message):
    client.force_login(viewer)

    response = client.get(_url(past_plan), query)

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "There is a problem" in body
    assert f'<a href="#id_date-day">{message}</a>' in body
    assert f"Error:</span> {message}" in body
    assert response.context["result"] is None
    assert "Error: The plan as it stood on a date" in body  # the page title says so


def test_plan_as_at_without_a_date_shows_only_the_form(client, viewer, past_plan):
    client.force_login(viewer)

    response = client.get(_url(past_plan))

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" not in body
    assert response.context["result"] is None
    assert 'name="date-day"' in body


def test_plan_page_links_to_the_plan_as_it_stood(client, viewer, past_plan):
    client.force_login(viewer)

    response = client.get(past_plan.get_absolute_url())

    assert (
        f'href="{_url(past_plan)}">The plan as it stood on a date</a>' in response.content.decode()
    )


def test_plan_as_at_is_404_for_another_authoritys_plan(client, outsider, past_plan):
    client.force_login(outsider)

    response = client.get(_url(past_plan, date=MARCH_12.isoformat()))

    assert response.status_code == 404


def test_plan_as_at_needs_sign_in_and_refuses_post(client, viewer, past_plan):
    response = client.get(_url(past_plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    client.force_login(viewer)
    assert client.post(_url(past_plan), _parts(MARCH_12)).status_code == 405


@pytest.mark.parametrize("size", [10, 100])
def test_plan_as_at_queries_do_not_grow_with_the_plan(
    client,
    improvement_lead,
    local_authority,
    head_of_safeguards,
    django_assert_max_num_queries,
    size,
):
    with dated(FEBRUARY_20):
        plan = services.plan_create(
            user=improvement_lead,
            local_authority=local_authority,
            title="Big plan",
            kind="improvement_plan",
        )
        sections = [
            services.section_create(user=improvement_lead, plan=plan, number=n, title=f"S{n}")
            for n in range(1, 6)
        ]
        for i in range(size):
            action = services.action_create(
                user=improvement_lead,
                section=sections[i % 5],
                reference=f"{i % 5 + 1}.{i}",
                description=f"Action {i}",
                owner_posts=[head_of_safeguards],
                owner_users=[improvement_lead],
                due_on=MARCH_1,
            )
            services.action_record_progress(
                user=improvement_lead,
                action=action,
                expected_version=action.version,
                narrative=f"Progress {i}",
                status="in_progress",
                brag="green",
                recorded_on=FEBRUARY_20,
            )
    client.force_login(improvement_lead)

    with django_assert_max_num_queries(20):
        response = client.get(_url(plan, date=MARCH_12.isoformat()))

    result = response.context["result"]
    assert result.total == size
    assert result.overdue == size
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == size
    with django_assert_max_num_queries(20):
        today = client.get(_url(plan, date=timezone.localdate().isoformat()))
    assert today.context["result"].total == size
