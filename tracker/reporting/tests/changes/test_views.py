"""The "what changed since the last meeting" page."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.core.formatting import format_date
from tracker.governance import services as governance
from tracker.governance.models import Meeting
from tracker.plans import services
from tracker.plans.demo.dating import dated
from tracker.plans.models import Action
from tracker.plans.tests.bulk import build_plan

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2025, 3, 1)
MARCH_12 = datetime.date(2025, 3, 12)
APRIL_1 = datetime.date(2025, 4, 1)


@pytest.fixture
def plan(improvement_lead, local_authority):
    plan = services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Improvement plan",
        kind="improvement_plan",
    )
    section = services.section_create(user=improvement_lead, plan=plan, number=1, title="Workforce")
    with dated(MARCH_1):
        services.action_create(
            user=improvement_lead, section=section, reference="1.1", description="Recruit"
        )
    with dated(datetime.date(2025, 3, 20)):
        services.action_create(
            user=improvement_lead, section=section, reference="1.2", description="Retain staff"
        )
    return plan


@pytest.fixture
def board(local_authority, improvement_lead):
    board = governance.board_create(
        user=improvement_lead,
        local_authority=local_authority,
        name="Improvement Board",
        kind="improvement_board",
    )
    for held_on in (MARCH_12, APRIL_1):
        governance.meeting_create(
            user=None, board=board, held_on=held_on, status=Meeting.Status.HELD
        )
    return board


def _url(plan):
    return reverse("reporting:plan_changes", args=[plan.pk])


def _dates(since, until):
    return {
        "since-day": since.day,
        "since-month": since.month,
        "since-year": since.year,
        "until-day": until.day,
        "until-month": until.month,
        "until-year": until.year,
    }


def test_changes_page_needs_sign_in(client, plan):
    response = client.get(_url(plan))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_changes_page_defaults_to_the_last_meeting_until_today(
    client, viewer, plan, board, improvement_lead
):
    """By default the page runs from the board's last meeting to today, so a lead preparing
    the next meeting sees what changed since the board last met."""
    today = timezone.localdate()
    with dated(datetime.date(2025, 4, 10)):
        services.action_create(
            user=improvement_lead,
            section=plan.sections.get(),
            reference="1.3",
            description="Add after the last meeting",
        )
    client.force_login(viewer)

    response = client.get(_url(plan))

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert f"What changed between 1 April 2025 and {format_date(today)}" in body
    assert (
        "Comparing the plan at the end of Improvement Board's last meeting, on 1 April 2025, "
        "with the plan today."
    ) in body
    assert response.context["result"].since == APRIL_1
    assert response.context["result"].until == today
    new = [line.reference for line in response.context["result"].new_actions]
    assert new == ["1.3"]  # added after the last meeting; 1.2 came before it
    action = Action.objects.get(reference="1.3")
    assert f'href="{action.get_absolute_url()}">1.3</a>' in body
    assert 'value="2025"' in body  # the chosen dates fill the form


def test_changes_page_compares_the_dates_given(client, viewer, plan, board):
    client.force_login(viewer)

    response = client.get(_url(plan), _dates(MARCH_1, MARCH_12))

    body = html.unescape(response.content.decode())
    assert "What changed between 1 March 2025 and 12 March 2025" in body
    assert "Nothing changed in the plan or its risks" in body
    counts = {line.label: (line.since, line.until) for line in response.context["counts"]}
    assert counts["All actions"] == (1, 1)


def test_changes_page_without_meetings_compares_the_last_28_days(client, viewer, plan):
    client.force_login(viewer)

    response = client.get(_url(plan))

    assert response.status_code == 200
    assert response.context["result"].until == timezone.localdate()
    assert (
        "No improvement board has met before today, so this compares the last 28 days."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("params", "message", "anchor"),
    [
        (
            {**_dates(APRIL_1, MARCH_12)},
            "The 'from' date must be before the 'to' date",
            "#id_since-day",
        ),
        (
            {"since-day": "31", "since-month": "2", "since-year": "2025"},
            "The 'from' date must be a real date",
            "#id_since-day",
        ),
        (
            {"since-day": "1", "since-month": "3", "since-year": "2025"},
            "Enter the 'to' date",
            "#id_until-day",
        ),
        ({"board": "999999"}, "Select a board from the list", "#id_board"),
    ],
)
def test_changes_page_shows_errors_in_govuk_style(
    client, viewer, plan, board, params, message, anchor
):
    client.force_login(viewer)

    response = client.get(_url(plan), params)

    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert f'href="{anchor}">{message}</a>' in body
    assert "govuk-error-message" in body
    assert body.count(message) >= 2  # in the summary and by the field
    assert response.context["result"] is None
    assert "<title>Error:" in body


def test_changes_page_of_another_authority_is_not_found(client, outsider, plan):
    client.force_login(outsider)

    assert client.get(_url(plan)).status_code == 404


def test_changes_page_refuses_another_authoritys_board(client, viewer, plan, other_local_authority):
    foreign = governance.board_create(
        user=None, local_authority=other_local_authority, name="Elsewhere", kind="improvement_board"
    )
    client.force_login(viewer)

    response = client.get(_url(plan), {"board": foreign.pk})

    assert "Select a board from the list" in response.content.decode()


def test_plan_page_links_to_the_changes_page(client, viewer, plan):
    client.force_login(viewer)

    body = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()

    assert f'href="{_url(plan)}">What changed since the last meeting</a>' in body


@pytest.mark.parametrize("size", [10, 300])
def test_changes_page_queries_do_not_grow_with_plan_size(
    client, improvement_lead, local_authority, django_assert_max_num_queries, size
):
    """Bulk-loaded actions without history and typed-in ones with history, both in the plan
    at both dates: every reconstruction path runs."""
    plan = build_plan(local_authority=local_authority, actions=size, owner=improvement_lead)
    Action.objects.filter(plan=plan).update(created_at=timezone.now() - datetime.timedelta(days=60))
    section = plan.sections.first()
    with dated(timezone.localdate() - datetime.timedelta(days=45)):
        for n in range(3):
            services.action_create(
                user=improvement_lead, section=section, reference=f"H{n}", description="Typed in"
            )
    client.force_login(improvement_lead)
    since = timezone.localdate() - datetime.timedelta(days=30)

    with django_assert_max_num_queries(40):
        response = client.get(_url(plan), _dates(since, timezone.localdate()))

    assert response.status_code == 200
    assert response.context["result"].is_empty is True
    counts = {line.label: (line.since, line.until) for line in response.context["counts"]}
    assert counts["All actions"] == (size + 3, size + 3)
