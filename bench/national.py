"""The national mix (issue 14): tier N on PostgreSQL, served by gunicorn, driven open-loop at
fixed rates by signed-in users spread over the authorities (see bench/README.md).

    make bench-national                                       # 153 authorities, 5 minutes
    make bench-national BENCH_NATIONAL_ARGS="--scale 0.1 --duration 30"
    .venv/bin/python bench/national.py --scale 0.1 --duration 30 --users 30

Builds its own PostgreSQL database (its name must contain 'bench'; created, and dropped at the
end), generates tier N and a national inspection record, ANALYZEs, serves the product with
gunicorn (`--workers` sync workers, bench settings, DEBUG off, one Redis cache the workers
share as production's CACHE_URL, `--cache-url`) on a free port of 127.0.0.1 and
signs `--users` people of different authorities and roles in with a real sign-in POST. Then:
B0 signed in with wrk (`-t1 -c1`), the largest authority's plan page and dashboard one request
at a time, the mix for `--duration` seconds (page views and progress updates sent at fixed
times whatever the server does, each timed from the moment it was due), and B0 again. It
prints a table, writes bench/results/national-<time>.json and exits 1 if any answer was not
the expected one. The server is stopped and the database dropped at the end, on an error, on
Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.peer import (  # noqa: E402
    SYNTHETIC_PASSWORD,
    BenchError,
    Gunicorn,
    fetch,
    form_with,
    nearest_rank,
    run_wrk,
    sign_in,
)
from bench.run import RESULTS, _git_commit, _redacted, prepare_database  # noqa: E402
from config.env import remove_cache_keys  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_national"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/0"
TARGET_RATIO = 10.0  # issue 14: the mix's p95 at most 10 x B0 signed in's p95
RATE_TOLERANCE = 0.95  # the mix counts as run at its rates when 95% of them was reached
SIGN_IN_PATH = "/accounts/sign-in/"


# The mix -----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Page:
    """A kind of page view in the mix: its URL name and its share of the page views."""

    kind: str
    url_name: str
    weight: int
    what: str


# What people open, out of 100 page views: mostly their dashboard and the actions they own or
# follow, then their plan; the council's scorecard, coverage page, calendar and the national
# inspection picture now and then.
MIX: tuple[Page, ...] = (
    Page("dashboard", "core:dashboard", 25, "the dashboard"),
    Page("plan", "plans:plan_detail", 15, "their authority's plan, every action shown"),
    Page("action", "plans:action_detail", 30, "an action page (an owner's own actions)"),
    Page("scorecard", "performance:measure_list", 5, "the scorecard"),
    Page("coverage", "performance:plan_coverage", 5, "the plan's coverage page"),
    Page("calendar", "schedule:calendar", 10, "the calendar"),
    Page("national", "inspections:national_picture", 10, "the national inspection picture"),
)
UPDATE = "progress update"  # a whole update: the form opened, then saved (from its due time)
UPDATE_FORM = "progress form"  # GET plans:progress_create, for its CSRF token and version
UPDATE_SAVE = "progress save"  # POST plans:progress_create (302 to the action page)
# Who is signed in, in turn: half action owners, a quarter viewers, a quarter improvement leads.
ROLE_CYCLE = ("action_owner", "viewer", "action_owner", "improvement_lead")
WRITER_ROLES = ("action_owner", "improvement_lead")


def page_kinds() -> tuple[str, ...]:
    return tuple(page.kind for page in MIX)


def pick_page(rng: random.Random) -> Page:
    return rng.choices(MIX, weights=[page.weight for page in MIX])[0]


# Command line ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="postgres://... (dropped, created and dropped again; its name must contain "
        f"'bench'). Default {DEFAULT_DATABASE_URL}",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="Fraction of tier N's 153 authorities, each at full size (default 1; 0.1 = 15)",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3)")
    parser.add_argument(
        "--cache-url",
        default=DEFAULT_CACHE_URL,
        help="The Redis the workers share for kept pages, as production's CACHE_URL (default "
        f"{DEFAULT_CACHE_URL}, under a key prefix of the run's own, removed at the end); an "
        "empty value gives each worker its own, in its memory",
    )
    parser.add_argument(
        "--users", type=int, default=60, help="People signed in, spread over the authorities (60)"
    )
    parser.add_argument("--duration", type=int, default=300, help="Seconds of the mix (300)")
    parser.add_argument("--page-rate", type=float, default=40.0, help="Page views a second (40)")
    parser.add_argument(
        "--update-rate", type=float, default=2.0, help="Progress updates a second (2)"
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=64,
        help="Client threads sending the mix (64): requests due while all are busy wait, and "
        "their wait counts in their latency",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="Seconds before a request is an error (60)"
    )
    parser.add_argument("--b0-seconds", type=int, default=10, help="Seconds of each B0 run (10)")
    parser.add_argument(
        "--single-seconds",
        type=int,
        default=10,
        help="Seconds of wrk on each page of the largest authority, one user, before the mix "
        "(10; 0 skips them)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards")
    args = parser.parse_args(argv)
    parts = urlsplit(args.database_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        parser.error("--database-url must be postgres://...: the national mix is PostgreSQL only")
    if "bench" not in parts.path.lstrip("/"):
        parser.error(
            f"refusing database {parts.path.lstrip('/')!r}: its name must contain 'bench', "
            "as it is dropped and created"
        )
    if args.cache_url and args.cache_url.partition("://")[0] not in {"redis", "rediss", "unix"}:
        parser.error("--cache-url must start redis://, rediss:// or unix://, or be empty")
    if not 0 < args.scale <= 1:
        parser.error("--scale must be more than 0 and at most 1")
    for name in ("workers", "users", "duration", "clients", "b0_seconds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be 1 or more")
    if args.page_rate <= 0 or args.update_rate < 0:
        parser.error("--page-rate must be more than 0 and --update-rate 0 or more")
    if args.single_seconds < 0 or args.timeout <= 0:
        parser.error("--single-seconds must be 0 or more and --timeout more than 0")
    return args


# Who signs in ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Candidate:
    username: str
    role: str
    local_authority_id: int


def choose_people(candidates: Sequence[Candidate], count: int, seed: int) -> list[Candidate]:
    """`count` people spread over the authorities (each in turn, in an order drawn from the
    seed) and over the roles (`ROLE_CYCLE` in turn over the authorities; another role of the
    same authority when it has nobody of that one left), each chosen at most once."""
    rng = random.Random(seed)  # noqa: S311 (a repeatable choice, not a secret)
    by_place: dict[int, dict[str, list[Candidate]]] = {}
    for candidate in sorted(candidates, key=lambda c: c.username):
        roles = by_place.setdefault(candidate.local_authority_id, {})
        roles.setdefault(candidate.role, []).append(candidate)
    for roles in by_place.values():
        for people in roles.values():
            rng.shuffle(people)
    places = sorted(by_place)
    rng.shuffle(places)
    chosen: list[Candidate] = []
    turn = 0
    while len(chosen) < count and any(p for r in by_place.values() for p in r.values()):
        # The roles go round over the authorities, each authority one role on from the last
        # time round, so every authority gets each role in turn whatever their number.
        here, time_round = turn % len(places), turn // len(places)
        place = by_place[places[here]]
        wanted = ROLE_CYCLE[(here + time_round) % len(ROLE_CYCLE)]
        for role in (wanted, *ROLE_CYCLE, *sorted(place)):
            if place.get(role):
                chosen.append(place[role].pop())
                break
        turn += 1
    return chosen


@dataclasses.dataclass
class Person:
    """Someone signed in for the mix: their plan, the actions they open and those they update."""

    username: str
    role: str
    local_authority_id: int
    plan_id: int
    read_actions: list[int]
    write_actions: list[int]
    cookies: dict[str, str] = dataclasses.field(default_factory=dict)

    def cookie_header(self, *names: str) -> dict[str, str]:
        chosen = {k: v for k, v in self.cookies.items() if k in names}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in chosen.items())} if chosen else {}


def write_pairs(people: Sequence[Person]) -> list[tuple[int, int]]:
    """(person, action) for each progress update, round robin over the writers so that
    updates one after the other come from different people; each action once in the cycle."""
    pairs: list[tuple[int, int]] = []
    longest = max((len(p.write_actions) for p in people), default=0)
    for turn in range(longest):
        for index, person in enumerate(people):
            if turn < len(person.write_actions):
                pairs.append((index, person.write_actions[turn]))
    return pairs


# Schedule ----------------------------------------------------------------------------------------


def schedule(rate: float, duration: float, *, phase: float = 0.0) -> list[float]:
    """When each request of a fixed-rate stream is due, in seconds from the start: one every
    1 / rate seconds, as many as fit in `duration`."""
    if rate <= 0:
        return []
    count = round(rate * duration)
    return [phase + index / rate for index in range(count) if phase + index / rate < duration]


@dataclasses.dataclass(frozen=True)
class Slot:
    """One request (or one progress update) of the mix, due `at` seconds after the start."""

    at: float
    kind: str  # a page kind of MIX, or UPDATE
    person: int
    path: str


def build_slots(
    people: Sequence[Person],
    *,
    duration: float,
    page_rate: float,
    update_rate: float,
    seed: int,
    page_path: Callable[[Page, Person, random.Random], str],
    update_path: Callable[[Person, int], str],
) -> list[Slot]:
    """Every request of the mix in the order it is due: page views at `page_rate`, each of a
    kind drawn by weight for a person drawn at random; progress updates at `update_rate`,
    halfway between two page views, round robin over `write_pairs`."""
    rng = random.Random(seed)  # noqa: S311 (a repeatable mix, not a secret)
    slots = []
    for at in schedule(page_rate, duration):
        page = pick_page(rng)
        index = rng.randrange(len(people))
        slots.append(Slot(at, page.kind, index, page_path(page, people[index], rng)))
    pairs = write_pairs(people)
    if pairs:
        due = schedule(update_rate, duration, phase=0.5 / page_rate)
        for number, at in enumerate(due):
            index, action_id = pairs[number % len(pairs)]
            slots.append(Slot(at, UPDATE, index, update_path(people[index], action_id)))
    slots.sort(key=lambda slot: slot.at)
    return slots


# Sending the mix ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    """One request (or one whole progress update), with its times on `time.perf_counter`."""

    kind: str
    scheduled: float  # when it was due (for a save: when its form arrived)
    sent: float
    done: float
    status: int | None
    error: str | None

    @property
    def latency_ms(self) -> float:
        return (self.done - self.scheduled) * 1000

    @property
    def late_ms(self) -> float:
        """How long after its due time it was sent (waiting for a client thread)."""
        return (self.sent - self.scheduled) * 1000

    @property
    def service_ms(self) -> float:
        """From sending to the last byte: the server's time, its queue included."""
        return (self.done - self.sent) * 1000


def classify(kind: str, status: int, location: str = "") -> str | None:
    """Why an answer is an error, or None when it is the expected one: a page and the progress
    form answer 200, saving progress a redirect to anywhere but the sign-in page. A redirect
    to the sign-in page is a lost session, always an error."""
    if 300 <= status < 400 and urlsplit(location).path.startswith(SIGN_IN_PATH):
        return f"{status} to the sign-in page (signed out)"
    expected = 302 if kind == UPDATE_SAVE else 200
    if status != expected:
        reason = " (the form was refused)" if kind == UPDATE_SAVE and status == 200 else ""
        return f"answered {status}, not {expected}{reason}"
    return None


class Sender:
    """Sends one slot's requests to the server and times them from when the slot was due."""

    def __init__(
        self,
        port: int,
        people: Sequence[Person],
        *,
        timeout: float,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.port = port
        self.people = people
        self.timeout = timeout
        self.clock = clock

    def request(
        self,
        kind: str,
        scheduled: float,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes | None = None,
    ) -> tuple[Outcome, bytes]:
        sent = self.clock()
        try:
            answer = fetch(
                self.port, method, path, headers=headers, body=body, timeout=self.timeout
            )
        except (OSError, http.client.HTTPException) as failure:
            done = self.clock()
            return Outcome(kind, scheduled, sent, done, None, type(failure).__name__), b""
        done = self.clock()
        problem = classify(kind, answer.status, answer.headers.get("Location") or "")
        return Outcome(kind, scheduled, sent, done, answer.status, problem), answer.body

    def __call__(self, slot: Slot, due: float) -> list[Outcome]:
        person = self.people[slot.person]
        if slot.kind != UPDATE:
            outcome, _ = self.request(
                slot.kind, due, "GET", slot.path, person.cookie_header("sessionid")
            )
            return [outcome]
        cookies = person.cookie_header("sessionid", "csrftoken")
        opened, page = self.request(UPDATE_FORM, due, "GET", slot.path, cookies)
        if opened.error:
            whole = dataclasses.replace(opened, kind=UPDATE, scheduled=due)
            return [opened, whole]
        try:
            form = form_with(page, "narrative")
        except BenchError as error:
            failed = dataclasses.replace(opened, error=str(error))
            return [failed, dataclasses.replace(failed, kind=UPDATE)]
        now = datetime.datetime.now(datetime.UTC)
        fields = form.with_values(
            narrative=f"National mix update at {now:%H:%M:%S.%f}: audit sample reviewed."
        )
        saved, _ = self.request(
            UPDATE_SAVE,
            opened.done,
            "POST",
            form.action or slot.path,
            {"Content-Type": "application/x-www-form-urlencoded", **cookies},
            urlencode(fields).encode(),
        )
        whole = Outcome(UPDATE, due, opened.sent, saved.done, saved.status, saved.error)
        return [opened, saved, whole]


def drive(
    slots: Sequence[Slot],
    send: Callable[[Slot, float], list[Outcome]],
    *,
    clients: int,
    clock: Callable[[], float] = time.perf_counter,
    sleep: Callable[[float], None] = time.sleep,
    report: Callable[[str], None] | None = None,
    lead: float = 0.5,
) -> tuple[float, list[Outcome]]:
    """Open loop: each slot is handed to a client thread at its due time, whether or not the
    earlier ones have been answered; its latency runs from the due time, so a request that
    waits (for a thread or for the server) shows its wait. Returns the start and every outcome."""
    start = clock() + lead
    futures: list[Future[list[Outcome]]] = []
    errors = [0]
    finished = [0]
    lock = threading.Lock()

    def counted(future: Future[list[Outcome]]) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        with lock:
            finished[0] += 1
            errors[0] += sum(1 for o in future.result() if o.error and o.kind != UPDATE)

    pool = ThreadPoolExecutor(max_workers=clients, thread_name_prefix="mix")
    next_report = 10.0
    try:
        for slot in slots:
            due = start + slot.at
            wait = due - clock()
            if wait > 0:
                sleep(wait)
            future = pool.submit(send, slot, due)
            future.add_done_callback(counted)
            futures.append(future)
            if report is not None and slot.at >= next_report:
                with lock:
                    done, failed = finished[0], errors[0]
                report(
                    f"  {slot.at:5.0f} s: {len(futures):,} due, {done:,} answered, "
                    f"{failed} errors (load average {load_average()})"
                )
                next_report += 10.0
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    outcomes: list[Outcome] = []
    for future in futures:
        outcomes.extend(future.result())
    return start, outcomes


# Summary -----------------------------------------------------------------------------------------


def figures(outcomes: Sequence[Outcome], elapsed: float) -> dict[str, Any]:
    latencies = [o.latency_ms for o in outcomes]
    if not latencies:
        return {"requests": 0, "errors": 0}
    return {
        "requests": len(outcomes),
        "errors": sum(1 for o in outcomes if o.error),
        "p50_ms": statistics.median(latencies),
        "p95_ms": nearest_rank(latencies, 0.95),
        "p99_ms": nearest_rank(latencies, 0.99),
        "max_ms": max(latencies),
        "late_p95_ms": nearest_rank([o.late_ms for o in outcomes], 0.95),
        "service_p50_ms": statistics.median(o.service_ms for o in outcomes),
        "service_p95_ms": nearest_rank([o.service_ms for o in outcomes], 0.95),
        "rate": len(outcomes) / elapsed if elapsed > 0 else None,
    }


def summarise(
    outcomes: Sequence[Outcome],
    *,
    start: float,
    duration: float,
    page_rate: float,
    update_rate: float,
    b0_p95_ms: Iterable[float | None],
    target_ratio: float = TARGET_RATIO,
) -> dict[str, Any]:
    """One row per kind of request, the page views together, the progress updates whole, and
    every request together (overall); the ratio of the overall p95 to B0 signed in's p95 (the
    lower of the runs before and after the mix, so the stricter ratio); the verdict."""
    last = max((o.done for o in outcomes), default=start)
    elapsed = max(last - start, duration)
    requests = [o for o in outcomes if o.kind != UPDATE]
    views = [o for o in outcomes if o.kind in page_kinds()]
    updates = [o for o in outcomes if o.kind == UPDATE]
    rows = [
        {"kind": kind, **figures([o for o in outcomes if o.kind == kind], elapsed)}
        for kind in (*page_kinds(), UPDATE_FORM, UPDATE_SAVE)
    ]
    rows.append({"kind": "page views", **figures(views, elapsed)})
    rows.append({"kind": UPDATE + "s, whole", **figures(updates, elapsed)})
    overall = figures(requests, elapsed)
    rows.append({"kind": "overall", **overall})
    floors = [value for value in b0_p95_ms if value]
    b0 = min(floors) if floors else None
    ratio = overall["p95_ms"] / b0 if b0 and overall.get("p95_ms") is not None else None
    errors = overall["errors"]
    page_achieved = len(views) / elapsed
    update_achieved = len(updates) / elapsed
    rates_met = page_achieved >= RATE_TOLERANCE * page_rate and (
        update_achieved >= RATE_TOLERANCE * update_rate
    )
    verdict = {
        "errors": errors,
        "zero_errors": errors == 0,
        "b0_p95_ms": b0,
        "ratio_p95_to_b0": ratio,
        "target_ratio": target_ratio,
        "ratio_met": ratio is not None and ratio <= target_ratio,
        "page_rate": {"target": page_rate, "achieved": page_achieved},
        "update_rate": {"target": update_rate, "achieved": update_achieved},
        "rates_met": rates_met,
        "elapsed_s": elapsed,
    }
    verdict["met"] = bool(verdict["zero_errors"] and verdict["ratio_met"] and rates_met)
    error_kinds: dict[str, int] = {}
    for outcome in requests:
        if outcome.error:
            key = f"{outcome.kind}: {outcome.error}"
            error_kinds[key] = error_kinds.get(key, 0) + 1
    return {"rows": rows, "verdict": verdict, "errors_by_kind": error_kinds}


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_summary(summary: dict[str, Any]) -> None:
    print(
        "| request | n | errors | p50 ms | p95 ms | p99 ms | max ms | sent late p95 ms "
        "| sent to answered p50, p95 ms | a second |"
    )
    print("|---" * 10 + "|")
    for row in summary["rows"]:
        print(
            f"| {row['kind']} | {row['requests']:,} | {row['errors']} | "
            f"{_fmt(row.get('p50_ms'))} | {_fmt(row.get('p95_ms'))} | {_fmt(row.get('p99_ms'))} "
            f"| {_fmt(row.get('max_ms'))} | {_fmt(row.get('late_p95_ms'))} "
            f"| {_fmt(row.get('service_p50_ms'))}, {_fmt(row.get('service_p95_ms'))} "
            f"| {_fmt(row.get('rate'), 2)} |"
        )
    verdict = summary["verdict"]
    ratio = verdict["ratio_p95_to_b0"]
    print(
        f"\nOverall p95 / B0 signed in p95 ({_fmt(verdict['b0_p95_ms'], 2)} ms): "
        f"{_fmt(ratio, 1)} (target at most {verdict['target_ratio']:g}: "
        f"{'met' if verdict['ratio_met'] else 'NOT MET'}); errors: {verdict['errors']} "
        f"({'met' if verdict['zero_errors'] else 'NOT MET'}); page views "
        f"{verdict['page_rate']['achieved']:.2f}/s of {verdict['page_rate']['target']:g}, "
        f"updates {verdict['update_rate']['achieved']:.2f}/s of "
        f"{verdict['update_rate']['target']:g} ({'met' if verdict['rates_met'] else 'NOT MET'})"
    )
    for what, count in sorted(summary["errors_by_kind"].items()):
        print(f"  error: {what} x {count}")


# Data --------------------------------------------------------------------------------------------


def fill_national_record(seed: int) -> dict[str, int]:
    """The national inspection picture as it is once the reports are imported: every authority
    of the register with two published inspections (a SIF and a later ILACS standard one, with
    their judgement tables) and ten statistical neighbours, the synthetic authorities linked to
    the first ones so their own row is marked. Bulk rows, no history: bench data only."""
    from tracker.accounts.models import LocalAuthority
    from tracker.inspections.models import Grade, Inspection
    from tracker.inspections.national.models import (
        NationalAuthority,
        PublishedInspection,
        PublishedJudgement,
        StatisticalNeighbour,
    )
    from tracker.inspections.national.register import AUTHORITIES
    from tracker.inspections.rules import framework_for_kind, judgement_areas_for

    rng = random.Random(seed * 7_919 + 14)  # noqa: S311 (repeatable test data)
    from django.utils import timezone

    today = timezone.localdate()
    locals_ = list(LocalAuthority.objects.order_by("pk"))
    authorities = NationalAuthority.objects.bulk_create(
        [
            NationalAuthority(
                name=entry.name,
                region=entry.region,
                local_authority=locals_[index] if index < len(locals_) else None,
            )
            for index, entry in enumerate(AUTHORITIES)
        ]
    )
    grades = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
    inspections: list[PublishedInspection] = []
    for authority in authorities:
        for kind, years_ago in ((Inspection.Kind.SIF, 8), (Inspection.Kind.ILACS_STANDARD, 2)):
            started = today - datetime.timedelta(days=365 * years_ago + rng.randrange(700))
            inspections.append(
                PublishedInspection(
                    national_authority=authority,
                    kind=kind,
                    framework=framework_for_kind(kind),
                    started_on=started,
                    ended_on=started + datetime.timedelta(days=11),
                    published_on=started + datetime.timedelta(days=46),
                    overall_grade=rng.choices(grades, weights=(10, 45, 35, 10))[0],
                    source_fingerprint=f"bench-national-{authority.pk}-{kind}",
                    source_name=f"bench-{authority.pk}-{kind}.pdf",
                )
            )
    inspections = PublishedInspection.objects.bulk_create(inspections)
    judgements = []
    for inspection in inspections:
        areas = judgement_areas_for(
            framework=inspection.framework, started_on=inspection.started_on
        )
        for position, area in enumerate(areas):
            grade = inspection.overall_grade if area == "overall" else rng.choice(grades)
            judgements.append(
                PublishedJudgement(
                    published_inspection=inspection, area=area, grade=grade, position=position
                )
            )
    PublishedJudgement.objects.bulk_create(judgements, batch_size=2_000)
    links = []
    for authority in authorities:
        others = [a for a in authorities if a.pk != authority.pk]
        same_region = [a for a in others if a.region == authority.region]
        rng.shuffle(same_region)
        rest = [a for a in others if a.region != authority.region]
        rng.shuffle(rest)
        for rank, neighbour in enumerate((same_region + rest)[:10], start=1):
            links.append(
                StatisticalNeighbour(national_authority=authority, neighbour=neighbour, rank=rank)
            )
    StatisticalNeighbour.objects.bulk_create(links, batch_size=2_000)
    return {
        "authorities": len(authorities),
        "published_inspections": len(inspections),
        "judgements": len(judgements),
        "neighbours": len(links),
    }


@dataclasses.dataclass
class World:
    """What the mix needs of the generated data."""

    people: list[Person]
    largest_plan_id: int
    largest_actions: int
    largest_lead: str


def generate(args: argparse.Namespace) -> tuple[World, dict[str, Any]]:
    """Migrate, generate tier N at `--scale` and the national record, ANALYZE, and choose who
    signs in and what they open and update."""
    from django.core.management import call_command
    from django.db import connection, connections

    from tracker.accounts.models import Organisation, User
    from tracker.plans.demo import synthetic
    from tracker.plans.models import Action, DeliveryStatus, Plan

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated a new {connection.vendor} database in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()

    def progress(shape: synthetic.AuthorityShape, summary: synthetic.GenerationSummary) -> None:
        if summary.authorities % 10 == 0:
            print(
                f"  tier N: {summary.authorities} authorities, {summary.updates:,} updates "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )

    made = synthetic.generate_national(scale=args.scale, seed=args.seed, progress=progress)
    seconds = time.perf_counter() - started
    print(
        f"Generated tier N (scale {args.scale:g}): {made.authorities} authorities, "
        f"{made.actions:,} actions, {made.updates:,} updates, {made.users:,} users "
        f"in {seconds:.1f} s",
        flush=True,
    )
    record = fill_national_record(args.seed)
    print(
        f"National inspection record: {record['authorities']} authorities, "
        f"{record['published_inspections']} published inspections"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"ANALYZE in {time.perf_counter() - started:.1f} s")

    candidates = [
        Candidate(username, role, authority_id)
        for username, role, authority_id in User.objects.filter(
            local_authority__isnull=False,
            is_active=True,
            role__in=set(ROLE_CYCLE),
            organisation__kind=Organisation.Kind.LOCAL_AUTHORITY,
        ).values_list("username", "role", "local_authority_id")
    ]
    chosen = choose_people(candidates, args.users, args.seed)
    plans = dict(Plan.objects.values_list("local_authority_id", "pk"))
    rng = random.Random(args.seed)  # noqa: S311 (a repeatable choice)
    taken: set[int] = set()  # an action is updated by one person only: no conflicting edits
    people = []
    for candidate in chosen:
        plan_id = plans[candidate.local_authority_id]
        in_plan = Action.objects.filter(plan_id=plan_id)
        owned = in_plan.filter(owner_posts__holders__username=candidate.username).distinct()
        readable = list(
            (owned if candidate.role == "action_owner" else in_plan)
            .order_by("pk")
            .values_list("pk", flat=True)
        ) or list(in_plan.order_by("pk").values_list("pk", flat=True))
        writable: list[int] = []
        if candidate.role in WRITER_ROLES:
            source = owned if candidate.role == "action_owner" else in_plan
            open_ = list(
                source.filter(status=DeliveryStatus.IN_PROGRESS)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            rng.shuffle(open_)
            writable = [pk for pk in open_ if pk not in taken][:10]
            taken.update(writable)
        people.append(
            Person(
                username=candidate.username,
                role=candidate.role,
                local_authority_id=candidate.local_authority_id,
                plan_id=plan_id,
                read_actions=rng.sample(readable, min(20, len(readable))),
                write_actions=writable,
            )
        )
    largest = max(
        synthetic.national_shapes(scale=args.scale, seed=args.seed), key=lambda s: s.actions
    )
    largest_plan = Plan.objects.get(local_authority__name=largest.name)
    lead = (
        User.objects.filter(
            local_authority_id=largest_plan.local_authority_id,
            role=User.Role.IMPROVEMENT_LEAD,
            organisation__kind=Organisation.Kind.LOCAL_AUTHORITY,
        )
        .order_by("pk")
        .values_list("username", flat=True)
        .first()
    )
    if lead is None:
        raise BenchError(f"{largest.name} has no improvement lead of the council")
    world = World(
        people=people,
        largest_plan_id=largest_plan.pk,
        largest_actions=Action.objects.filter(plan=largest_plan).count(),
        largest_lead=lead,
    )
    connections.close_all()  # the server opens its own
    generation = {
        "tier": "N",
        "scale": args.scale,
        "seconds": round(seconds, 1),
        **dataclasses.asdict(made),
        "national_record": record,
    }
    return world, generation


# Measuring around the mix ------------------------------------------------------------------------


def page_path(page: Page, person: Person, rng: random.Random) -> str:
    from django.urls import reverse

    if page.kind == "action":
        action_id = rng.choice(person.read_actions)
        return reverse(page.url_name, kwargs={"plan_id": person.plan_id, "action_id": action_id})
    if page.kind in {"plan", "coverage"}:
        return reverse(page.url_name, kwargs={"plan_id": person.plan_id})
    return reverse(page.url_name)


def update_path(person: Person, action_id: int) -> str:
    from django.urls import reverse

    return reverse(
        "plans:progress_create", kwargs={"plan_id": person.plan_id, "action_id": action_id}
    )


def check_pages(port: int, people: Sequence[Person], timeout: float) -> None:
    """Before the mix: one person of each role opens every kind of page, and a writer the
    progress form, each answered as expected, so a refused page stops the run at once."""
    rng = random.Random(0)  # noqa: S311
    seen: set[str] = set()
    sender = Sender(port, people, timeout=timeout)
    for person in people:
        if person.role in seen:
            continue
        seen.add(person.role)
        for page in MIX:
            path = page_path(page, person, rng)
            outcome, _ = sender.request(
                page.kind, time.perf_counter(), "GET", path, person.cookie_header("sessionid")
            )
            if outcome.error:
                raise BenchError(f"GET {path} as {person.role}: {outcome.error}")
        if person.write_actions:
            path = update_path(person, person.write_actions[0])
            outcome, _ = sender.request(
                UPDATE_FORM,
                time.perf_counter(),
                "GET",
                path,
                person.cookie_header("sessionid", "csrftoken"),
            )
            if outcome.error:
                raise BenchError(f"GET {path} as {person.role}: {outcome.error}")


def wrk_page(port: int, path: str, cookie: dict[str, str], seconds: int) -> dict[str, Any]:
    """A page measured as bench/peer.py does: checked once, then wrk, one connection."""
    answer = fetch(port, "GET", path, headers=cookie)
    if answer.status != 200:
        raise BenchError(f"GET {path} answered {answer.status}, not 200")
    result = run_wrk(port, path, cookie, seconds)
    if result["errors"]:
        raise BenchError(f"wrk on {path}: {result['errors']} answers other than 200")
    return {k: result[k] for k in ("requests", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms")}


class SharedCache:
    """The Redis the gunicorn workers share (`--cache-url`), under a key prefix of this run's
    own so that nothing of an earlier run or of anyone else is read, and whose keys are removed
    at the end. Nothing when the URL is empty: each worker keeps its own."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"tracker-bench-national-{secrets.token_hex(4)}"

    def describe(self) -> str:
        return f"one Redis cache shared ({self.url})" if self.url else "a cache in each worker"

    def start(self) -> None:
        """Checks Redis answers and names it to the workers (and to this process, whose
        settings are read from the same environment)."""
        if not self.url:
            os.environ.pop("CACHE_URL", None)
            return
        import redis

        try:
            redis.Redis.from_url(self.url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            raise BenchError(
                f"Redis does not answer at {self.url} ({error}): start it, name another with "
                "--cache-url, or give --cache-url '' for a cache in each worker"
            ) from error
        os.environ["CACHE_URL"] = self.url
        os.environ["CACHE_KEY_PREFIX"] = self.prefix

    def cleanup(self) -> None:
        if not self.url:
            return
        import redis

        try:
            remove_cache_keys(redis.Redis.from_url(self.url, socket_connect_timeout=2), self.prefix)
        except redis.RedisError as error:  # they expire within ten minutes anyway
            print(f"Could not remove the run's cache keys: {error}", file=sys.stderr)


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def mix(
    args: argparse.Namespace, world: World, port: int
) -> tuple[float, list[Outcome], dict[str, list[float]]]:
    """Send the mix; its start, every outcome and the load average as it began and ended."""
    slots = build_slots(
        world.people,
        duration=args.duration,
        page_rate=args.page_rate,
        update_rate=args.update_rate,
        seed=args.seed,
        page_path=page_path,
        update_path=update_path,
    )
    updates = sum(1 for slot in slots if slot.kind == UPDATE)
    load_start = load_average()
    print(
        f"The mix: {len(slots) - updates:,} page views at {args.page_rate:g}/s and {updates:,} "
        f"progress updates at {args.update_rate:g}/s for {args.duration} s, {len(world.people)} "
        f"people, {args.clients} client threads (load average {load_start})",
        flush=True,
    )
    sender = Sender(port, world.people, timeout=args.timeout)
    start, outcomes = drive(
        slots, sender, clients=args.clients, report=lambda line: print(line, flush=True)
    )
    return start, outcomes, {"start": load_start, "end": load_average()}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed: `sudo apt-get install wrk` (Debian's package), or run "
            "`make bench-national`, which installs it.",
            file=sys.stderr,
        )
        return 2
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    load_begin = load_average()
    print(f"Load average at start: {load_begin} ({os.cpu_count()} CPUs)")
    shared_cache = SharedCache(args.cache_url)
    try:
        shared_cache.start()
    except BenchError as error:
        print(f"bench/national.py: {error}", file=sys.stderr)
        return 2
    database = prepare_database(args)
    os.environ["DATABASE_URL"] = database.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    signal.signal(signal.SIGTERM, _terminate)
    import django

    django.setup()
    server: Gunicorn | None = None
    logs = Path(tempfile.mkdtemp(prefix="tracker-bench-national-"))
    result: dict[str, Any] = {}
    try:
        world, generation = generate(args)
        server = Gunicorn(
            database_url=database.url,
            conn_max_age=None,
            log=logs / "gunicorn.log",
            workers=args.workers,
        )
        server.start()
        print(
            f"gunicorn serving on 127.0.0.1:{server.port} ({args.workers} sync workers, "
            f"{shared_cache.describe()})"
        )
        started = time.perf_counter()
        for person in world.people:
            browser = sign_in(
                server.port,
                path=SIGN_IN_PATH,
                username=person.username,
                password=SYNTHETIC_PASSWORD,
            )
            person.cookies = dict(browser.cookies)
        print(
            f"Signed {len(world.people)} people in ({time.perf_counter() - started:.1f} s; "
            f"{len({p.local_authority_id for p in world.people})} authorities; "
            + ", ".join(
                f"{sum(1 for p in world.people if p.role == r)} {r}"
                for r in sorted({p.role for p in world.people})
            )
            + f"; {sum(len(p.write_actions) for p in world.people)} actions to update)",
            flush=True,
        )
        check_pages(server.port, world.people, args.timeout)
        b0_cookie = world.people[0].cookie_header("sessionid")
        b0_path = "/bench/b0-signed-in/"
        b0_before = wrk_page(server.port, b0_path, b0_cookie, args.b0_seconds)
        print(f"B0 signed in before the mix: p50 {b0_before['p50_ms']} p95 {b0_before['p95_ms']}")
        single: dict[str, Any] = {}
        if args.single_seconds:
            lead = sign_in(
                server.port,
                path=SIGN_IN_PATH,
                username=world.largest_lead,
                password=SYNTHETIC_PASSWORD,
            ).cookie_header("sessionid")
            from django.urls import reverse

            for name, path in (
                ("plan", reverse("plans:plan_detail", kwargs={"plan_id": world.largest_plan_id})),
                ("dashboard", reverse("core:dashboard")),
            ):
                single[name] = wrk_page(server.port, path, lead, args.single_seconds)
                single[name]["x_b0_p95"] = single[name]["p95_ms"] / b0_before["p95_ms"]
                print(
                    f"Largest authority ({world.largest_actions:,} actions), {name}, one user: "
                    f"p50 {single[name]['p50_ms']} ms, p95 {single[name]['p95_ms']} ms",
                    flush=True,
                )
        start, outcomes, mix_load = mix(args, world, server.port)
        b0_after = wrk_page(server.port, b0_path, b0_cookie, args.b0_seconds)
        print(f"B0 signed in after the mix: p50 {b0_after['p50_ms']} p95 {b0_after['p95_ms']}")
        summary = summarise(
            outcomes,
            start=start,
            duration=args.duration,
            page_rate=args.page_rate,
            update_rate=args.update_rate,
            b0_p95_ms=[b0_before["p95_ms"], b0_after["p95_ms"]],
        )
        result = {
            "kind": "national",
            "cache": shared_cache.describe(),
            "mix": summary,
            "mix_load_average": mix_load,
            "b0_signed_in": {"before": b0_before, "after": b0_after},
            "single_user": {
                "largest_authority_actions": world.largest_actions,
                **single,
            },
            "generation": generation,
            "people": {
                "count": len(world.people),
                "authorities": len({p.local_authority_id for p in world.people}),
                "roles": {
                    r: sum(1 for p in world.people if p.role == r)
                    for r in sorted({p.role for p in world.people})
                },
                "actions_updated": sum(len(p.write_actions) for p in world.people),
            },
        }
    except BenchError as error:
        print(f"bench/national.py: {error}", file=sys.stderr)
        if server is not None:
            print(server.log_tail(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the server and removing the database", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            server.stop()
        from django.db import connections

        connections.close_all()
        database.cleanup()
        shared_cache.cleanup()
        shutil.rmtree(logs, ignore_errors=True)
    load_end = load_average()
    summary = result["mix"]
    print(
        f"\nThe national mix: tier N at scale {args.scale:g} ({result['generation']['authorities']}"
        f" authorities, {result['generation']['actions']:,} actions, "
        f"{result['generation']['updates']:,} updates), PostgreSQL, gunicorn {args.workers} sync "
        f"workers, {shared_cache.describe()}, {args.duration} s; latency from each request's "
        "due time"
    )
    print_summary(summary)
    single = result["single_user"]
    for name in ("plan", "dashboard"):
        if name in single:
            print(
                f"Largest authority's {name} ({single['largest_authority_actions']:,} actions), "
                f"one user, wrk -t1 -c1: p50 {single[name]['p50_ms']} ms, p95 "
                f"{single[name]['p95_ms']} ms ({single[name]['x_b0_p95']:.1f} x B0 p95)"
            )
    b0 = result["b0_signed_in"]
    print(
        f"B0 signed in p50 / p95: before {b0['before']['p50_ms']} / {b0['before']['p95_ms']} ms, "
        f"after {b0['after']['p50_ms']} / {b0['after']['p95_ms']} ms"
    )
    print(
        f"Load average: at start {load_begin}; the mix {result['mix_load_average']['start']} to "
        f"{result['mix_load_average']['end']}; at end {load_end} ({os.cpu_count()} CPUs)"
    )
    from django.db import connection

    result |= {
        "started_at": started_at,
        "git_commit": _git_commit(),
        "load_average": {"start": load_begin, "end": load_end},
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "database": {"vendor": connection.vendor, "url": _redacted(database.url)},
        "options": {
            k: getattr(args, k)
            for k in (
                "scale",
                "workers",
                "users",
                "duration",
                "page_rate",
                "update_rate",
                "clients",
                "timeout",
                "b0_seconds",
                "single_seconds",
                "seed",
            )
        },
        "mix_weights": {page.kind: page.weight for page in MIX},
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = started_at.replace(":", "").replace("-", "").replace("+0000", "Z")
    written = RESULTS / f"national-{stamp}.json"
    written.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"Wrote {written.relative_to(ROOT)}")
    return 1 if summary["verdict"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
