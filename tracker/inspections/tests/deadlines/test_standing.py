"""Where each deadline stands: met, passed, or due in so many working days, shown on the
inspection page with a GOV.UK tag whose words say it (not colour alone); recording a deadline
as met."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tracker.core.errors import ConcurrentEditError
from tracker.core.working_days import Closures, add_working_days
from tracker.inspections import services
from tracker.inspections.deadlines import services as milestone_services
from tracker.inspections.deadlines.rules import deadline_standing
from tracker.inspections.models import Inspection, Milestone
from tracker.inspections.services import JudgementInput

D = datetime.date
TODAY = D(2026, 3, 27)  # a Friday; Good Friday is 3 April 2026


# The rule ---------------------------------------------------------------------------------------


def _standing(**kwargs):
    values = {"on": None, "earliest": None, "latest": None, "met_on": None, "today": TODAY}
    return deadline_standing(**(values | kwargs))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"on": D(2026, 3, 1), "met_on": D(2026, 2, 27)},
            ("met", "Met", "Met on 27 February 2026", "govuk-tag--green"),
        ),
        (
            {"on": D(2026, 3, 26)},
            ("passed", "Passed", "Date passed, not recorded as met", "govuk-tag--red"),
        ),
        ({"on": TODAY}, ("due_today", "Due today", "Due today", "govuk-tag--orange")),
        # Over Easter: Good Friday and Easter Monday are not working days.
        (
            {"on": D(2026, 4, 7)},
            ("due_soon", "Due soon", "Due in 5 working days", "govuk-tag--yellow"),
        ),
        (
            {"on": D(2026, 3, 30)},
            ("due_soon", "Due soon", "Due in 1 working day", "govuk-tag--yellow"),
        ),
        (
            {"on": D(2026, 3, 29)},
            ("due_soon", "Due soon", "Due before the next working day", "govuk-tag--yellow"),
        ),
        (
            {"on": D(2026, 6, 1)},
            ("upcoming", "Upcoming", "Due in 42 working days", "govuk-tag--grey"),
        ),
        (
            {"earliest": D(2026, 1, 1), "latest": D(2026, 3, 20)},
            ("passed", "Passed", "Window closed, not recorded as met", "govuk-tag--red"),
        ),
        (
            {"earliest": D(2026, 3, 1), "latest": D(2026, 3, 31)},
            ("window_open", "Window open", "Closes in 2 working days", "govuk-tag--yellow"),
        ),
        (
            {"earliest": D(2026, 4, 13), "latest": D(2026, 5, 29)},
            ("upcoming", "Upcoming", "Opens in 9 working days", "govuk-tag--grey"),
        ),
        (
            {"earliest": D(2026, 1, 1), "latest": D(2026, 3, 20), "met_on": D(2026, 2, 3)},
            ("met", "Met", "Met on 3 February 2026", "govuk-tag--green"),
        ),
    ],
)
def test_deadline_standing(kwargs, expected):
    standing = _standing(**kwargs)
    assert (standing.key, standing.tag, standing.text, standing.tag_class) == expected


def test_deadline_standing_counts_local_closure_days():
    closures = Closures(extra=frozenset({D(2026, 3, 30)}), cancelled=frozenset())
    standing = deadline_standing(
        on=D(2026, 3, 31),
        earliest=None,
        latest=None,
        met_on=None,
        today=TODAY,
        closures=closures,
    )
    assert standing.text == "Due in 1 working day"


# Recording "met" --------------------------------------------------------------------------------


@pytest.fixture
def inspection(db, improvement_lead, local_authority):
    return services.inspection_create(
        user=improvement_lead,
        local_authority=local_authority,
        kind=Inspection.Kind.ILACS_STANDARD,
        framework=Inspection.Framework.ILACS,
        started_on=D(2022, 10, 31),
        ended_on=D(2022, 11, 11),
        published_on=D(2023, 1, 13),
        judgements=[JudgementInput(area="overall", grade="inadequate")],
    )


@pytest.fixture
def plan_due(inspection):
    return inspection.milestones.get(key="action_plan_due")


def test_milestone_record_met_keeps_history_and_can_be_taken_back(plan_due, improvement_lead):
    met = milestone_services.milestone_record_met(
        user=improvement_lead,
        milestone=plan_due,
        expected_version=plan_due.version,
        met_on=D(2023, 3, 20),
    )
    assert met.met_on == D(2023, 3, 20)
    assert met.history.first().history_user == improvement_lead
    again = milestone_services.milestone_record_met(
        user=improvement_lead, milestone=met, expected_version=met.version, met_on=None
    )
    assert again.met_on is None
    assert [h.met_on for h in again.history.all()[:2]] == [None, D(2023, 3, 20)]


def test_milestone_record_met_refuses_a_future_date_and_a_stale_version(plan_due, improvement_lead):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="must be today or in the past"):
        milestone_services.milestone_record_met(
            user=improvement_lead,
            milestone=plan_due,
            expected_version=plan_due.version,
            met_on=tomorrow,
        )
    with pytest.raises(ConcurrentEditError):
        milestone_services.milestone_record_met(
            user=improvement_lead,
            milestone=plan_due,
            expected_version=plan_due.version - 1,
            met_on=D(2023, 3, 20),
        )
    plan_due.refresh_from_db()
    assert plan_due.met_on is None
    assert plan_due.history.count() == 1


# The pages --------------------------------------------------------------------------------------


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _row(body: str, milestone: Milestone) -> str:
    match = re.search(
        rf'<tr class="govuk-table__row" id="deadline-{milestone.pk}">.*?</tr>', body, re.S
    )
    assert match is not None
    return match.group(0)


def _met_url(milestone):
    return reverse("inspections:milestone_met", args=[milestone.inspection_id, milestone.pk])


def test_inspection_page_shows_met_passed_and_due_deadlines(
    client, viewer, improvement_lead, inspection, plan_due
):
    visit = inspection.milestones.get(key="action_planning_visit")
    draft = inspection.milestones.get(key="draft_action_plan_due")
    milestone_services.milestone_record_met(
        user=improvement_lead,
        milestone=visit,
        expected_version=visit.version,
        met_on=D(2023, 2, 22),
    )
    due_on = add_working_days(timezone.localdate(), 5)
    plan_due.refresh_from_db()
    milestone_services.milestone_override(
        user=improvement_lead,
        milestone=plan_due,
        expected_version=plan_due.version,
        reason="Extension agreed with Ofsted",
        on=due_on,
    )
    client.force_login(viewer)

    body = _body(client.get(inspection.get_absolute_url()))

    assert "Where it stands" in body
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in _row(body, visit)
    assert "Met on 22 February 2023" in _row(body, visit)
    assert '<strong class="govuk-tag govuk-tag--red">Passed</strong>' in _row(body, draft)
    assert "Date passed, not recorded as met" in _row(body, draft)
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in _row(body, plan_due)
    assert "Due in 5 working days" in _row(body, plan_due)
    assert "Record as met" not in body  # viewers cannot record it


def test_lead_records_a_deadline_as_met_from_the_inspection_page(
    client, improvement_lead, inspection, plan_due
):
    client.force_login(improvement_lead)
    body = _body(client.get(inspection.get_absolute_url()))
    assert f'href="{_met_url(plan_due)}">Record as met' in body
    assert client.get(_met_url(plan_due)).status_code == 200

    response = client.post(
        _met_url(plan_due),
        {
            "version": plan_due.version,
            "met_on-day": "20",
            "met_on-month": "3",
            "met_on-year": "2023",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == plan_due.get_absolute_url()
    plan_due.refresh_from_db()
    assert plan_due.met_on == D(2023, 3, 20)
    assert plan_due.history.first().history_user == improvement_lead
    body = _body(client.get(inspection.get_absolute_url()))
    assert "Met on 20 March 2023" in _row(body, plan_due)
    assert f'href="{_met_url(plan_due)}">Change when met' in body

    response = client.post(_met_url(plan_due), {"version": plan_due.version, "not_met": "1"})
    assert response.status_code == 302
    plan_due.refresh_from_db()
    assert plan_due.met_on is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"met_on-day": "", "met_on-month": "", "met_on-year": ""},
            "Enter the date the deadline was met",
        ),
        ({"met_on-day": "31", "met_on-month": "2", "met_on-year": "2023"}, "must be a real date"),
        (
            {"met_on-day": "1", "met_on-month": "1", "met_on-year": "2999"},
            "The date the deadline was met must be today or in the past",
        ),
    ],
)
def test_recording_met_with_a_bad_date_shows_errors_and_writes_nothing(
    client, improvement_lead, plan_due, data, message
):
    client.force_login(improvement_lead)

    response = client.post(_met_url(plan_due), {"version": plan_due.version, **data})

    body = _body(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert 'class="govuk-error-message"' in body
    plan_due.refresh_from_db()
    assert plan_due.met_on is None
    assert plan_due.history.count() == 1


def test_viewer_cannot_record_met_and_another_authority_gets_404(
    client, viewer, outsider, plan_due
):
    data = {
        "version": plan_due.version,
        "met_on-day": "1",
        "met_on-month": "3",
        "met_on-year": "2023",
    }
    client.force_login(viewer)
    assert client.get(_met_url(plan_due)).status_code == 403
    assert client.post(_met_url(plan_due), data).status_code == 403
    client.force_login(outsider)
    assert client.get(_met_url(plan_due)).status_code == 404
    assert client.post(_met_url(plan_due), data).status_code == 404
    plan_due.refresh_from_db()
    assert plan_due.met_on is None
