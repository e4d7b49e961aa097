"""Pages of the governance app: what officers see and what they can change."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tracker.core.tests.numbers import NOT_WHOLE_NUMBERS
from tracker.governance import services
from tracker.governance.models import Board, Decision, Meeting, Risk

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    client.force_login(user)
    return client


def _risk(local_authority, reference, il, ii, rl, ri, **kwargs):
    return services.risk_create(
        user=None,
        local_authority=local_authority,
        reference=reference,
        title=f"Risk {reference}",
        inherent_likelihood=il,
        inherent_impact=ii,
        residual_likelihood=rl,
        residual_impact=ri,
        **kwargs,
    )


def test_pages_need_sign_in(client, board):
    response = client.get(reverse("governance:board_detail", args=[board.pk]))
    assert response.status_code == 302


def test_board_list_shows_next_meeting_and_navigation(client, viewer, board):
    today = timezone.localdate()
    services.meeting_create(user=None, board=board, held_on=today - datetime.timedelta(days=20))
    later = services.meeting_create(
        user=None, board=board, held_on=today + datetime.timedelta(days=60)
    )
    meeting = services.meeting_create(
        user=None, board=board, held_on=today + datetime.timedelta(days=30)
    )
    services.meeting_create(
        user=None, board=board, held_on=today + datetime.timedelta(days=10), status="cancelled"
    )
    response = _signed_in(client, viewer).get(reverse("governance:board_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Improvement Board" in body
    [row] = response.context["rows"]
    assert row.next_meeting == meeting != later
    assert "govuk-service-navigation__item--active" in body
    assert "Risk register" in body
    assert "Add a board" not in body


def test_board_and_meeting_pages_render(client, improvement_lead, board, meeting, recommendation):
    services.agenda_item_create(user=None, meeting=meeting, title="Highlight report")
    client = _signed_in(client, improvement_lead)
    body = client.get(board.get_absolute_url()).content.decode()
    assert "Independent chair" in body
    assert "10 December 2026" in body
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Highlight report" in body
    assert "Publish a workforce strategy" in body
    assert "Make this an action" in body


def test_lead_adds_a_board_through_the_form(client, improvement_lead):
    response = _signed_in(client, improvement_lead).post(
        reverse("governance:board_create"), {"name": "Scrutiny", "kind": "scrutiny"}
    )
    board = Board.objects.get()
    assert response["Location"] == board.get_absolute_url()


def test_board_form_shows_the_error_summary(client, improvement_lead):
    response = _signed_in(client, improvement_lead).post(
        reverse("governance:board_create"), {"name": "", "description": "x"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert response.context["form"].errors["name"] == ["Enter the board's name"]
    assert "Enter the board" in body
    assert not Board.objects.exists()


def test_meeting_form_defaults_the_paper_deadline(client, improvement_lead, board):
    response = _signed_in(client, improvement_lead).post(
        reverse("governance:meeting_create", args=[board.pk]),
        {"held_on-day": "10", "held_on-month": "12", "held_on-year": "2026", "status": "scheduled"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.papers_due_on == datetime.date(2026, 12, 3)


def test_make_action_page_creates_the_action(client, improvement_lead, recommendation, section):
    url = reverse(
        "governance:decision_make_action",
        args=[recommendation.meeting.board_id, recommendation.meeting_id, recommendation.pk],
    )
    response = _signed_in(client, improvement_lead).post(
        url, {"section": section.pk, "reference": "1.5", "description": "Publish it"}
    )
    assert response.status_code == 302
    assert Decision.objects.get().resulting_action.reference == "1.5"
    response = client.post(url, {"section": section.pk, "reference": "1.6", "description": "x"})
    assert (
        "This recommendation has already been made into a plan action" in response.content.decode()
    )


def test_risk_form_shows_the_residual_error(client, improvement_lead):
    response = _signed_in(client, improvement_lead).post(
        reverse("governance:risk_create"),
        {
            "reference": "R1",
            "title": "Agency staff leave",
            "inherent_likelihood": "2",
            "inherent_impact": "2",
            "residual_likelihood": "3",
            "residual_impact": "3",
            "status": "open",
        },
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "The residual score cannot be higher than the inherent score" in body
    assert not Risk.objects.exists()


@pytest.mark.parametrize("typed", [*NOT_WHOLE_NUMBERS, "0", "6", "-0"])
def test_risk_form_refuses_scores_outside_one_to_five(client, improvement_lead, typed):
    response = _signed_in(client, improvement_lead).post(
        reverse("governance:risk_create"),
        {
            "reference": "R1",
            "title": "Agency staff leave",
            "inherent_likelihood": typed,
            "inherent_impact": "2",
            "residual_likelihood": "1",
            "residual_impact": "1",
            "status": "open",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Choose the inherent likelihood, from 1 to 5" in body
    assert "Select a valid choice" not in body
    assert not Risk.objects.exists()


def test_risk_register_shows_scores_ratings_and_overdue_review(
    client, viewer, risk, local_authority
):
    _risk(local_authority, "R2", 2, 2, 1, 1, status="closed", review_on=datetime.date(2020, 1, 1))
    client = _signed_in(client, viewer)
    response = client.get(reverse("governance:risk_list"))
    body = response.content.decode()
    assert [row.risk.reference for row in response.context["rows"]] == ["R1", "R2"]
    r1 = response.context["rows"][0]
    assert (r1.inherent_score, r1.residual_score, r1.rating) == (20, 12, "high")
    assert r1.is_review_overdue  # review date 31 January 2026 is past and R1 is open
    assert body.count("Review overdue") == 1  # R2 is closed
    assert reverse("reporting:risk_register_xlsx") in body  # the register downloads from here
    assert reverse("reporting:risk_register_csv") in body
    response = client.get(reverse("governance:risk_list"), {"status": "closed"})
    assert [row.risk.reference for row in response.context["rows"]] == ["R2"]
    response = client.get(reverse("governance:risk_list"), {"rating": "high"})
    assert [row.risk.reference for row in response.context["rows"]] == ["R1"]


def test_risk_register_query_count_does_not_grow(client, viewer, local_authority, action):
    client = _signed_in(client, viewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("governance:risk_list")).status_code == 200
        return len(captured)

    for n in range(5):
        _risk(local_authority, f"A{n}", 3, 3, 2, 2, mitigating_actions=[action])
    five = queries()
    for n in range(45):
        _risk(local_authority, f"B{n}", 3, 3, 2, 2, mitigating_actions=[action])
    assert queries() == five


def test_risk_detail_shows_history_of_score_changes(client, viewer, risk):
    services.risk_update(
        user=None,
        risk=risk,
        expected_version=1,
        reference="R1",
        title=risk.title,
        cause="",
        consequence="",
        owner_post=None,
        owner=None,
        plan=None,
        theme=None,
        section=None,
        action=None,
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=1,
        residual_impact=2,
        mitigating_actions=[],
        review_on=None,
        status="open",
    )
    response = _signed_in(client, viewer).get(risk.get_absolute_url())
    history = response.context["history"]
    assert [change.residual_score for change in history] == [12, 2]
    assert "History of scores" in response.content.decode()


def test_heat_map_counts_open_risks_by_residual_likelihood_and_impact(
    client, viewer, local_authority, other_local_authority
):
    _risk(local_authority, "R1", 5, 5, 5, 4)
    _risk(local_authority, "R2", 5, 5, 5, 4)
    _risk(local_authority, "R3", 3, 3, 1, 2)
    _risk(local_authority, "R4", 3, 3, 1, 2, status="closed")
    _risk(other_local_authority, "R1", 5, 5, 5, 4)
    response = _signed_in(client, viewer).get(reverse("governance:risk_heat_map"))
    grid = response.context["grid"]
    assert [row.likelihood for row in grid] == [5, 4, 3, 2, 1]
    counts = {(c.likelihood, c.impact): c.count for row in grid for c in row.cells}
    assert counts[(5, 4)] == 2
    assert counts[(1, 2)] == 1
    assert sum(counts.values()) == 3
    assert grid[0].cells[3].css_class == "app-heat app-heat--level-4"
    body = response.content.decode()
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Impact 1</th>'
        in body
    )
    assert "Likelihood 5" in body
    assert ' (</span>Very high<span class="govuk-visually-hidden"> rating, score 20)' in body


def test_heat_map_level_rises_with_the_score(client, viewer):
    """The highest scores get the darkest cells: a cell's level (and so its class) is never
    lower than that of a cell with a lower score, and every rating has its own level."""
    response = _signed_in(client, viewer).get(reverse("governance:risk_heat_map"))
    cells = sorted(
        (cell for row in response.context["grid"] for cell in row.cells), key=lambda c: c.score
    )
    levels = [cell.level for cell in cells]
    assert levels == sorted(levels)
    assert [levels[0], levels[-1]] == [1, 4]
    by_rating = {cell.rating_label: cell.css_class for cell in cells}
    assert by_rating == {
        "Low": "app-heat app-heat--level-1",
        "Medium": "app-heat app-heat--level-2",
        "High": "app-heat app-heat--level-3",
        "Very high": "app-heat app-heat--level-4",
    }
    body = response.content.decode()
    assert body.count('<span class="app-heat__rating">') == 25
