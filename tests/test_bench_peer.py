"""The side-by-side bench's floors and the parts of bench/peer.py that read what servers say.

No timing here: bench/peer.py measures; these only check it measures the right thing."""

from __future__ import annotations

import pytest

from bench import peer
from tracker.accounts.tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.urls("bench.urls")
def test_signed_in_floor_sends_anyone_not_signed_in_to_sign_in(client):
    response = client.get("/bench/b0-signed-in/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/bench/b0-signed-in/"


@pytest.mark.django_db
@pytest.mark.urls("bench.urls")
def test_signed_in_floor_answers_a_signed_in_user_with_their_id(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get("/bench/b0-signed-in/")

    assert response.status_code == 200
    assert response.content == f"ok {user.pk}".encode()


@pytest.mark.urls("bench.urls")
def test_anonymous_floor_needs_no_sign_in_and_no_database(client):
    response = client.get("/bench/b0/")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_wrk_result_line_is_read_into_named_figures_with_errors_summed():
    output = (
        "Running 5s test @ http://127.0.0.1:8000/\n"
        "WRKRESULT 42 5.004 8.393 110.25 140.00 151.50 170.10 180.00 0 1 0 2 51234\n"
    )

    figures = peer.parse_wrk(output)

    assert figures["requests"] == 42
    assert figures["p50_ms"] == 110.25
    assert figures["p95_ms"] == 151.5
    assert figures["bytes_per_response"] == 51234
    assert figures["errors"] == 3  # one socket error and two answers other than 200


def test_wrk_output_without_a_result_line_stops_the_bench():
    with pytest.raises(peer.BenchError, match="no WRKRESULT line"):
        peer.parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_form_fields_are_those_a_browser_would_send():
    page = b"""
    <form method="post" action="/sign-out/"><input type="hidden" name="csrfmiddlewaretoken"
      value="a"><button>Sign out</button></form>
    <form method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="b">
      <input type="hidden" name="version" value="7">
      <textarea name="narrative">
Old text</textarea>
      <input type="radio" name="status" value="not_started">
      <input type="radio" name="status" value="in_progress" checked>
      <input type="text" name="recorded_on-day" value="6">
      <select name="owner"><option value="1">A</option>
        <option value="2" selected>B</option></select>
      <input type="submit" name="save" value="Save">
    </form>"""

    form = peer.form_with(page, "narrative")

    assert form.method == "post"
    assert form.fields == [
        ("csrfmiddlewaretoken", "b"),
        ("version", "7"),
        ("narrative", "Old text"),
        ("status", "in_progress"),
        ("recorded_on-day", "6"),
        ("owner", "2"),
    ]
    assert ("narrative", "New") in form.with_values(narrative="New")
    assert ("narrative", "Old text") not in form.with_values(narrative="New")


def test_missing_peer_is_reported_with_what_to_run_and_the_product_still_measured(tmp_path):
    found, why = peer.find_peer("http://127.0.0.1:3000", tmp_path)

    assert found is None
    assert why.startswith("Redmine peer not found at 127.0.0.1:3000")
    assert "setup.sh" in why
    assert why.endswith("measuring the product only")


def test_peer_must_be_on_this_machine():
    with pytest.raises(SystemExit):
        peer.parse_args(["--peer-url", "http://redmine.example.org:3000"])


def _pdf(pages: int) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=842, height=595)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_an_answer_is_a_pdf_download_only_when_it_is_one():
    def answer(status, body):
        return peer.Answer(status=status, headers=None, body=body, seconds=0.1)

    assert peer.pdf_problem(answer(200, _pdf(1))) is None
    assert peer.pdf_problem(answer(302, b"")) == "answered 302, not 200"
    assert peer.pdf_problem(answer(200, b"<!DOCTYPE html>")) == (
        "answered b'<!DOCTYPE html>', not a PDF"
    )


@pytest.fixture
def pdf_server():
    """A server on 127.0.0.1 answering /plan.pdf with a 3-page PDF and anything else 404,
    recording the cookies it was sent."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = _pdf(3)
    cookies = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            cookies.append(self.headers.get("Cookie"))
            found = self.path == "/plan.pdf"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/pdf" if found else "text/plain")
            content = body if found else b"Not found"
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], cookies
    server.shutdown()
    server.server_close()


def test_the_plan_pdf_is_fetched_over_http_signed_in_with_its_pages_counted(pdf_server):
    port, cookies = pdf_server
    args = peer.parse_args(["--pdf-requests", "4"])
    side = peer.pdf_side(port, "/plan.pdf", {"Cookie": "sessionid=s"}, what="plan", args=args)

    side.prepare()
    figures = side.measure(0)

    assert figures["requests"] == 4
    assert figures["pages"] == 3
    assert figures["first_s"] >= 0
    assert figures["p50_ms"] > 0
    assert figures["p95_ms"] >= figures["p50_ms"]
    # Two fetches to warm up (the first timed apart), then the round's four, each signed in.
    assert cookies == ["sessionid=s"] * 6


def test_a_pdf_that_does_not_come_stops_the_bench(pdf_server):
    port, _cookies = pdf_server
    side = peer.pdf_side(port, "/gone.pdf", {}, what="plan", args=peer.parse_args([]))

    with pytest.raises(peer.BenchError, match=r"GET /gone\.pdf answered 404, not 200 \(plan\)"):
        side.prepare()


def test_the_plan_pdf_is_measured_against_redmine_and_the_board_paper_apart():
    operations = {name: targets for name, _what, targets in peer.OPERATIONS}

    assert operations["O7"] == ("peer",)
    assert operations["O7b"] == ()


def test_the_pdf_line_gives_the_plan_against_redmine_and_the_papers_pages_a_second(capsys):
    rows = [
        {
            "op": "O7",
            "product_p50_ms": 150.0,
            "product_p95_ms": 200.0,
            "peer_p50_ms": 1800.0,
            "peer_p95_ms": 1900.0,
            "rounds": {
                "product": [{"pages": 31, "first_s": 1.2}],
                "peer": [{"pages": 13}],
            },
        },
        {"op": "O7b", "product_p50_ms": 1000.0, "rounds": {"product": [{"pages": 66}]}},
    ]

    summary = peer.pdf_summary(rows, 1.4)

    assert summary["plan_pages"] == 31
    assert summary["peer_pages"] == 13
    assert summary["product_pages_per_s"] == 66.0
    line = capsys.readouterr().out
    assert line.startswith("PDF: the plan (O7), 31 pages in 0.150 s (p50; p95 0.200 s;")
    assert "Redmine's issue list PDF, 13 pages in 1.800 s (p95 1.900 s)" in line
    assert (
        "the board paper (O7b), 66 pages in 1.00 s (median), 66.0 pages/s (target 20: met" in line
    )
    assert peer.pdf_summary([], None) is None


def test_api_page_check_accepts_a_page_of_the_asked_size_only():
    check = peer.api_page_check(2)

    assert check(b'{"count": 9, "results": [{"id": 1}, {"id": 2}]}') is None
    assert check(b'{"count": 9, "results": [{"id": 1}]}') == "the page holds 1 records, not 2"
    assert "not a page of the API's list" in (check(b"<html>Sign in</html>") or "")
    assert "not a page of the API's list" in (check(b'{"detail": "no"}') or "")
