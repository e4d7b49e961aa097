"""Writes for boards, meetings, decisions and risks: what they refuse, and what they record."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.governance import services
from tracker.governance.models import AgendaItem, Board, Decision, Meeting, Risk
from tracker.plans.models import Action

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _risk(local_authority, **overrides):
    kwargs = {
        "user": None,
        "local_authority": local_authority,
        "reference": "R9",
        "title": "Judgement does not improve",
        "inherent_likelihood": 3,
        "inherent_impact": 3,
        "residual_likelihood": 2,
        "residual_impact": 2,
    }
    kwargs.update(overrides)
    return services.risk_create(**kwargs)


# Boards ------------------------------------------------------------------------------------------


def test_board_create_records_history_and_members(board, improvement_lead):
    assert list(board.members.all()) == [improvement_lead]
    assert {record.history_user for record in board.history.all()} == {improvement_lead}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "Enter the board's name"),
        (
            {"name": "improvement board"},
            "name",
            "There is already a board called improvement board",
        ),
        ({"kind": "book_club"}, "kind", "Select the type of board"),
    ],
)
def test_board_create_refuses(board, local_authority, overrides, field, message):
    kwargs = {
        "user": None,
        "local_authority": local_authority,
        "name": "Cabinet",
        "kind": "cabinet",
    }
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.board_create(**kwargs)
    assert _errors(excinfo) == {field: [message]}
    assert Board.objects.count() == 1


def test_board_refuses_members_of_another_authority(local_authority, outsider):
    with pytest.raises(ValidationError) as excinfo:
        services.board_create(
            user=None,
            local_authority=local_authority,
            name="Cabinet",
            kind="cabinet",
            members=[outsider],
        )
    assert _errors(excinfo) == {"members": ["Choose members from this local authority"]}
    assert not Board.objects.exists()


def test_board_update_refuses_a_stale_edit(board):
    services.board_update(
        user=None,
        board=board,
        expected_version=1,
        name="Board",
        kind="cabinet",
        description="",
        members=[],
        member_note="",
    )
    with pytest.raises(ConcurrentEditError):
        services.board_update(
            user=None,
            board=board,
            expected_version=1,
            name="Other",
            kind="cabinet",
            description="",
            members=[],
            member_note="",
        )
    board.refresh_from_db()
    assert (board.name, board.version) == ("Board", 2)
    assert board.history.filter(name="Other").count() == 0


# Meetings ----------------------------------------------------------------------------------------


def test_meeting_papers_due_five_working_days_before_by_default(meeting):
    assert meeting.papers_due_on == datetime.date(2026, 12, 3)
    assert meeting.history.count() == 1


def test_meeting_keeps_a_paper_deadline_given(board):
    meeting = services.meeting_create(
        user=None,
        board=board,
        held_on=datetime.date(2026, 12, 10),
        papers_due_on=datetime.date(2026, 11, 30),
    )
    assert meeting.papers_due_on == datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("held_on", "papers_due_on", "field", "message"),
    [
        (None, None, "held_on", "Enter the date of the meeting"),
        (
            datetime.date(2026, 12, 10),
            datetime.date(2026, 12, 11),
            "papers_due_on",
            "The date papers are due must be on or before the meeting",
        ),
    ],
)
def test_meeting_create_refuses(board, held_on, papers_due_on, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            user=None, board=board, held_on=held_on, papers_due_on=papers_due_on
        )
    assert _errors(excinfo) == {field: [message]}
    assert not Meeting.objects.exists()


def test_meeting_update_refuses_a_stale_edit(meeting):
    with pytest.raises(ConcurrentEditError):
        services.meeting_update(
            user=None,
            meeting=meeting,
            expected_version=7,
            held_on=meeting.held_on,
            papers_due_on=None,
            location="",
            status="held",
        )
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


# Agenda items ------------------------------------------------------------------------------------


def test_agenda_items_go_to_the_end(meeting, plan):
    first = services.agenda_item_create(user=None, meeting=meeting, title="Highlight report")
    second = services.agenda_item_create(user=None, meeting=meeting, title="Data", plan=plan)
    assert (first.position, second.position) == (1, 2)


def test_agenda_item_refuses_blank_title_and_another_authoritys_plan(meeting, other_plan):
    with pytest.raises(ValidationError) as excinfo:
        services.agenda_item_create(user=None, meeting=meeting, title="", plan=other_plan)
    assert _errors(excinfo) == {
        "title": ["Enter the title of the report"],
        "plan": ["Choose a plan of this local authority"],
    }
    assert not AgendaItem.objects.exists()


# Decisions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": ""}, "kind", "Select whether this is a decision or a recommendation"),
        ({"text": " "}, "text", "Enter what the meeting decided or recommended"),
    ],
)
def test_decision_create_refuses(meeting, overrides, field, message):
    kwargs = {"user": None, "meeting": meeting, "kind": "decision", "text": "Agreed"}
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_create(**kwargs)
    assert _errors(excinfo) == {field: [message]}
    assert not Decision.objects.exists()


def test_decision_refuses_links_to_another_authority(meeting, other_plan, other_section):
    with pytest.raises(ValidationError) as excinfo:
        services.decision_create(
            user=None,
            meeting=meeting,
            kind="decision",
            text="Agreed",
            plan=other_plan,
            section=other_section,
        )
    assert _errors(excinfo) == {
        "plan": ["Choose a plan of this local authority"],
        "section": ["Choose a section of this local authority"],
    }
    assert not Decision.objects.exists()


def test_decision_update_refuses_a_stale_edit(recommendation):
    with pytest.raises(ConcurrentEditError):
        services.decision_update(
            user=None,
            decision=recommendation,
            expected_version=2,
            kind="decision",
            text="x",
            plan=None,
            section=None,
        )


def test_recommendation_becomes_a_plan_action_once(recommendation, section, improvement_lead):
    action = services.decision_make_action(
        user=improvement_lead,
        decision=recommendation,
        section=section,
        reference="1.2",
        description="Publish a workforce strategy",
        due_on=datetime.date(2027, 3, 31),
    )
    recommendation.refresh_from_db()
    assert recommendation.resulting_action == action
    assert recommendation.section == section
    assert (action.plan, action.reference, action.due_on) == (
        section.plan,
        "1.2",
        datetime.date(2027, 3, 31),
    )
    assert recommendation.history.count() == 2

    with pytest.raises(ValidationError) as excinfo:
        services.decision_make_action(
            user=improvement_lead,
            decision=recommendation,
            section=section,
            reference="1.3",
            description="Again",
        )
    assert excinfo.value.messages == [
        "This recommendation has already been made into a plan action"
    ]
    assert Action.objects.count() == 1


def test_a_decision_cannot_become_an_action(meeting, section):
    decision = services.decision_create(user=None, meeting=meeting, kind="decision", text="Noted")
    with pytest.raises(ValidationError) as excinfo:
        services.decision_make_action(
            user=None, decision=decision, section=section, reference="1.2", description="x"
        )
    assert excinfo.value.messages == ["Only a recommendation can be made into a plan action"]
    assert not Action.objects.exists()


def test_make_action_refuses_another_authoritys_section(recommendation, other_section):
    with pytest.raises(ValidationError) as excinfo:
        services.decision_make_action(
            user=None,
            decision=recommendation,
            section=other_section,
            reference="1.2",
            description="x",
        )
    assert _errors(excinfo) == {"section": ["Choose a section of this local authority's plans"]}
    assert not Action.objects.exists()


def test_make_action_writes_nothing_when_the_plan_refuses_the_action(
    recommendation, section, action
):
    # The plans app refuses a duplicate reference; the recommendation stays unlinked.
    with pytest.raises(ValidationError):
        services.decision_make_action(
            user=None,
            decision=recommendation,
            section=section,
            reference="1.1",
            description="Duplicate",
        )
    recommendation.refresh_from_db()
    assert recommendation.resulting_action is None
    assert Action.objects.count() == 1


# Risks -------------------------------------------------------------------------------------------


def test_risk_create_scores_and_records_history(risk, improvement_lead, action):
    assert (risk.inherent_score, risk.residual_score) == (20, 12)
    assert risk.history.get().history_user == improvement_lead


def test_residual_higher_than_inherent_is_refused(local_authority):
    with pytest.raises(ValidationError) as excinfo:
        _risk(local_authority, residual_likelihood=4, residual_impact=3)
    assert _errors(excinfo) == {
        "residual_likelihood": ["The residual score cannot be higher than the inherent score"]
    }
    assert not Risk.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reference": ""}, "reference", "Enter the risk's reference, for example R1"),
        ({"reference": "r1"}, "reference", "There is already a risk r1"),
        ({"title": " "}, "title", "Enter the risk"),
        (
            {"inherent_likelihood": 6},
            "inherent_likelihood",
            "Choose the inherent likelihood, from 1 to 5",
        ),
        ({"inherent_impact": None}, "inherent_impact", "Choose the inherent impact, from 1 to 5"),
        (
            {"residual_likelihood": 0},
            "residual_likelihood",
            "Choose the residual likelihood, from 1 to 5",
        ),
        ({"residual_impact": 9}, "residual_impact", "Choose the residual impact, from 1 to 5"),
        ({"status": "maybe"}, "status", "Select whether the risk is open or closed"),
    ],
)
def test_risk_create_refuses(risk, local_authority, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        _risk(local_authority, **overrides)
    assert _errors(excinfo) == {field: [message]}
    assert Risk.objects.count() == 1


def test_risk_refuses_links_to_another_authority(
    local_authority, other_plan, other_section, outsider
):
    other_action_section = other_section
    from tracker.plans import services as plan_services

    other_action = plan_services.action_create(
        user=None, section=other_action_section, reference="9.9", description="Elsewhere"
    )
    with pytest.raises(ValidationError) as excinfo:
        _risk(
            local_authority,
            plan=other_plan,
            section=other_section,
            action=other_action,
            owner=outsider,
            mitigating_actions=[other_action],
        )
    assert _errors(excinfo) == {
        "plan": ["Choose a plan of this local authority"],
        "section": ["Choose a section of this local authority"],
        "action": ["Choose an action of this local authority"],
        "owner": ["Choose an owner from this local authority"],
        "mitigating_actions": ["Choose mitigating actions of this local authority"],
    }
    assert not Risk.objects.exists()


def _update(risk, **overrides):
    kwargs = {
        "user": None,
        "risk": risk,
        "expected_version": risk.version,
        "reference": risk.reference,
        "title": risk.title,
        "cause": "",
        "consequence": "",
        "owner_post": None,
        "owner": None,
        "plan": None,
        "theme": None,
        "section": None,
        "action": None,
        "inherent_likelihood": risk.inherent_likelihood,
        "inherent_impact": risk.inherent_impact,
        "residual_likelihood": risk.residual_likelihood,
        "residual_impact": risk.residual_impact,
        "mitigating_actions": [],
        "review_on": None,
        "status": "open",
    }
    kwargs.update(overrides)
    return services.risk_update(**kwargs)


def test_risk_update_rescores_links_mitigations_and_keeps_history(risk, action, viewer):
    updated = _update(
        risk, user=viewer, residual_likelihood=2, residual_impact=2, mitigating_actions=[action]
    )
    assert (updated.residual_score, updated.version) == (4, 2)
    assert list(updated.mitigating_actions.all()) == [action]
    history = list(risk.history.order_by("history_date", "history_id"))
    assert (history[0].residual_likelihood, history[-1].residual_likelihood) == (3, 2)
    assert history[-1].history_user == viewer


def test_risk_update_refuses_a_stale_edit(risk):
    _update(risk, title="Changed")
    with pytest.raises(ConcurrentEditError) as excinfo:
        _update(risk, expected_version=1, title="Stale")
    assert excinfo.value.messages == [
        "This risk was changed by someone else while you were editing it. "
        "Check the changes and try again."
    ]
    risk.refresh_from_db()
    assert risk.title == "Changed"


def test_risk_update_refuses_residual_above_inherent(risk):
    with pytest.raises(ValidationError) as excinfo:
        _update(risk, inherent_likelihood=1, inherent_impact=1)
    assert _errors(excinfo) == {
        "residual_likelihood": ["The residual score cannot be higher than the inherent score"]
    }
    risk.refresh_from_db()
    assert (risk.inherent_likelihood, risk.version) == (4, 1)
