"""A submitted highlight report as plain data, ready for a board paper.

Built from the report's frozen snapshot and its narrative, so it never changes after submission.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class HighlightReportPaper:
    """One theme's submitted highlight or exception report, as the board paper prints it."""

    theme: str
    lead: str
    kind_label: str  # "Highlight report" or "Exception report"
    submitted_at: datetime.datetime
    submitted_by: str
    period_start: datetime.date | None
    period_end: datetime.date
    # The thematic lead's words: (heading, text) in order, only the headings they filled in.
    narrative: tuple[tuple[str, str], ...]
    # Lines drafted from the data and frozen at submission, in plain English.
    achievements: tuple[str, ...]
    key_updates: tuple[str, ...]
    exceptions: tuple[str, ...]
    risks: tuple[str, ...]
