"""Reads for highlight and exception reports: what the data shows for a theme over a period,
the meeting's list of themes with their reports, and a report's history.

A report covers the progress entries, achievements and re-baselinings *entered* since the theme's
previous report for the same board was submitted (a moment, `created_at` against
`submitted_at`), not those dated ("progress as at") since then: an entry typed in after a
report was submitted but dated on or before that day goes in the next report rather than in
neither. Counts, exceptions and risks are as at the moment the data is taken: submission, or
now for a draft.

The drafting data is computed live while a report is a draft and frozen into the report's
`snapshot` when it is submitted; `HighlightData.from_snapshot` reads it back, so a page shows a
submitted report exactly as it was submitted. Each read takes a fixed number of queries,
whatever the plan's size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tracker.accounts.models import User
from tracker.core.formatting import format_date
from tracker.governance import rules
from tracker.governance.highlights.data import HighlightReportPaper
from tracker.governance.models import HighlightReport, Meeting, Risk
from tracker.plans import rules as plan_rules
from tracker.plans.history.selectors import end_of_day
from tracker.plans.models import (
    COMPLETE_STATUSES,
    Action,
    Brag,
    DeliveryStatus,
    DueDateChange,
    Plan,
    ProgressUpdate,
    Theme,
)
from tracker.plans.selectors import BRAG_ORDER

SNAPSHOT_SCHEMA = 1
# The thematic lead's headings, in the order the board reads them: (field, heading).
NARRATIVE_HEADINGS = (
    ("summary", "Summary"),
    ("key_updates", "Key updates and impacts"),
    ("achievements", "Achievements"),
    ("risks_and_mitigations", "Risks and mitigating actions"),
    ("next_steps", "Next steps"),
    ("support_needed", "Support or decisions needed from the board"),
)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def theme_lead_label(theme: Theme) -> str:
    """The thematic lead as the board knows them: a person, their post, or both."""
    person = (theme.lead.get_full_name() or theme.lead.username) if theme.lead else ""
    post = theme.lead_post.title if theme.lead_post else ""
    if person and post:
        return f"{person} ({post})"
    return person or post or "No thematic lead"


# Drafting data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Achievement:
    reference: str
    description: str
    status: str  # the status label: Completed, Business as usual, Verified as embedded
    recorded_on: datetime.date
    line: str


@dataclass(frozen=True)
class KeyUpdate:
    reference: str
    description: str
    recorded_on: datetime.date
    author: str
    status: str
    brag: str
    narrative: str
    line: str


@dataclass(frozen=True)
class ExceptionRow:
    reference: str
    description: str
    brag: str
    due_on: datetime.date | None
    reasons: list[str]
    line: str


@dataclass(frozen=True)
class RiskLine:
    reference: str
    title: str
    residual_score: int
    rating: str
    rating_label: str
    owner: str
    mitigations: list[str]
    review_on: datetime.date | None
    line: str


@dataclass(frozen=True)
class BragCount:
    brag: str
    label: str
    count: int


@dataclass(frozen=True)
class HighlightData:
    """What the plan's data shows for one theme over a report's period."""

    theme: str
    plan: str
    lead: str
    period_start: datetime.date | None
    period_end: datetime.date
    as_of: datetime.date
    total_actions: int
    overdue_actions: int
    brag_counts: list[BragCount]
    achievements: list[Achievement] = field(default_factory=list)
    key_updates: list[KeyUpdate] = field(default_factory=list)
    exceptions: list[ExceptionRow] = field(default_factory=list)
    risks: list[RiskLine] = field(default_factory=list)
    # Entries entered after `since` (None: since the plan began) and up to `as_at` count; the
    # counts, exceptions and risks are as at `as_at` (the submission, or when a draft is read).
    # Optional in snapshot schema 1: snapshots taken before they were added have neither.
    since: datetime.datetime | None = None
    as_at: datetime.datetime | None = None

    def to_snapshot(self) -> dict[str, Any]:
        """The data as JSON: ISO dates, and a schema number for readers of old snapshots."""

        def convert(value: Any) -> Any:
            if isinstance(value, datetime.date):  # dates and moments
                return value.isoformat()
            if isinstance(value, dict):
                return {key: convert(item) for key, item in value.items()}
            if isinstance(value, list):
                return [convert(item) for item in value]
            return value

        return {"schema": SNAPSHOT_SCHEMA, **convert(asdict(self))}

    @classmethod
    def from_snapshot(cls, snapshot: dict[str, Any]) -> HighlightData:
        """Read a frozen snapshot back (schema 1)."""
        if snapshot.get("schema") != SNAPSHOT_SCHEMA:
            raise ValueError(f"Unknown highlight report snapshot schema {snapshot.get('schema')}")
        return cls(
            theme=snapshot["theme"],
            plan=snapshot["plan"],
            lead=snapshot["lead"],
            period_start=_date(snapshot["period_start"]),
            period_end=datetime.date.fromisoformat(snapshot["period_end"]),
            as_of=datetime.date.fromisoformat(snapshot["as_of"]),
            total_actions=snapshot["total_actions"],
            overdue_actions=snapshot["overdue_actions"],
            brag_counts=[BragCount(**row) for row in snapshot["brag_counts"]],
            achievements=[
                Achievement(**{**row, "recorded_on": _date(row["recorded_on"])})
                for row in snapshot["achievements"]
            ],
            key_updates=[
                KeyUpdate(**{**row, "recorded_on": _date(row["recorded_on"])})
                for row in snapshot["key_updates"]
            ],
            exceptions=[
                ExceptionRow(**{**row, "due_on": _date(row["due_on"])})
                for row in snapshot["exceptions"]
            ],
            risks=[
                RiskLine(**{**row, "review_on": _date(row["review_on"])})
                for row in snapshot["risks"]
            ],
            since=_moment(snapshot.get("since")),
            as_at=_moment(snapshot.get("as_at")),
        )

    @property
    def has_exceptions(self) -> bool:
        return bool(self.exceptions)

    @property
    def period_label(self) -> str:
        start = format_date(self.period_start) if self.period_start else "the start of the plan"
        return f"{start} to {format_date(self.period_end)}"


def _in_period(
    entered: datetime.datetime, since: datetime.datetime | None, until: datetime.datetime | None
) -> bool:
    """An entry is in a report when it was entered after the previous report was submitted
    (`since`) and up to when this report's data is taken (`until`; None for now)."""
    return (since is None or entered > since) and (until is None or entered <= until)


def _achievements(
    actions: dict[int, Action],
    updates: list[ProgressUpdate],
    since: datetime.datetime | None,
    until: datetime.datetime | None,
) -> list[Achievement]:
    """Actions that became complete or embedded in the period, from their progress entries:
    an entry entered in the period whose status is complete and differs from the entry before it.
    Only the latest such change of each action counts."""
    previous_status: dict[int, str] = {}
    latest: dict[int, ProgressUpdate] = {}
    for update in updates:  # oldest first
        before = previous_status.get(update.action_id, DeliveryStatus.NOT_STARTED)
        previous_status[update.action_id] = update.status
        if (
            update.status in COMPLETE_STATUSES
            and update.status != before
            and _in_period(update.created_at, since, until)
        ):
            latest[update.action_id] = update
    rows = []
    for action_id, update in latest.items():
        action = actions[action_id]
        status = DeliveryStatus(update.status).label
        rows.append(
            Achievement(
                reference=action.reference,
                description=action.description,
                status=status,
                recorded_on=update.recorded_on,
                line=(
                    f"{action.reference} {action.description}: {status.lower()} "
                    f"({format_date(update.recorded_on)})"
                ),
            )
        )
    return sorted(rows, key=lambda row: (row.recorded_on, _sort_key(row.reference)))


def _sort_key(reference: str) -> tuple[Any, ...]:
    """Order references as people read them: 1.2 before 1.10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in reference.split("."))


def _key_updates(
    actions: dict[int, Action],
    updates: list[ProgressUpdate],
    since: datetime.datetime | None,
    until: datetime.datetime | None,
) -> list[KeyUpdate]:
    rows = []
    for update in updates:
        if not _in_period(update.created_at, since, until):
            continue
        action = actions[update.action_id]
        author = update.author_name or (str(update.author) if update.author else "")
        status = DeliveryStatus(update.status).label
        brag = Brag.word(update.brag)
        rows.append(
            KeyUpdate(
                reference=action.reference,
                description=action.description,
                recorded_on=update.recorded_on,
                author=author,
                status=status,
                brag=update.brag,
                narrative=update.narrative,
                line=(
                    f"{action.reference} ({format_date(update.recorded_on)}"
                    f"{', ' + author if author else ''}; {status}, {brag}): {update.narrative}"
                ),
            )
        )
    return sorted(rows, key=lambda row: (row.recorded_on, _sort_key(row.reference)), reverse=True)


def _exceptions(
    actions: dict[int, Action],
    changes: list[DueDateChange],
    today: datetime.date,
) -> list[ExceptionRow]:
    """Red actions, overdue actions, and actions re-baselined in the period (with why)."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for action in actions.values():
        if action.brag == Brag.RED:
            reasons[action.pk].append("Red (off track)")
        if plan_rules.is_overdue(status=action.status, due_on=action.due_on, today=today):
            reasons[action.pk].append(f"Overdue: due {format_date(action.due_on)}")
    for change in changes:
        why = f". Reason given: {change.reason.rstrip('.')}" if change.reason else ""
        reasons[change.action_id].append(
            f"Re-baselined: due date moved from {format_date(change.previous_due_on)} "
            f"to {format_date(change.new_due_on) or 'no date'}{why}"
        )
    rows = []
    for action_id, because in reasons.items():
        action = actions[action_id]
        rows.append(
            ExceptionRow(
                reference=action.reference,
                description=action.description,
                brag=action.brag,
                due_on=action.due_on,
                reasons=because,
                line=f"{action.reference} {action.description}: {'; '.join(because)}",
            )
        )
    return sorted(rows, key=lambda row: _sort_key(row.reference))


def _risk_lines(theme: Theme) -> list[RiskLine]:
    """The theme's open risks: linked to the theme, one of its sections or their actions."""
    risks = (
        Risk.objects.filter(status=Risk.Status.OPEN)
        .filter(
            Q(theme=theme) | Q(section__theme=theme) | Q(action__section__theme=theme),
            local_authority_id=theme.plan.local_authority_id,
        )
        .select_related("owner", "owner_post")
        .prefetch_related("mitigating_actions")
        .distinct()
    )
    rows = []
    for risk in risks:
        score = risk.residual_score
        rating = rules.risk_rating(score)
        rating_label = rules.RATING_LABELS[rating]
        owner = (
            (risk.owner.get_full_name() or risk.owner.username)
            if risk.owner
            else (risk.owner_post.title if risk.owner_post else "No owner")
        )
        mitigations = [
            f"{action.reference} {action.description}"
            for action in sorted(risk.mitigating_actions.all(), key=lambda a: a.reference)
        ]
        mitigated = (
            "mitigated by " + ", ".join(a.split(" ", 1)[0] for a in mitigations)
            if mitigations
            else "no mitigating actions yet"
        )
        rows.append(
            RiskLine(
                reference=risk.reference,
                title=risk.title,
                residual_score=score,
                rating=rating,
                rating_label=rating_label,
                owner=owner,
                mitigations=mitigations,
                review_on=risk.review_on,
                line=(
                    f"{risk.reference} {risk.title}: residual score {score} ({rating_label}); "
                    f"{mitigated}"
                ),
            )
        )
    return sorted(rows, key=lambda row: (-row.residual_score, row.reference))


_FROM_PERIOD_START: Any = object()


def highlight_data_for_theme(
    *,
    theme: Theme,
    period_start: datetime.date | None,
    period_end: datetime.date,
    since: datetime.datetime | None = _FROM_PERIOD_START,
    as_at: datetime.datetime | None = None,
    today: datetime.date | None = None,
) -> HighlightData:
    """What the data shows for a theme over a period (6 queries, whatever the plan's size).

    The period's entries are those entered after `since` and up to `as_at` (by default: after
    the end of `period_start`'s day, and up to now):
    - achievements: actions completed or embedded by an entry in the period;
    - key updates: progress entries entered in the period, newest "as at" first;
    - exceptions: Red actions, overdue actions, and actions re-baselined in the period;
    - risks: the theme's open risks with their mitigating actions and residual score;
    - counts of the theme's actions by BRAG, and how many are overdue.
    Statuses, BRAG, overdue and risks are as they stand now, which for a submission is the
    moment of submission (`as_at`); `period_start`/`period_end` are the dates shown.
    """
    if since is _FROM_PERIOD_START:
        since = end_of_day(period_start) if period_start is not None else None
    today = today or (timezone.localdate(as_at) if as_at is not None else timezone.localdate())
    theme = Theme.objects.select_related("plan", "lead", "lead_post").get(pk=theme.pk)
    actions = {
        action.pk: action
        for action in Action.objects.filter(section__theme=theme).only(
            "id", "reference", "description", "status", "brag", "due_on", "section_id"
        )
    }
    updates_so_far = ProgressUpdate.objects.filter(action__section__theme=theme)
    changes_in_period = DueDateChange.objects.filter(
        action__section__theme=theme, previous_due_on__isnull=False
    )
    if as_at is not None:
        updates_so_far = updates_so_far.filter(created_at__lte=as_at)
        changes_in_period = changes_in_period.filter(created_at__lte=as_at)
    if since is not None:
        changes_in_period = changes_in_period.filter(created_at__gt=since)
    updates = list(
        updates_so_far.select_related("author").order_by(
            "action_id", "recorded_on", "created_at", "pk"
        )
    )
    changes = list(changes_in_period.order_by("created_at", "pk"))
    counts = dict.fromkeys(BRAG_ORDER, 0)
    overdue = 0
    for action in actions.values():
        counts[action.brag if action.brag in counts else ""] += 1
        overdue += plan_rules.is_overdue(status=action.status, due_on=action.due_on, today=today)
    return HighlightData(
        theme=theme.name,
        plan=theme.plan.title,
        lead=theme_lead_label(theme),
        period_start=period_start,
        period_end=period_end,
        as_of=today,
        total_actions=len(actions),
        overdue_actions=overdue,
        brag_counts=[
            BragCount(brag=brag, label=Brag.word(brag), count=counts[brag]) for brag in BRAG_ORDER
        ],
        achievements=_achievements(actions, updates, since, as_at),
        key_updates=_key_updates(actions, updates, since, as_at),
        exceptions=_exceptions(actions, changes, today),
        risks=_risk_lines(theme),
        since=since,
        as_at=as_at,
    )


def highlight_report_data(
    *, report: HighlightReport, today: datetime.date | None = None
) -> HighlightData:
    """A report's data: frozen from its snapshot once submitted, live while it is a draft."""
    if report.is_submitted:
        return HighlightData.from_snapshot(report.snapshot)
    start = highlight_period_start(meeting=report.meeting, theme=report.theme)
    return highlight_data_for_theme(
        theme=report.theme,
        period_start=start.day,
        period_end=report.period_end,
        since=start.since,
        today=today,
    )


# Period -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodStart:
    """Where a report's period starts: the day shown, and the moment after which entries
    count (None for both: since the plan began)."""

    day: datetime.date | None
    since: datetime.datetime | None


def highlight_period_start(*, meeting: Meeting, theme: Theme) -> PeriodStart:
    """Where a report's period starts (2 queries at most):

    - when the moment the theme's previous report to the same board was submitted, for an
      earlier meeting (entries entered after it count), unless that was after this meeting
      (the meeting was moved earlier);
    - else the end of the day of the board's previous meeting;
    - else the start of the plan.
    """
    previous_submitted_at = (
        HighlightReport.objects.filter(
            theme=theme,
            status=HighlightReport.Status.SUBMITTED,
            meeting__board_id=meeting.board_id,
            meeting__held_on__lt=meeting.held_on,
        )
        .order_by("-meeting__held_on", "-pk")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if previous_submitted_at is not None:
        day = timezone.localdate(previous_submitted_at)
        if day <= meeting.held_on:
            return PeriodStart(day=day, since=previous_submitted_at)
    previous_meeting_on = (
        Meeting.objects.filter(board_id=meeting.board_id, held_on__lt=meeting.held_on)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-held_on", "-pk")
        .values_list("held_on", flat=True)
        .first()
    )
    if previous_meeting_on is None:
        return PeriodStart(day=None, since=None)
    return PeriodStart(day=previous_meeting_on, since=end_of_day(previous_meeting_on))


# Meeting page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeReportRow:
    """One theme on a meeting's page, with its report for the meeting if there is one."""

    theme: Theme
    lead: str
    report: HighlightReport | None
    can_write: bool

    @property
    def status_label(self) -> str:
        if self.report is None:
            return "Not started"
        return self.report.get_status_display()

    @property
    def tag_colour(self) -> str:
        if self.report is None:
            return "grey"
        return "green" if self.report.is_submitted else "yellow"


def meeting_highlight_report_rows(*, meeting: Meeting, user: User) -> list[ThemeReportRow]:
    """The themes of the plans on the meeting's agenda (or, when none is, of the authority's
    plans that are not closed), each with its report's status and whether the user may
    write it. 4 queries, whatever the number of themes."""
    local_authority_id = meeting.board.local_authority_id
    plan_ids = set(
        meeting.agenda_items.filter(plan__isnull=False).values_list("plan_id", flat=True)
    )
    themes = Theme.objects.filter(plan__local_authority_id=local_authority_id).select_related(
        "plan", "lead", "lead_post"
    )
    if plan_ids:
        themes = themes.filter(plan_id__in=plan_ids)
    else:
        themes = themes.exclude(plan__status=Plan.Status.CLOSED)
    reports = {
        report.theme_id: report
        for report in HighlightReport.objects.filter(meeting=meeting).select_related("meeting")
    }
    post_ids = set(user.posts.values_list("pk", flat=True))
    return [
        ThemeReportRow(
            theme=theme,
            lead=theme_lead_label(theme),
            report=reports.get(theme.pk),
            can_write=user.can_edit_plans
            or theme.lead_id == user.pk
            or (theme.lead_post_id is not None and theme.lead_post_id in post_ids),
        )
        for theme in themes.order_by("plan__title", "plan_id", "position", "name")
    ]


# History ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportHistoryEntry:
    changed_at: datetime.datetime
    changed_by: str
    what: str


def highlight_report_history(*, report: HighlightReport) -> list[ReportHistoryEntry]:
    """Who drafted, changed, submitted and reopened the report, and when; oldest first
    (1 query)."""
    entries = []
    previous: Any = None
    for record in report.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        if previous is None:
            what = "Drafted from the plan's data"
        elif record.status != previous.status:
            what = "Submitted" if record.status == HighlightReport.Status.SUBMITTED else "Reopened"
        else:
            what = "Narrative changed"
        previous = record
        user = record.history_user
        entries.append(
            ReportHistoryEntry(
                changed_at=record.history_date,
                changed_by=(user.get_full_name() or user.username) if user else "System",
                what=what,
            )
        )
    return entries


@dataclass(frozen=True)
class SubmittedVersion:
    """A version of a report as it was submitted to the board and later reopened."""

    submitted_at: datetime.datetime
    submitted_by: str
    reopened_at: datetime.datetime
    reopened_by: str
    kind_label: str
    narrative: list[tuple[str, str]]
    data: HighlightData | None  # None when the snapshot cannot be read


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else "System"


def highlight_report_reopened_versions(*, report: HighlightReport) -> list[SubmittedVersion]:
    """Each version of the report that was submitted and then reopened, oldest first, as the
    history kept it: its narrative and frozen data, who submitted it, and who reopened it and
    when (2 queries: the history and its users)."""
    records = list(
        report.history.select_related("history_user").order_by("history_date", "history_id")
    )
    submitters = {
        user.pk: user
        for user in User.objects.filter(
            pk__in={record.submitted_by_id for record in records if record.submitted_by_id}
        )
    }
    versions = []
    submitted: Any = None
    for record in records:
        if record.status == HighlightReport.Status.SUBMITTED:
            submitted = record
        elif submitted is not None:  # back to draft: reopened
            try:
                data: HighlightData | None = HighlightData.from_snapshot(submitted.snapshot)
            except (KeyError, TypeError, ValueError):
                data = None
            versions.append(
                SubmittedVersion(
                    submitted_at=submitted.submitted_at,
                    submitted_by=_name(submitters.get(submitted.submitted_by_id)),
                    reopened_at=record.history_date,
                    reopened_by=_name(record.history_user),
                    kind_label=HighlightReport.Kind(submitted.kind).label,
                    narrative=[
                        (heading, getattr(submitted, name)) for name, heading in NARRATIVE_HEADINGS
                    ],
                    data=data,
                )
            )
            submitted = None
    return versions


def highlight_reports_for_paper(
    *, meeting: Meeting, plan: Plan | None = None
) -> list[HighlightReportPaper]:
    """The meeting's submitted highlight and exception reports, in theme order, as the board
    paper prints them (1 query). With `plan`, only the reports on that plan's themes: a meeting
    that considers two plans gets one paper for each.

    Built only from each report's frozen snapshot and its narrative, so later changes to the
    plan never alter them. Drafts are left out: they have not been submitted to the board.
    """
    reports = HighlightReport.objects.filter(
        meeting=meeting, status=HighlightReport.Status.SUBMITTED
    )
    if plan is not None:
        reports = reports.filter(theme__plan=plan)
    reports = reports.select_related("theme", "submitted_by").order_by(
        "theme__plan_id", "theme__position", "theme__name", "pk"
    )
    papers = []
    for report in reports:
        data = HighlightData.from_snapshot(report.snapshot)
        submitted_by = report.submitted_by
        assert report.submitted_at is not None  # noqa: S101 - a database constraint
        papers.append(
            HighlightReportPaper(
                theme=data.theme,
                lead=data.lead,
                kind_label=report.get_kind_display(),
                submitted_at=report.submitted_at,
                submitted_by=(
                    (submitted_by.get_full_name() or submitted_by.username) if submitted_by else ""
                ),
                period_start=data.period_start,
                period_end=data.period_end,
                narrative=tuple(
                    (heading, getattr(report, name).strip())
                    for name, heading in NARRATIVE_HEADINGS
                    if getattr(report, name).strip()
                ),
                achievements=tuple(row.line for row in data.achievements),
                key_updates=tuple(row.line for row in data.key_updates),
                exceptions=tuple(row.line for row in data.exceptions),
                risks=tuple(row.line for row in data.risks),
            )
        )
    return papers
