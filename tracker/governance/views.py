"""Pages of boards, meetings, decisions and the risk register."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from tracker.accounts.access import (
    council_authority_for_user,
    local_authority_for_user,
    require_plan_editor,
)
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.governance import rules, selectors, services
from tracker.governance.access import (
    board_get_for_user,
    decision_get_for_user,
    meeting_get_for_user,
    risk_get_for_user,
)
from tracker.governance.forms import (
    AgendaItemForm,
    BoardForm,
    DecisionForm,
    MakeActionForm,
    MeetingForm,
    RiskForm,
)
from tracker.governance.highlights import selectors as highlight_selectors
from tracker.governance.models import Risk


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


# Boards -----------------------------------------------------------------------------------------


def board_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    return render(
        request,
        "governance/board_list.html",
        {
            "rows": selectors.board_list_with_next_meeting(local_authority=local_authority),
            "local_authority": local_authority,
            "can_edit": request.user.can_edit_plans,
        },
    )


def board_detail(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = board_get_for_user(user=request.user, board_id=board_id)
    return render(
        request,
        "governance/board_detail.html",
        {
            "board": board,
            "detail": selectors.board_get_detail(board=board),
            "can_edit": request.user.can_edit_plans,
        },
    )


def board_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    form = BoardForm(request.POST or None, local_authority_id=local_authority.pk)
    saved = submit_form(
        request,
        form,
        lambda: services.board_create(
            user=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message=lambda board: f"Board {board.name} added",
        to=lambda board: board,
    )
    return saved or render(request, "governance/board_form.html", {"form": form})


def board_update(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = board_get_for_user(user=request.user, board_id=board_id)
    require_plan_editor(user=request.user)
    initial = {
        "version": board.version,
        "name": board.name,
        "kind": board.kind,
        "description": board.description,
        "members": list(board.members.all()),
        "member_note": board.member_note,
    }
    form = BoardForm(
        request.POST or None, initial=initial, local_authority_id=board.local_authority_id
    )
    saved = submit_form(
        request,
        form,
        lambda: services.board_update(
            user=request.user,
            board=board,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda board: f"Board {board.name} updated",
        to=lambda board: board,
    )
    return saved or render(request, "governance/board_form.html", {"form": form, "board": board})


# Meetings ---------------------------------------------------------------------------------------


def meeting_detail(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int
) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, board_id=board_id, meeting_id=meeting_id)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "board": meeting.board,
            "meeting": meeting,
            "detail": selectors.meeting_get_detail(meeting=meeting),
            "highlight_rows": highlight_selectors.meeting_highlight_report_rows(
                meeting=meeting, user=request.user
            ),
            "can_edit": request.user.can_edit_plans,
        },
    )


def meeting_create(request: AuthenticatedHttpRequest, board_id: int) -> HttpResponse:
    board = board_get_for_user(user=request.user, board_id=board_id)
    require_plan_editor(user=request.user)
    form = MeetingForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.meeting_create(user=request.user, board=board, **form.service_kwargs()),
        message="Meeting added",
        to=lambda meeting: meeting,
    )
    return saved or render(request, "governance/meeting_form.html", {"form": form, "board": board})


def meeting_update(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int
) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, board_id=board_id, meeting_id=meeting_id)
    require_plan_editor(user=request.user)
    initial = {
        "version": meeting.version,
        "held_on": meeting.held_on,
        "papers_due_on": meeting.papers_due_on,
        "location": meeting.location,
        "status": meeting.status,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: services.meeting_update(
            user=request.user,
            meeting=meeting,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Meeting updated",
        to=lambda meeting: meeting,
    )
    context = {"form": form, "board": meeting.board, "meeting": meeting}
    return saved or render(request, "governance/meeting_form.html", context)


def agenda_item_create(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int
) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, board_id=board_id, meeting_id=meeting_id)
    require_plan_editor(user=request.user)
    form = AgendaItemForm(request.POST or None, local_authority_id=meeting.board.local_authority_id)
    saved = submit_form(
        request,
        form,
        lambda: services.agenda_item_create(
            user=request.user, meeting=meeting, **form.service_kwargs()
        ),
        message="Report added to the agenda",
        to=lambda item: meeting.get_absolute_url() + "#agenda",
    )
    context = {"form": form, "meeting": meeting}
    return saved or render(request, "governance/agenda_item_form.html", context)


# Decisions --------------------------------------------------------------------------------------


def decision_create(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int
) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, board_id=board_id, meeting_id=meeting_id)
    require_plan_editor(user=request.user)
    form = DecisionForm(request.POST or None, local_authority_id=meeting.board.local_authority_id)
    saved = submit_form(
        request,
        form,
        lambda: services.decision_create(
            user=request.user, meeting=meeting, **form.service_kwargs()
        ),
        message=lambda decision: f"{decision.get_kind_display()} recorded",
        to=lambda decision: meeting.get_absolute_url() + "#decisions",
    )
    context = {"form": form, "meeting": meeting}
    return saved or render(request, "governance/decision_form.html", context)


def decision_update(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, decision_id: int
) -> HttpResponse:
    decision = decision_get_for_user(
        user=request.user, board_id=board_id, meeting_id=meeting_id, decision_id=decision_id
    )
    require_plan_editor(user=request.user)
    meeting = decision.meeting
    initial = {
        "version": decision.version,
        "kind": decision.kind,
        "text": decision.text,
        "plan": decision.plan_id,
        "section": decision.section_id,
    }
    form = DecisionForm(
        request.POST or None, initial=initial, local_authority_id=meeting.board.local_authority_id
    )
    saved = submit_form(
        request,
        form,
        lambda: services.decision_update(
            user=request.user,
            decision=decision,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda decision: f"{decision.get_kind_display()} updated",
        to=lambda decision: meeting.get_absolute_url() + "#decisions",
    )
    context = {"form": form, "meeting": meeting, "decision": decision}
    return saved or render(request, "governance/decision_form.html", context)


def decision_make_action(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, decision_id: int
) -> HttpResponse:
    decision = decision_get_for_user(
        user=request.user, board_id=board_id, meeting_id=meeting_id, decision_id=decision_id
    )
    require_plan_editor(user=request.user)
    meeting = decision.meeting
    initial = {"section": decision.section_id, "description": decision.text}
    form = MakeActionForm(
        request.POST or None, initial=initial, local_authority_id=meeting.board.local_authority_id
    )
    saved = submit_form(
        request,
        form,
        lambda: services.decision_make_action(
            user=request.user, decision=decision, **form.service_kwargs()
        ),
        message=lambda action: f"Action {action.reference} added to the plan",
        to=lambda action: meeting.get_absolute_url() + "#decisions",
    )
    context = {"form": form, "meeting": meeting, "decision": decision}
    return saved or render(request, "governance/make_action_form.html", context)


# Risks ------------------------------------------------------------------------------------------


def risk_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Partners see the risks of the plans shared with them (the selectors' `viewer`).
    local_authority = local_authority_for_user(user=request.user)
    status = request.GET.get("status", "")
    status = status if status in Risk.Status.values else ""
    rating = request.GET.get("rating", "")
    rating = rating if rating in rules.RATING_LABELS else ""
    plan_id = _int(request.GET.get("plan", ""))
    return render(
        request,
        "governance/risk_list.html",
        {
            "rows": selectors.risk_register(
                local_authority=local_authority,
                status=status,
                plan_id=plan_id,
                rating=rating,
                viewer=request.user,
            ),
            "local_authority": local_authority,
            "can_edit": request.user.can_edit_plans,
            "status_choices": Risk.Status.choices,
            "rating_choices": list(rules.RATING_LABELS.items()),
            "plans": selectors.risk_register_plans(
                local_authority=local_authority, viewer=request.user
            ),
            "selected": {"status": status, "rating": rating, "plan": plan_id},
        },
    )


def risk_heat_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    return render(
        request,
        "governance/risk_heat_map.html",
        {
            "grid": selectors.risk_heat_map(local_authority=local_authority, viewer=request.user),
            "impacts": range(rules.LOWEST, rules.HIGHEST + 1),
            "local_authority": local_authority,
        },
    )


def risk_detail(request: AuthenticatedHttpRequest, risk_id: int) -> HttpResponse:
    risk = risk_get_for_user(user=request.user, risk_id=risk_id)
    row = selectors.risk_get_detail(risk=risk, viewer=request.user)
    return render(
        request,
        "governance/risk_detail.html",
        {
            "risk": row.risk,
            "row": row,
            "history": selectors.risk_score_history(risk=risk),
            "can_edit": request.user.can_edit_plans,
        },
    )


def risk_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    form = RiskForm(request.POST or None, local_authority_id=local_authority.pk)
    saved = submit_form(
        request,
        form,
        lambda: services.risk_create(
            user=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message=lambda risk: f"Risk {risk.reference} added",
        to=lambda risk: risk,
    )
    return saved or render(request, "governance/risk_form.html", {"form": form})


def risk_update(request: AuthenticatedHttpRequest, risk_id: int) -> HttpResponse:
    risk = risk_get_for_user(user=request.user, risk_id=risk_id)
    require_plan_editor(user=request.user)
    initial = {
        "version": risk.version,
        "reference": risk.reference,
        "title": risk.title,
        "cause": risk.cause,
        "consequence": risk.consequence,
        "owner_post": risk.owner_post_id,
        "owner": risk.owner_id,
        "plan": risk.plan_id,
        "theme": risk.theme_id,
        "section": risk.section_id,
        "action": risk.action_id,
        "inherent_likelihood": risk.inherent_likelihood,
        "inherent_impact": risk.inherent_impact,
        "residual_likelihood": risk.residual_likelihood,
        "residual_impact": risk.residual_impact,
        "mitigating_actions": list(risk.mitigating_actions.all()),
        "review_on": risk.review_on,
        "status": risk.status,
    }
    form = RiskForm(
        request.POST or None, initial=initial, local_authority_id=risk.local_authority_id
    )
    saved = submit_form(
        request,
        form,
        lambda: services.risk_update(
            user=request.user,
            risk=risk,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda risk: f"Risk {risk.reference} updated",
        to=lambda risk: risk,
    )
    return saved or render(request, "governance/risk_form.html", {"form": form, "risk": risk})
