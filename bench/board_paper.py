"""Benchmark of the board paper: selecting its data, the Word build against a floor, the PDF.

Builds its own database (as bench/run.py does), generates one synthetic tier (L by default:
about 400 actions) and times, in-process:

- select: `tracker.reporting.papers.selectors.board_paper_data` (queries counted);
- word floor: a minimal python-docx build of the same appendix rows (one table,
  `add_row().cells`, `cell.text = ...`), the least any Word build of these rows costs;
- word: `build_word` (charts included);
- charts: the two PNG charts alone (part of `word`);
- word, no draw: `build_word` with the two charts drawn beforehand (the tables and text alone);
- pdf: `build_pdf`, with its page count and pages per second.

    .venv/bin/python bench/board_paper.py                  # tier L on SQLite
    .venv/bin/python bench/board_paper.py --tier X --repeat 3
    .venv/bin/python bench/board_paper.py --database-url postgres://postgres@127.0.0.1:5432/tracker_bench

Times are the median (p50) of `--repeat` runs after one untimed run (the first run's time,
which includes imports such as WeasyPrint's and matplotlib's, is shown apart). Memory is the
tracemalloc peak of one extra run (Python allocations only) and the process's maximum resident
set size after the case (`ru_maxrss`, a high-water mark across the whole run, so cases are run
from the lightest to the heaviest).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", default="L", choices=["S", "L", "X"])
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per case")
    parser.add_argument("--pdf-repeat", type=int, default=3, help="Timed runs of the PDF")
    parser.add_argument("--no-pdf", action="store_true", help="Skip the PDF (the slowest case)")
    parser.add_argument("--database-url", default="", help="As for bench/run.py")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.pdf_repeat < 1:
        parser.error("--repeat and --pdf-repeat must be 1 or more")
    return args


@dataclass
class Case:
    name: str
    run: Callable[[], Any]
    repeat: int
    first: float = 0.0
    times: list[float] = field(default_factory=list)
    traced_peak: int = 0
    max_rss_kb: int = 0
    queries: int | None = None
    note: str = ""

    def p50(self) -> float:
        return statistics.median(self.times)


def measure(case: Case) -> Any:
    """First run, timed runs, then one traced run for the memory peak."""
    started = time.perf_counter()
    result = case.run()
    case.first = time.perf_counter() - started
    gc.collect()
    for _ in range(case.repeat):
        started = time.perf_counter()
        case.run()
        case.times.append(time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    case.run()
    case.traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    case.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def word_floor(data: Any) -> bytes:
    """The least a Word build of the appendix rows costs: one table, add_row().cells."""
    from docx import Document

    from tracker.core.formatting import format_date

    document = Document()
    table = document.add_table(rows=1, cols=5)
    headers = ["Ref", "Action", "Who", "Due", "Progress"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for section in data.appendix:
        for action in section.actions:
            cells = table.add_row().cells
            cells[0].text = action.reference
            cells[1].text = action.description
            cells[2].text = "\n".join(action.who)
            cells[3].text = format_date(action.due_on)
            cells[4].text = f"{action.status_label}\n{action.progress}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.plans.demo import synthetic
    from tracker.plans.models import Action, Plan
    from tracker.reporting.documents import charts
    from tracker.reporting.documents.pdf import build_pdf
    from tracker.reporting.documents.word import build_word
    from tracker.reporting.papers.selectors import board_paper_data

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    local_authority = synthetic.generate_tier(tier=args.tier, seed=args.seed)
    print(f"Generated tier {args.tier} in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    plan = Plan.objects.get(local_authority=local_authority)
    actions = Action.objects.filter(plan=plan).count()

    select = Case("select", lambda: board_paper_data(plan=plan), args.repeat)
    with CaptureQueriesContext(connection) as captured:
        board_paper_data(plan=plan)
    select.queries = len(captured)
    data = measure(select)
    appendix_rows = sum(len(s.actions) for s in data.appendix)

    floor = Case("word floor", lambda: word_floor(data), args.repeat)
    measure(floor)
    word = Case("word", lambda: build_word(data), args.repeat)
    docx_bytes = measure(word)
    from docx import Document

    pictures = len(Document(io.BytesIO(docx_bytes)).inline_shapes)
    word.note = f"{len(docx_bytes) / 1024:.0f} KB, {pictures} charts"
    chart = Case(
        "charts (png)",
        lambda: (
            charts.progress_by_section_png(data.section_rows),
            charts.brag_over_time_png(data.brag_over_time),
        ),
        args.repeat,
    )
    measure(chart)
    # The same build with the charts already drawn: what the tables and text cost.
    section_png = charts.progress_by_section_png(data.section_rows)
    time_png = charts.brag_over_time_png(data.brag_over_time)
    drawn = {
        "progress_by_section_png": lambda rows: section_png,
        "brag_over_time_png": lambda points: time_png,
    }
    originals = {name: getattr(charts, name) for name in drawn}

    def build_with_charts_drawn() -> bytes:
        for name, function in drawn.items():
            setattr(charts, name, function)
        try:
            return build_word(data)
        finally:
            for name, function in originals.items():
                setattr(charts, name, function)

    tables = Case("word, no draw", build_with_charts_drawn, args.repeat)
    measure(tables)
    cases = [select, floor, word, chart, tables]
    pages = 0
    if not args.no_pdf:
        import logging

        import pypdfium2

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        pdf = Case("pdf", lambda: build_pdf(data), args.pdf_repeat)
        pdf_bytes = measure(pdf)
        document = pypdfium2.PdfDocument(pdf_bytes)
        pages = len(document)
        document.close()
        pdf.note = f"{pages} pages, {pages / pdf.p50():.1f} pages/s, {len(pdf_bytes) / 1024:.0f} KB"
        cases.append(pdf)

    header = (
        f"{'case':<13} {'runs':>4} {'p50 s':>7} {'min s':>7} {'first s':>8} "
        f"{'traced MB':>9} {'maxRSS MB':>9}  notes"
    )
    print()
    print(
        f"Tier {args.tier}: {actions} actions ({appendix_rows} in the paper), "
        f"{len(data.appendix)} sections; {connection.vendor}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for case in cases:
        note = case.note or (f"{case.queries} queries" if case.queries is not None else "")
        print(
            f"{case.name:<13} {len(case.times):>4} {case.p50():>7.3f} {min(case.times):>7.3f} "
            f"{case.first:>8.3f} {case.traced_peak / 2**20:>9.1f} {case.max_rss_kb / 1024:>9.0f}  "
            f"{note}"
        )
        rows.append(
            {
                "case": case.name,
                "p50_s": round(case.p50(), 4),
                "min_s": round(min(case.times), 4),
                "first_s": round(case.first, 4),
                "traced_peak_mb": round(case.traced_peak / 2**20, 1),
                "max_rss_mb": round(case.max_rss_kb / 1024, 1),
                "queries": case.queries,
                "note": note,
            }
        )
    ratio = word.p50() / floor.p50()
    without_charts = tables.p50() / floor.p50()
    print()
    print(
        f"word / floor (p50): {ratio:.2f} x; "
        f"with the charts drawn beforehand: {without_charts:.2f} x"
    )
    return {
        "started_at": args.started_at,
        "tier": args.tier,
        "actions": actions,
        "database": connection.vendor,
        "rows": rows,
        "word_over_floor": round(ratio, 2),
        "word_without_charts_over_floor": round(without_charts, 2),
        "pdf_pages": pages,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    sys.path.insert(0, str(ROOT))
    from bench.run import prepare_database

    database = prepare_database(args)
    os.environ["DATABASE_URL"] = database.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    try:
        result = run(args)
    finally:
        database.cleanup()
    RESULTS.mkdir(exist_ok=True)
    stamp = args.started_at.replace(":", "").replace("-", "").replace("+0000", "Z")
    path = RESULTS / f"board-paper-{stamp}-{result['database']}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
