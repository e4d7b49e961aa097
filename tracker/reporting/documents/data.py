"""The board paper and the "what changed" account as plain data.

`tracker.reporting.papers.selectors` builds these from the database; the builders in this
package turn them into bytes (Word, PDF, Excel, CSV) and never query the database themselves,
so every output shows the same numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tracker.governance.highlights.data import HighlightReportPaper

__all__ = [
    "AppendixAction",
    "AppendixSection",
    "BoardPaperData",
    "BragPoint",
    "ChangeLine",
    "CountRow",
    "CoverageSummary",
    "EvidenceLine",
    "FindingLine",
    "GapLine",
    "HighlightReportPaper",
    "MeasureLine",
    "PackChapter",
    "PlanChanges",
    "PlanRows",
    "RiskLine",
    "SourceLine",
    "StatementAction",
    "StatementOfActionData",
    "TrendPoint",
    "VisitPackData",
]


@dataclass(frozen=True)
class CountRow:
    """Counts of actions for the whole plan, a section or a theme."""

    label: str
    total: int
    by_status: tuple[tuple[str, int], ...]  # (status label, count), in the plan's status order
    # (Brag value, label, count): "blue", "green", "amber", "red", then "" for not rated
    by_brag: tuple[tuple[str, str, int], ...]
    complete: int
    percent_complete: int
    overdue: int


@dataclass(frozen=True)
class AppendixAction:
    """One row of the council's Action / Who / Progress table."""

    reference: str
    description: str
    who: tuple[str, ...]
    owner_note: str
    due_on: datetime.date | None
    original_due_on: datetime.date | None
    status_label: str
    brag: str  # "blue", "green", "amber", "red" or "" (the Brag choice values)
    brag_label: str  # the rating with its meaning: "Amber (at risk)", or "Not rated"
    brag_word: str  # the colour alone, for tight spaces: "Amber", or "Not rated"
    is_overdue: bool
    progress_on: datetime.date | None
    progress: str
    # What the action answers, numbered and verbatim ("Recommendation 1: ..."): its section's
    # recommendations, then those of other sections it is linked to.
    recommendations: tuple[str, ...] = ()
    # Who issued the sources of those recommendations, in words: "Ofsted, CQC, HMICFRS and HMI
    # Probation"; "" when it answers none.
    issued_by: str = ""
    # Where a plan merge moved the action from ("1.2 in section 1. ... of <plan>"), or "".
    moved_from: str = ""

    @property
    def is_rebaselined(self) -> bool:
        return self.original_due_on is not None and self.due_on != self.original_due_on


@dataclass(frozen=True)
class AppendixSection:
    number: int
    title: str
    theme: str
    # Every recommendation the section answers, numbered and verbatim: its own
    # ("Recommendation 3: ..."), then other sections' its actions also answer
    # ("Recommendation 1 (through action 2.3): ...").
    recommendations: tuple[str, ...]
    aim: str
    outcomes: tuple[str, ...]
    actions: tuple[AppendixAction, ...]
    # The main plan's priority area the section delivers, "" when it is linked to none.
    priority_area: str = ""


@dataclass(frozen=True)
class SourceLine:
    """A source of recommendations a plan answers, as a paper names it."""

    kind: str  # "Joint targeted area inspection (JTAI)"
    started_on: datetime.date
    ended_on: datetime.date
    published_on: datetime.date | None
    issued_by: str  # "Ofsted, CQC, HMICFRS and HMI Probation", or "" when not recorded


@dataclass(frozen=True)
class PlanRows:
    """The plan's sections and their actions at the end of `as_of`, as the appendix of
    `BoardPaperData` has them, without the counts, changes and charts around it: all that
    the plan's CSV download shows. The plan's title and local authority are filled in only
    for the PDF, which prints them at the top (`plan_print_rows`)."""

    as_of: datetime.date
    appendix: tuple[AppendixSection, ...]
    plan_title: str = ""
    local_authority: str = ""


@dataclass(frozen=True)
class ChangeLine:
    """One action that changed between two dates. `before`/`after` are what a reader sees
    ("Amber", "31 March 2026"); empty when there was nothing before (a new action)."""

    action_id: int
    reference: str
    description: str
    before: str
    after: str
    note: str = ""  # for example the reason a due date was moved


@dataclass(frozen=True)
class RiskLine:
    """A risk that is new, or whose score changed, between two dates."""

    risk_id: int
    reference: str
    title: str
    before: str  # for example "Inherent 16, residual 12"; empty for a new risk
    after: str


@dataclass(frozen=True)
class PlanChanges:
    """What changed in a plan between the end of `since` and the end of `until`,
    reconstructed from history."""

    since: datetime.date
    until: datetime.date
    status_changes: tuple[ChangeLine, ...]
    brag_changes: tuple[ChangeLine, ...]
    new_actions: tuple[ChangeLine, ...]
    completed_actions: tuple[ChangeLine, ...]
    rebaselined: tuple[ChangeLine, ...]
    removed_actions: tuple[ChangeLine, ...]
    new_risks: tuple[RiskLine, ...]
    risk_score_changes: tuple[RiskLine, ...]

    @property
    def is_empty(self) -> bool:
        return not (
            self.status_changes
            or self.brag_changes
            or self.new_actions
            or self.completed_actions
            or self.rebaselined
            or self.removed_actions
            or self.new_risks
            or self.risk_score_changes
        )


@dataclass(frozen=True)
class BragPoint:
    """Counts of actions by BRAG at the end of one day (for the "BRAG over time" chart)."""

    on: datetime.date
    by_brag: tuple[tuple[str, str, int], ...]  # (BRAG code, label, count), as CountRow.by_brag


@dataclass(frozen=True)
class TrendPoint:
    """One period of a measure's trend chart: its value, and the target and England average
    for the period when there are any."""

    period_end: datetime.date
    label: str  # "October 2026", "Quarter to 30 September 2026"
    value: float
    target: float | None = None
    england: float | None = None


@dataclass(frozen=True)
class MeasureLine:
    """A measure as a scorecard row: its latest value against target, and its trend."""

    reference: str
    name: str
    unit: str  # "Percentage", "Days", ...
    direction: str  # "Lower is better"
    latest_period: str  # "October 2026", or "" with no value yet
    latest_value: str  # "23.5%", or "No value yet"
    target: str  # "20%", or "No target"
    rag: str  # "green", "amber", "red" or "" (not rated)
    rag_word: str  # "Amber", or "Not rated": never shown by colour alone
    trend: str  # "Better than September 2026", "No earlier value", ...
    england: str  # "18%", or "" when not published
    points: tuple[TrendPoint, ...] = ()


@dataclass(frozen=True)
class FindingLine:
    """An audit finding as a pack lists it."""

    audit: str  # "Case file audit: Neglect (12 May 2026)"
    number: int
    kind: str  # "Strength", "Area for improvement"
    text: str


@dataclass(frozen=True)
class EvidenceLine:
    """A piece of evidence as a pack lists it (never its content)."""

    title: str
    kind: str  # "File", "Link", "Note"
    dated_on: datetime.date
    of: str  # what it is evidence of: "Action 1.2", "Audit: ...", "Measure M1, October 2026"
    added_by: str


@dataclass(frozen=True)
class GapLine:
    """One coverage gap still open, in words: its kind and what it concerns."""

    kind: str  # "Outcome no measure shows"
    text: str  # "1. Early help: Families get help sooner"


@dataclass(frozen=True)
class CoverageSummary:
    """The coverage of a plan for a board paper: counts of each kind of gap (with the
    percentage of the things of that kind it concerns) and the open gaps themselves."""

    totals: tuple[tuple[str, int, int, int], ...]  # (kind, gaps, of how many, per cent)
    gaps: tuple[GapLine, ...]

    @property
    def total(self) -> int:
        return sum(count for _, count, _, _ in self.totals)


@dataclass(frozen=True)
class PackChapter:
    """One recommendation (or theme) of a monitoring visit pack and everything that shows
    what has been done about it."""

    heading: str  # "Recommendation 3", or the theme's name
    recommendations: tuple[str, ...]  # numbered and verbatim
    sections: tuple[str, ...]  # "2. Management oversight"
    outcomes: tuple[str, ...]
    actions: tuple[AppendixAction, ...]
    measures: tuple[MeasureLine, ...]
    findings: tuple[FindingLine, ...]
    evidence: tuple[EvidenceLine, ...]
    gaps: tuple[GapLine, ...]


@dataclass(frozen=True)
class VisitPackData:
    """Everything a monitoring visit pack shows."""

    local_authority: str
    plan_title: str
    title: str  # "Monitoring visit pack"
    visit: str  # "Third monitoring visit, 12 March 2027"
    visit_on: datetime.date
    focus: str  # "Recommendations 1, 3" or "Themes: Workforce"
    generated_at: datetime.datetime
    chapters: tuple[PackChapter, ...]


@dataclass(frozen=True)
class BoardPaperData:
    """Everything the improvement plan update report shows, for one plan at one date."""

    local_authority: str
    plan_title: str
    title: str  # "Improvement plan update"
    meeting: str  # "Improvement Board, 12 March 2026", or "" when made for a date
    as_of: datetime.date
    generated_at: datetime.datetime
    plan_summary: CountRow
    section_rows: tuple[CountRow, ...]
    theme_rows: tuple[CountRow, ...]
    overdue: tuple[AppendixAction, ...]
    changes: PlanChanges | None  # None when there is no earlier meeting or date to compare with
    brag_over_time: tuple[BragPoint, ...]
    highlight_reports: tuple[HighlightReportPaper, ...]
    appendix: tuple[AppendixSection, ...]
    # The measures of the plan's sections and themes, and the plan's coverage gaps.
    scorecard: tuple[MeasureLine, ...] = ()
    coverage: CoverageSummary | None = None
    # The sources of recommendations the plan answers, oldest first.
    sources: tuple[SourceLine, ...] = ()


@dataclass(frozen=True)
class StatementAction:
    """One action of a Statement of Action, with the organisations it is listed under."""

    reference: str
    section: str  # "2. The front door"
    priority_area: str  # the section's priority area, or ""
    description: str
    # What it answers, each as (label, verbatim words): ("Area for priority action 1", "...").
    answers: tuple[tuple[str, str], ...]
    who: tuple[str, ...]
    owner_note: str
    # The organisations that own it, through an organisation, a post's organisation or a
    # person's: the local authority by `StatementOfActionData.local_authority`. Empty when no
    # owner names an organisation: the action is then the local authority's.
    organisations: tuple[str, ...]
    due_on: datetime.date | None
    original_due_on: datetime.date | None
    status_label: str
    is_complete: bool
    brag: str  # "blue", "green", "amber", "red" or ""
    brag_word: str  # "Amber", or "Not rated"
    is_overdue: bool
    progress_on: datetime.date | None
    progress: str
    # Where a plan merge moved the action from ("1.2 in section 1. ... of <plan>"), or "".
    moved_from: str = ""

    @property
    def is_rebaselined(self) -> bool:
        return self.original_due_on is not None and self.due_on != self.original_due_on


@dataclass(frozen=True)
class StatementOfActionData:
    """Everything a Statement of Action shows: the multi-agency plan by partner organisation."""

    local_authority: str
    plan_title: str
    title: str  # "Statement of Action"
    as_of: datetime.date
    generated_at: datetime.datetime
    sources: tuple[SourceLine, ...]
    actions: tuple[StatementAction, ...]  # in the plan's order
