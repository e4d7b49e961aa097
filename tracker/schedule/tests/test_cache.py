"""The calendar's month tables, kept under the authority's structure version (`views.calendar`).

They are kept for the authority, not for each user: every member of the council sees the same
calendar. So what must hold is that a change shows at once, that nobody who may not see an
authority's calendar is ever served it from the cache, and that each month, filter and day
is an entry of its own.
"""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.advisers.services import adviser_access_grant, adviser_access_withdraw
from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.core.formatting import format_date
from tracker.inspections.models import Milestone
from tracker.plans import services as plan_services
from tracker.schedule.selectors import KINDS, Kind

pytestmark = pytest.mark.django_db

CALENDAR = reverse("schedule:calendar")
# A page of the session, the user, the authority and its data version alone: nothing read to
# make the month tables.
KEPT_QUERIES = 4


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _get(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CALENDAR, params)
    assert response.status_code == 200
    return response, len(queries)


def _events(response) -> list[tuple[str, str, str, bool]]:
    """Each row of the month tables: its day, what, kind and whether it is marked overdue."""
    rows = []
    day = ""
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', _main(response), re.S):
        if "<td" not in row:
            continue  # a table's heading
        if found := re.search(r'scope="rowgroup"[^>]*>([^<]+)</th>', row):
            day = found[1]
        what = re.search(r'<a class="govuk-link" href="[^"]*">([^<]+)</a>', row)
        kind = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', row)[0]
        assert what is not None
        rows.append((day, html.unescape(what[1]), kind, "app-overdue" in row))
    return rows


@pytest.fixture
def months(past):
    """The three months from the one of `past`: every event of the fixtures, whatever today."""
    return {"from": f"{past:%Y-%m}"}


def test_the_calendar_is_served_from_the_cache_until_something_changes(
    client, viewer, everything, late_action, inspection, past, soon, months
):
    client.force_login(viewer)
    first, cold = _get(client, months)
    second, warm = _get(client, months)
    # The same page, the month tables not escaped a second time, without reading the events.
    assert _main(second) == _main(first)
    assert "<table" in _main(second)
    assert (format_date(past), "1.1 Action 1.1", Kind.ACTION_DUE, True) in _events(second)
    assert cold > warm == KEPT_QUERIES

    # An action's due date moved: on its new day, and no longer overdue.
    late_action.due_on = soon + datetime.timedelta(days=1)
    late_action.save()
    moved, queries = _get(client, months)
    assert queries == cold
    due = [event for event in _events(moved) if event[1:3] == ("1.1 Action 1.1", Kind.ACTION_DUE)]
    assert due == [(format_date(late_action.due_on), "1.1 Action 1.1", Kind.ACTION_DUE, False)]

    # A new inspection deadline.
    Milestone.objects.create(
        inspection=inspection,
        key="monitoring_visit_2",
        name="Second monitoring visit",
        rule="Expected in a window",
        position=2,
        derived_on=soon,
    )
    assert (format_date(soon), "Second monitoring visit", Kind.INSPECTION_DEADLINE, False) in (
        _events(_get(client, months)[0])
    )


def _record(action, user, **fields):
    action.refresh_from_db()
    plan_services.action_record_progress(
        user=user, action=action, expected_version=action.version, **fields
    )


def test_progress_that_leaves_status_and_review_date_keeps_the_calendar(
    client, viewer, improvement_lead, everything, late_action, soon, months
):
    """The calendar shows no progress entry: it is kept under the authority's structure
    version, which such progress (its BRAG as it was too) leaves as it is."""
    _record(
        late_action,
        improvement_lead,
        narrative="Started",
        status="in_progress",
        brag="green",
        next_review_on=soon,
    )
    client.force_login(viewer)
    first, cold = _get(client, months)

    _record(
        late_action,
        improvement_lead,
        narrative="Going well",
        status="in_progress",
        brag="green",
        next_review_on=soon,
    )
    kept, queries = _get(client, months)
    assert _main(kept) == _main(first)
    assert queries == KEPT_QUERIES

    # A new next review date shows at once.
    later = soon + datetime.timedelta(days=3)
    _record(
        late_action,
        improvement_lead,
        narrative="Review moved",
        status="in_progress",
        brag="green",
        next_review_on=later,
    )
    moved, queries = _get(client, months)
    assert queries == cold
    reviews = [e for e in _events(moved) if e[1:3] == ("1.1 Action 1.1", Kind.ACTION_REVIEW)]
    assert reviews == [(format_date(later), "1.1 Action 1.1", Kind.ACTION_REVIEW, False)]

    # Completed: no longer overdue.
    _record(
        late_action, improvement_lead, narrative="Done", status="completed", next_review_on=later
    )
    due = [e for e in _events(_get(client, months)[0]) if e[2] == Kind.ACTION_DUE]
    assert ("1.1 Action 1.1", False) in [(e[1], e[3]) for e in due]


def test_the_filter_form_and_month_links_are_worked_out_each_time(client, viewer, everything):
    """Only the month tables are kept: what is ticked, and where the links go, follow the
    request even when the tables come from the cache."""
    client.force_login(viewer)
    _get(client, {"kind": [Kind.ACTION_DUE]})
    page, queries = _get(client, {"kind": [Kind.ACTION_DUE], "from": ""})
    assert queries == KEPT_QUERIES
    body = _main(page)
    assert 'value="Action due" checked' in body
    assert "kind=Action+due" in body


def test_each_month_filter_and_day_is_an_entry_of_its_own(
    client, viewer, everything, project_milestone, soon, months, monkeypatch
):
    client.force_login(viewer)
    whole, cold = _get(client, months)

    later = {"from": f"{soon + datetime.timedelta(days=120):%Y-%m}"}
    other_months, queries = _get(client, later)
    assert queries > KEPT_QUERIES
    assert "Strategy agreed by Cabinet" not in _main(other_months)

    milestones = {**months, "kind": [Kind.PROGRAMME_MILESTONE]}
    filtered, queries = _get(client, milestones)
    assert queries > KEPT_QUERIES
    assert "Strategy agreed by Cabinet" in _main(filtered)
    assert "Action planning visit" not in _main(filtered)
    # The kinds in another order are the same entry; so are no filter and an unknown kind
    # (which shows every kind).
    both = [Kind.PROGRAMME_MILESTONE, Kind.ACTION_DUE]
    _get(client, {**months, "kind": both})
    assert _get(client, {**months, "kind": both[::-1]})[1] == KEPT_QUERIES
    assert _get(client, {**months, "kind": ["No such kind"]})[1] == KEPT_QUERIES
    assert _get(client, months)[1] == KEPT_QUERIES
    # Every kind ticked is the whole calendar, and served from its entry.
    every, queries = _get(client, {**months, "kind": list(KINDS)})
    assert queries == KEPT_QUERIES
    assert _events(every) == _events(whole)

    # A later day is another entry: what was due the day before is overdue, nothing written.
    milestone = (format_date(soon), "Strategy agreed by Cabinet", Kind.PROGRAMME_MILESTONE)
    assert (*milestone, False) in _events(whole)
    tomorrow = soon + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    next_day, queries = _get(client, months)
    assert queries == cold
    assert (*milestone, True) in _events(next_day)


def test_the_council_shares_one_entry_and_a_partner_is_never_served_it(
    client, viewer, improvement_lead, local_authority, police, everything, months
):
    """Every member of the council sees the same calendar, so one reading serves them all;
    someone of a partner organisation is refused before the cache is read."""
    client.force_login(viewer)
    viewer_page, _ = _get(client, months)
    client.force_login(improvement_lead)
    lead_page, queries = _get(client, months)
    assert queries == KEPT_QUERIES
    assert _main(lead_page) == _main(viewer_page)

    partner = UserFactory(
        local_authority=local_authority, organisation=police, role=User.Role.ACTION_OWNER
    )
    client.force_login(partner)
    refused = client.get(CALENDAR, months)
    assert refused.status_code == 403
    assert "Action planning visit" not in refused.content.decode()


def test_another_authority_never_sees_ours_from_the_cache(
    client, viewer, outsider, everything, elsewhere_action, months
):
    client.force_login(viewer)
    ours = _main(_get(client, months)[0])
    client.force_login(outsider)
    theirs, queries = _get(client, months)
    assert queries > KEPT_QUERIES
    assert "9.9 Action 9.9" in _main(theirs)
    assert "Action planning visit" not in _main(theirs)
    assert "1.1 Action 1.1" not in _main(theirs)
    client.force_login(viewer)
    again = _main(_get(client, months)[0])
    assert again == ours
    assert "9.9 Action 9.9" not in again


def test_an_adviser_is_served_the_authority_they_opened_only_while_it_lets_them_in(
    client, viewer, administrator, local_authority, everything, months
):
    adviser = UserFactory(
        local_authority=None, role=User.Role.ADVISER, email="jo.adviser@education.gov.uk"
    )
    access = adviser_access_grant(
        by=administrator, local_authority=local_authority, email=adviser.email
    )
    client.force_login(viewer)
    council_page = _main(_get(client, months)[0])

    client.force_login(adviser)
    client.get(reverse("reporting:adviser_open", args=[local_authority.pk]))
    adviser_page, queries = _get(client, months)
    assert queries == KEPT_QUERIES  # the council's entry; the grant read with the authority
    assert "Action planning visit" in _main(adviser_page)
    assert _main(adviser_page) == council_page

    adviser_access_withdraw(by=administrator, access=access)
    assert client.get(CALENDAR, months).status_code == 404
