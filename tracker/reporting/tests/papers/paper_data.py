"""A realistic, deterministic `BoardPaperData` for testing the board paper's builders.

No database: everything is made from the arguments, so the same call gives the same paper.
Text includes characters that break careless builders: "&", "<", ">", curly quotes, an en dash
and a very long word.
"""

from __future__ import annotations

import dataclasses
import datetime

from tracker.governance.highlights.data import HighlightReportPaper
from tracker.plans.models import Brag
from tracker.reporting.documents.data import (
    AppendixAction,
    AppendixSection,
    BoardPaperData,
    BragPoint,
    ChangeLine,
    CountRow,
    CoverageSummary,
    GapLine,
    MeasureLine,
    PlanChanges,
    RiskLine,
    SourceLine,
    TrendPoint,
)

SCORECARD = (
    MeasureLine(
        reference="CIN-03",
        name="Re-referrals within 12 months",
        unit="Percentage",
        direction="Lower is better",
        latest_period="February 2026",
        latest_value="23.5%",
        target="20%",
        rag="red",
        rag_word="Red",
        trend="Worse than January 2026",
        england="21.4%",
        points=(
            TrendPoint(datetime.date(2026, 1, 31), "January 2026", 22.0, 20.0, 21.4),
            TrendPoint(datetime.date(2026, 2, 28), "February 2026", 23.5, 20.0, 21.4),
        ),
    ),
    MeasureLine(
        reference="WF-01",
        name="Social worker vacancy rate",
        unit="Percentage",
        direction="Lower is better",
        latest_period="",
        latest_value="No value yet",
        target="No target",
        rag="",
        rag_word="Not rated",
        trend="No values yet",
        england="",
    ),
)
JTAI_BODIES = "Ofsted, CQC, HMICFRS and HMI Probation"
SOURCES = (
    SourceLine(
        kind="Joint targeted area inspection (JTAI)",
        started_on=datetime.date(2025, 1, 13),
        ended_on=datetime.date(2025, 1, 17),
        published_on=datetime.date(2025, 3, 4),
        issued_by=JTAI_BODIES,
    ),
    SourceLine(
        kind="ILACS standard inspection",
        started_on=datetime.date(2025, 6, 2),
        ended_on=datetime.date(2025, 6, 13),
        published_on=None,
        issued_by="Ofsted",
    ),
)
# Odd sections deliver a priority area of the main plan; even ones none.
PRIORITY_AREA = "Help at the “front door” & the MASH"
COVERAGE = CoverageSummary(
    totals=(
        ("Recommendation nothing answers", 0, 4, 0),
        ("Expected outcome no measure shows", 1, 4, 25),
    ),
    gaps=(GapLine("Expected outcome no measure shows", "Section 2: Audits show better practice"),),
)

STATUSES = (
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("completed", "Completed"),
    ("business_as_usual", "Business as usual"),
    ("verified", "Verified as embedded"),
)
COMPLETE = {"completed", "business_as_usual", "verified"}
BRAGS = (
    ("blue", "Blue (complete)"),
    ("green", "Green (on track)"),
    ("amber", "Amber (at risk)"),
    ("red", "Red (off track)"),
    ("", "Not rated"),
)
THEMES = (
    "Leadership & governance",
    "The “front door” – contact <and> referral",
    "Children in care",
    "Care leavers",
    "Quality of practice",
    "Workforce",
)
SECTION_TITLES = (
    "Strengthen senior leaders’ oversight of frontline practice",
    "Improve the multi-agency safeguarding hub (MASH) & early help",
    "Ensure children’s plans are “SMART” and reviewed <on time>",
    "Make permanence planning timely for every child in care",
    "Improve pathway plans & accommodation for care leavers",
    "Strengthen management oversight and supervision",
    "Stabilise the workforce and reduce caseloads",
    "Hear the voice of the child in every assessment",
)
LONG_WORD = "Interdisciplinaryinformationsharingagreementrenegotiation"
PEOPLE = (
    "Director of Children’s Services",
    "Head of Service Safeguarding",
    "West Midlands Police",
    "Principal Social Worker",
    "Head of Service Children in Care",
    "Integrated Care Board",
)


def _brag_for(index: int) -> str:
    return ("blue", "green", "green", "amber", "red", "")[index % 6]


def _status_for(index: int, brag: str) -> str:
    if brag == "blue":
        return ("completed", "business_as_usual", "verified")[index % 3]
    if brag == "":
        return "not_started"
    return "in_progress"


def _count_row(label: str, actions: list[AppendixAction]) -> CountRow:
    statuses = [status for status, _ in STATUSES]
    by_status = dict.fromkeys(statuses, 0)
    by_brag = dict.fromkeys((brag for brag, _ in BRAGS), 0)
    labels = {label: status for status, label in STATUSES}
    for action in actions:
        by_status[labels[action.status_label]] += 1
        by_brag[action.brag] += 1
    complete = sum(by_status[s] for s in COMPLETE)
    total = len(actions)
    return CountRow(
        label=label,
        total=total,
        by_status=tuple((text, by_status[status]) for status, text in STATUSES),
        by_brag=tuple((brag, text, by_brag[brag]) for brag, text in BRAGS),
        complete=complete,
        percent_complete=round(100 * complete / total) if total else 0,
        overdue=sum(1 for action in actions if action.is_overdue),
    )


def count_row(
    label: str, blue: int = 0, green: int = 0, amber: int = 0, red: int = 0, unrated: int = 0
) -> CountRow:
    """A chart row with these counts by BRAG rating (for the chart tests)."""
    by_brag = (
        ("blue", "Blue (complete)", blue),
        ("green", "Green (on track)", green),
        ("amber", "Amber (at risk)", amber),
        ("red", "Red (off track)", red),
        ("", "Not rated", unrated),
    )
    total = blue + green + amber + red + unrated
    return CountRow(
        label=label,
        total=total,
        by_status=(("Not started", total),),
        by_brag=by_brag,
        complete=blue,
        percent_complete=round(100 * blue / total) if total else 0,
        overdue=0,
    )


def make_actions(count: int, *, section: int, start: int, as_of: datetime.date):
    """`count` actions of section `section`, numbered from `start` across the plan."""
    status_labels = dict(STATUSES)
    actions = []
    for offset in range(count):
        index = start + offset
        brag = _brag_for(index)
        status = _status_for(index, brag)
        due_on = as_of + datetime.timedelta(days=(index % 9) * 30 - 120)
        rebaselined = index % 7 == 3
        complete = status in COMPLETE
        progress_on = None if brag == "" else as_of - datetime.timedelta(days=index % 40)
        description = (
            f"Action {index + 1}: review thresholds & step-down arrangements with partners "
            f"so that “every child’s plan” is < 20 working days old"
        )
        if index % 10 == 4:
            description += f" ({LONG_WORD})"
        actions.append(
            AppendixAction(
                reference=f"{section}.{offset + 1}",
                description=description,
                who=(PEOPLE[index % len(PEOPLE)], PEOPLE[(index + 2) % len(PEOPLE)])
                if index % 3 == 0
                else (PEOPLE[index % len(PEOPLE)],),
                owner_note="Supported by the LSCP business unit" if index % 5 == 0 else "",
                due_on=due_on,
                original_due_on=due_on - datetime.timedelta(days=61) if rebaselined else None,
                status_label=status_labels[status],
                brag=brag,
                brag_label=Brag.describe(brag),
                brag_word=Brag.word(brag),
                is_overdue=due_on < as_of and not complete,
                progress_on=progress_on,
                progress=""
                if progress_on is None
                else (
                    f"Audit of {10 + index % 30} cases found practice “good” in {60 + index % 35}%"
                    f" & improving; next audit due < 3 months.\nManagers’ oversight recorded."
                ),
            )
        )
    return actions


def make_board_paper_data(
    actions: int = 20,
    sections: int = 4,
    *,
    highlight_reports: int = 2,
    brag_points: int = 6,
    with_changes: bool = True,
    empty_changes: bool = False,
    with_impact: bool = True,
    as_of: datetime.date = datetime.date(2026, 3, 12),
    meeting: str = "Improvement Board, 12 March 2026",
    plan_title: str = "Children’s Services Improvement Plan 2025–27 (ILACS & JTAI)",
) -> BoardPaperData:
    """A board paper of `actions` actions spread over `sections` sections (and up to six
    themes), with changes, BRAG history and highlight reports as asked."""
    appendix = []
    all_actions: list[AppendixAction] = []
    per_theme: dict[str, list[AppendixAction]] = {}
    start = 0
    for number in range(1, sections + 1):
        count = actions // sections + (1 if number <= actions % sections else 0)
        section_actions = [
            dataclasses.replace(action, issued_by=JTAI_BODIES)
            for action in make_actions(count, section=number, start=start, as_of=as_of)
        ]
        start += count
        theme = THEMES[(number - 1) % len(THEMES)]
        title = SECTION_TITLES[(number - 1) % len(SECTION_TITLES)]
        appendix.append(
            AppendixSection(
                number=number,
                title=title,
                theme=theme,
                recommendations=(
                    f"Recommendation {number}: senior leaders’ oversight & challenge of "
                    "practice in the <front door>.",
                ),
                aim=f"Children get the right help at the right time (aim {number}).",
                outcomes=(
                    "Fewer re-referrals within 12 months",
                    "Children say they are “listened to”",
                ),
                actions=tuple(section_actions),
                priority_area=PRIORITY_AREA if number % 2 else "",
            )
        )
        all_actions.extend(section_actions)
        per_theme.setdefault(theme, []).extend(section_actions)

    section_rows = tuple(_count_row(f"{s.number}. {s.title}", list(s.actions)) for s in appendix)
    theme_rows = tuple(_count_row(theme, items) for theme, items in per_theme.items())
    plan_summary = _count_row("Whole plan", all_actions)

    changes = None
    if with_changes:
        since = as_of - datetime.timedelta(days=56)
        lines = all_actions[:3] if not empty_changes else []
        changes = PlanChanges(
            since=since,
            until=as_of,
            status_changes=tuple(
                ChangeLine(i + 1, a.reference, a.description, "Not started", a.status_label)
                for i, a in enumerate(lines[:2])
            ),
            brag_changes=tuple(
                ChangeLine(i + 1, a.reference, a.description, "Green (on track)", "Amber (at risk)")
                for i, a in enumerate(lines[:1])
            ),
            new_actions=tuple(
                ChangeLine(i + 1, a.reference, a.description, "", "Not started")
                for i, a in enumerate(lines[2:3])
            ),
            completed_actions=(),
            rebaselined=tuple(
                ChangeLine(
                    i + 1,
                    a.reference,
                    a.description,
                    "31 March 2026",
                    "31 May 2026",
                    note="Partners’ data & systems not ready",
                )
                for i, a in enumerate(lines[:1])
            ),
            removed_actions=(),
            new_risks=()
            if empty_changes
            else (RiskLine(1, "R1", "Recruitment & retention of social workers", "", "Score 16"),),
            risk_score_changes=()
            if empty_changes
            else (
                RiskLine(
                    2,
                    "R2",
                    "Demand at the “front door”",
                    "Inherent 16, residual 12",
                    "Inherent 16, residual 8",
                ),
            ),
        )

    points = []
    total = len(all_actions)
    for step in range(brag_points):
        on = as_of - datetime.timedelta(days=28 * (brag_points - 1 - step))
        blue = total * step // (brag_points * 3)
        red = max(0, total // 6 - step)
        amber = total // 5
        unrated = max(0, total // 6 - 2 * step)
        green = max(0, total - blue - red - amber - unrated)
        points.append(
            BragPoint(
                on=on,
                by_brag=(
                    ("blue", "Blue (complete)", blue),
                    ("green", "Green (on track)", green),
                    ("amber", "Amber (at risk)", amber),
                    ("red", "Red (off track)", red),
                    ("", "Not rated", unrated),
                ),
            )
        )

    reports = tuple(
        HighlightReportPaper(
            theme=THEMES[i % len(THEMES)],
            lead=PEOPLE[i % len(PEOPLE)],
            kind_label="Exception report" if i % 2 else "Highlight report",
            submitted_at=datetime.datetime(2026, 3, 2, 15, 5, tzinfo=datetime.UTC),
            submitted_by="Jo Bloggs",
            period_start=as_of - datetime.timedelta(days=56),
            period_end=as_of - datetime.timedelta(days=10),
            narrative=(
                ("Summary", "Good progress & a “step change” in audits.\nCaseloads < 20."),
                ("Impact on children", "Children are seen within timescales."),
            ),
            achievements=("Action 1.1 completed: MASH & early help co-located",),
            key_updates=("12 audits completed; 75% “good” or better",),
            exceptions=() if i % 2 == 0 else ("Action 2.3 is red: recruitment <delayed>",),
            risks=("R1 Recruitment & retention: score 16, mitigated by market supplement",),
        )
        for i in range(highlight_reports)
    )

    return BoardPaperData(
        local_authority="Solihull Metropolitan Borough Council",
        plan_title=plan_title,
        title="Improvement plan update",
        meeting=meeting,
        as_of=as_of,
        generated_at=datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC),
        plan_summary=plan_summary,
        section_rows=section_rows,
        theme_rows=theme_rows,
        overdue=tuple(a for a in all_actions if a.is_overdue),
        changes=changes,
        brag_over_time=tuple(points),
        highlight_reports=reports,
        appendix=tuple(appendix),
        scorecard=SCORECARD if with_impact else (),
        coverage=COVERAGE if with_impact else None,
        sources=SOURCES,
    )
