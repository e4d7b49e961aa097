"""The monitoring visit pack laid out once, as the same plain blocks as the board paper.

`visit_pack_outline` turns `VisitPackData` into headings, paragraphs, lists, tables and a trend
chart for each measure; `word.build_visit_pack_word` and `pdf.build_visit_pack_pdf` write those
blocks exactly as they write the board paper's. Nothing here queries the database.
"""

from __future__ import annotations

from tracker.core.formatting import format_date, format_datetime
from tracker.reporting.documents import charts
from tracker.reporting.documents.data import PackChapter, VisitPackData
from tracker.reporting.documents.outline import (
    Part,
    _Outline,
    appendix_row,
    gap_rows,
    make_cell,
    measures_table,
)

__all__ = ["visit_pack_outline"]

NO_ACTIONS = "No actions of the plan answer this yet."
NO_MEASURES = "No measures show this yet."
NO_FINDINGS = "No audit findings are recorded about this yet."
NO_EVIDENCE = "No evidence is attached yet."
NO_GAPS = "No gaps are open."


def visit_pack_outline(data: VisitPackData) -> list[Part]:
    """The whole pack as blocks in reading order, for Word and PDF."""
    outline = _Outline()
    outline.heading(data.title, 0)
    outline.paragraph(data.plan_title, "subtitle")
    outline.paragraph(data.local_authority, "lead")
    outline.paragraph(f"Prepared for: {data.visit}.")
    outline.paragraph(f"Focus: {data.focus}.")
    outline.paragraph(
        f"Produced on {format_datetime(data.generated_at)}, from the plan as it stood then."
    )
    outline.heading("Contents", 1)
    outline.bullets(
        [f"{number}. {chapter.heading}" for number, chapter in enumerate(data.chapters, 1)],
        empty="Nothing was chosen for the pack.",
    )
    for number, chapter in enumerate(data.chapters, 1):
        _chapter(outline, number, chapter)
    return outline.parts


def _chapter(outline: _Outline, number: int, chapter: PackChapter) -> None:
    outline.heading(f"{number}. {chapter.heading}", 1)
    outline.heading("What the visit will look at", 2)
    outline.bullets(chapter.recommendations, empty="No recommendations are recorded for this.")
    outline.heading("Where the plan answers it", 2)
    outline.bullets(chapter.sections, empty="No section of the plan answers this yet.")
    outline.heading("Expected outcomes", 2)
    outline.bullets(chapter.outcomes, empty="No expected outcomes are recorded.")

    outline.heading("Actions and progress", 2)
    if chapter.actions:
        outline.table(
            caption=f"Actions and progress: {chapter.heading}",
            headers=["Ref", "Action", "Who", "Due", "Progress"],
            rows=[appendix_row(action) for action in chapter.actions],
            widths=[7, 28, 17, 14, 34],
        )
    else:
        outline.paragraph(NO_ACTIONS)

    outline.heading("Measures", 2)
    if chapter.measures:
        measures_table(outline, chapter.measures, caption=f"Measures: {chapter.heading}")
        for line in chapter.measures:
            outline.figure(
                chart="measure_trend",
                caption=f"Trend of {line.reference} {line.name}",
                alt_text=charts.measure_trend_alt_text(line),
                measure=line,
            )
    else:
        outline.paragraph(NO_MEASURES)

    outline.heading("Audit findings", 2)
    if chapter.findings:
        outline.table(
            caption=f"Audit findings: {chapter.heading}",
            headers=["Audit", "Finding", "Kind", "What was found"],
            rows=[
                [
                    make_cell(finding.audit),
                    make_cell(str(finding.number)),
                    make_cell(finding.kind),
                    make_cell(finding.text),
                ]
                for finding in chapter.findings
            ],
            widths=[28, 9, 16, 47],
        )
    else:
        outline.paragraph(NO_FINDINGS)

    outline.heading("Evidence", 2)
    if chapter.evidence:
        outline.table(
            caption=f"Evidence: {chapter.heading}",
            headers=["Evidence", "Kind", "Date", "Evidence of", "Added by"],
            rows=[
                [
                    make_cell(item.title),
                    make_cell(item.kind),
                    make_cell(format_date(item.dated_on)),
                    make_cell(item.of),
                    make_cell(item.added_by or "Not recorded"),
                ]
                for item in chapter.evidence
            ],
            widths=[32, 10, 16, 24, 18],
        )
    else:
        outline.paragraph(NO_EVIDENCE)

    outline.heading("Gaps still open", 2)
    if chapter.gaps:
        outline.table(
            caption=f"Gaps still open: {chapter.heading}",
            headers=["Kind of gap", "Concerns"],
            rows=gap_rows(chapter.gaps),
            widths=[30, 70],
        )
    else:
        outline.paragraph(NO_GAPS)
