"""Reads for the governance pages, each in a fixed number of queries whatever the number of
boards, meetings or risks."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, User
from tracker.governance import rules
from tracker.governance.models import AgendaItem, Board, Decision, Meeting, Risk
from tracker.plans.access import plans_visible_to, visible_plan_ids
from tracker.plans.models import Action, Plan


def _mitigations(viewer: User | None) -> Prefetch[str, QuerySet[Action], str]:
    """The mitigating actions to read with each risk: for a partner `viewer`, only those of
    plans shared with their organisation (same one query)."""
    actions = Action.objects.all()
    if viewer is not None and viewer.is_partner:
        actions = actions.filter(plan_id__in=visible_plan_ids(user=viewer))
    return Prefetch("mitigating_actions", queryset=actions)


def _risks_visible(
    risks: QuerySet[Risk], *, local_authority: LocalAuthority, viewer: User | None
) -> QuerySet[Risk]:
    """The authority's risks that `viewer` may see: all of them, or for someone of a partner
    organisation only those tied to a plan shared with it (`plans_visible_to`)."""
    risks = risks.filter(local_authority=local_authority)
    if viewer is not None and viewer.is_partner:
        risks = risks.filter(plan_id__in=visible_plan_ids(user=viewer))
    return risks


@dataclass(frozen=True)
class BoardRow:
    board: Board
    next_meeting: Meeting | None


def board_list_with_next_meeting(
    *, local_authority: LocalAuthority, today: datetime.date | None = None
) -> list[BoardRow]:
    """The authority's boards, each with its next scheduled meeting (2 queries)."""
    today = today or timezone.localdate()
    upcoming = Meeting.objects.filter(held_on__gte=today, status=Meeting.Status.SCHEDULED).order_by(
        "held_on", "pk"
    )
    boards = Board.objects.filter(local_authority=local_authority).prefetch_related(
        Prefetch("meetings", queryset=upcoming, to_attr="upcoming_meetings")
    )
    return [
        BoardRow(board=board, next_meeting=next(iter(board.upcoming_meetings), None))
        for board in boards
    ]


def plan_improvement_board(*, plan: Plan) -> Board | None:
    """The improvement board that oversees a plan: of the plan's local authority's
    improvement boards, the one that most recently had the plan on its agenda, else the
    first by name. None when the authority has no improvement board (two queries at most)."""
    boards = Board.objects.filter(
        local_authority_id=plan.local_authority_id, kind=Board.Kind.IMPROVEMENT_BOARD
    )
    with_plan = (
        boards.filter(meetings__agenda_items__plan=plan)
        .annotate(last_on=Max("meetings__held_on"))
        .order_by("-last_on", "name", "pk")
        .first()
    )
    return with_plan or boards.order_by("name", "pk").first()


def board_upcoming_meeting_dates(*, board: Board, today: datetime.date) -> list[datetime.date]:
    """The dates of a board's meetings from today on that are not cancelled, soonest first
    (1 query)."""
    return list(
        Meeting.objects.filter(board=board, held_on__gte=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("held_on")
        .values_list("held_on", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class BoardDetail:
    members: list[str]
    meetings: Sequence[Meeting]


def board_get_detail(*, board: Board) -> BoardDetail:
    """A board's members and all its meetings, newest last (2 queries)."""
    members = [
        user.get_full_name() or user.username for user in board.members.order_by("last_name")
    ]
    meetings = list(
        board.meetings.annotate(
            agenda_count=Count("agenda_items", distinct=True),
            decision_count=Count("decisions", distinct=True),
        ).order_by("held_on", "pk")
    )
    return BoardDetail(members=members, meetings=meetings)


@dataclass(frozen=True)
class MeetingDetail:
    agenda: list[AgendaItem]
    decisions: list[Decision]


def meeting_get_detail(*, meeting: Meeting) -> MeetingDetail:
    """A meeting's agenda and its decisions with their plan links (2 queries)."""
    agenda = list(meeting.agenda_items.select_related("plan").order_by("position", "pk"))
    decisions = list(
        meeting.decisions.select_related("plan", "section", "resulting_action").order_by("pk")
    )
    return MeetingDetail(agenda=agenda, decisions=decisions)


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    inherent_score: int
    residual_score: int
    rating: str
    rating_label: str
    is_review_overdue: bool
    owner: str
    mitigations: list[str] = field(default_factory=list)


def _risk_row(risk: Risk, today: datetime.date) -> RiskRow:
    residual = risk.residual_score
    rating = rules.risk_rating(residual)
    owners = [str(o) for o in (risk.owner_post, risk.owner) if o is not None]
    if risk.owner is not None:
        owners[-1] = risk.owner.get_full_name() or risk.owner.username
    return RiskRow(
        risk=risk,
        inherent_score=risk.inherent_score,
        residual_score=residual,
        rating=rating,
        rating_label=rules.RATING_LABELS[rating],
        is_review_overdue=rules.is_review_overdue(risk.review_on, today, risk.status),
        owner=", ".join(owners) or "No owner",
        mitigations=[action.reference for action in risk.mitigating_actions.all()],
    )


def risk_register(
    *,
    local_authority: LocalAuthority,
    status: str = "",
    plan_id: int | None = None,
    rating: str = "",
    today: datetime.date | None = None,
    viewer: User | None = None,
) -> list[RiskRow]:
    """The risk register with scores, ratings and the overdue-review flag, highest residual
    score first (2 queries). Filters: status, plan and residual rating. A partner `viewer`
    sees only the risks of plans shared with their organisation."""
    today = today or timezone.localdate()
    risks: QuerySet[Risk] = (
        _risks_visible(Risk.objects.all(), local_authority=local_authority, viewer=viewer)
        .select_related("owner_post", "owner", "plan")
        .prefetch_related(_mitigations(viewer))
    )
    if status:
        risks = risks.filter(status=status)
    if plan_id is not None:
        risks = risks.filter(plan_id=plan_id)
    rows = [_risk_row(risk, today) for risk in risks]
    if rating:
        rows = [row for row in rows if row.rating == rating]
    return sorted(rows, key=lambda row: (-row.residual_score, row.risk.reference))


def risk_get_detail(
    *, risk: Risk, today: datetime.date | None = None, viewer: User | None = None
) -> RiskRow:
    """One risk as a register row; for a partner `viewer`, only the mitigating actions of
    plans shared with their organisation."""
    risk = (
        Risk.objects.select_related("owner_post", "owner", "plan", "theme", "section", "action")
        .prefetch_related(_mitigations(viewer))
        .get(pk=risk.pk)
    )
    return _risk_row(risk, today or timezone.localdate())


@dataclass(frozen=True)
class ScoreChange:
    changed_at: datetime.datetime
    changed_by: str
    inherent_score: int
    residual_score: int
    residual_rating: str
    status: str


def risk_score_history(*, risk: Risk) -> list[ScoreChange]:
    """Each time the risk's scores or status changed, oldest first (1 query)."""
    records = risk.history.select_related("history_user").order_by("history_date", "history_id")
    changes: list[ScoreChange] = []
    previous: tuple[int, int, str] | None = None
    for record in records:
        inherent = rules.risk_score(record.inherent_likelihood, record.inherent_impact)
        residual = rules.risk_score(record.residual_likelihood, record.residual_impact)
        current = (inherent, residual, record.status)
        if current == previous:
            continue
        previous = current
        user = record.history_user
        changes.append(
            ScoreChange(
                changed_at=record.history_date,
                changed_by=(user.get_full_name() or user.username) if user else "System",
                inherent_score=inherent,
                residual_score=residual,
                residual_rating=rules.RATING_LABELS[rules.risk_rating(residual)],
                status=Risk.Status(record.status).label,
            )
        )
    return changes


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int
    rating: str
    rating_label: str
    level: int  # 1 (low) to 4 (very high): rises with the score

    @property
    def score(self) -> int:
        return rules.risk_score(self.likelihood, self.impact)

    @property
    def css_class(self) -> str:
        """The cell's colour, darker as the level rises (`app-heat--level-1` to `-4`)."""
        return f"app-heat app-heat--level-{self.level}"


@dataclass(frozen=True)
class HeatRow:
    likelihood: int
    cells: list[HeatCell]


def risk_heat_map(*, local_authority: LocalAuthority, viewer: User | None = None) -> list[HeatRow]:
    """Counts of open risks by residual likelihood (rows, 5 down to 1) and residual impact
    (columns, 1 to 5): a 5×5 grid (1 query). A partner `viewer` counts only the risks of plans
    shared with their organisation."""
    open_risks = Risk.objects.filter(status=Risk.Status.OPEN)
    counts = {
        (row["residual_likelihood"], row["residual_impact"]): row["count"]
        for row in _risks_visible(open_risks, local_authority=local_authority, viewer=viewer)
        .values("residual_likelihood", "residual_impact")
        .annotate(count=Count("pk"))
        .order_by()
    }
    grid = []
    for likelihood in range(rules.HIGHEST, rules.LOWEST - 1, -1):
        cells = []
        for impact in range(rules.LOWEST, rules.HIGHEST + 1):
            score = rules.risk_score(likelihood, impact)
            rating = rules.risk_rating(score)
            cells.append(
                HeatCell(
                    likelihood=likelihood,
                    impact=impact,
                    count=counts.get((likelihood, impact), 0),
                    rating=rating,
                    rating_label=rules.RATING_LABELS[rating],
                    level=rules.risk_rating_level(score),
                )
            )
        grid.append(HeatRow(likelihood=likelihood, cells=cells))
    return grid


def risk_register_plans(
    *, local_authority: LocalAuthority, viewer: User | None = None
) -> list[Plan]:
    """The plans the register can be filtered by (1 query): those `viewer` may see."""
    plans = Plan.objects.filter(local_authority=local_authority)
    if viewer is not None:
        plans = plans_visible_to(user=viewer)
    return list(plans.order_by("title"))
