"""The board paper laid out once, as plain blocks in reading order.

`paper_outline` turns `BoardPaperData` into headings, paragraphs, lists, tables and figures;
`word.py` writes those blocks with python-docx and `pdf.py` renders them through a template, so
both documents say exactly the same thing in the same order. Nothing here queries the database.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.core.formatting import format_date, format_datetime
from tracker.reporting.documents import charts
from tracker.reporting.documents.data import (
    AppendixAction,
    AppendixSection,
    BoardPaperData,
    ChangeLine,
    CountRow,
    CoverageSummary,
    GapLine,
    MeasureLine,
    PlanChanges,
    RiskLine,
    SourceLine,
)

# Words shared by both documents -------------------------------------------------------------

# Characters XML 1.0 cannot hold (control characters pasted in from other systems).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

NO_EARLIER_MEETING = "There is no earlier meeting to compare with."
NO_HIGHLIGHT_REPORTS = "No highlight reports have been submitted for this meeting."


# The appendix section of actions whose section has been deleted since (a paper for a past
# date): it has no number of its own.
REMOVED_SECTION_NUMBER = 0


def section_label(number: int, title: str) -> str:
    """ "3. Audit", or the title alone for the section of actions whose section is gone."""
    return title if number == REMOVED_SECTION_NUMBER else f"{number}. {title}"


def clean_text(value: str) -> str:
    """The text without characters a Word or PDF file cannot hold; line endings as \\n."""
    return _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def status_and_brag(action: AppendixAction) -> str:
    return f"{action.status_label}. BRAG: {action.brag_label}"


def due_text(action: AppendixAction) -> str:
    """The due date, with the first one when it was moved: "31 May 2026 (was 31 March 2026)"."""
    if action.due_on is None:
        return "No due date"
    if action.is_rebaselined:
        return f"{format_date(action.due_on)} (was {format_date(action.original_due_on)})"
    return format_date(action.due_on)


def _source_dates(source: SourceLine) -> str:
    if source.started_on == source.ended_on:
        held = format_date(source.started_on)
    else:
        held = f"{format_date(source.started_on)} to {format_date(source.ended_on)}"
    if source.published_on is not None:
        return f"{held}, published {format_date(source.published_on)}"
    return held


def source_sentence(source: SourceLine) -> str:
    """A source as papers name it: "Joint targeted area inspection (JTAI), 7 March 2022 to
    11 March 2022, published 20 April 2022. Issued by Ofsted, CQC, HMICFRS and HMI
    Probation." """
    sentence = f"{source.kind}, {_source_dates(source)}."
    if source.issued_by:
        sentence += f" Issued by {source.issued_by}."
    return sentence


def period_text(start: datetime.date | None, end: datetime.date) -> str:
    if start is None:
        return f"Up to {format_date(end)}"
    return f"{format_date(start)} to {format_date(end)}"


def summary_sentence(row: CountRow) -> str:
    if not row.total:
        return "The plan has no actions yet."
    actions = "action" if row.total == 1 else "actions"
    overdue = "action is" if row.overdue == 1 else "actions are"
    return (
        f"The plan has {row.total} {actions}: {row.complete} complete "
        f"({row.percent_complete}%). {row.overdue} {overdue} overdue."
    )


# The outline --------------------------------------------------------------------------------

# A table cell is paragraphs; a paragraph is runs of (text, is bold).
Run = tuple[str, bool]
Cell = tuple[tuple[Run, ...], ...]


def make_cell(*lines: str, bold: bool = False) -> Cell:
    return tuple(((clean_text(line), bold),) for line in lines)


# A table row longer than this many characters may split across pages (in Word and in the
# PDF): held together, it would leave most of a page empty or overflow it.
UNSPLIT_ROW_CHARACTERS = 1500


def row_length(row: Sequence[Cell]) -> int:
    """The number of characters in a table row's cells."""
    return sum(len(text) for cell in row for paragraph in cell for text, _ in paragraph)


@dataclass(frozen=True)
class Block:
    """One block of the paper, in reading order.

    kind is "heading" (level 0 is the title, 1-3 the heading levels), "paragraph" (style is
    "normal", "subtitle" or "lead"), "bullets" (items), "table" (caption, headers, rows,
    widths as proportions, row_headers when the first column names the row), "figure"
    (chart, caption, alt_text) or "page_break" (what follows starts a new page).
    """

    kind: str
    text: str = ""
    level: int = 0
    style: str = "normal"
    items: tuple[str, ...] = ()
    caption: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    widths: tuple[int, ...] = ()
    row_headers: bool = False
    chart: str = ""
    alt_text: str = ""
    measure: MeasureLine | None = None  # the measure a "measure_trend" figure charts


@dataclass
class Part:
    """A run of blocks on pages of one orientation (the appendix is landscape)."""

    landscape: bool
    blocks: list[Block] = field(default_factory=list)


class _Outline:
    def __init__(self) -> None:
        self.parts: list[Part] = [Part(landscape=False)]
        self.tables = 0
        self.figures = 0

    def add(self, block: Block) -> None:
        self.parts[-1].blocks.append(block)

    def heading(self, text: str, level: int) -> None:
        self.add(Block("heading", text=clean_text(text), level=level))

    def paragraph(self, text: str, style: str = "normal") -> None:
        self.add(Block("paragraph", text=clean_text(text), style=style))

    def add_page_break(self) -> None:
        self.add(Block("page_break"))

    def lines(self, text: str) -> None:
        for line in clean_text(text).split("\n"):
            if line.strip():
                self.paragraph(line)

    def bullets(self, items: Sequence[str], *, empty: str) -> None:
        if not items:
            self.paragraph(empty)
        else:
            self.add(Block("bullets", items=tuple(clean_text(item) for item in items)))

    def table(
        self,
        *,
        caption: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[int],
        row_headers: bool = False,
    ) -> None:
        self.tables += 1
        self.add(
            Block(
                "table",
                caption=clean_text(f"Table {self.tables}: {caption}"),
                headers=tuple(headers),
                rows=tuple(tuple(row) for row in rows),
                widths=tuple(widths),
                row_headers=row_headers,
            )
        )

    def figure(
        self, *, chart: str, caption: str, alt_text: str, measure: MeasureLine | None = None
    ) -> None:
        self.figures += 1
        self.add(
            Block(
                "figure",
                chart=chart,
                caption=clean_text(f"Figure {self.figures}: {caption}"),
                alt_text=clean_text(alt_text),
                measure=measure,
            )
        )


def paper_outline(data: BoardPaperData) -> list[Part]:
    """The whole paper as blocks in reading order, for any output format."""
    outline = _Outline()
    _front(outline, data)
    _summary(outline, data)
    _changes(outline, data.changes)
    _highlight_reports(outline, data)
    _scorecard(outline, data.scorecard)
    _coverage(outline, data.coverage)
    outline.parts.append(Part(landscape=True))
    _appendix(outline, data.appendix)
    return outline.parts


def _front(outline: _Outline, data: BoardPaperData) -> None:
    outline.heading(data.title, 0)
    outline.paragraph(data.plan_title, "subtitle")
    outline.paragraph(data.local_authority, "lead")
    if data.meeting:
        outline.paragraph(f"Report to {data.meeting}.")
    outline.paragraph(
        f"The plan as it stood on {format_date(data.as_of)}. "
        f"Produced on {format_datetime(data.generated_at)}."
    )
    if data.sources:
        outline.paragraph("The plan answers:")
        outline.bullets([source_sentence(source) for source in data.sources], empty="")


def _row_label(row: CountRow, summary: CountRow) -> str:
    return "Whole plan" if row is summary else row.label


def _count_tables(outline: _Outline, data: BoardPaperData, *, kind: str, first: str) -> None:
    summary = data.plan_summary
    rows = [*(data.section_rows if kind == "section" else data.theme_rows), summary]
    statuses = [label for label, _ in summary.by_status]
    brags = [label for _, label, _ in summary.by_brag]
    outline.table(
        caption=f"Actions by status, by {kind}",
        headers=[first, "Actions", *statuses, "Complete", "Overdue"],
        rows=[
            [
                make_cell(_row_label(row, summary), bold=row is summary),
                make_cell(str(row.total)),
                *[make_cell(str(count)) for _, count in row.by_status],
                make_cell(f"{row.percent_complete}%"),
                make_cell(str(row.overdue)),
            ]
            for row in rows
        ],
        widths=[24, 8, *[10] * len(statuses), 9, 9],
        row_headers=True,
    )
    outline.table(
        caption=f"Actions by BRAG rating, by {kind}",
        headers=[first, *brags],
        rows=[
            [
                make_cell(_row_label(row, summary), bold=row is summary),
                *[make_cell(str(count)) for _, _, count in row.by_brag],
            ]
            for row in rows
        ],
        widths=[30, *[13] * len(brags)],
        row_headers=True,
    )


def _summary(outline: _Outline, data: BoardPaperData) -> None:
    outline.heading("1. Summary", 1)
    outline.paragraph(summary_sentence(data.plan_summary))
    outline.heading("Progress by section", 2)
    if data.section_rows:
        _count_tables(outline, data, kind="section", first="Section")
    else:
        outline.paragraph("The plan has no sections yet.")
    outline.heading("Progress by theme", 2)
    if data.theme_rows:
        _count_tables(outline, data, kind="theme", first="Theme")
    else:
        outline.paragraph("The plan has no themes yet.")
    outline.heading("Overdue actions", 2)
    if data.overdue:
        outline.table(
            caption="Overdue actions",
            headers=["Ref", "Action", "Who", "Due", "Status"],
            rows=[
                [
                    make_cell(a.reference),
                    make_cell(a.description),
                    make_cell(*a.who),
                    make_cell(due_text(a)),
                    make_cell(status_and_brag(a)),
                ]
                for a in data.overdue
            ],
            widths=[7, 39, 19, 16, 19],
        )
    else:
        outline.paragraph("No actions are overdue.")
    outline.heading("Charts", 2)
    if data.plan_summary.total:
        outline.figure(
            chart="progress_by_section",
            caption="Progress by section (actions by BRAG rating)",
            alt_text=charts.progress_by_section_alt_text(data.section_rows),
        )
    else:
        outline.paragraph("There are no actions to chart yet.")
    if data.brag_over_time:
        outline.figure(
            chart="brag_over_time",
            caption="BRAG ratings over time",
            alt_text=charts.brag_over_time_alt_text(data.brag_over_time),
        )
    else:
        outline.paragraph("There is no BRAG history to chart yet.")


def _change_kinds(changes: PlanChanges) -> list[tuple[str, Sequence[ChangeLine | RiskLine]]]:
    return [
        ("Status changes", changes.status_changes),
        ("BRAG changes", changes.brag_changes),
        ("New actions", changes.new_actions),
        ("Completed actions", changes.completed_actions),
        ("Re-baselined due dates", changes.rebaselined),
        ("Removed actions", changes.removed_actions),
        ("New risks", changes.new_risks),
        ("Risk score changes", changes.risk_score_changes),
    ]


def _changes(outline: _Outline, changes: PlanChanges | None) -> None:
    outline.heading("2. Changes since the last meeting", 1)
    if changes is None:
        outline.paragraph(NO_EARLIER_MEETING)
        return
    span = f"between {format_date(changes.since)} and {format_date(changes.until)}"
    if changes.is_empty:
        outline.paragraph(f"No changes {span}.")
        return
    outline.paragraph(f"Changes to the plan {span}, worked out from its history.")
    for title, lines in _change_kinds(changes):
        outline.heading(title, 2)
        if not lines:
            outline.paragraph("No changes.")
            continue
        is_risk = isinstance(lines[0], RiskLine)
        # Only the columns that say something: a new action has no "before".
        has_before = any(line.before for line in lines)
        has_after = any(line.after for line in lines)
        notes = [getattr(line, "note", "") for line in lines]
        headers = ["Ref", "Risk" if is_risk else "Action"]
        headers += ["Before"] * has_before + ["After"] * has_after + ["Reason"] * any(notes)
        rows = []
        line: ChangeLine | RiskLine
        for line, note in zip(lines, notes, strict=True):
            text = line.title if isinstance(line, RiskLine) else line.description
            row = [make_cell(line.reference), make_cell(text)]
            row += [make_cell(line.before)] * has_before + [make_cell(line.after)] * has_after
            row += [make_cell(note)] * any(notes)
            rows.append(row)
        outline.table(
            caption=title, headers=headers, rows=rows, widths=[7, 45, *[16] * (len(headers) - 2)]
        )


def _highlight_reports(outline: _Outline, data: BoardPaperData) -> None:
    outline.heading("3. Highlight reports", 1)
    if not data.highlight_reports:
        outline.paragraph(NO_HIGHLIGHT_REPORTS)
    for report in data.highlight_reports:
        outline.heading(f"{report.theme}: {report.kind_label.lower()}", 2)
        outline.paragraph(f"Thematic lead: {report.lead}")
        outline.paragraph(f"Period: {period_text(report.period_start, report.period_end)}")
        outline.paragraph(
            f"Submitted by {report.submitted_by} on {format_datetime(report.submitted_at)}"
        )
        for heading, text in report.narrative:
            outline.heading(heading, 3)
            outline.lines(text)
        for heading, items in (
            ("Achievements", report.achievements),
            ("Key updates", report.key_updates),
            ("Exceptions", report.exceptions),
            ("Risks", report.risks),
        ):
            outline.heading(heading, 3)
            outline.bullets(items, empty="None recorded.")


NO_MEASURES = "No measures are linked to this plan's sections, themes or outcomes yet."
NO_COVERAGE = "The plan's coverage was not worked out for this paper."


def measure_row(line: MeasureLine) -> list[Cell]:
    """A measure in the scorecard's Measure / Latest / Target / RAG / Trend / England layout.
    The rating is written in words, never shown by colour alone."""
    latest = make_cell(line.latest_value) + (
        make_cell(line.latest_period) if line.latest_period else ()
    )
    return [
        make_cell(f"{line.reference} {line.name}") + make_cell(line.direction),
        latest,
        make_cell(line.target),
        make_cell(line.rag_word, bold=bool(line.rag)),
        make_cell(line.trend),
        make_cell(line.england or "Not published"),
    ]


MEASURE_HEADERS = ("Measure", "Latest value", "Target", "RAG", "Trend", "England average")
MEASURE_WIDTHS = (30, 16, 12, 11, 19, 12)


def measures_table(outline: _Outline, lines: Sequence[MeasureLine], *, caption: str) -> None:
    outline.table(
        caption=caption,
        headers=MEASURE_HEADERS,
        rows=[measure_row(line) for line in lines],
        widths=MEASURE_WIDTHS,
        row_headers=True,
    )


def _scorecard(outline: _Outline, lines: Sequence[MeasureLine]) -> None:
    outline.heading("4. Performance scorecard", 1)
    if not lines:
        outline.paragraph(NO_MEASURES)
        return
    outline.paragraph(
        "Each measure's latest value against its target. RAG is the target and tolerance rule: "
        "green on or better than target, amber worse but within the measure's tolerance, red "
        "worse beyond it; a measure with no target or no value is not rated."
    )
    measures_table(outline, lines, caption="Performance scorecard")


def gap_rows(gaps: Sequence[GapLine]) -> list[list[Cell]]:
    return [[make_cell(gap.kind), make_cell(gap.text)] for gap in gaps]


def _coverage(outline: _Outline, coverage: CoverageSummary | None) -> None:
    outline.heading("5. Coverage", 1)
    if coverage is None:
        outline.paragraph(NO_COVERAGE)
        return
    gaps = "gap is" if coverage.total == 1 else "gaps are"
    outline.paragraph(
        f"{coverage.total} {gaps} open: places where the plan cannot yet show that a "
        "recommendation is answered and the answer is making a difference."
    )
    outline.table(
        caption="Coverage gaps by kind",
        headers=["Kind of gap", "Gaps", "Of", "Per cent"],
        rows=[
            [make_cell(kind), make_cell(str(count)), make_cell(str(of)), make_cell(f"{pc}%")]
            for kind, count, of, pc in coverage.totals
        ],
        widths=[52, 16, 16, 16],
        row_headers=True,
    )
    if coverage.gaps:
        outline.heading("Open gaps", 2)
        outline.table(
            caption="Open gaps",
            headers=["Kind of gap", "Concerns"],
            rows=gap_rows(coverage.gaps),
            widths=[30, 70],
        )


def appendix_row(action: AppendixAction) -> list[Cell]:
    """One action in the council's Ref / Action / Who / Due / Progress layout."""
    who = make_cell(*action.who) + (make_cell(action.owner_note) if action.owner_note else ())
    due = make_cell(due_text(action)) + (
        make_cell("Overdue", bold=True) if action.is_overdue else ()
    )
    progress: list[tuple[Run, ...]] = [((status_and_brag(action), True),)]
    lines = [line for line in clean_text(action.progress).split("\n") if line.strip()]
    if lines:
        when = f"{format_date(action.progress_on)}: " if action.progress_on else ""
        progress.append(((when, True), (lines[0], False)))
        progress.extend(((line, False),) for line in lines[1:])
    else:
        progress.append((("No progress recorded yet.", False),))
    return [
        make_cell(action.reference),
        make_cell(action.description, f"Moved from {action.moved_from}")
        if action.moved_from
        else make_cell(action.description),
        who or make_cell("Not assigned"),
        due,
        tuple(progress),
    ]


def _appendix(outline: _Outline, sections: Sequence[AppendixSection]) -> None:
    outline.heading("Appendix: the improvement plan", 1)
    if not sections:
        outline.paragraph("The plan has no sections yet.")
    for section in sections:
        outline.heading(section_label(section.number, section.title), 2)
        if section.theme:
            outline.paragraph(f"Theme: {section.theme}")
        if section.priority_area:
            outline.paragraph(f"Priority area: {section.priority_area}")
        outline.heading("Recommendations", 3)
        outline.bullets(section.recommendations, empty="No recommendations recorded.")
        outline.heading("Aim", 3)
        outline.paragraph(section.aim or "No aim recorded.")
        outline.heading("Expected outcomes", 3)
        outline.bullets(section.outcomes, empty="No expected outcomes recorded.")
        if not section.actions:
            outline.paragraph("This section has no actions yet.")
            continue
        outline.table(
            caption=(
                f"Actions for section {section.number}"
                if section.number != REMOVED_SECTION_NUMBER
                else "Actions whose section is no longer in the plan"
            ),
            headers=["Ref", "Action", "Who", "Due", "Progress"],
            rows=[appendix_row(action) for action in section.actions],
            widths=[6, 27, 18, 13, 36],
        )
