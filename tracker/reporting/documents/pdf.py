"""The board paper (improvement plan update report) and the monitoring visit pack as tagged PDF.

`build_pdf` and `build_visit_pack_pdf` render the same outline as the Word documents
(`outline.paper_outline`, `pack_outline.visit_pack_outline`) with Typst, through the one Typst
file `typst/paper.typ`, as PDF/UA-1: a structure tree (headings, lists, tables with header
cells and captions, figures with their alternative text), the language (en-GB) and the
document title. The header carries the plan's title and the footer "Page X of Y".

Users' text never becomes Typst markup or code: the outline goes to Typst as one JSON string
(`sys.inputs`), which the Typst file reads with `json()` and shows as text. No database, no
network and no file but the Typst file and the fonts: the charts are SVG text inside the JSON.
Why Typst rather than WeasyPrint or ReportLab: `docs/decisions/0008-board-paper-pdf.md`.

Typst runs in a child process of its own (`typst/compile.py`), so this module imports nothing
heavy.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.core.formatting import format_date
from tracker.reporting.documents import charts
from tracker.reporting.documents.data import (
    BoardPaperData,
    StatementOfActionData,
    VisitPackData,
)
from tracker.reporting.documents.outline import (
    UNSPLIT_ROW_CHARACTERS,
    Block,
    Part,
    clean_text,
    paper_outline,
    row_length,
)
from tracker.reporting.documents.pack_outline import visit_pack_outline
from tracker.reporting.documents.statement_outline import statement_outline

__all__ = [
    "TYPST_SOURCE",
    "build_pdf",
    "build_statement_pdf",
    "build_visit_pack_pdf",
    "paper_json",
]

Data = BoardPaperData | VisitPackData | StatementOfActionData

TYPST_DIRECTORY = Path(__file__).resolve().parent / "typst"
TYPST_SOURCE = TYPST_DIRECTORY / "paper.typ"
COMPILE_SCRIPT = TYPST_DIRECTORY / "compile.py"
PDF_STANDARD = "ua-1"

ProgressCallback = Callable[[int, str], None]

# One malloc arena for the compiler (glibc; ignored elsewhere): with one per thread, the
# 400-action paper peaked at 190-218 MB, with one at 192-196 MB, no slower.
_COMPILER_ENVIRONMENT = {"MALLOC_ARENA_MAX": "1"}
# A 400-action paper takes about a second; a compile still running after this is stuck, and
# must not hold the worker for ever (the job is then marked failed with this reason).
COMPILE_TIMEOUT_SECONDS = 300

_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")


def chart_svg(block: Block, data: Data) -> str:
    """The SVG of a figure block's chart."""
    if block.chart == "measure_trend" and block.measure is not None:
        return charts.measure_trend_svg(block.measure)
    if not isinstance(data, BoardPaperData):
        raise ValueError(f"No chart {block.chart!r} in this document")
    if block.chart == "progress_by_section":
        return charts.progress_by_section_svg(data.section_rows)
    if block.chart == "brag_over_time":
        return charts.brag_over_time_svg(data.brag_over_time)
    raise ValueError(f"No chart {block.chart!r} in this document")


def _block_json(block: Block, data: Data) -> dict[str, Any]:
    """The block as the Typst file reads it: only the fields its kind uses."""
    if block.kind == "heading":
        return {"kind": "heading", "level": block.level, "text": block.text}
    if block.kind == "paragraph":
        return {"kind": "paragraph", "style": block.style, "text": block.text}
    if block.kind == "bullets":
        return {"kind": "bullets", "items": block.items}
    if block.kind == "table":
        return {
            "kind": "table",
            "caption": block.caption,
            "headers": block.headers,
            "widths": block.widths,
            # A cell is paragraphs of (text, bold) runs: JSON arrays all the way down.
            "rows": block.rows,
            # The rows that may split across pages, as in Word (the others are kept whole).
            "split": [
                index
                for index, row in enumerate(block.rows)
                if row_length(row) > UNSPLIT_ROW_CHARACTERS
            ],
        }
    if block.kind == "page_break":
        return {"kind": "page_break"}
    if block.kind == "figure":
        return {
            "kind": "figure",
            "caption": block.caption,
            "alt": block.alt_text,
            "svg": chart_svg(block, data),
        }
    raise ValueError(f"Unknown block kind {block.kind!r}")


def paper_json(
    data: Data,
    outline: list[Part],
    *,
    description: str,
    keywords: list[str],
    charts_drawn: bool = True,
) -> str:
    """The document as the JSON the Typst file reads (`sys.inputs.paper`)."""
    parts = [
        {
            "landscape": part.landscape,
            "blocks": [
                _block_json(block, data)
                for block in part.blocks
                if charts_drawn or block.kind != "figure"
            ],
        }
        for part in outline
    ]
    document = {
        "title": clean_text(f"{data.title}: {data.plan_title}"),
        "author": clean_text(data.local_authority),
        "description": clean_text(description),
        "keywords": keywords,
        "running": clean_text(data.plan_title),
        "parts": parts,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def build_pdf(data: BoardPaperData, *, on_progress: ProgressCallback | None = None) -> bytes:
    """The improvement plan update report as tagged PDF bytes, from data alone (no database).

    `on_progress(percent, message)` is told how far the work has gone, for a job's progress
    page.
    """
    return _render(
        data,
        paper_outline(data),
        description=data.meeting or data.title,
        keywords=["improvement plan", "board paper"],
        on_progress=on_progress,
    )


def build_visit_pack_pdf(
    data: VisitPackData, *, on_progress: ProgressCallback | None = None
) -> bytes:
    """The monitoring visit pack as tagged PDF bytes, from data alone (no database)."""
    return _render(
        data,
        visit_pack_outline(data),
        description=data.visit,
        keywords=["improvement plan", "monitoring visit pack"],
        on_progress=on_progress,
    )


def build_statement_pdf(data: StatementOfActionData) -> bytes:
    """The Statement of Action as tagged PDF bytes, from data alone (no database)."""
    return _render(
        data,
        statement_outline(data),
        description=f"{data.title}: the plan as it stood on {format_date(data.as_of)}",
        keywords=["improvement plan", "Statement of Action"],
        on_progress=None,
    )


def page_count(pdf: bytes) -> int:
    """The number of pages, read from the page tree Typst writes (uncompressed)."""
    counts = [int(count) for count in _PAGE_COUNT.findall(pdf)]
    return max(counts, default=0)


def render_typst(paper: str, *, created: datetime.datetime) -> bytes:
    """PDF/UA-1 bytes of the Typst file for this JSON, compiled in a child process
    (`typst/compile.py`: Typst's caches go with it, so memory does not grow paper by paper)."""
    # Our own interpreter running our own script, with no shell: nothing comes from the user
    # but the JSON on standard input.
    try:
        result = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-I",
                str(COMPILE_SCRIPT),
                str(TYPST_SOURCE),
                str(int(created.timestamp())),
            ],
            input=paper.encode("utf-8"),
            capture_output=True,
            check=False,
            env=dict(os.environ) | _COMPILER_ENVIRONMENT,
            timeout=COMPILE_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(
            f"Typst could not lay out the paper: it was still working after "
            f"{COMPILE_TIMEOUT_SECONDS} seconds"
        ) from error
    if result.returncode or not result.stdout.startswith(b"%PDF"):
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"Typst could not lay out the paper: {message[0]}")
    return result.stdout


def _render(
    data: Data,
    outline: list[Part],
    *,
    description: str,
    keywords: list[str],
    on_progress: ProgressCallback | None,
) -> bytes:
    def report(percent: int, message: str) -> None:
        if on_progress is not None:
            on_progress(percent, message)

    report(5, "Drawing the charts")
    paper = paper_json(data, outline, description=description, keywords=keywords)
    report(20, "Preparing the pages")
    report(30, "Laying out the pages")
    pdf = render_typst(paper, created=data.generated_at)
    report(90, f"Writing the PDF ({page_count(pdf)} pages)")
    report(100, "Finished")
    return pdf
