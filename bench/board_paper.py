"""Benchmark of the board paper: selecting its data, the Word build against a floor, the PDF.

Builds its own database (as bench/run.py does), generates one synthetic tier (L by default:
about 400 actions) and times:

- select: `tracker.reporting.papers.selectors.board_paper_data` (queries counted);
- word floor: the least any python-docx build of the same text costs: every heading,
  paragraph and list item of the paper's outline as a bare paragraph and every table row as
  bare cells, one WordprocessingML string parsed once with the document, saved (no styles,
  widths, caption style, header rows, section break or charts); and floor, appendix: the
  same for the appendix's rows alone (the floor before issue 11 measured those, with
  `add_row().cells`, which cost more than the real build);
- word: `build_word` (charts included), and word, no charts: the same paper without its
  figures; charts (xml): the two charts' native Word chart parts alone (`word_charts`), as
  `build_word` writes them. These three and the floor run in turn, round after round, so
  their ratios come from one stretch of machine time;
- pdf and pdf, no charts: `build_pdf` with and without its figures, each build in a new
  process (`--pdf-child`), alternately: the time of the build alone (after a small warm-up
  build in the same process, so first imports are not counted), the page count, pages per
  second, and the peak resident set size of the process and of any process it started (the
  Typst compiler runs in one), which is the memory a worker needs for the paper.

    .venv/bin/python bench/board_paper.py                  # tier L on SQLite
    .venv/bin/python bench/board_paper.py --tier X --repeat 3
    .venv/bin/python bench/board_paper.py --database-url postgres://postgres@127.0.0.1:5432/tracker_bench

Times are medians (p50) of `--repeat` runs (`--pdf-repeat` for each PDF case) after one
untimed run. The load average is printed before and after: the machines are shared.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", default="L", choices=["S", "L", "X"])
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per Word case")
    parser.add_argument("--pdf-repeat", type=int, default=3, help="Timed runs of each PDF case")
    parser.add_argument("--no-pdf", action="store_true", help="Skip the PDF")
    parser.add_argument("--database-url", default="", help="As for bench/run.py")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards")
    parser.add_argument("--pdf-child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--charts", default="yes", choices=["yes", "no"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.pdf_repeat < 1:
        parser.error("--repeat and --pdf-repeat must be 1 or more")
    return args


@dataclass
class Case:
    name: str
    run: Callable[[], Any]
    times: list[float] = field(default_factory=list)
    max_rss_mb: list[float] = field(default_factory=list)
    queries: int | None = None
    note: str = ""
    result: Any = None

    def p50(self) -> float:
        return statistics.median(self.times)

    def once(self) -> None:
        started = time.perf_counter()
        self.result = self.run()
        self.times.append(time.perf_counter() - started)


def interleave(cases: list[Case], repeat: int) -> None:
    """One untimed run of each, then `repeat` rounds running each case once in turn."""
    for case in cases:
        case.result = case.run()
    gc.collect()
    for _ in range(repeat):
        for case in cases:
            case.once()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _floor_document(body: str) -> bytes:
    """A new python-docx document with this body, parsed once with the document (moving
    parsed elements into python-docx's tree one by one costs twice the parse), saved."""
    from docx import Document
    from docx.oxml import parse_xml
    from lxml import etree

    document = Document()
    xml = etree.tostring(document.element, encoding="unicode")
    end = xml.rindex("<w:sectPr")
    document.part._element = parse_xml(xml[:end] + body + xml[end:])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _floor_paragraph(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _floor_table(rows: list[list[str]]) -> str:
    grid = '<w:gridCol w:w="1800"/>' * len(rows[0])
    body = "".join(
        "<w:tr>" + "".join(f"<w:tc>{_floor_paragraph(text)}</w:tc>" for text in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


def word_floor_appendix(data: Any) -> bytes:
    """The least a python-docx build of the appendix rows alone costs: a new document, one
    table of the same rows and text as one WordprocessingML string parsed once, saved."""
    from tracker.core.formatting import format_date

    rows = [["Ref", "Action", "Who", "Due", "Progress"]]
    rows.extend(
        [
            action.reference,
            action.description,
            "; ".join(action.who),
            format_date(action.due_on) if action.due_on else "",
            f"{action.status_label}. {action.progress}",
        ]
        for section in data.appendix
        for action in section.actions
    )
    return _floor_document(_floor_table(rows))


def word_floor(data: Any) -> bytes:
    """The least a python-docx build of the whole paper's text costs: the outline the paper
    is written from, every heading, paragraph and list item as a bare paragraph and every
    table (all of the paper's rows, not only the appendix's) as bare cells, one string parsed
    once, saved. No styles, widths, captions, header rows, section break or charts."""
    from tracker.reporting.documents.outline import paper_outline

    parts = []
    for part in paper_outline(data):
        for block in part.blocks:
            if block.kind in {"heading", "paragraph"}:
                parts.append(_floor_paragraph(block.text))
            elif block.kind == "bullets":
                parts.extend(_floor_paragraph(item) for item in block.items)
            elif block.kind == "table":
                parts.append(_floor_paragraph(block.caption))
                rows = [list(block.headers)]
                rows.extend(
                    ["\n".join("".join(text for text, _ in p) for p in cell) for cell in row]
                    for row in block.rows
                )
                parts.append(_floor_table(rows))
    return _floor_document("".join(parts))


def without_figures(module: Any) -> Callable[[], None]:
    """Make `module`'s outline leave out its figures; returns the function that undoes it."""
    from tracker.reporting.documents.outline import Part

    original = module.paper_outline

    def outline(data: Any) -> list[Part]:
        parts = original(data)
        return [
            Part(landscape=p.landscape, blocks=[b for b in p.blocks if b.kind != "figure"])
            for p in parts
        ]

    module.paper_outline = outline

    def undo() -> None:
        module.paper_outline = original

    return undo


def pdf_child(path: str, *, charts: bool) -> None:
    """In a process of its own: build the PDF of the pickled data once after a warm-up, and
    print the time, pages and peak memory as JSON."""
    import dataclasses

    import pypdfium2

    from tracker.reporting.documents import pdf as pdf_module

    logging_off()
    with open(path, "rb") as file:
        data = pickle.load(file)  # noqa: S301 - the file this benchmark just wrote
    if not charts:
        without_figures(pdf_module)
    # A warm-up build of one section: imports, fonts and caches, as in a running worker.
    pdf_module.build_pdf(dataclasses.replace(data, appendix=data.appendix[:1]))
    gc.collect()
    started = time.perf_counter()
    pdf = pdf_module.build_pdf(data)
    seconds = time.perf_counter() - started
    document = pypdfium2.PdfDocument(pdf)
    pages = len(document)
    document.close()
    # VmHWM: the peak of this process's own memory since it started this program (ru_maxrss
    # would also count the benchmark's pages it was forked with).
    status = Path("/proc/self/status").read_text()
    own = int(status.split("VmHWM:", 1)[1].split()[0]) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "pages": pages,
                "kb": len(pdf) / 1024,
                "rss_mb": own,
                "child_rss_mb": children,
            }
        )
    )


def logging_off() -> None:
    import logging

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)


def run_pdf_child(path: str, *, charts: bool) -> dict[str, Any]:
    env = dict(os.environ)
    result = subprocess.run(  # noqa: S603 - our own interpreter and this script
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--pdf-child",
            path,
            "--charts",
            "yes" if charts else "no",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.plans.demo import synthetic
    from tracker.plans.models import Action, Plan
    from tracker.reporting.documents import word, word_charts
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
    load_before = Path("/proc/loadavg").read_text().split()[:3]

    select = Case("select", lambda: board_paper_data(plan=plan))
    with CaptureQueriesContext(connection) as captured:
        data = board_paper_data(plan=plan)
    select.queries = len(captured)
    interleave([select], args.repeat)
    appendix_rows = sum(len(s.actions) for s in data.appendix)

    def word_without_charts() -> bytes:
        undo = without_figures(word)
        try:
            return word.build_word(data)
        finally:
            undo()

    floor = Case("word floor", lambda: word_floor(data))
    appendix_floor = Case("floor, appendix", lambda: word_floor_appendix(data))
    full = Case("word", lambda: word.build_word(data))
    bare = Case("word, no charts", word_without_charts)
    drawn = Case(
        "charts (xml)",
        lambda: [
            word_charts.progress_by_section_chart(data.section_rows),
            word_charts.brag_over_time_chart(data.brag_over_time),
        ],
    )
    interleave([appendix_floor, floor, full, bare, drawn], args.repeat)
    from docx import Document

    pictures = len(Document(io.BytesIO(full.result)).inline_shapes)
    full.note = f"{len(full.result) / 1024:.0f} KB, {pictures} charts"
    floor.note = f"{len(floor.result) / 1024:.0f} KB, every row of the paper"
    appendix_floor.note = f"{len(appendix_floor.result) / 1024:.0f} KB, the appendix alone"
    cases = [select, appendix_floor, floor, full, bare, drawn]

    pdf_cases: list[Case] = []
    pages = 0
    if not args.no_pdf:
        with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as file:
            pickle.dump(data, file)
        try:
            with_charts = Case("pdf", lambda: None)
            no_charts = Case("pdf, no charts", lambda: None)
            for _ in range(args.pdf_repeat):
                for case, draw in ((with_charts, True), (no_charts, False)):
                    measured = run_pdf_child(file.name, charts=draw)
                    case.times.append(measured["seconds"])
                    case.max_rss_mb.append(max(measured["rss_mb"], measured["child_rss_mb"]))
                    case.result = measured
        finally:
            os.unlink(file.name)
        for case in (with_charts, no_charts):
            measured = case.result
            pages = measured["pages"]
            case.note = (
                f"{pages} pages, {pages / case.p50():.1f} pages/s, {measured['kb']:.0f} KB; "
                f"peak RSS {measured['rss_mb']:.0f} MB (builder), "
                f"{measured['child_rss_mb']:.0f} MB (its child process)"
            )
        pdf_cases = [with_charts, no_charts]
        cases += pdf_cases
    load_after = Path("/proc/loadavg").read_text().split()[:3]

    header = f"{'case':<16} {'runs':>4} {'p50 s':>7} {'min s':>7} {'peak MB':>8}  notes"
    print()
    print(
        f"Tier {args.tier}: {actions} actions ({appendix_rows} in the paper), "
        f"{len(data.appendix)} sections; {connection.vendor}"
    )
    print(f"Load average before {' '.join(load_before)}, after {' '.join(load_after)}")
    print(header)
    print("-" * len(header))
    rows = []
    for case in cases:
        note = case.note or (f"{case.queries} queries" if case.queries is not None else "")
        peak = f"{max(case.max_rss_mb):.0f}" if case.max_rss_mb else ""
        print(
            f"{case.name:<16} {len(case.times):>4} {case.p50():>7.3f} {min(case.times):>7.3f} "
            f"{peak:>8}  {note}"
        )
        rows.append(
            {
                "case": case.name,
                "p50_s": round(case.p50(), 4),
                "min_s": round(min(case.times), 4),
                "peak_rss_mb": round(max(case.max_rss_mb), 1) if case.max_rss_mb else None,
                "queries": case.queries,
                "note": note,
            }
        )
    ratios = {
        "word_over_floor": round(full.p50() / floor.p50(), 2),
        "word_over_appendix_floor": round(full.p50() / appendix_floor.p50(), 2),
        "word_without_charts_over_floor": round(bare.p50() / floor.p50(), 2),
        "word_with_over_without_charts": round(full.p50() / bare.p50(), 2),
    }
    if pdf_cases:
        ratios["pdf_pages_per_second"] = round(pages / pdf_cases[0].p50(), 1)
        ratios["pdf_with_over_without_charts"] = round(pdf_cases[0].p50() / pdf_cases[1].p50(), 2)
    print()
    for name, value in ratios.items():
        print(f"{name}: {value}")
    return {
        "started_at": args.started_at,
        "tier": args.tier,
        "actions": actions,
        "database": connection.vendor,
        "load_before": load_before,
        "load_after": load_after,
        "rows": rows,
        **ratios,
        "pdf_pages": pages,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.pdf_child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
        import django

        django.setup()
        pdf_child(args.pdf_child, charts=args.charts == "yes")
        return 0
    args.started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
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
