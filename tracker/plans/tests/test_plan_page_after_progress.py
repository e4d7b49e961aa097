"""The plan page after progress: everything but the rows' latest progress is kept under the
authority's structure version with a marker in each row, and the progress is filled in from
one query (`views._plan_body_after_progress`, `presenters.fill_latest_progress`). The page is
byte for byte the one worked out in full, hostile text included."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tracker.plans import presenters, services, views
from tracker.plans.selectors import PlanFilters

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert("x")</script> & <!--latest-progress:1--> &amp; <b>bold</b>\n'
    "<!--latest-progress:{}--> second line"
)


def _record(user, action, narrative, **fields):
    action.refresh_from_db()
    return services.action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=narrative,
        **({"status": "in_progress", "brag": "green"} | fields),
    )


def _worked_out_in_full(user, plan, *, can_edit):
    request = RequestFactory().get("/")
    request.user = user
    return views._plan_body(
        request, plan, PlanFilters(), can_edit=can_edit, today=timezone.localdate()
    )


def _reads_the_plans_structure(queries) -> bool:
    return any('FROM "plans_section"' in q["sql"] for q in queries.captured_queries)


def test_the_filled_page_is_the_page_worked_out_in_full(
    client, improvement_lead, action, other_action
):
    _record(improvement_lead, action, HOSTILE.format(other_action.pk))
    url = reverse("plans:plan_detail", args=[action.plan_id])
    client.force_login(improvement_lead)
    page = client.get(url).content.decode()

    full = _worked_out_in_full(improvement_lead, action.plan, can_edit=True)
    assert str(full) in page
    assert "<!--latest-progress:" not in page  # every marker filled; the text's are escaped
    assert "&lt;!--latest-progress:1--&gt;" in page
    assert "<script>alert" not in page
    assert "No progress recorded" in page  # `other_action` has none


def test_progress_keeping_status_and_brag_fills_in_the_kept_page(
    client, improvement_lead, action, other_action
):
    _record(improvement_lead, action, "Audit sample chosen")
    url = reverse("plans:plan_detail", args=[action.plan_id])
    client.force_login(improvement_lead)
    client.get(url)

    _record(improvement_lead, action, "Audit sample reviewed: & <b>")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "Audit sample reviewed: &amp; &lt;b&gt;" in page
    assert "Audit sample chosen" not in page
    assert not _reads_the_plans_structure(queries)
    # Two more than the page kept whole (5): the structure version and the latest entries.
    assert len(queries) == 7
    assert str(_worked_out_in_full(improvement_lead, action.plan, can_edit=True)) in page


def test_a_change_of_status_or_brag_works_the_page_out_again(
    client, improvement_lead, action, other_action
):
    _record(improvement_lead, action, "Started")
    url = reverse("plans:plan_detail", args=[action.plan_id])
    client.force_login(improvement_lead)
    client.get(url)

    for fields in ({"brag": "red"}, {"status": "completed", "brag": ""}):
        _record(improvement_lead, action, f"Now {fields}", **fields)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert _reads_the_plans_structure(queries)
        assert f"Now {fields}".replace("'", "&#x27;") in page
        assert str(_worked_out_in_full(improvement_lead, action.plan, can_edit=True)) in page


def test_each_kept_page_follows_editing_rights(client, improvement_lead, viewer, action):
    url = reverse("plans:plan_detail", args=[action.plan_id])
    client.force_login(improvement_lead)
    client.get(url)
    _record(improvement_lead, action, "Audit sample reviewed")
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert "Audit sample reviewed" in page
    assert "Add an action" not in page
    assert str(_worked_out_in_full(viewer, action.plan, can_edit=False)) in page


def test_fill_latest_progress_escapes_and_shows_no_progress_for_an_unknown_row():
    marked = "<p><!--latest-progress:7--></p><p><!--latest-progress:8--></p>"
    html = presenters.fill_latest_progress(
        marked, {7: ("1.<2", datetime.date(2026, 11, 22), "Done & dusted <!--x-->")}
    )
    assert "on action 1.&lt;2" in html
    assert "22 November 2026" in html
    assert "Done &amp; dusted &lt;!--x--&gt;" in html
    assert html.endswith(
        '<p><br><span class="govuk-body-s app-secondary-text">No progress recorded</span></p>'
    )
