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
