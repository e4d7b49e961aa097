"""The national mix's pieces (bench/national.py): its mix, schedule, timing, error counting
and verdict. No benchmark runs here: these check that it measures the right thing."""

from __future__ import annotations

import itertools
import os
import random
import shutil
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from bench import national

ROOT = Path(__file__).resolve().parent.parent


# The mix -----------------------------------------------------------------------------------------


def test_the_mix_weights_add_up_to_100_over_the_pages_people_open():
    assert sum(page.weight for page in national.MIX) == 100
    assert all(page.weight > 0 for page in national.MIX)
    assert {page.kind: page.url_name for page in national.MIX} == {
        "dashboard": "core:dashboard",
        "plan": "plans:plan_detail",
        "action": "plans:action_detail",
        "scorecard": "performance:measure_list",
        "coverage": "performance:plan_coverage",
        "calendar": "schedule:calendar",
        "national": "inspections:national_picture",
    }


def _person(index=0, *, role="action_owner", writes=(), plan_id=7):
    return national.Person(
        username=f"user-{index}",
        role=role,
        local_authority_id=100 + index,
        plan_id=plan_id,
        read_actions=[31, 32, 33],
        write_actions=list(writes),
    )


@pytest.mark.urls("bench.urls")
def test_every_page_of_the_mix_is_a_url_of_the_app():
    person = _person()
    rng = random.Random(1)  # noqa: S311

    paths = {page.kind: national.page_path(page, person, rng) for page in national.MIX}

    assert paths["dashboard"] == "/"
    assert paths["plan"] == reverse("plans:plan_detail", kwargs={"plan_id": 7})
    assert paths["action"] in {
        reverse("plans:action_detail", kwargs={"plan_id": 7, "action_id": pk})
        for pk in (31, 32, 33)
    }
    assert paths["coverage"] == "/performance/plans/7/coverage/"
    assert paths["scorecard"] == "/performance/measures/"
    assert paths["calendar"] == "/calendar/"
    assert paths["national"] == "/inspections/national/"
    assert national.update_path(person, 32) == reverse(
        "plans:progress_create", kwargs={"plan_id": 7, "action_id": 32}
    )
    assert reverse("accounts:login") == national.SIGN_IN_PATH


def test_pages_are_drawn_in_proportion_to_their_weights():
    rng = random.Random(5)  # noqa: S311
    drawn = Counter(national.pick_page(rng).kind for _ in range(20_000))

    for page in national.MIX:
        assert abs(drawn[page.kind] / 20_000 - page.weight / 100) < 0.015, page.kind


# Who signs in ------------------------------------------------------------------------------------


def _candidates(authorities=10):
    found = []
    for place in range(authorities):
        for role, count in (("improvement_lead", 2), ("action_owner", 6), ("viewer", 5)):
            found += [
                national.Candidate(f"la{place}-{role}-{n}", role, place) for n in range(count)
            ]
    return found


def test_people_are_spread_over_the_authorities_and_the_roles():
    chosen = national.choose_people(_candidates(), 40, seed=3)

    assert len(chosen) == len(set(chosen)) == 40
    assert Counter(c.local_authority_id for c in chosen) == dict.fromkeys(range(10), 4)
    assert Counter(c.role for c in chosen) == {
        "action_owner": 20,
        "viewer": 10,
        "improvement_lead": 10,
    }
    # Every authority gets each role, whatever the number of authorities.
    for place in range(10):
        assert {c.role for c in chosen if c.local_authority_id == place} == {
            "action_owner",
            "viewer",
            "improvement_lead",
        }
    assert national.choose_people(_candidates(), 40, seed=3) == chosen
    assert national.choose_people(_candidates(), 40, seed=4) != chosen


def test_people_run_out_gracefully_and_other_roles_stand_in():
    few = _candidates(2)

    chosen = national.choose_people(few, 100, seed=0)

    assert sorted(chosen, key=lambda c: c.username) == sorted(few, key=lambda c: c.username)


def test_updates_go_round_the_writers_each_action_once_a_cycle():
    people = [_person(0, writes=[1, 2, 3]), _person(1, role="viewer"), _person(2, writes=[9])]

    assert national.write_pairs(people) == [(0, 1), (2, 9), (0, 2), (0, 3)]
    assert national.write_pairs([_person(1, role="viewer")]) == []


# Schedule ----------------------------------------------------------------------------------------


def test_a_fixed_rate_gives_rate_times_duration_requests_evenly_spaced():
    due = national.schedule(40, 300)

    assert len(due) == 12_000
    assert due[0] == 0
    assert due[1] == pytest.approx(0.025)
    assert due[-1] == pytest.approx(299.975)
    assert all(b - a == pytest.approx(0.025) for a, b in itertools.pairwise(due))
    assert len(national.schedule(2, 300)) == 600
    assert national.schedule(2, 3, phase=0.1) == pytest.approx([0.1, 0.6, 1.1, 1.6, 2.1, 2.6])
    assert national.schedule(0, 300) == []


def test_slots_hold_the_page_views_and_updates_at_their_rates_in_time_order():
    people = [_person(0, writes=[1, 2]), _person(1, role="viewer"), _person(2, writes=[9])]

    slots = national.build_slots(
        people,
        duration=10,
        page_rate=40,
        update_rate=2,
        seed=1,
        page_path=lambda page, person, rng: f"/{page.kind}/{person.username}",
        update_path=lambda person, action_id: f"/update/{person.username}/{action_id}",
    )

    updates = [s for s in slots if s.kind == national.UPDATE]
    views = [s for s in slots if s.kind != national.UPDATE]
    assert len(views) == 400
    assert len(updates) == 20
    assert [s.at for s in slots] == sorted(s.at for s in slots)
    assert [u.at for u in updates] == pytest.approx([0.0125 + n * 0.5 for n in range(20)])
    assert [u.path for u in updates[:4]] == [
        "/update/user-0/1",
        "/update/user-2/9",
        "/update/user-0/2",
        "/update/user-0/1",
    ]
    assert {s.person for s in views} == {0, 1, 2}
    assert all(s.path == f"/{s.kind}/user-{s.person}" for s in views)
    # The same seed, the same mix.
    again = national.build_slots(
        people,
        duration=10,
        page_rate=40,
        update_rate=2,
        seed=1,
        page_path=lambda page, person, rng: f"/{page.kind}/{person.username}",
        update_path=lambda person, action_id: f"/update/{person.username}/{action_id}",
    )
    assert again == slots


# Errors ------------------------------------------------------------------------------------------


def test_only_the_expected_answers_are_not_errors():
    assert national.classify("dashboard", 200) is None
    assert national.classify(national.UPDATE_FORM, 200) is None
    assert national.classify(national.UPDATE_SAVE, 302, "/plans/1/actions/2/") is None
    signed_out = national.classify("plan", 302, "/accounts/sign-in/?next=/plans/1/")
    assert signed_out == "302 to the sign-in page (signed out)"
    assert national.classify(national.UPDATE_SAVE, 302, "http://127.0.0.1:80/accounts/sign-in/")
    assert national.classify(national.UPDATE_SAVE, 200) == (
        "answered 200, not 302 (the form was refused)"
    )
    assert national.classify("action", 302, "/elsewhere/") == "answered 302, not 200"
    assert national.classify("national", 403) == "answered 403, not 200"
    assert national.classify("coverage", 500) == "answered 500, not 200"


FORM = b"""<html><form method="post" action="/accounts/sign-out/">
<input type="hidden" name="csrfmiddlewaretoken" value="other"></form>
<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="masked-token">
<input type="hidden" name="version" value="12">
<textarea name="narrative"></textarea>
<input type="radio" name="status" value="in_progress" checked></form></html>"""


@pytest.fixture
def server():
    """A server on 127.0.0.1: /slow/ answers after 0.3 s, /lost/ sends to the sign-in page,
    /form/ is a progress form that, posted, sends to the action; it records what it was sent."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status, body=b"", location=None):
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            seen.append(("GET", self.path, self.headers.get("Cookie"), b""))
            if self.path == "/slow/":
                time.sleep(0.3)
                self._answer(200, b"slow")
            elif self.path == "/lost/":
                self._answer(302, location="/accounts/sign-in/?next=/lost/")
            elif self.path == "/form/":
                self._answer(200, FORM)
            else:
                self._answer(200, b"ok")

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(("POST", self.path, self.headers.get("Cookie"), body))
            self._answer(302, location="/plans/1/actions/2/")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], seen
    httpd.shutdown()
    httpd.server_close()


def test_a_lost_session_during_the_mix_counts_as_an_error(server):
    port, _seen = server
    person = _person()
    person.cookies = {"sessionid": "s", "csrftoken": "c", "messages": "m"}
    send = national.Sender(port, [person], timeout=10)

    (lost,) = send(national.Slot(0, "dashboard", 0, "/lost/"), time.perf_counter())
    (found,) = send(national.Slot(0, "dashboard", 0, "/"), time.perf_counter())

    assert lost.status == 302
    assert lost.error == "302 to the sign-in page (signed out)"
    assert found.error is None
    assert found.status == 200


def test_a_request_the_server_never_answers_is_an_error():
    send = national.Sender(national_free_port(), [_person()], timeout=2)

    (outcome,) = send(national.Slot(0, "dashboard", 0, "/"), time.perf_counter())

    assert outcome.status is None
    assert outcome.error == "ConnectionRefusedError"


def national_free_port():
    from bench.peer import free_port

    return free_port()


def test_a_progress_update_opens_the_form_then_posts_it_with_its_token_and_version(server):
    port, seen = server
    person = _person()
    person.cookies = {"sessionid": "s", "csrftoken": "c", "messages": "m"}
    send = national.Sender(port, [person], timeout=10)

    due = time.perf_counter()
    opened, saved, whole = send(national.Slot(0, national.UPDATE, 0, "/form/"), due)

    assert [o.kind for o in (opened, saved, whole)] == [
        national.UPDATE_FORM,
        national.UPDATE_SAVE,
        national.UPDATE,
    ]
    assert [o.error for o in (opened, saved, whole)] == [None, None, None]
    assert (opened.status, saved.status) == (200, 302)
    assert saved.scheduled == opened.done  # the save is timed from when its form arrived
    assert whole.scheduled == due and whole.done == saved.done
    (get, post) = seen
    assert get[:3] == ("GET", "/form/", "sessionid=s; csrftoken=c")
    assert post[:3] == ("POST", "/form/", "sessionid=s; csrftoken=c")
    fields = parse_qs(post[3].decode())
    assert fields["csrfmiddlewaretoken"] == ["masked-token"]
    assert fields["version"] == ["12"]
    assert fields["status"] == ["in_progress"]
    assert fields["narrative"][0].startswith("National mix update at ")


def test_page_views_send_the_session_cookie_alone(server):
    port, seen = server
    person = _person()
    person.cookies = {"sessionid": "s", "csrftoken": "c", "messages": "m"}

    national.Sender(port, [person], timeout=10)(national.Slot(0, "plan", 0, "/"), 0.0)

    assert seen[0][2] == "sessionid=s"


# Open loop: latency from the due time ------------------------------------------------------------


def test_requests_are_sent_when_due_whatever_the_server_and_timed_from_then(server):
    port, _seen = server
    send = national.Sender(port, [_person()], timeout=10)
    slots = [national.Slot(at, "dashboard", 0, "/slow/") for at in (0.0, 0.05, 0.1, 0.15)]

    start, outcomes = national.drive(slots, send, clients=4, lead=0.05)

    first = min(outcomes, key=lambda o: o.scheduled)
    # Open loop: every request went out before the first (0.3 s) was answered.
    assert all(o.sent < first.done for o in outcomes)
    assert [o.scheduled - start for o in outcomes] == pytest.approx([0, 0.05, 0.1, 0.15])
    assert all(o.latency_ms >= 300 for o in outcomes)


def test_a_request_kept_waiting_counts_its_wait_in_its_latency(server):
    port, _seen = server
    send = national.Sender(port, [_person()], timeout=10)
    # One client thread: the second and third wait for the first (coordinated omission, if
    # the wait were left out, would report three 0.3 s requests).
    slots = [national.Slot(at, "dashboard", 0, "/slow/") for at in (0.0, 0.01, 0.02)]

    _start, outcomes = national.drive(slots, send, clients=1, lead=0.05)

    last = max(outcomes, key=lambda o: o.scheduled)
    assert last.latency_ms >= 3 * 300 - 20 - 5
    assert last.late_ms >= 2 * 300 - 20 - 5
    assert last.service_ms < last.latency_ms - 500


# Summary and verdict -----------------------------------------------------------------------------


def _outcome(kind, latency_ms, *, error=None, at=0.0):
    return national.Outcome(
        kind=kind,
        scheduled=at,
        sent=at,
        done=at + latency_ms / 1000,
        status=200 if error is None else 500,
        error=error,
    )


def test_the_summary_gives_each_kind_the_views_the_updates_and_overall_against_b0():
    outcomes = [_outcome("dashboard", float(ms), at=ms / 100) for ms in range(1, 101)]
    outcomes += [_outcome("plan", 50.0, at=1.0)] * 20
    outcomes += [
        _outcome(national.UPDATE_FORM, 10.0, at=2.0),
        _outcome(national.UPDATE_SAVE, 20.0, at=2.01),
        _outcome(national.UPDATE, 1_000.0, at=2.0),
    ]

    summary = national.summarise(
        outcomes,
        start=0.0,
        duration=4,
        page_rate=30,
        update_rate=0.25,
        b0_p95_ms=[10.0, 8.0, None],
    )

    rows = {row["kind"]: row for row in summary["rows"]}
    assert rows["dashboard"]["requests"] == 100
    assert rows["dashboard"]["p50_ms"] == pytest.approx(50.5)
    assert rows["dashboard"]["p95_ms"] == pytest.approx(95.0)
    assert rows["plan"]["p95_ms"] == pytest.approx(50.0)
    assert rows["page views"]["requests"] == 120
    assert rows["progress updates, whole"]["p95_ms"] == pytest.approx(1_000.0)
    # Overall is every request (the update's two among them), not the updates whole.
    assert rows["overall"]["requests"] == 122
    assert rows["overall"]["p95_ms"] == pytest.approx(94.0)  # the 116th of 122
    assert rows["scorecard"]["requests"] == 0
    verdict = summary["verdict"]
    assert verdict["b0_p95_ms"] == 8.0  # the lower floor: the stricter ratio
    assert verdict["ratio_p95_to_b0"] == pytest.approx(94.0 / 8.0)
    assert not verdict["ratio_met"]
    assert verdict["zero_errors"]
    assert verdict["page_rate"]["achieved"] == pytest.approx(30.0)
    assert verdict["update_rate"]["achieved"] == pytest.approx(0.25)
    assert verdict["rates_met"]
    assert not verdict["met"]


def test_the_verdict_is_met_only_with_no_errors_the_ratio_and_the_rates():
    def verdict(outcomes, *, b0=10.0, page_rate=10):
        return national.summarise(
            outcomes, start=0.0, duration=1, page_rate=page_rate, update_rate=0, b0_p95_ms=[b0]
        )["verdict"]

    fast = [_outcome("action", 20.0, at=n / 10) for n in range(10)]
    assert verdict(fast)["met"]
    assert verdict(fast)["ratio_p95_to_b0"] == pytest.approx(2.0)
    assert not verdict(fast, b0=1.0)["met"]  # 20 x B0
    assert not verdict(fast, page_rate=20)["met"]  # half the rate reached
    failed = [*fast[:-1], _outcome("action", 20.0, error="answered 500, not 200", at=0.9)]
    summary = national.summarise(
        failed, start=0.0, duration=1, page_rate=10, update_rate=0, b0_p95_ms=[10.0]
    )
    assert summary["verdict"]["errors"] == 1
    assert not summary["verdict"]["met"]
    assert summary["errors_by_kind"] == {"action: answered 500, not 200": 1}
    # A run that overruns its duration (the server fell behind) reached a lower rate.
    late = [_outcome("action", 1_000.0, at=n / 10) for n in range(10)]
    assert verdict(late, b0=1_000.0)["page_rate"]["achieved"] == pytest.approx(10 / 1.9)


# Command line and Makefile -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/tracker",
        "postgres://postgres@127.0.0.1:5432/postgres",
        "sqlite:////tmp/bench.sqlite3",
    ],
)
def test_a_database_it_may_not_drop_or_not_postgresql_is_refused(url):
    with pytest.raises(SystemExit):
        national.parse_args(["--database-url", url])


def test_the_defaults_are_the_full_national_run():
    args = national.parse_args([])

    assert args.database_url == "postgres://postgres@127.0.0.1:5432/tracker_bench_national"
    assert (args.scale, args.workers, args.users, args.duration) == (1.0, 3, 60, 300)
    assert (args.page_rate, args.update_rate) == (40.0, 2.0)
    assert args.cache_url == "redis://127.0.0.1:6379/0"


def test_a_cache_that_is_not_redis_is_refused_and_an_empty_one_means_each_workers_own():
    with pytest.raises(SystemExit):
        national.parse_args(["--cache-url", "memcached://127.0.0.1:11211"])
    assert national.parse_args(["--cache-url", ""]).cache_url == ""
    assert national.SharedCache("").describe() == "a cache in each worker"


def test_a_shared_cache_that_does_not_answer_stops_the_run_with_what_to_do():
    with pytest.raises(national.BenchError, match="--cache-url ''"):
        national.SharedCache("redis://127.0.0.1:9/0").start()


def test_the_shared_cache_is_named_to_the_workers_and_its_keys_removed_at_the_end(monkeypatch):
    import redis

    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
    # Set (to nothing) through monkeypatch, so what `start` writes is undone after the test:
    # `delenv` of a variable not set would record nothing to restore.
    monkeypatch.setenv("CACHE_URL", "")
    monkeypatch.setenv("CACHE_KEY_PREFIX", "")
    shared = national.SharedCache(url)
    shared.start()
    assert os.environ["CACHE_URL"] == url
    assert os.environ["CACHE_KEY_PREFIX"] == shared.prefix
    client = redis.Redis.from_url(url)
    client.set(f"{shared.prefix}:1:page", b"kept", ex=60)
    client.set("someone-else:1:page", b"theirs", ex=60)
    shared.cleanup()
    assert client.get(f"{shared.prefix}:1:page") is None
    assert client.get("someone-else:1:page") == b"theirs"
    client.delete("someone-else:1:page")


def test_make_bench_national_installs_wrk_when_missing_and_passes_its_arguments():
    make = shutil.which("make")
    assert make is not None
    listed = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [make, "help"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "make bench-national" in listed.stdout
    completed = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [
            make,
            "--dry-run",
            "--no-print-directory",
            "--old-file=install",
            "bench-national",
            "BENCH_NATIONAL_ARGS=--scale 0.1 --duration 30",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    lines = [line for line in completed.stdout.splitlines() if not line.startswith("make")]

    assert any("command -v wrk" in line and "apt-get install" in line for line in lines)
    assert lines[-1].endswith("bench/national.py --scale 0.1 --duration 30")


# The national record -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_national_record_holds_every_registered_authority_judged_with_neighbours():
    from tracker.accounts.tests.factories import LocalAuthorityFactory
    from tracker.inspections.national import selectors
    from tracker.inspections.national.models import NationalAuthority
    from tracker.inspections.national.register import AUTHORITIES

    local = LocalAuthorityFactory()

    made = national.fill_national_record(seed=0)

    assert made["authorities"] == len(AUTHORITIES)
    assert made["published_inspections"] == 2 * len(AUTHORITIES)
    assert made["neighbours"] == 10 * len(AUTHORITIES)
    own = NationalAuthority.objects.get(local_authority=local)
    picture = selectors.national_picture_get(local_authority=local, today=own.created_at.date())
    assert len(picture.standings) == len(AUTHORITIES)
    assert picture.own is not None and picture.own.authority == own
    assert len(picture.neighbours) == 10
    assert all(standing.latest is not None for standing in picture.standings)
