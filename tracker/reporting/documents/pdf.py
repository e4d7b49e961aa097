"""The board paper (improvement plan update report) as a tagged PDF.

`build_pdf` renders the same outline as the Word document (`word.paper_outline`) through the
template `reporting/pdf/board_paper.html` and its print stylesheet, then WeasyPrint lays it out
as PDF/UA-1: a structure tree (headings, tables with header cells, lists, figures with their
alternative text), the language (en-GB) and the document title. Margin boxes carry the plan
title and "Page X of Y". No database access, and no network or file access while rendering:
the only resources are the charts, inlined as data: URLs.

WeasyPrint's first import takes seconds, so it is imported inside the function.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string

from tracker.reporting.documents import charts
from tracker.reporting.documents.data import BoardPaperData, VisitPackData
from tracker.reporting.documents.outline import Block, Part, clean_text, paper_outline
from tracker.reporting.documents.pack_outline import visit_pack_outline

__all__ = ["TEMPLATE", "build_pdf", "build_visit_pack_pdf"]

Data = BoardPaperData | VisitPackData

TEMPLATE = "reporting/pdf/board_paper.html"
PDF_VARIANT = "pdf/ua-1"

ProgressCallback = Callable[[int, str], None]


def _svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _html_block(block: Block, data: Data) -> dict[str, Any]:
    """The block as the template reads it: column widths as percentages, charts as SVG."""
    fields = {f.name: getattr(block, f.name) for f in dataclasses.fields(block)}
    if block.kind == "table":
        total = sum(block.widths)
        fields["widths"] = [round(100 * width / total, 2) for width in block.widths]
    elif block.kind == "figure":
        if block.chart == "measure_trend" and block.measure is not None:
            svg = charts.measure_trend_svg(block.measure)
        elif not isinstance(data, BoardPaperData):
            raise ValueError(f"No chart {block.chart!r} in this document")
        elif block.chart == "progress_by_section":
            svg = charts.progress_by_section_svg(data.section_rows)
        else:
            svg = charts.brag_over_time_svg(data.brag_over_time)
        fields["src"] = _svg_data_url(svg)
    return fields


def build_pdf(data: BoardPaperData, *, on_progress: ProgressCallback | None = None) -> bytes:
    """The improvement plan update report as tagged PDF bytes, from data alone (no database).

    `on_progress(percent, message)` is told how far the work has gone, for a job's progress
    page.
    """
    return _render(
        data,
        paper_outline(data),
        description=data.meeting or data.title,
        keywords="improvement plan, board paper",
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
        keywords="improvement plan, monitoring visit pack",
        on_progress=on_progress,
    )


def _render(
    data: Data,
    outline: list[Part],
    *,
    description: str,
    keywords: str,
    on_progress: ProgressCallback | None,
) -> bytes:
    def report(percent: int, message: str) -> None:
        if on_progress is not None:
            on_progress(percent, message)

    report(5, "Drawing the charts")
    parts = [
        {"landscape": part.landscape, "blocks": [_html_block(b, data) for b in part.blocks]}
        for part in outline
    ]
    report(20, "Preparing the pages")
    html = render_to_string(
        TEMPLATE,
        {
            "document_title": clean_text(f"{data.title}: {data.plan_title}"),
            "author": clean_text(data.local_authority),
            "description": clean_text(description),
            "keywords": keywords,
            "created": data.generated_at.isoformat(timespec="seconds"),
            "parts": parts,
        },
    )

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    report(30, "Laying out the pages")
    # Only the inlined charts may be fetched: nothing from the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
    report(80, f"Writing the PDF ({len(document.pages)} pages)")
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    report(100, "Finished")
    return pdf
