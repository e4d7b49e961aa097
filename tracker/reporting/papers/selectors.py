"""Reads for board papers and exports: the improvement plan update report as plain data.

Everything a paper shows comes from one set of action rows (the plan as it stood at the end
of the paper's date), counted with the dashboard's own `ProgressSummary`, so the summary, the
appendix, the spreadsheets and the screens agree.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.utils import timezone

from tracker.accounts.models import LocalAuthority
from tracker.core.formatting import format_date
from tracker.governance.highlights.selectors import highlight_reports_for_paper
from tracker.governance.models import Meeting
from tracker.inspections.models import Inspection, issuing_bodies_in_words
from tracker.inspections.rules import issuing_bodies_in_order
from tracker.plans.history.selectors import action_rows_on, brag_over_time, default_chart_dates
from tracker.plans.models import Action, Brag, ExpectedOutcome, Plan, Section
from tracker.plans.selectors import ActionRow, ProgressSummary
from tracker.reporting.changes.selectors import last_meeting, plan_changes, previous_meeting
from tracker.reporting.documents.data import (
    AppendixAction,
    AppendixSection,
    BoardPaperData,
    BragPoint,
    CountRow,
    PlanChanges,
    PlanRows,
    SourceLine,
)
from tracker.reporting.documents.outline import REMOVED_SECTION_NUMBER
from tracker.reporting.models import BoardPaper
from tracker.reporting.packs.selectors import board_paper_impact, recommendation_line

PAPER_TITLE = "Improvement plan update"
NO_THEME = "No theme"
WHOLE_PLAN = "Whole plan"
REMOVED_SECTION = "Section no longer in the plan"


# The paper --------------------------------------------------------------------------------------


_SOURCE_KINDS: dict[str, str] = dict(Inspection.Kind.choices)


def issued_by_words(codes: Iterable[str]) -> str:
    """Who issued one or several sources, once each in the list's order, in words: "Ofsted,
    CQC, HMICFRS and HMI Probation"; "" for none."""
    return issuing_bodies_in_words(issuing_bodies_in_order(list(codes)))


def plan_source_lines(*, plan: Plan) -> tuple[SourceLine, ...]:
    """The sources of recommendations a plan answers, oldest first, each with its kind, dates
    and the bodies that issued it (1 query)."""
    rows = (
        Inspection.objects.filter(plans=plan)
        .order_by("started_on", "pk")
        .values_list("kind", "started_on", "ended_on", "published_on", "issued_by")
    )
    return tuple(
        SourceLine(
            kind=_SOURCE_KINDS.get(kind, kind),
            started_on=started_on,
            ended_on=ended_on,
            published_on=published_on,
            issued_by=issued_by_words(issued_by or []),
        )
        for kind, started_on, ended_on, published_on, issued_by in rows
    )


def meeting_label(meeting: Meeting) -> str:
    """How a paper names its meeting: "Improvement Board, 12 March 2026"."""
    return f"{meeting.board.name}, {format_date(meeting.held_on)}"


def last_meeting_before(*, plan: Plan, before: datetime.date) -> Meeting | None:
    """The meeting a paper made for a date compares with: the latest meeting, not cancelled,
    held before `before` by the board the "What changed" page compares the plan across by
    default (`tracker.reporting.changes.selectors.last_meeting`, which that page also uses
    for its default dates). None when there is no such board or meeting (three queries at
    most)."""
    return last_meeting(plan=plan, today=before)


def _count_row(label: str, summary: ProgressSummary) -> CountRow:
    return CountRow(
        label=label,
        total=summary.total,
        by_status=tuple(summary.status_rows()),
        by_brag=tuple(summary.brag_rows()),
        complete=summary.complete,
        percent_complete=summary.percent_complete,
        overdue=summary.overdue,
    )


def _add(summary: ProgressSummary, row: ActionRow) -> None:
    summary.add(status=row.status, brag=row.brag, count=1, overdue=int(row.is_overdue))


# A paper names the same few ratings hundreds of times.
_brag_label = cache(Brag.describe)
_brag_word = cache(Brag.word)


def _appendix_action(
    row: ActionRow, recommendations: tuple[str, ...] = (), issued_by: str = ""
) -> AppendixAction:
    return AppendixAction(
        reference=row.reference,
        description=row.description,
        who=row.who,
        owner_note=row.owner_note,
        due_on=row.due_on,
        original_due_on=row.original_due_on,
        status_label=row.status_label,
        brag=row.brag,
        brag_label=_brag_label(row.brag),
        brag_word=_brag_word(row.brag),
        is_overdue=row.is_overdue,
        progress_on=row.latest_on,
        progress=row.latest_narrative or "",
        recommendations=recommendations,
        issued_by=issued_by,
        moved_from=row.moved_from,
    )


@dataclass(frozen=True)
class _Recommendation:
    """What a paper prints of a recommendation, read as a tuple: a plan answers a few dozen,
    named on every one of hundreds of rows, and model instances would cost more than the
    rest of the paper's reads together."""

    pk: int
    kind: str
    number: int
    text: str
    issued_by: tuple[str, ...] = ()  # who issued its source: codes of IssuingBody


_RECOMMENDATION_FIELDS = (
    "recommendation_id",
    "recommendation__kind",
    "recommendation__number",
    "recommendation__text",
    "recommendation__inspection__issued_by",
)
_RECOMMENDATION_ORDER = ("recommendation__kind", "recommendation__number", "recommendation__pk")


def _by_owner(
    rows: Iterable[tuple[int, int, str, int, str, list[str] | None]],
) -> dict[int, list[_Recommendation]]:
    """(owner id, recommendation's fields...) rows as each owner's recommendations, in order;
    a recommendation answered by several owners is made once."""
    made: dict[int, _Recommendation] = {}
    by_owner: dict[int, list[_Recommendation]] = defaultdict(list)
    for owner_id, pk, kind, number, text, issued_by in rows:
        recommendation = made.get(pk)
        if recommendation is None:
            recommendation = made[pk] = _Recommendation(
                pk, kind, number, text, tuple(issued_by or ())
            )
        by_owner[owner_id].append(recommendation)
    return by_owner


def _linked_by_action(plan: Plan) -> dict[int, list[_Recommendation]]:
    """The recommendations of other sections each of the plan's actions also answers, by
    action id, in the recommendations' order (1 query)."""
    links = (
        Action.linked_recommendations.through.objects.filter(action__plan=plan)
        .order_by(*_RECOMMENDATION_ORDER)
        .values_list("action_id", *_RECOMMENDATION_FIELDS)
    )
    return _by_owner(links)


def _recommendations_by_section(plan: Plan) -> dict[int, list[_Recommendation]]:
    """The recommendations each of the plan's sections answers, by section id, in their
    kind and number order (1 query)."""
    links = (
        Section.recommendations.through.objects.filter(section__plan=plan)
        .order_by(*_RECOMMENDATION_ORDER)
        .values_list("section_id", *_RECOMMENDATION_FIELDS)
    )
    return _by_owner(links)


def _outcomes_by_section(plan: Plan) -> dict[int, tuple[str, ...]]:
    """The expected outcomes of each of the plan's sections, in their order (1 query)."""
    outcomes: dict[int, list[str]] = defaultdict(list)
    rows = ExpectedOutcome.objects.filter(section__plan=plan).order_by("position", "pk")
    for section_id, text in rows.values_list("section_id", "text"):
        outcomes[section_id].append(text)
    return {section_id: tuple(texts) for section_id, texts in outcomes.items()}


def _section_recommendations(
    own: list[_Recommendation],
    rows: list[ActionRow],
    linked: dict[int, list[_Recommendation]],
) -> tuple[str, ...]:
    """Every recommendation a section answers, numbered and verbatim: its own, then those of
    other sections its actions also answer (naming the actions). Printed even when the
    section's title repeats the recommendation's words: a reader of the appendix must see
    which recommendation each section answers."""
    lines = [recommendation_line(r) for r in own]
    own_ids = {r.pk for r in own}
    through: dict[int, list[str]] = {}
    others: dict[int, _Recommendation] = {}
    for row in rows:
        for recommendation in linked.get(row.pk, ()):
            if recommendation.pk in own_ids:
                continue
            others.setdefault(recommendation.pk, recommendation)
            through.setdefault(recommendation.pk, []).append(row.reference)
    ordered = sorted(others.values(), key=lambda r: (r.kind, r.number, r.pk))
    lines.extend(recommendation_line(r, through=", ".join(through[r.pk])) for r in ordered)
    return tuple(lines)


def _lines(recommendations: Iterable[_Recommendation], lines: dict[int, str]) -> tuple[str, ...]:
    """The recommendations' lines, each made once: `lines` keeps those already made."""
    for recommendation in recommendations:
        if recommendation.pk not in lines:
            lines[recommendation.pk] = recommendation_line(recommendation)
    return tuple(lines[r.pk] for r in recommendations)


def _action_recommendations(
    own: list[_Recommendation],
    own_lines: tuple[str, ...],
    row: ActionRow,
    linked: dict[int, list[_Recommendation]],
    lines: dict[int, str],
) -> tuple[str, ...]:
    """The recommendations one action answers: its section's and those it is linked to.

    Every action of a section repeats its section's recommendations, so their lines are
    made once for the section (`own_lines`) and those of linked recommendations once for the
    plan (`lines`): a plan of 400 actions would otherwise make thousands."""
    links = linked.get(row.pk)
    if not links:
        return own_lines
    seen = {r.pk for r in own}
    return own_lines + _lines([r for r in links if r.pk not in seen], lines)


@dataclass(frozen=True)
class _Section:
    """A section of the plan, its theme and its priority area, read as a tuple."""

    pk: int
    number: int
    title: str
    aim: str
    theme_id: int | None
    theme_name: str | None
    theme_position: int | None
    priority_area_name: str | None


def _sections(plan: Plan) -> list[_Section]:
    """The plan's sections in number order, with their themes and priority areas (1 query)."""
    rows = (
        Section.objects.filter(plan=plan)
        .order_by("number")
        .values_list(
            "pk",
            "number",
            "title",
            "aim",
            "theme_id",
            "theme__name",
            "theme__position",
            "priority_area__name",
        )
    )
    return [_Section(*row) for row in rows]


@cache
def _issued_by_of(codes: frozenset[str]) -> str:
    return issued_by_words(codes)


def _action_issued_by(
    own: list[_Recommendation], row: ActionRow, linked: dict[int, list[_Recommendation]]
) -> str:
    """Who issued the sources of everything the action answers, in words (made once for each
    set of bodies: a plan's actions share a handful)."""
    codes = {code for r in own for code in r.issued_by}
    codes.update(code for r in linked.get(row.pk, ()) for code in r.issued_by)
    return _issued_by_of(frozenset(codes))


@dataclass(frozen=True)
class _Appendix:
    """The plan's action rows at the end of a date, its sections, and the appendix made of
    them: every section in number order with its actions, then any actions whose section is
    gone under "Section no longer in the plan"."""

    rows: list[ActionRow]
    sections: list[_Section]
    by_section: dict[int, list[ActionRow]]
    orphans: list[ActionRow]
    appendix: tuple[AppendixSection, ...]


def _appendix(*, plan: Plan, as_of: datetime.date) -> _Appendix:
    """The appendix from one set of action rows (a fixed number of queries)."""
    rows = action_rows_on(plan=plan, on=as_of)
    sections = _sections(plan)
    recommendations = _recommendations_by_section(plan)
    outcomes = _outcomes_by_section(plan)
    linked = _linked_by_action(plan)
    lines: dict[int, str] = {}
    by_section: dict[int, list[ActionRow]] = defaultdict(list)
    for row in rows:
        by_section[row.section_id].append(row)

    appendix: list[AppendixSection] = []
    for section in sections:
        own = recommendations.get(section.pk, [])
        own_lines = _lines(own, lines)
        section_actions = by_section.get(section.pk, [])
        appendix.append(
            AppendixSection(
                number=section.number,
                title=section.title,
                theme=section.theme_name if section.theme_name is not None else "",
                recommendations=_section_recommendations(own, section_actions, linked),
                aim=section.aim,
                outcomes=outcomes.get(section.pk, ()),
                actions=tuple(
                    _appendix_action(
                        r,
                        _action_recommendations(own, own_lines, r, linked, lines),
                        _action_issued_by(own, r, linked),
                    )
                    for r in section_actions
                ),
                priority_area=section.priority_area_name or "",
            )
        )
    current = {section.pk for section in sections}
    orphans = [row for row in rows if row.section_id not in current]
    if orphans:
        appendix.append(
            AppendixSection(
                number=REMOVED_SECTION_NUMBER,
                title=REMOVED_SECTION,
                theme="",
                recommendations=_section_recommendations([], orphans, linked),
                aim="",
                outcomes=(),
                actions=tuple(
                    _appendix_action(
                        r,
                        _action_recommendations([], (), r, linked, lines),
                        _action_issued_by([], r, linked),
                    )
                    for r in orphans
                ),
            )
        )
    return _Appendix(
        rows=rows,
        sections=sections,
        by_section=by_section,
        orphans=orphans,
        appendix=tuple(appendix),
    )


@dataclass(frozen=True)
class _PlanState:
    """The plan at the end of a date: its counts, appendix and overdue actions."""

    plan_summary: CountRow
    section_rows: tuple[CountRow, ...]
    theme_rows: tuple[CountRow, ...]
    overdue: tuple[AppendixAction, ...]
    appendix: tuple[AppendixSection, ...]


def _plan_state(*, plan: Plan, as_of: datetime.date) -> _PlanState:
    """Counts, appendix and overdue actions from one set of action rows.

    For a past date an action may belong to a section deleted since: such actions are counted
    in the whole plan and under a "Section no longer in the plan" row (of sections and of
    themes), and listed in the appendix under that heading, so every count agrees with the
    overdue list and the changes."""
    made = _appendix(plan=plan, as_of=as_of)
    sections = made.sections
    plan_summary = ProgressSummary()
    theme_summaries: dict[str, ProgressSummary] = {}
    section_rows: list[CountRow] = []
    for section in sections:
        summary = ProgressSummary()
        theme = section.theme_name if section.theme_name is not None else NO_THEME
        theme_summary = theme_summaries.setdefault(theme, ProgressSummary())
        for row in made.by_section.get(section.pk, []):
            _add(summary, row)
            _add(theme_summary, row)
            _add(plan_summary, row)
        section_rows.append(_count_row(f"{section.number}. {section.title}", summary))
    themes = {
        s.theme_id: (s.theme_position, s.theme_name, s.theme_id)
        for s in sections
        if s.theme_id is not None and s.theme_name is not None
    }
    theme_order = list(dict.fromkeys(name for _, name, _ in sorted(themes.values())))
    if NO_THEME in theme_summaries and theme_summaries[NO_THEME].total:
        theme_order.append(NO_THEME)

    if made.orphans:
        removed = ProgressSummary()
        for row in made.orphans:
            _add(removed, row)
            _add(plan_summary, row)
        section_rows.append(_count_row(REMOVED_SECTION, removed))
        theme_summaries[REMOVED_SECTION] = removed
        theme_order.append(REMOVED_SECTION)
    overdue = sorted(
        (_appendix_action(r) for r in made.rows if r.is_overdue),
        key=lambda a: (a.due_on or datetime.date.max, a.reference),
    )
    return _PlanState(
        plan_summary=_count_row(WHOLE_PLAN, plan_summary),
        section_rows=tuple(section_rows),
        theme_rows=tuple(_count_row(name, theme_summaries[name]) for name in theme_order),
        overdue=tuple(overdue),
        appendix=made.appendix,
    )


def board_paper_data(
    *,
    plan: Plan,
    meeting: Meeting | None = None,
    as_of: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> BoardPaperData:
    """The improvement plan update report for a meeting, or for the end of a date.

    With a meeting: the plan as it stood at the end of the meeting's date (today, if the
    meeting is still to come), the changes since the board's previous meeting and the
    highlight reports submitted for the meeting. With a date only: the plan at the end of that
    date and the changes since `last_meeting_before` that date (the latest earlier meeting of
    the board the "What changed" page compares across by default); no highlight reports.
    A fixed number of queries whatever the plan's size.

    The changes rebuild the plan's rows at `as_of` once more inside `plan_changes`:
    `tracker.reporting.changes.selectors` has no public way to pass rows already built.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    plan = Plan.objects.select_related("local_authority").get(pk=plan.pk)
    previous: Meeting | None
    if meeting is not None:
        meeting = Meeting.objects.select_related("board").get(pk=meeting.pk)
        as_of = min(today, meeting.held_on)
        previous = previous_meeting(meeting=meeting)
        highlight_reports = tuple(highlight_reports_for_paper(meeting=meeting, plan=plan))
    else:
        as_of = min(as_of or today, today)
        previous = last_meeting_before(plan=plan, before=as_of)
        highlight_reports = ()

    state = _plan_state(plan=plan, as_of=as_of)
    scorecard, coverage = board_paper_impact(plan=plan, today=today)
    changes: PlanChanges | None = None
    if previous is not None and previous.held_on < as_of:
        changes = plan_changes(plan=plan, since=previous.held_on, until=as_of)

    dates = default_chart_dates(today=as_of)
    brag_points = tuple(
        BragPoint(
            on=on,
            by_brag=tuple(
                (code, label, counts.get(code, 0))
                for code, label, _ in ProgressSummary().brag_rows()
            ),
        )
        for on, counts in brag_over_time(plan=plan, dates=dates)
    )
    return BoardPaperData(
        local_authority=plan.local_authority.name,
        plan_title=plan.title,
        title=PAPER_TITLE,
        meeting=meeting_label(meeting) if meeting is not None else "",
        as_of=as_of,
        generated_at=now,
        plan_summary=state.plan_summary,
        section_rows=state.section_rows,
        theme_rows=state.theme_rows,
        overdue=state.overdue,
        changes=changes,
        brag_over_time=brag_points,
        highlight_reports=highlight_reports,
        appendix=state.appendix,
        scorecard=scorecard,
        coverage=coverage,
        sources=plan_source_lines(plan=plan),
    )


def plan_export_data(*, plan: Plan, now: datetime.datetime | None = None) -> BoardPaperData:
    """The plan as it stands today, for the direct Excel and CSV downloads: the same counts,
    appendix and overdue actions as `board_paper_data`, without the changes, the BRAG history
    or highlight reports that the downloads do not show (a fixed, small number of queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plan = Plan.objects.select_related("local_authority").get(pk=plan.pk)
    state = _plan_state(plan=plan, as_of=today)
    return BoardPaperData(
        local_authority=plan.local_authority.name,
        plan_title=plan.title,
        title=PAPER_TITLE,
        meeting="",
        as_of=today,
        generated_at=now,
        plan_summary=state.plan_summary,
        section_rows=state.section_rows,
        theme_rows=state.theme_rows,
        overdue=state.overdue,
        changes=None,
        brag_over_time=(),
        highlight_reports=(),
        appendix=state.appendix,
        sources=plan_source_lines(plan=plan),
    )


def plan_export_rows(*, plan: Plan) -> PlanRows:
    """The plan as it stands today, for the direct CSV download: the same sections and
    action rows as `plan_export_data`, without the counts and overdue list that only the
    workbook's Summary sheet shows (eight queries)."""
    today = timezone.localdate()
    return PlanRows(as_of=today, appendix=_appendix(plan=plan, as_of=today).appendix)


def plan_print_rows(*, plan: Plan) -> PlanRows:
    """The CSV's rows (`plan_export_rows`) with the plan's title and local authority's name,
    which the PDF of the plan prints at its top (nine queries)."""
    rows = plan_export_rows(plan=plan)
    name = (
        LocalAuthority.objects.filter(pk=plan.local_authority_id)
        .values_list("name", flat=True)
        .first()
    )
    return dataclasses.replace(rows, plan_title=plan.title, local_authority=name or "")


# Papers -----------------------------------------------------------------------------------------


def board_paper_list(*, plan: Plan) -> list[BoardPaper]:
    """A plan's papers, newest first, without their bytes (1 query)."""
    return list(
        BoardPaper.objects.filter(plan=plan)
        .select_related("meeting__board", "requested_by")
        .defer("content")
        .order_by("-created_at", "-pk")
    )


def board_paper_content(*, paper: BoardPaper) -> bytes:
    """The bytes of a paper already fetched through its access helper (1 query)."""
    content = BoardPaper.objects.filter(pk=paper.pk).values_list("content", flat=True).first()
    return bytes(content) if content is not None else b""


def meetings_for_papers(*, plan: Plan) -> list[Meeting]:
    """Meetings a paper can be made for: the plan's authority's, not cancelled, newest first."""
    return list(
        Meeting.objects.filter(board__local_authority_id=plan.local_authority_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board")
        .order_by("-held_on", "-pk")
    )


__all__ = [
    "board_paper_content",
    "board_paper_data",
    "board_paper_list",
    "issued_by_words",
    "last_meeting_before",
    "meeting_label",
    "meetings_for_papers",
    "plan_export_data",
    "plan_export_rows",
    "plan_print_rows",
    "plan_source_lines",
    "recommendation_line",
]
