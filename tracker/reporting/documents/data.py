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
    "HighlightReportPaper",
    "PlanChanges",
    "RiskLine",
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
