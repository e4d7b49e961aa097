"""The "Deadlines" table on an inspection's page, and changing a deadline's date."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from tracker.inspections import services
from tracker.inspections.models import Inspection, Milestone
from tracker.inspections.services import JudgementInput

pytestmark = pytest.mark.django_db

D = datetime.date
REASON_MISSING = (
    "Enter why the date is different, for example ‘Agreed with Ofsted at the action planning visit’"
)


def _signed_in(client, user):
    client.force_login(user)
    return client


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _inline_error(body: str, field_id: str) -> str:
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>',
        body,
        re.DOTALL,
    )
    if match is None:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _error_summary(body: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.DOTALL)
    return match.group(0) if match else ""


@pytest.fixture
def inspection(improvement_lead, local_authority):
    return services.inspection_create(
        user=improvement_lead,
        local_authority=local_authority,
        kind=Inspection.Kind.ILACS_STANDARD,
        framework=Inspection.Framework.ILACS,
        started_on=D(2022, 10, 31),
        ended_on=D(2022, 11, 11),
        published_on=D(2023, 1, 13),
        judgements=[JudgementInput(area="overall", grade="inadequate")],
        statutory_notice_on=D(2022, 11, 1),
    )


@pytest.fixture
def visit(inspection):
    return inspection.milestones.get(key="action_planning_visit")


def _url(milestone):
    return reverse("inspections:milestone_update", args=[milestone.inspection_id, milestone.pk])


def _data(milestone, **overrides):
    data = {
        "version": milestone.version,
        "on-day": "20",
        "on-month": "2",
        "on-year": "2023",
        "reason": "Agreed with Ofsted at the action planning visit",
    }
    data.update(overrides)
    return data


def test_inspection_page_shows_the_deadlines_with_rules(client, viewer, inspection):
    response = _signed_in(client, viewer).get(inspection.get_absolute_url())
    body = _body(response)
    assert response.status_code == 200
    assert "Deadlines" in body
    assert "Action planning visit" in body
    assert "24 February 2023" in body
    assert "within 30 working days of the final report being published" in body
    assert "Between 13 April 2025 and 13 October 2025" in body  # the re-inspection window
    assert "DfE review 1" in body
    assert "Change date" not in body  # viewers cannot change dates


def test_inspection_page_offers_editors_a_change_date_link(client, improvement_lead, visit):
    body = _body(_signed_in(client, improvement_lead).get(visit.inspection.get_absolute_url()))
    assert f'href="{_url(visit)}"' in body


def test_inspection_page_query_count_does_not_grow_with_milestones(
    client, viewer, inspection, django_assert_max_num_queries
):
    client = _signed_in(client, viewer)
    with django_assert_max_num_queries(12):
        client.get(inspection.get_absolute_url())


def test_override_saves_the_date_and_reason_and_keeps_history(client, improvement_lead, visit):
    response = _signed_in(client, improvement_lead).post(_url(visit), _data(visit))
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    visit.refresh_from_db()
    assert visit.override_on == D(2023, 2, 20)
    assert visit.override_reason == "Agreed with Ofsted at the action planning visit"
    assert visit.overridden_by == improvement_lead
    assert visit.derived_on == D(2023, 2, 24)
    history = list(visit.history.all())
    assert history[0].override_on == D(2023, 2, 20)
    assert history[0].history_user == improvement_lead
    assert history[1].override_on is None
    body = _body(client.get(visit.inspection.get_absolute_url()))
    assert "20 February 2023" in body
    assert "Changed" in body
    assert (
        "Agreed with Ofsted at the action planning visit (worked out as 24 February 2023)" in body
    )


def test_override_of_a_window_takes_earliest_and_latest(client, improvement_lead, inspection):
    window = inspection.milestones.get(key="monitoring_visit_1")
    client = _signed_in(client, improvement_lead)
    page = _body(client.get(_url(window)))
    assert 'name="earliest_on-day"' in page
    assert 'name="on-day"' not in page
    data = {
        "version": window.version,
        "earliest_on-day": "1",
        "earliest_on-month": "6",
        "earliest_on-year": "2023",
        "latest_on-day": "30",
        "latest_on-month": "6",
        "latest_on-year": "2023",
        "reason": "First monitoring visit agreed for June",
    }
    assert client.post(_url(window), data).status_code == 302
    window.refresh_from_db()
    assert (window.override_earliest_on, window.override_latest_on) == (
        D(2023, 6, 1),
        D(2023, 6, 30),
    )


def test_override_without_reason_shows_gov_uk_error_and_writes_nothing(
    client, improvement_lead, visit
):
    response = _signed_in(client, improvement_lead).post(_url(visit), _data(visit, reason=""))
    body = _body(response)
    assert response.status_code == 200
    assert "<title>Error:" in body
    assert REASON_MISSING in _error_summary(body)
    assert 'href="#id_reason"' in _error_summary(body)
    assert _inline_error(body, "id_reason") == f"Error: {REASON_MISSING}"
    visit.refresh_from_db()
    assert visit.is_overridden is False
    assert visit.history.count() == 1


def test_override_with_an_impossible_date_shows_gov_uk_error(client, improvement_lead, visit):
    response = _signed_in(client, improvement_lead).post(
        _url(visit), _data(visit, **{"on-day": "30"})
    )
    body = _body(response)
    assert "The date must be a real date" in _error_summary(body)
    assert 'href="#id_on-day"' in _error_summary(body)
    visit.refresh_from_db()
    assert visit.is_overridden is False


def test_override_from_a_stale_page_is_refused(client, improvement_lead, visit):
    stale_version = visit.version
    client = _signed_in(client, improvement_lead)
    assert client.post(_url(visit), _data(visit)).status_code == 302
    response = client.post(
        _url(visit), _data(visit, version=stale_version, reason="Moved again", **{"on-day": "21"})
    )
    body = _body(response)
    assert response.status_code == 200
    assert "This deadline was changed by someone else while you were editing it" in (
        _error_summary(body)
    )
    visit.refresh_from_db()
    assert visit.override_on == D(2023, 2, 20)


def test_clear_override_goes_back_to_the_worked_out_date(client, improvement_lead, visit):
    client = _signed_in(client, improvement_lead)
    client.post(_url(visit), _data(visit))
    visit.refresh_from_db()
    assert "Use the worked-out date" in _body(client.get(_url(visit)))
    reset = reverse("inspections:milestone_clear_override", args=[visit.inspection_id, visit.pk])
    assert client.post(reset, {"version": visit.version - 1}).status_code == 200
    visit.refresh_from_db()
    assert visit.is_overridden is True  # a stale reset changes nothing
    assert client.post(reset, {"version": visit.version}).status_code == 302
    visit.refresh_from_db()
    assert visit.is_overridden is False
    assert visit.history.filter(override_reason__startswith="Agreed").exists()


def test_viewer_cannot_change_a_date(client, viewer, visit):
    client = _signed_in(client, viewer)
    assert client.get(_url(visit)).status_code == 403
    assert client.post(_url(visit), _data(visit)).status_code == 403
    visit.refresh_from_db()
    assert visit.is_overridden is False


def test_another_authoritys_deadline_is_not_found(client, outsider, visit):
    client = _signed_in(client, outsider)
    assert client.get(_url(visit)).status_code == 404
    assert client.post(_url(visit), _data(visit)).status_code == 404
    reset = reverse("inspections:milestone_clear_override", args=[visit.inspection_id, visit.pk])
    assert client.post(reset, {"version": visit.version}).status_code == 404
    visit.refresh_from_db()
    assert visit.is_overridden is False


def test_deadline_of_another_inspection_is_not_found(
    client, improvement_lead, local_authority, visit
):
    other = services.inspection_create(
        user=improvement_lead,
        local_authority=local_authority,
        kind=Inspection.Kind.JTAI,
        framework=Inspection.Framework.JTAI,
        started_on=D(2022, 1, 10),
        ended_on=D(2022, 1, 14),
        published_on=D(2022, 2, 7),
    )
    url = reverse("inspections:milestone_update", args=[other.pk, visit.pk])
    assert _signed_in(client, improvement_lead).get(url).status_code == 404
    assert Milestone.objects.filter(inspection=other).count() == 1


def test_inspection_form_records_an_improvement_notice_and_its_dfe_reviews(
    client, improvement_lead
):
    data = {
        "kind": "standard",
        "framework": "ILACS",
        "started_on-day": "31",
        "started_on-month": "10",
        "started_on-year": "2022",
        "ended_on-day": "11",
        "ended_on-month": "11",
        "ended_on-year": "2022",
        "published_on-day": "13",
        "published_on-month": "1",
        "published_on-year": "2023",
        "grade_overall": "inadequate",
        "statutory_notice_on-day": "1",
        "statutory_notice_on-month": "11",
        "statutory_notice_on-year": "2022",
    }
    client = _signed_in(client, improvement_lead)
    response = client.post(reverse("inspections:inspection_create"), data)
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.statutory_notice_on == D(2022, 11, 1)
    review = inspection.milestones.get(key="dfe_review_1")
    assert review.derived_on == D(2023, 5, 1)
    body = _body(client.get(inspection.get_absolute_url()))
    assert "Improvement notice" in body
    assert "1 November 2022" in body
    edit = _body(client.get(reverse("inspections:inspection_update", args=[inspection.pk])))
    assert 'name="statutory_notice_on-day" type="text" value="1"' in edit
