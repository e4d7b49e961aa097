"""Reproducible benchmark of the plan page, the dashboard, the coverage page, the scorecard and
the plan's CSV download against floors from the same run.

Builds its own database (SQLite in a temporary directory, or a PostgreSQL database it creates and
drops), migrates it, generates the synthetic tiers of bench/README.md and times pages
in-process with Django's test client. See bench/README.md.

    .venv/bin/python bench/run.py                       # tiers S, L, X on SQLite
    .venv/bin/python bench/run.py --tiers S,L
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/tracker_bench
    .venv/bin/python bench/run.py --national --scale 0.1 --database-url postgres://...
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TIER_ORDER = ("S", "L", "X")


# Command line and database --------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tiers", default="S,L,X", help="Comma-separated tiers among S, L, X (default S,L,X)"
    )
    parser.add_argument(
        "--national", action="store_true", help="Also generate tier N (use PostgreSQL)"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="Tier N: fraction of its 153 authorities"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="postgres://... (the database is created and dropped; its name must contain "
        "'bench') or sqlite:////path (a new file). Default: SQLite in a temporary directory",
    )
    parser.add_argument(
        "--pages",
        default="",
        help="Comma-separated pages to time among plan, dashboard, coverage, scorecard, csv "
        "(default all)",
    )
    parser.add_argument("--repeat", type=int, default=30, help="Timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="Untimed requests per page first")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards")
    parser.add_argument(
        "--no-b1", action="store_true", help="Skip B1, the template-from-memory floor"
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="Print each page's three slowest queries"
    )
    args = parser.parse_args(argv)
    args.tier_list = [t.strip().upper() for t in args.tiers.split(",") if t.strip()]
    unknown = [t for t in args.tier_list if t not in TIER_ORDER]
    if unknown:
        parser.error(f"unknown tier {unknown[0]}: choose among S, L, X (and --national for N)")
    args.page_list = [p.strip().lower() for p in args.pages.split(",") if p.strip()]
    known_pages = ("plan", "dashboard", "coverage", "scorecard", "csv")
    unknown_pages = [p for p in args.page_list if p not in known_pages]
    if unknown_pages:
        parser.error(f"unknown page {unknown_pages[0]}: choose among {', '.join(known_pages)}")
    if not args.tier_list and not args.national:
        parser.error("choose at least one tier")
    if not 0 < args.scale <= 1:
        parser.error("--scale must be more than 0 and at most 1")
    if args.repeat < 2:
        parser.error("--repeat must be 2 or more")
    return args


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


@dataclasses.dataclass
class Database:
    url: str
    cleanup: Callable[[], None]


def prepare_database(args: argparse.Namespace) -> Database:
    """Make an empty database for this run and say how to remove it."""
    url = args.database_url
    if not url:
        directory = tempfile.mkdtemp(prefix="tracker-bench-")
        url = f"sqlite:///{directory}/bench.sqlite3"

        def remove_directory() -> None:
            shutil.rmtree(directory, ignore_errors=True)

        return Database(url=url, cleanup=(lambda: None) if args.keep else remove_directory)

    scheme = urlsplit(url).scheme
    if scheme.startswith("sqlite"):
        path = Path(urlsplit(url).path)
        if path.exists():
            sys.exit(f"{path} already exists: the benchmark needs a new file")

        def remove_file() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return Database(url=url, cleanup=(lambda: None) if args.keep else remove_file)

    if scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"Unsupported database URL scheme {scheme!r}: use postgres:// or sqlite://")
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop and create database {name!r}: its name must contain 'bench'")
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))

    def run_sql(statement: sql.Composed) -> None:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run_sql(drop)
    run_sql(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop_database() -> None:
        from django.db import connections

        connections.close_all()
        run_sql(drop)

    return Database(url=url, cleanup=(lambda: None) if args.keep else drop_database)


# Timing -----------------------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    """One thing timed: a page request, or a floor."""

    tier: str
    page: str
    actions: int | None
    run: Callable[[], int]  # returns the response size in bytes
    times: list[float] = dataclasses.field(default_factory=list)
    queries: int = 0
    size: int = 0
    slowest: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def p50(self) -> float:
        return statistics.median(self.times) * 1000

    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000


def _request(client: Any, url: str, *, afresh: bool = False) -> Callable[[], int]:
    """GET `url`; `afresh` serves it with no cache (Django's dummy cache), so a page kept
    under the authority's data version is worked out as on the first read after a change,
    without emptying what the other cases keep."""
    from django.core.cache.backends.dummy import DummyCache

    from tracker.core import data_version

    nothing_kept = DummyCache("afresh", {})

    def run() -> int:
        kept = data_version.cache
        if afresh:
            data_version.cache = nothing_kept  # type: ignore[misc]
        try:
            response = client.get(url)
        finally:
            data_version.cache = kept  # type: ignore[misc]
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")
        return len(response.content)

    return run


def _count_queries(case: Case) -> None:
    """Run the case once, counting its queries and timing each one's execution."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timed: list[tuple[float, str]] = []

    def time_query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - started, sql))

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(time_query):
        case.size = case.run()
    case.queries = len(captured)
    timed.sort(reverse=True)
    case.slowest = [{"execute_ms": round(t * 1000, 2), "sql": sql} for t, sql in timed[:3]]


def measure(cases: list[Case], *, warmup: int, repeat: int) -> None:
    """Warm every case up, count its queries once, then time the cases in shuffled rounds.

    Rounds interleave the cases so that a burst of noise on a shared machine spreads over
    all of them instead of landing on one.
    """
    for case in cases:
        for _ in range(warmup):
            case.run()
        _count_queries(case)
    order = list(cases)
    shuffler = random.Random(0)  # noqa: S311 (a fixed order, not a secret)
    gc.collect()
    for _ in range(repeat):
        shuffler.shuffle(order)
        for case in order:
            started = time.perf_counter()
            case.run()
            case.times.append(time.perf_counter() - started)


def template_floor(client: Any, url: str, user: Any) -> Callable[[], int]:
    """B1: render the page's own template from the context the real view built, in memory.

    The context is captured from one real request; rendering it again reuses the rows, the
    prefetched relations and the evaluated querysets it holds, so no query is needed (the
    query count of B1 is reported to prove it).
    """
    from django.template import engines
    from django.test import RequestFactory
    from django.urls import resolve

    name, flat = _captured_context(client, url)
    # What context processors add is added again on every render, as on a real request.
    processor_keys = {"True", "False", "None", "csrf_token", "request", "user", "perms"}
    processor_keys |= {"messages", "DEFAULT_MESSAGE_LEVELS", "nav_section"}
    context = {key: value for key, value in flat.items() if key not in processor_keys}
    template = engines["django"].get_template(name)
    request = RequestFactory().get(url)
    request.user = user
    request.session = client.session
    request.resolver_match = resolve(urlsplit(url).path)

    def run() -> int:
        return len(template.render(context, request))

    return run


def _captured_context(client: Any, url: str) -> tuple[str, dict[str, Any]]:
    """The name of the template a real request to `url` rendered, and its context."""
    from django.template import Template
    from django.test import signals
    from django.test.utils import instrumented_test_render

    captured: list[tuple[str, dict[str, Any]]] = []

    def keep_first(sender: Any, template: Any, context: Any, **kwargs: Any) -> None:
        if not captured:
            captured.append((template.name, context.flatten()))

    original = Template._render
    Template._render = instrumented_test_render  # type: ignore[method-assign]
    signals.template_rendered.connect(keep_first)
    try:
        # Afresh: a page served from the cache renders no template of its body.
        _request(client, url, afresh=True)()
    finally:
        Template._render = original  # type: ignore[method-assign]
        signals.template_rendered.disconnect(keep_first)
    return captured[0]


def plan_rows_html(sections: list[Any]) -> str:
    """The cheapest honest rendering of the plan page's rows: each section's heading and a
    table of its actions (reference and link, description, latest progress with its date,
    who, due date, re-baselining, status, overdue, BRAG), joined from f-strings with every
    value passed through `html.escape`. No template, no component, no accessibility text
    beyond the table's own headers: what any rendering of the same rows must at least do."""
    from html import escape

    def day(on: datetime.date | None) -> str:
        return f"{on.day} {on:%B %Y}" if on else ""

    parts = []
    for block in sections:
        section = block.section
        parts.append(
            f"<h2>{section.number}. {escape(section.title)}</h2><table><tr><th>Ref</th>"
            "<th>Action</th><th>Who</th><th>Due</th><th>Status</th><th>BRAG</th></tr>"
        )
        for row in block.actions:
            latest = (
                f"<details><summary>{day(row.latest_on)}</summary>"
                f"{escape(row.latest_narrative or '')}</details>"
                if row.latest_on
                else ""
            )
            who = "".join(f"<li>{escape(name)}</li>" for name in row.who)
            note = f"<li>{escape(row.owner_note)}</li>" if row.owner_note else ""
            was = f" (was {day(row.original_due_on)})" if row.is_rebaselined else ""
            parts.append(
                f'<tr><td><a href="{escape(row.url)}">{escape(row.reference)}</a></td>'
                f"<td>{escape(row.description)}{latest}</td><td><ul>{who}{note}</ul></td>"
                f"<td>{day(row.due_on) or 'No date'}{was}</td>"
                f"<td>{escape(row.status_label)}{' Overdue' if row.is_overdue else ''}</td>"
                f"<td>{row.brag or 'Not rated'}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


def plan_rows_floor(client: Any, url: str, user: Any) -> Callable[[], int]:
    """B1 of the plan page: its rows, as the real view read them, joined from Python
    strings (`plan_rows_html`), with no database and no template."""
    _name, context = _captured_context(client, url)
    sections = context["detail"].sections

    def run() -> int:
        return len(plan_rows_html(sections).encode())

    return run


# Report -----------------------------------------------------------------------------------------


def _git_commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return result.stdout.strip()


def report(
    *,
    cases: list[Case],
    b0: Case,
    generation: list[dict[str, Any]],
    database: dict[str, str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    floors_b1 = {(c.tier, c.page.removesuffix(" B1")): c for c in cases if c.page.endswith(" B1")}
    rows = []
    for case in [b0, *cases]:
        b1 = floors_b1.get((case.tier, case.page))
        rows.append(
            {
                "tier": case.tier,
                "page": case.page,
                "actions": case.actions,
                "queries": case.queries,
                "p50_ms": round(case.p50(), 3),
                "p95_ms": round(case.p95(), 3),
                "ratio_b0_p50": round(case.p50() / b0.p50(), 1),
                "ratio_b1_p50": round(case.p50() / b1.p50(), 2) if b1 else None,
                "kilobytes": round(case.size / 1024, 1),
                "samples": len(case.times),
                "slowest_queries": case.slowest,
            }
        )
    header = (
        f"{'tier':<5} {'page':<13} {'actions':>7} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'x B0 p50':>9} {'x B1 p50':>9} {'KB':>7}"
    )
    print()
    print(f"Database: {database['vendor']} {database['version']}; {args.repeat} timed requests")
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio_b1 = f"{row['ratio_b1_p50']:.2f}" if row["ratio_b1_p50"] is not None else ""
        print(
            f"{row['tier']:<5} {row['page']:<13} {row['actions'] or '':>7} {row['queries']:>7} "
            f"{row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} {row['ratio_b0_p50']:>9.1f} "
            f"{ratio_b1:>9} {row['kilobytes']:>7.1f}"
        )
    if args.show_queries:
        for case in cases:
            for query in case.slowest:
                print(f"  {case.tier} {case.page}: {query['execute_ms']} ms  {query['sql'][:300]}")
    checks = target_checks(cases=cases, b0=b0)
    if checks:
        print()
        print("Targets (bench/README.md; in-process here, so the HTTP ones are indicative):")
        for check in checks:
            print(
                f"  {'met' if check['met'] else 'NOT MET':<8} {check['target']}: {check['value']}"
            )
    return {
        "started_at": args.started_at,
        "git_commit": _git_commit(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "database": database,
        "options": {
            "tiers": args.tier_list,
            "national": args.national,
            "scale": args.scale,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "seed": args.seed,
        },
        "generation": generation,
        "rows": rows,
        "checks": checks,
    }


def target_checks(*, cases: list[Case], b0: Case) -> list[dict[str, Any]]:
    """The targets of bench/README.md that an in-process run can speak to."""
    found = {(c.tier, c.page): c for c in cases}
    checks: list[dict[str, Any]] = []
    for page in (label for label, _, _ in PAGES):
        counts = {c.tier: c.queries for c in cases if c.page == page}
        if len(counts) > 1:
            checks.append(
                {
                    "target": f"{page} queries constant in plan size",
                    "value": ", ".join(f"{tier} {count}" for tier, count in counts.items()),
                    "met": len(set(counts.values())) == 1,
                }
            )
    # Issue 11: the plan page within 2 x its rows joined from Python strings (`plan_rows_html`),
    # kept (as between changes) and afresh (the first read after a change).
    for tier in ("L", "X", "N"):
        for page_name in ("plan", "plan afresh"):
            page, floor = found.get((tier, page_name)), found.get((tier, "plan B1"))
            if page and floor:
                ratio = page.p50() / floor.p50()
                checks.append(
                    {
                        "target": f"{page_name} page p50 <= 2 x B1 (rows from Python strings) "
                        f"at {tier}",
                        "value": f"{ratio:.2f} x",
                        "met": ratio <= 2,
                    }
                )
    small, large = found.get(("S", "dashboard")), found.get(("X", "dashboard"))
    if small and large:
        ratio = large.p95() / small.p95()
        checks.append(
            {
                "target": "dashboard p95 at X <= 5 x p95 at S",
                "value": f"{ratio:.2f} x",
                "met": ratio <= 5,
            }
        )
        # Issue 11: the same at S and X (its cost must not grow with the sections); p50 is
        # the steadier figure on a shared machine.
        ratio = large.p50() / small.p50()
        checks.append(
            {
                "target": "dashboard p50 at X <= 1.5 x p50 at S (issue 11: the same)",
                "value": f"{ratio:.2f} x",
                "met": ratio <= 1.5,
            }
        )
    # The coverage page and the scorecard list every action or measure, like the plan page:
    # the same target, against each page's own template floor.
    for page in ("coverage", "scorecard"):
        for tier in ("L", "X", "N"):
            case, floor = found.get((tier, page)), found.get((tier, f"{page} B1"))
            if case and floor:
                ratio = case.p50() / floor.p50()
                checks.append(
                    {
                        "target": f"{page} p50 <= 1.5 x B1 at {tier}",
                        "value": f"{ratio:.2f} x",
                        "met": ratio <= 1.5,
                    }
                )
    dashboard = found.get(("L", "dashboard"))
    if dashboard:
        ratio = dashboard.p95() / b0.p95()
        checks.append(
            {
                "target": "dashboard p95 <= 10 x B0 at L (target is over HTTP)",
                "value": f"{ratio:.1f} x",
                "met": ratio <= 10,
            }
        )
    return checks


# Main -------------------------------------------------------------------------------------------

# The pages timed at every tier: (label, URL name, whether it takes the plan's id).
PAGES = (
    ("plan", "plans:plan_detail", True),
    ("dashboard", "core:dashboard", False),
    ("coverage", "performance:plan_coverage", True),
    ("scorecard", "performance:measure_list", False),
    # The stand-in for the API's list of actions against Redmine's (bench/peer.py, O5).
    ("csv", "reporting:plan_export_csv", True),
)


# Pages kept in the cache under the authority's data version (decision 0009): each is also
# timed afresh, the cache emptied before each request.
KEPT_PAGES = {"plan", "dashboard", "coverage"}


def pages(plan_id: int) -> list[tuple[str, str]]:
    """Each page's label and URL for a plan, leaving out (and saying so) any page whose view
    is not in this build yet."""
    from django.urls import NoReverseMatch, reverse

    found = []
    for label, name, takes_plan in PAGES:
        try:
            url = reverse(name, kwargs={"plan_id": plan_id} if takes_plan else None)
        except NoReverseMatch:
            if label not in _MISSING:
                _MISSING.add(label)
                print(f"Skipping the {label} page: no URL named {name!r} in this build")
            continue
        found.append((label, url))
    return found


_MISSING: set[str] = set()


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from tracker.accounts.models import LocalAuthority, User
    from tracker.performance.demo import synthetic as impact_synthetic
    from tracker.plans.demo import synthetic
    from tracker.plans.models import Action, Plan

    database = {"vendor": connection.vendor, "url": _redacted(os.environ["DATABASE_URL"])}
    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        database["version"] = cursor.fetchone()[0]

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated a new {connection.vendor} database in {time.perf_counter() - started:.1f} s")

    generation: list[dict[str, Any]] = []
    targets: list[tuple[str, LocalAuthority]] = []
    for tier in [t for t in TIER_ORDER if t in args.tier_list]:
        started = time.perf_counter()
        local_authority = synthetic.generate_tier(tier=tier, seed=args.seed)
        impact = impact_synthetic.generate_impact(local_authority=local_authority, seed=args.seed)
        seconds = time.perf_counter() - started
        shape = synthetic.TIERS[tier]
        generation.append(
            {"tier": tier, "seconds": round(seconds, 2), **dataclasses.asdict(shape)}
            | {f"impact_{key}": value for key, value in dataclasses.asdict(impact).items()}
        )
        print(
            f"Generated tier {tier}: {shape.actions:,} actions, {shape.updates:,} updates, "
            f"{shape.users:,} users, {impact.measures:,} measures with {impact.values:,} values, "
            f"{impact.evidence:,} evidence, {impact.audits:,} audits in {seconds:.1f} s"
        )
        targets.append((tier, local_authority))
    if args.national:
        started = time.perf_counter()

        def progress(shape: synthetic.AuthorityShape, summary: synthetic.GenerationSummary) -> None:
            if summary.authorities % 10 == 0:
                print(
                    f"  tier N: {summary.authorities} authorities, {summary.updates:,} updates "
                    f"({time.perf_counter() - started:.0f} s)"
                )

        summary = synthetic.generate_national(scale=args.scale, seed=args.seed, progress=progress)
        seconds = time.perf_counter() - started
        generation.append(
            {"tier": "N", "seconds": round(seconds, 2), "scale": args.scale}
            | dataclasses.asdict(summary)
        )
        print(
            f"Generated tier N (scale {args.scale:g}): {summary.authorities} authorities, "
            f"{summary.actions:,} actions, {summary.updates:,} updates, "
            f"{summary.users:,} users in {seconds:.1f} s"
        )
        largest = max(
            synthetic.national_shapes(scale=args.scale, seed=args.seed), key=lambda s: s.actions
        )
        targets.append(("N", LocalAuthority.objects.get(name=largest.name)))
    if connection.vendor == "postgresql":
        # Autovacuum would have analysed tables of this size in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    b0_client = Client()
    b0 = Case(tier="-", page="B0", actions=None, run=_request(b0_client, reverse("bench_b0")))
    cases: list[Case] = []
    for tier, local_authority in targets:
        lead = (
            User.objects.filter(local_authority=local_authority, role=User.Role.IMPROVEMENT_LEAD)
            .order_by("pk")
            .first()
        )
        plan = Plan.objects.get(local_authority=local_authority)
        actions = Action.objects.filter(plan=plan).count()
        client = Client()
        client.force_login(lead)
        for page, url in pages(plan.pk):
            if args.page_list and page not in args.page_list:
                continue
            cases.append(Case(tier=tier, page=page, actions=actions, run=_request(client, url)))
            if page in KEPT_PAGES:
                cases.append(
                    Case(
                        tier=tier,
                        page=f"{page} afresh",
                        actions=actions,
                        run=_request(client, url, afresh=True),
                    )
                )
            # The CSV has no template, so no B1.
            if not args.no_b1 and page != "csv":
                # The plan page's floor is its rows joined from Python strings; the other
                # pages' floor is still their own template rendered from memory.
                floor = plan_rows_floor if page == "plan" else template_floor
                cases.append(
                    Case(
                        tier=tier, page=f"{page} B1", actions=actions, run=floor(client, url, lead)
                    )
                )
    print(f"Timing {len(cases) + 1} cases, {args.warmup} warm-up and {args.repeat} timed runs each")
    measure([b0, *cases], warmup=args.warmup, repeat=args.repeat)
    return report(cases=cases, b0=b0, generation=generation, database=database, args=args)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    database = prepare_database(args)
    os.environ["DATABASE_URL"] = database.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        result = run(args)
    finally:
        database.cleanup()
    RESULTS.mkdir(exist_ok=True)
    stamp = args.started_at.replace(":", "").replace("-", "").replace("+0000", "Z")
    path = RESULTS / f"bench-{stamp}-{result['database']['vendor']}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
