"""Side by side with the Redmine peer: the product served by gunicorn and Redmine by puma,
measured over HTTP in the same run, interleaved, one connection (see bench/README.md).

    make bench-peer                                   # SQLite, 3 rounds; Redmine if it answers
    .venv/bin/python bench/peer.py --rounds 5 --duration 10
    .venv/bin/python bench/peer.py --no-peer          # the product only
    .venv/bin/python bench/peer.py --database-url postgres://postgres@127.0.0.1:5432/tracker_bench
    .venv/bin/python bench/peer.py --compare-connections   # database connections kept or not

Builds its own database as bench/run.py does (tiers L and X), serves the product with gunicorn
(one sync worker, bench settings, DEBUG off) on a free port of 127.0.0.1, signs users in with a
real sign-in POST and reuses their session cookie. Each operation is measured on the product
and on the peer one after the other, in rounds (the side measured first alternates), with wrk
for pages (`-t1 -c1`, a fixed duration), timed sequential requests for recording progress and
timed fetches for the plan as PDF (and timed builds of the board paper, which the peer has no
match for). Every figure reported is a median over the rounds; every ratio is the
median of the rounds' ratios. All traffic stays on 127.0.0.1; every loop is bounded; the server
is stopped at the end, on an error and on Ctrl-C.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import http.client
import io
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import RESULTS, _git_commit, _redacted, prepare_database  # noqa: E402

WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"
# The figures of the WRKRESULT line bench/wrk_report.lua prints, in order.
WRK_FIGURES = (
    "requests",
    "duration_s",
    "rps",
    "p50_ms",
    "p90_ms",
    "p95_ms",
    "p99_ms",
    "max_ms",
    "errors_status",
    "errors_socket",
    "timeouts",
    "not_200",
    "bytes_per_response",
)
PEER_KIT = (
    "install and seed it with the Redmine peer kit (`sudo ./setup.sh` then `./seed.sh`), or "
    "start an installed one with its `./server.sh start` (see bench/README.md)"
)
TARGET_RATIO = 5.0  # issue 11: at least 5 times faster than the peer, at most 5 x B0
SYNTHETIC_PASSWORD = "synthetic-data-only"  # noqa: S105 (the generated users' documented password)


class BenchError(RuntimeError):
    """Something the bench cannot go on without, said in one line."""


# Command line ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="",
        help="postgres://... (created and dropped; its name must contain 'bench') or "
        "sqlite:////path (a new file). Default: SQLite in a temporary directory",
    )
    parser.add_argument("--rounds", type=int, default=3, help="Interleaved rounds (default 3)")
    parser.add_argument(
        "--duration",
        type=int,
        default=5,
        help="Seconds of each wrk run at least (default 5); slow pages get up to --max-duration "
        "so that each run holds about 8 requests",
    )
    parser.add_argument("--max-duration", type=int, default=30, help="Seconds (default 30)")
    parser.add_argument(
        "--writes", type=int, default=50, help="Progress updates recorded per round and side"
    )
    parser.add_argument(
        "--no-pdf", action="store_true", help="Skip the PDFs (O7 and O7b, the slowest cases)"
    )
    parser.add_argument(
        "--pdf-requests",
        type=int,
        default=3,
        help="PDFs fetched per round and side for O7 (default 3), one after the other",
    )
    parser.add_argument("--no-peer", action="store_true", help="Measure the product only")
    parser.add_argument(
        "--peer-url",
        default=f"http://127.0.0.1:{os.environ.get('REDMINE_PEER_PORT', '3000')}",
        help="The Redmine peer (default http://127.0.0.1:3000; 127.0.0.1 only)",
    )
    parser.add_argument(
        "--peer-data",
        default=os.environ.get("REDMINE_PEER_DATA")
        or str(Path(tempfile.gettempdir()) / "redmine-peer"),
        help="The peer's data folder, with api_key, admin_password and ids.env "
        "(default $REDMINE_PEER_DATA or $TMPDIR/redmine-peer)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="Seconds gunicorn keeps a database connection (default: the app's own setting, "
        "which is 0 on SQLite)",
    )
    parser.add_argument(
        "--compare-connections",
        action="store_true",
        help="Instead of the peer: two gunicorns on the same database, CONN_MAX_AGE 0 and 60, "
        "interleaved, on B0 signed in, the plan and action pages, recording progress and the "
        "dashboard at L",
    )
    parser.add_argument(
        "--afresh",
        action="store_true",
        help="Serve the product with no cache (Django's dummy cache): every page is worked out "
        "afresh, as the first read after a change is; by default pages kept under the "
        "authority's data version are served from the cache, as between changes",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    if args.duration < 1 or args.max_duration < args.duration:
        parser.error("--duration must be 1 or more and at most --max-duration")
    if args.writes < 1:
        parser.error("--writes must be 1 or more")
    if args.pdf_requests < 1:
        parser.error("--pdf-requests must be 1 or more")
    if urlsplit(args.peer_url).hostname not in {"127.0.0.1", "localhost"}:
        parser.error("--peer-url must be on 127.0.0.1: all the bench's traffic stays local")
    return args


# HTTP: one new connection a request, as gunicorn's sync worker closes each one -------------------


@dataclasses.dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float


def fetch(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 300.0,
) -> Answer:
    """One request to 127.0.0.1:port; `seconds` runs from sending to the last byte read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    return Answer(response.status, response.msg, content, seconds)


class Browser:
    """The cookies of one signed-in user on one server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def cookie_header(self, *names: str) -> dict[str, str]:
        chosen = {k: v for k, v in self.cookies.items() if not names or k in names}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in chosen.items())} if chosen else {}

    def _keep(self, answer: Answer) -> Answer:
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, path: str) -> Answer:
        return self._keep(fetch(self.port, "GET", path, headers=self.cookie_header()))

    def post(self, path: str, fields: list[tuple[str, str]]) -> Answer:
        headers = {"Content-Type": "application/x-www-form-urlencoded", **self.cookie_header()}
        return self._keep(
            fetch(self.port, "POST", path, headers=headers, body=urlencode(fields).encode())
        )


@dataclasses.dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]]

    def names(self) -> set[str]:
        return {name for name, _ in self.fields}

    def with_values(self, **values: str) -> list[tuple[str, str]]:
        kept = [(name, value) for name, value in self.fields if name not in values]
        return kept + list(values.items())


class _FormParser(HTMLParser):
    """The fields a browser would send from each form of a page, as it shows them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._textarea: list[str] | None = None
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            method = (found.get("method") or "get").lower()
            self.forms.append(Form(action=found.get("action") or "", method=method, fields=[]))
            return
        if not self.forms:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = (found.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"radio", "checkbox"} and "checked" not in found:
                return
            self.forms[-1].fields.append((name, found.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = found.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in found:
                self._select["selected"] = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None and self.forms:
            name, text = self._textarea
            self.forms[-1].fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self.forms:
            value = self._select["selected"] or self._select["first"] or ""
            self.forms[-1].fields.append((self._select["name"], value))
            self._select = None


def form_with(page: bytes, field: str) -> Form:
    """The page's form holding a field of that name."""
    parser = _FormParser()
    parser.feed(page.decode("utf-8", "replace"))
    for form in parser.forms:
        if field in form.names():
            return form
    raise BenchError(f"no form with a {field!r} field on the page")


# Servers -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """The product served as in production: gunicorn, sync workers (one unless `workers`),
    on 127.0.0.1."""

    def __init__(
        self,
        *,
        database_url: str,
        conn_max_age: int | None,
        log: Path,
        afresh: bool = False,
        workers: int = 1,
    ) -> None:
        self.port = free_port()
        self.workers = workers
        self.log = log
        self.conn_max_age = conn_max_age
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",
        }
        if conn_max_age is not None:
            self.env["BENCH_CONN_MAX_AGE"] = str(conn_max_age)
        if afresh:
            self.env["BENCH_KEEP_NOTHING"] = "1"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 90.0) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "300",
            "--graceful-timeout",
            "5",
            "--no-control-socket",
            "--log-level",
            "warning",
        ]
        with self.log.open("ab") as log:
            # A session of its own, so the whole server (arbiter and worker) stops as one.
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped at start-up:\n{self.log_tail()}")
            try:
                if fetch(self.port, "GET", "/bench/b0/", timeout=10).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclasses.dataclass
class Peer:
    """The Redmine peer as its kit leaves it: puma on 127.0.0.1, an admin, an API key."""

    port: int
    key: str
    password: str
    plan_l_first_id: int
    plan_x_first_id: int


def find_peer(url: str, data: Path) -> tuple[Peer | None, str]:
    """The peer, or None and why not (in one line)."""
    where = f"Redmine peer not found at {urlsplit(url).netloc}"
    port = urlsplit(url).port or 80
    try:
        key = (data / "api_key").read_text().strip()
        password = (data / "admin_password").read_text().strip()
        ids = dict(
            line.strip().split("=", 1)
            for line in (data / "ids.env").read_text().splitlines()
            if "=" in line
        )
        first_l, first_x = int(ids["PLAN_L_FIRST_ID"]), int(ids["PLAN_X_FIRST_ID"])
    except (OSError, KeyError, ValueError) as error:
        return None, f"{where} (not seeded: {error}): {PEER_KIT}; measuring the product only"
    try:
        status = fetch(port, "GET", "/login", timeout=10).status
    except OSError as error:
        return None, f"{where} ({error}): {PEER_KIT}; measuring the product only"
    if status != 200:
        return None, f"{where} (/login answered {status}): {PEER_KIT}; measuring the product only"
    return Peer(port, key, password, first_l, first_x), ""


def sign_in(port: int, *, path: str, username: str, password: str) -> Browser:
    """Sign in as a person would: fetch the form (its CSRF token and cookie), post it."""
    browser = Browser(port)
    page = browser.get(path)
    if page.status != 200:
        raise BenchError(f"GET {path} answered {page.status}")
    form = form_with(page.body, "password")
    fields = form.with_values(username=username, password=password)
    answer = browser.post(form.action or path, fields)
    if answer.status != 302:
        raise BenchError(f"signing in as {username} answered {answer.status}, not a redirect")
    return browser


# Measuring ---------------------------------------------------------------------------------------


def nearest_rank(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def parse_wrk(output: str) -> dict[str, Any]:
    """The WRKRESULT line printed by bench/wrk_report.lua, as named figures."""
    line = next((x for x in output.splitlines() if x.startswith("WRKRESULT ")), None)
    if line is None:
        raise BenchError(f"wrk printed no WRKRESULT line:\n{output[-600:]}")
    names = WRK_FIGURES
    values = line.split()[1:]
    if len(values) != len(names):
        raise BenchError(f"wrk's result line has {len(values)} figures, not {len(names)}: {line}")
    figures: dict[str, Any] = {}
    for name, value in zip(names, values, strict=True):
        figures[name] = float(value) if "." in value else int(value)
    figures["errors"] = sum(
        figures[k] for k in ("errors_status", "errors_socket", "timeouts", "not_200")
    )
    return figures


def run_wrk(port: int, path: str, headers: dict[str, str], seconds: int) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk is not installed: `sudo apt-get install wrk` (or `make bench-peer`)")
    command = [wrk, "-t1", "-c1", f"-d{seconds}s", "--timeout", "120s", "-s", str(WRK_SCRIPT)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    completed = subprocess.run(  # noqa: S603 - fixed program, our own arguments
        command, capture_output=True, text=True, timeout=seconds + 180, check=False
    )
    figures = parse_wrk(completed.stdout + completed.stderr)
    if figures["requests"] == 0:
        raise BenchError(f"wrk finished no request of {path} in {seconds} s")
    return figures


@dataclasses.dataclass
class Side:
    """One side (product or peer) of one operation."""

    what: str
    measure: Callable[[int], dict[str, Any]]  # one round's figures: p50_ms, p95_ms, ...
    prepare: Callable[[], None] = lambda: None
    rounds: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def median(self, key: str) -> float | None:
        if key == "p95_ms" and self.rounds and all(r["requests"] == 1 for r in self.rounds):
            # One build a round (the PDFs): the slowest round stands for the p95.
            return max(r[key] for r in self.rounds)
        values = [r[key] for r in self.rounds if r.get(key) is not None]
        return statistics.median(values) if values else None


@dataclasses.dataclass
class Operation:
    name: str
    what: str
    targets: tuple[str, ...]  # "peer" (>= 5 x faster than the peer), "b0" (p95 <= 5 x B0)
    sides: dict[str, Side]


def page_side(
    port: int,
    path: str,
    headers: dict[str, str],
    *,
    what: str,
    args: argparse.Namespace,
    check: Callable[[bytes], str | None] = lambda body: None,
) -> Side:
    """A page measured with wrk: checked and warmed up first, then one wrk run a round, long
    enough for about 8 requests (within --duration and --max-duration)."""
    state: dict[str, Any] = {}

    def prepare() -> None:
        answers = [fetch(port, "GET", path, headers=headers) for _ in range(3)]
        for answer in answers:
            if answer.status != 200:
                raise BenchError(f"GET {path} answered {answer.status}, not 200 ({what})")
            problem = check(answer.body)
            if problem:
                raise BenchError(f"GET {path}: {problem} ({what})")
        state["bytes"] = len(answers[-1].body)
        latency = statistics.median(a.seconds for a in answers)
        state["seconds"] = min(max(args.duration, math.ceil(8 * latency + 1)), args.max_duration)

    def measure(round_index: int) -> dict[str, Any]:
        figures = run_wrk(port, path, headers, state["seconds"])
        figures["body_bytes"] = state["bytes"]
        if figures["bytes_per_response"] < 0.5 * state["bytes"]:
            figures["errors"] += 1  # a shorter answer than the checked page: not the same page
        return figures

    return Side(what=what, measure=measure, prepare=prepare)


def timed_side(what: str, run: Callable[[int], list[float]], **extra: Any) -> Side:
    """Sequential timed requests or builds: `run(round)` returns each one's seconds."""

    def measure(round_index: int) -> dict[str, Any]:
        times = run(round_index)
        return {
            "requests": len(times),
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": nearest_rank(times, 0.95) * 1000,
            "max_ms": max(times) * 1000,
            "errors": 0,
            **{k: v() if callable(v) else v for k, v in extra.items()},
        }

    return Side(what=what, measure=measure)


def pdf_problem(answer: Answer) -> str | None:
    """Why an answer is not a PDF download, or None when it is one."""
    if answer.status != 200:
        return f"answered {answer.status}, not 200"
    if not answer.body.startswith(b"%PDF"):
        return f"answered {answer.body[:40]!r}, not a PDF"
    return None


def pdf_side(
    port: int, path: str, headers: dict[str, str], *, what: str, args: argparse.Namespace
) -> Side:
    """A PDF fetched over HTTP on one connection a request, `--pdf-requests` one after the
    other a round; its pages counted. The first fetch is timed apart (for the product, the
    first PDF a worker makes lays the whole plan out afresh) and one more warms up."""
    state: dict[str, Any] = {}

    def get() -> float:
        answer = fetch(port, "GET", path, headers=headers)
        problem = pdf_problem(answer)
        if problem:
            raise BenchError(f"GET {path} {problem} ({what})")
        state["pages"] = pdf_pages(answer.body)
        state["bytes"] = len(answer.body)
        return answer.seconds

    def prepare() -> None:
        state["first_s"] = round(get(), 3)
        get()

    side = timed_side(
        what,
        lambda round_index: [get() for _ in range(args.pdf_requests)],
        pages=lambda: state.get("pages"),
        pdf_bytes=lambda: state.get("bytes"),
        first_s=lambda: state.get("first_s"),
    )
    side.prepare = prepare
    return side


def interleave(operations: list[Operation], order: tuple[str, str], rounds: int) -> None:
    """Each round measures every operation on both sides, one right after the other; the side
    measured first alternates from round to round."""
    for round_index in range(rounds):
        sides = order if round_index % 2 == 0 else order[::-1]
        print(f"Round {round_index + 1} of {rounds} (load average {load_average()})", flush=True)
        for operation in operations:
            for name in sides:
                side = operation.sides.get(name)
                if side is None:
                    continue
                figures = side.measure(round_index)
                side.rounds.append(figures)
                print(
                    f"  {operation.name:<14} {name:<8} p50 {figures['p50_ms']:9.1f} ms  "
                    f"p95 {figures['p95_ms']:9.1f} ms  n {figures['requests']}"
                    + (f"  ERRORS {figures['errors']}" if figures["errors"] else ""),
                    flush=True,
                )


def round_ratios(numerator: Side, denominator: Side, key: str) -> list[float]:
    return [
        a[key] / b[key]
        for a, b in zip(numerator.rounds, denominator.rounds, strict=False)
        if a.get(key) and b.get(key)
    ]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# The product's data and pages --------------------------------------------------------------------


@dataclasses.dataclass
class Product:
    """What the bench needs of the generated data: who signs in, which pages, which actions."""

    lead_l: str
    lead_x: str
    plan_l: int
    plan_x: int
    actions_l: int
    actions_x: int
    read_action: int
    read_action_updates: int
    write_actions: list[int]


def generate(args: argparse.Namespace) -> tuple[Product, list[dict[str, Any]]]:
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count

    from tracker.accounts.models import User
    from tracker.performance.demo import synthetic as impact_synthetic
    from tracker.plans.demo import synthetic
    from tracker.plans.models import Action, DeliveryStatus, Plan

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated a new {connection.vendor} database in {time.perf_counter() - started:.1f} s")
    generation: list[dict[str, Any]] = []
    found: dict[str, tuple[str, int, int]] = {}
    for tier in ("L", "X"):
        started = time.perf_counter()
        local_authority = synthetic.generate_tier(tier=tier, seed=args.seed)
        impact_synthetic.generate_impact(local_authority=local_authority, seed=args.seed)
        seconds = time.perf_counter() - started
        shape = synthetic.TIERS[tier]
        generation.append({"tier": tier, "seconds": round(seconds, 2), **dataclasses.asdict(shape)})
        print(f"Generated tier {tier}: {shape.actions:,} actions in {seconds:.1f} s", flush=True)
        lead = (
            User.objects.filter(local_authority=local_authority, role=User.Role.IMPROVEMENT_LEAD)
            .order_by("pk")
            .first()
        )
        if lead is None:
            raise BenchError(f"tier {tier} has no improvement lead")
        plan = Plan.objects.get(local_authority=local_authority)
        found[tier] = (lead.username, plan.pk, Action.objects.filter(plan=plan).count())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    plan_l = found["L"][1]
    counted = (
        Action.objects.filter(plan_id=plan_l)
        .annotate(updates=Count("progress_updates"))
        .values_list("pk", "updates")
        .order_by("pk")
    )
    # The action page with 35 progress updates (the peer's O3 issue has 35 notes).
    read_action, updates = min(counted, key=lambda row: (abs(row[1] - 35), row[0]))
    writes = list(
        Action.objects.filter(plan_id=plan_l)
        .exclude(pk=read_action)
        .exclude(status=DeliveryStatus.VERIFIED)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    connections.close_all()  # the server opens its own; SQLite is then used by it alone
    product = Product(
        lead_l=found["L"][0],
        lead_x=found["X"][0],
        plan_l=plan_l,
        plan_x=found["X"][1],
        actions_l=found["L"][2],
        actions_x=found["X"][2],
        read_action=read_action,
        read_action_updates=updates,
        write_actions=writes,
    )
    return product, generation


def count_check(needle: str, at_least: int) -> Callable[[bytes], str | None]:
    def check(body: bytes) -> str | None:
        found = body.count(needle.encode())
        return None if found >= at_least else f"{found} of {needle!r}, expected {at_least}"

    return check


def api_page_check(count: int) -> Callable[[bytes], str | None]:
    """A page of the API's list holding `count` records, as JSON."""

    def check(body: bytes) -> str | None:
        try:
            results = json.loads(body)["results"]
        except (ValueError, KeyError, TypeError):
            return f"answered {body[:60]!r}, not a page of the API's list"
        if len(results) != count:
            return f"the page holds {len(results)} records, not {count}"
        return None

    return check


def product_operations(
    product: Product, server: Gunicorn, args: argparse.Namespace
) -> tuple[dict[str, Side], dict[str, Browser]]:
    """The product's side of each operation, by operation name."""
    from django.urls import reverse

    lead_l = sign_in(
        server.port,
        path=reverse("accounts:login"),
        username=product.lead_l,
        password=SYNTHETIC_PASSWORD,
    )
    lead_x = sign_in(
        server.port,
        path=reverse("accounts:login"),
        username=product.lead_x,
        password=SYNTHETIC_PASSWORD,
    )
    # wrk sends the session cookie alone: no messages cookie, nothing that changes.
    as_l, as_x = lead_l.cookie_header("sessionid"), lead_x.cookie_header("sessionid")
    plan_l = reverse("plans:plan_detail", kwargs={"plan_id": product.plan_l})
    plan_x = reverse("plans:plan_detail", kwargs={"plan_id": product.plan_x})
    action = reverse(
        "plans:action_detail", kwargs={"plan_id": product.plan_l, "action_id": product.read_action}
    )
    csv = reverse("reporting:plan_export_csv", kwargs={"plan_id": product.plan_l})
    api_list = reverse("api:action_list") + f"?plan={product.plan_l}&page_size=100"
    plan_pdf = reverse("reporting:plan_export_pdf", kwargs={"plan_id": product.plan_l})
    port = server.port

    def action_links(plan_id: int, count: int) -> Callable[[bytes], str | None]:
        return count_check(f"/plans/{plan_id}/actions/", count)

    sides = {
        "B0 signed in": page_side(
            port,
            reverse("bench_b0_signed_in"),
            as_l,
            what="trivial view behind sign-in",
            args=args,
            check=lambda body: None if body.startswith(b"ok ") else f"answered {body[:40]!r}",
        ),
        "B0 anonymous": page_side(
            port, reverse("bench_b0"), {}, what="trivial view, anonymous", args=args
        ),
        "O2-L": page_side(
            port,
            plan_l,
            as_l,
            what=f"plan page, {product.actions_l} actions",
            args=args,
            check=action_links(product.plan_l, product.actions_l),
        ),
        "O2-X": page_side(
            port,
            plan_x,
            as_x,
            what=f"plan page, {product.actions_x} actions",
            args=args,
            check=action_links(product.plan_x, product.actions_x),
        ),
        "O3": page_side(
            port,
            action,
            as_l,
            what=f"action page, {product.read_action_updates} updates",
            args=args,
        ),
        "O5": page_side(
            port,
            api_list,
            as_l,
            what="API list of 100 actions (JSON, signed-in session)",
            args=args,
            check=api_page_check(100),
        ),
        "O5b": page_side(
            port,
            csv,
            as_l,
            what=f"plan CSV export, {product.actions_l} actions",
            args=args,
            check=count_check("\n", product.actions_l + 1),
        ),
        "dashboard L": page_side(port, "/", as_l, what="dashboard, tier L", args=args),
        "dashboard X": page_side(port, "/", as_x, what="dashboard, tier X", args=args),
    }
    sides["O4"] = timed_side(
        "record progress: POST of the form (GET of the form untimed)",
        product_writer(product, lead_l, args),
    )
    sides["O4b"] = product_api_writer(product, port, args)
    if not args.no_pdf:
        sides["O7"] = pdf_side(
            port,
            plan_pdf,
            as_l,
            what=f"the plan as PDF, {product.actions_l} actions (made in the request)",
            args=args,
        )
    return sides, {"L": lead_l, "X": lead_x}


def product_writer(
    product: Product, browser: Browser, args: argparse.Namespace
) -> Callable[[int], list[float]]:
    """Record progress as an officer does: open the form (fresh CSRF token and version), post
    it; only the POST is timed. Round robin over 200 actions of plan L (not the one read)."""
    from django.urls import reverse

    counter = iter(range(10**9))

    def run(round_index: int) -> list[float]:
        times = []
        for _ in range(args.writes):
            action_id = product.write_actions[next(counter) % len(product.write_actions)]
            path = reverse(
                "plans:progress_create",
                kwargs={"plan_id": product.plan_l, "action_id": action_id},
            )
            page = browser.get(path)
            if page.status != 200:
                raise BenchError(f"GET {path} answered {page.status}")
            form = form_with(page.body, "narrative")
            narrative = (
                f"Bench progress update at {datetime.datetime.now(datetime.UTC):%H:%M:%S}: "
                "audit sample reviewed, actions agreed."
            )
            answer = browser.post(form.action or path, form.with_values(narrative=narrative))
            if answer.status != 302:
                problem = answer.body.decode("utf-8", "replace")
                start = problem.find("govuk-error-summary")
                raise BenchError(
                    f"POST {path} answered {answer.status}: {problem[start : start + 600]}"
                )
            times.append(answer.seconds)
        return times

    return run


def product_api_writer(product: Product, port: int, args: argparse.Namespace) -> Side:
    """O4b: record progress through the API, as Redmine's side does: a read-write token made for
    the lead of plan L, the action's ETag read first (untimed), then the timed POST with
    If-Match. Round robin over the same 200 actions as O4."""
    from django.urls import reverse
    from django.utils import timezone

    from tracker.accounts.models import ApiToken, User
    from tracker.accounts.tokens.services import api_token_create

    lead = User.objects.get(username=product.lead_l)
    made = api_token_create(
        by=lead,
        name="Bench",
        scope=ApiToken.Scope.READ_WRITE,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    token = {"Authorization": f"Bearer {made.secret}"}
    counter = iter(range(10**9))

    def run(round_index: int) -> list[float]:
        times = []
        for _ in range(args.writes):
            action_id = product.write_actions[next(counter) % len(product.write_actions)]
            action = reverse("api:action_detail", kwargs={"action_id": action_id})
            read = fetch(port, "GET", action, headers=token)
            if read.status != 200:
                raise BenchError(f"GET {action} answered {read.status}")
            path = reverse("api:progress_update_list", kwargs={"action_id": action_id})
            now = datetime.datetime.now(datetime.UTC)
            body = {
                "narrative": f"Bench progress update at {now:%H:%M:%S}: audit sample reviewed.",
                "status": "in_progress",
                "brag": "green",
            }
            answer = fetch(
                port,
                "POST",
                path,
                headers={
                    **token,
                    "Content-Type": "application/json",
                    "If-Match": read.headers["ETag"],
                },
                body=json.dumps(body).encode(),
            )
            if answer.status != 201:
                raise BenchError(f"POST {path} answered {answer.status}: {answer.body[:300]!r}")
            times.append(answer.seconds)
        return times

    return timed_side("record progress: POST to the API with a token and If-Match", run)


def product_board_paper(product: Product) -> tuple[Side, dict[str, Any]]:
    """O7b: the board paper of plan L as PDF, built in this process with the public service
    the `export_board_paper` command calls (one untimed build first: imports and caches).
    Redmine has nothing like it; it was O7 until the plan itself could be had as PDF."""
    from tracker.plans.models import Plan
    from tracker.reporting.papers import services as paper_services

    state: dict[str, Any] = {}

    def build() -> float:
        plan = Plan.objects.get(pk=product.plan_l)
        started = time.perf_counter()
        content, _name = paper_services.board_paper_export(plan=plan, format="pdf")
        seconds = time.perf_counter() - started
        state["pages"] = pdf_pages(content)
        state["bytes"] = len(content)
        return seconds

    def prepare() -> None:
        state["first_s"] = round(build(), 2)

    def run(round_index: int) -> list[float]:
        return [build()]

    side = timed_side(
        "board paper PDF, 400-action plan (in-process build)",
        run,
        pages=lambda: state.get("pages"),
        pdf_bytes=lambda: state.get("bytes"),
    )
    side.prepare = prepare
    return side, state


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


# The peer's side ---------------------------------------------------------------------------------


def peer_operations(peer: Peer, args: argparse.Namespace) -> dict[str, Side]:
    """Redmine's matching operations (its README maps them), as its own bench.sh does."""
    admin = sign_in(peer.port, path="/login", username="admin", password=peer.password)
    session = {
        k: v for k, v in admin.cookies.items() if "session" in k.lower() or k == "Redmine"
    } or admin.cookies
    as_admin = {"Cookie": "; ".join(f"{k}={v}" for k, v in session.items())}
    key = {"X-Redmine-API-Key": peer.key}
    port = peer.port
    o3 = peer.plan_l_first_id + 99
    rows = 'class="hascontextmenu'
    sides = {
        "B0 signed in": page_side(
            port, "/login", {}, what="/login (smallest full page)", args=args
        ),
        "B0 anonymous": page_side(port, "/robots.txt", {}, what="/robots.txt", args=args),
        "O2-L": page_side(
            port,
            "/projects/plan-l/issues?set_filter=1&per_page=500",
            as_admin,
            what="issue list, 400 issues",
            args=args,
            check=count_check(rows, 400),
        ),
        "O2-X": page_side(
            port,
            "/projects/plan-x/issues?set_filter=1&per_page=2000",
            as_admin,
            what="issue list, 2,000 issues",
            args=args,
            check=count_check(rows, 2000),
        ),
        "O3": page_side(
            port,
            f"/issues/{o3}",
            as_admin,
            what="issue page, 35 notes",
            args=args,
            check=count_check('id="change-', 35),
        ),
        "O5": page_side(
            port,
            "/issues.json?project_id=plan-l&limit=100",
            key,
            what="API list of 100 issues (JSON)",
            args=args,
            check=count_check('"limit":100', 1),
        ),
    }
    counter = iter(range(10**9))

    def put(round_index: int) -> list[float]:
        times = []
        for _ in range(args.writes):
            issue = peer.plan_l_first_id + 200 + next(counter) % 200
            now = datetime.datetime.now(datetime.UTC)
            note = f"Bench progress update at {now:%H:%M:%S}: audit sample reviewed."
            answer = fetch(
                port,
                "PUT",
                f"/issues/{issue}.json",
                headers={"Content-Type": "application/json", **key},
                body=json.dumps({"issue": {"notes": note}}).encode(),
            )
            if answer.status != 204:
                raise BenchError(f"PUT /issues/{issue}.json answered {answer.status}")
            times.append(answer.seconds)
        return times

    sides["O4"] = timed_side("PUT /issues/ID.json with a note (API key)", put)
    # The same request again, beside the product's API write (measured in its own turn).
    sides["O4b"] = timed_side("PUT /issues/ID.json with a note (API key)", put)
    if not args.no_pdf:
        sides["O7"] = pdf_side(
            port,
            "/projects/plan-l/issues.pdf?set_filter=1",
            as_admin,
            what="issue list PDF, 400 issues",
            args=args,
        )
    return sides


# Report ------------------------------------------------------------------------------------------

OPERATIONS = (
    ("B0 signed in", "floor: trivial view behind sign-in (peer: /login)", ()),
    ("B0 anonymous", "floor: trivial view, anonymous (peer: /robots.txt)", ()),
    ("O2-L", "plan page, every action, 400 actions", ("peer",)),
    ("O2-X", "plan page, every action, 2,000 actions", ("peer",)),
    ("O3", "action page, 35 progress updates", ("peer", "b0")),
    ("O4", "record a progress update (sequential)", ("peer", "b0")),
    ("O4b", "record a progress update through the API (sequential)", ("peer", "b0")),
    ("O5", "API list of 100 actions, JSON", ("peer",)),
    ("O5b", "the plan's CSV export, all 400 actions (no peer)", ()),
    ("dashboard L", "dashboard, 40 sections", ("b0",)),
    ("dashboard X", "dashboard, 100 sections", ("b0",)),
    ("O7", "the plan as PDF, 400 actions, over HTTP (peer: issue list PDF)", ("peer",)),
    ("O7b", "board paper PDF, 400 actions, in-process (no peer)", ()),
)


def summarise(
    operations: list[Operation], *, first: str, second: str, floor: str
) -> list[dict[str, Any]]:
    """One row per operation: medians over the rounds and medians of the rounds' ratios."""
    b0 = next((op.sides.get(first) for op in operations if op.name == floor), None)
    rows = []
    for operation in operations:
        mine, theirs = operation.sides.get(first), operation.sides.get(second)
        if mine is None or not mine.rounds:
            continue
        row: dict[str, Any] = {
            "op": operation.name,
            "what": operation.what,
            first: mine.what,
            f"{first}_p50_ms": mine.median("p50_ms"),
            f"{first}_p95_ms": mine.median("p95_ms"),
            f"{first}_requests": sum(r["requests"] for r in mine.rounds),
            f"{first}_errors": sum(r["errors"] for r in mine.rounds),
            "rounds": {first: mine.rounds},
            "targets": list(operation.targets),
        }
        if theirs is not None and theirs.rounds:
            row |= {
                second: theirs.what,
                f"{second}_p50_ms": theirs.median("p50_ms"),
                f"{second}_p95_ms": theirs.median("p95_ms"),
                f"{second}_requests": sum(r["requests"] for r in theirs.rounds),
                f"{second}_errors": sum(r["errors"] for r in theirs.rounds),
                "ratio_p50": _median(round_ratios(theirs, mine, "p50_ms")),
                "ratio_p95": _median(round_ratios(theirs, mine, "p95_ms")),
            }
            row["rounds"][second] = theirs.rounds
        # A floor's multiple means something for a request, not for a 20-second document.
        if b0 is not None and operation.name not in {floor, "O7", "O7b"} and b0.rounds:
            row["x_b0_p95"] = _median(round_ratios(mine, b0, "p95_ms"))
        rows.append(row)
    return rows


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_table(rows: list[dict[str, Any]], *, first: str, second: str, ratio: str) -> None:
    header = (
        f"| op | what | {first} p50 ms | {first} p95 ms | {second} p50 ms | {second} p95 ms "
        f"| {ratio} p50 | {ratio} p95 | {first} p95 / B0 p95 | target |"
    )
    print(header)
    print("|---" * 10 + "|")
    for row in rows:
        verdicts = []
        for target in row["targets"]:
            if target == "peer" and row.get("ratio_p50") is not None:
                met = min(row["ratio_p50"], row["ratio_p95"] or 0) >= TARGET_RATIO
                verdicts.append(f"{ratio} >= 5: {'met' if met else 'NOT MET'}")
            if target == "b0" and row.get("x_b0_p95") is not None:
                met = row["x_b0_p95"] <= TARGET_RATIO
                verdicts.append(f"p95 <= 5 x B0: {'met' if met else 'NOT MET'}")
        errors = row.get(f"{first}_errors", 0) + row.get(f"{second}_errors", 0)
        if errors:
            verdicts.append(f"ERRORS {errors}")
        print(
            f"| {row['op']} | {row['what']} | {_fmt(row.get(f'{first}_p50_ms'))} "
            f"| {_fmt(row.get(f'{first}_p95_ms'))} | {_fmt(row.get(f'{second}_p50_ms'))} "
            f"| {_fmt(row.get(f'{second}_p95_ms'))} | {_fmt(row.get('ratio_p50'), 2)} "
            f"| {_fmt(row.get('ratio_p95'), 2)} | {_fmt(row.get('x_b0_p95'), 2)} "
            f"| {'; '.join(verdicts)} |"
        )


def pdf_summary(rows: list[dict[str, Any]], first_build_s: float | None) -> dict[str, Any] | None:
    """The PDFs in a line: O7, the plan as PDF against Redmine's issue list PDF (pages,
    seconds, the first fetch apart); O7b, the board paper's pages a second (target 20)."""
    plan = next((r for r in rows if r["op"] == "O7"), None)
    paper = next((r for r in rows if r["op"] == "O7b"), None)
    if plan is None and paper is None:
        return None
    summary: dict[str, Any] = {}
    parts = []
    if plan is not None:
        product_rounds = plan["rounds"]["product"]
        summary |= {
            "plan_pages": product_rounds[-1].get("pages"),
            "plan_seconds": plan["product_p50_ms"] / 1000,
            "plan_p95_seconds": plan["product_p95_ms"] / 1000,
            "plan_first_fetch_s": product_rounds[-1].get("first_s"),
        }
        text = (
            f"PDF: the plan (O7), {summary['plan_pages']} pages in "
            f"{summary['plan_seconds']:.3f} s (p50; p95 {summary['plan_p95_seconds']:.3f} s; "
            f"the worker's first {summary['plan_first_fetch_s']} s)"
        )
        if "peer" in plan["rounds"]:
            peer_rounds = plan["rounds"]["peer"]
            summary |= {
                "peer_pages": peer_rounds[-1].get("pages"),
                "peer_seconds": plan["peer_p50_ms"] / 1000,
                "peer_p95_seconds": plan["peer_p95_ms"] / 1000,
            }
            text += (
                f" against Redmine's issue list PDF, {summary['peer_pages']} pages in "
                f"{summary['peer_seconds']:.3f} s (p95 {summary['peer_p95_seconds']:.3f} s)"
            )
        parts.append(text)
    if paper is not None:
        paper_rounds = paper["rounds"]["product"]
        summary |= {
            "product_pages": paper_rounds[-1].get("pages"),
            "product_seconds": paper["product_p50_ms"] / 1000,
            "product_first_build_s": first_build_s,
        }
        summary["product_pages_per_s"] = summary["product_pages"] / summary["product_seconds"]
        met = "met" if summary["product_pages_per_s"] >= 20 else "NOT MET"
        parts.append(
            f"the board paper (O7b), {summary['product_pages']} pages in "
            f"{summary['product_seconds']:.2f} s (median), "
            f"{summary['product_pages_per_s']:.1f} pages/s (target 20: {met}; "
            f"first build {first_build_s} s)"
        )
    print("; ".join(parts))
    return summary


# Main --------------------------------------------------------------------------------------------


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed: `sudo apt-get install wrk` (Debian's package), or run "
            "`make bench-peer`, which installs it.",
            file=sys.stderr,
        )
        return 2
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    load_start = load_average()
    print(f"Load average at start: {load_start}")
    peer, why = (None, "--no-peer given") if args.no_peer else (None, "")
    if not args.no_peer and not args.compare_connections:
        peer, why = find_peer(args.peer_url, Path(args.peer_data))
        if peer is None:
            print(why)
    database = prepare_database(args)
    os.environ["DATABASE_URL"] = database.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    signal.signal(signal.SIGTERM, _terminate)
    import django

    django.setup()
    servers: list[Gunicorn] = []
    logs = Path(tempfile.mkdtemp(prefix="tracker-bench-peer-"))
    try:
        product, generation = generate(args)
        from django.db import connection

        vendor = connection.vendor
        if args.compare_connections:
            result = compare_connections(args, product, database.url, servers, logs)
        else:
            result = side_by_side(args, product, database.url, servers, logs, peer)
        if peer is None and not args.compare_connections:
            result["peer_missing"] = why
    except BenchError as error:
        print(f"bench/peer.py: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the server and removing the database", file=sys.stderr)
        return 130
    finally:
        for server in servers:
            server.stop()
        from django.db import connections

        connections.close_all()
        database.cleanup()
        shutil.rmtree(logs, ignore_errors=True)
    load_end = load_average()
    print(f"\nLoad average at start {load_start}, at end {load_end} ({os.cpu_count()} CPUs)")
    result |= {
        "started_at": started_at,
        "git_commit": _git_commit(),
        "load_average": {"start": load_start, "end": load_end},
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "database": {"vendor": vendor, "url": _redacted(database.url)},
        "generation": generation,
        "options": {
            k: getattr(args, k)
            for k in ("rounds", "duration", "max_duration", "writes", "no_pdf", "afresh", "seed")
        },
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = started_at.replace(":", "").replace("-", "").replace("+0000", "Z")
    kind = "connections" if args.compare_connections else "peer-afresh" if args.afresh else "peer"
    path = RESULTS / f"{kind}-{stamp}-{vendor}.json"
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"Wrote {path.relative_to(ROOT)}")
    return 0


def side_by_side(
    args: argparse.Namespace,
    product: Product,
    database_url: str,
    servers: list[Gunicorn],
    logs: Path,
    peer: Peer | None,
) -> dict[str, Any]:
    server = Gunicorn(
        database_url=database_url,
        conn_max_age=args.conn_max_age,
        log=logs / "gunicorn.log",
        afresh=args.afresh,
    )
    servers.append(server)
    server.start()
    kept = "no cache: every page worked out afresh" if args.afresh else "pages kept between changes"
    print(f"gunicorn serving the product on 127.0.0.1:{server.port} (1 sync worker, {kept})")
    mine, _browsers = product_operations(product, server, args)
    first_paper: dict[str, Any] = {}
    if not args.no_pdf:
        mine["O7b"], first_paper = product_board_paper(product)
    theirs = peer_operations(peer, args) if peer is not None else {}
    operations = [
        Operation(
            name=name,
            what=what,
            targets=targets,
            sides={k: v for k, v in (("product", mine.get(name)), ("peer", theirs.get(name))) if v},
        )
        for name, what, targets in OPERATIONS
        if name in mine
    ]
    print("Checking and warming up every page (3 requests each; the PDFs once)", flush=True)
    for operation in operations:
        for side in operation.sides.values():
            side.prepare()
    interleave(operations, ("product", "peer"), args.rounds)
    rows = summarise(operations, first="product", second="peer", floor="B0 signed in")
    print()
    print(
        f"Product (gunicorn, 1 sync worker) against Redmine (puma), one connection; medians of "
        f"{args.rounds} interleaved rounds; ratios are medians of the rounds' ratios"
    )
    if peer is None:
        print("(no peer: product only)")
    print_table(rows, first="product", second="peer", ratio="peer/product")
    pdf = pdf_summary(rows, first_paper.get("first_s")) if not args.no_pdf else None
    return {"kind": "peer", "rows": rows, "pdf": pdf, "peer": bool(peer)}


def compare_connections(
    args: argparse.Namespace,
    product: Product,
    database_url: str,
    servers: list[Gunicorn],
    logs: Path,
) -> dict[str, Any]:
    """Two gunicorns on one database, one opening a connection per request (CONN_MAX_AGE 0),
    one keeping it (60 s), measured interleaved on the same pages."""
    sides: dict[str, dict[str, Side]] = {}
    for age in (0, 60):
        server = Gunicorn(database_url=database_url, conn_max_age=age, log=logs / f"g{age}.log")
        servers.append(server)
        server.start()
        found, _ = product_operations(product, server, args)
        sides[f"age {age}"] = found
    names = ("B0 signed in", "O2-L", "O3", "O4", "dashboard L")
    operations = [
        Operation(
            name=name,
            what=re.sub(r" \(peer: [^)]*\)", "", what),
            targets=(),
            sides={"age 0": sides["age 0"][name], "age 60": sides["age 60"][name]},
        )
        for name, what, _ in OPERATIONS
        if name in names
    ]
    for operation in operations:
        for side in operation.sides.values():
            side.prepare()
    interleave(operations, ("age 0", "age 60"), args.rounds)
    rows = summarise(operations, first="age 60", second="age 0", floor="B0 signed in")
    print()
    print(
        "CONN_MAX_AGE 60 (persistent) against 0 (a connection per request), one gunicorn each "
        f"on the same database; medians of {args.rounds} interleaved rounds"
    )
    print_table(rows, first="age 60", second="age 0", ratio="age 0 / age 60")
    return {"kind": "connections", "rows": rows}


if __name__ == "__main__":
    sys.exit(main())
