"""The "Start a plan from these recommendations" pages: confirm, then create."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans.models import Plan, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(local_authority):
    inspection = InspectionFactory(local_authority=local_authority)
    RecommendationFactory(inspection=inspection, number=1, text="Quality assurance arrangements.")
    RecommendationFactory(inspection=inspection, number=2, text="Timely strategy meetings.")
    return inspection


def _url(inspection):
    return reverse("plans:plan_create_from_inspection", args=[inspection.pk])


def _body(response):
    return html.unescape(response.content.decode())


def test_inspection_page_offers_to_start_a_plan_to_leads_only(
    client, improvement_lead, viewer, action_owner, answered
):
    for user, offered in ((improvement_lead, True), (viewer, False), (action_owner, False)):
        client.force_login(user)
        body = _body(client.get(answered.get_absolute_url()))
        assert ("Start a plan from these recommendations" in body) is offered
        assert (_url(answered) in body) is offered


def test_inspection_page_without_recommendations_does_not_offer_a_plan(
    client, improvement_lead, local_authority
):
    inspection = InspectionFactory(local_authority=local_authority)
    client.force_login(improvement_lead)
    assert "Start a plan from these recommendations" not in _body(
        client.get(inspection.get_absolute_url())
    )


def test_confirmation_page_lists_the_sections_and_writes_nothing(
    client, improvement_lead, answered
):
    client.force_login(improvement_lead)
    response = client.get(_url(answered))

    body = _body(response)
    assert response.status_code == 200
    assert "Start a plan from these recommendations" in body
    assert "Quality assurance arrangements." in body
    assert "Timely strategy meetings." in body
    assert f'value="Ofsted action plan: {answered}"' in body
    assert "Create the draft plan" in body
    assert Plan.objects.count() == 0


@pytest.mark.parametrize("editor", ["improvement_lead", "administrator"])
def test_posting_creates_the_draft_plan_and_goes_to_it(client, request, answered, editor):
    client.force_login(request.getfixturevalue(editor))
    response = client.post(_url(answered), {"title": "Our action plan"})

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.title == "Our action plan"
    assert list(plan.inspections.all()) == [answered]
    assert list(plan.sections.values_list("number", flat=True)) == [1, 2]
    page = _body(client.get(response["Location"]))
    assert "Draft plan started with 2 sections, one for each recommendation" in page
    assert "1. Quality assurance arrangements." in page


@pytest.mark.parametrize("role", ["action_owner", "viewer"])
def test_only_editors_may_start_a_plan(client, request, answered, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(answered)).status_code == 403
    assert client.post(_url(answered), {"title": "Mine"}).status_code == 403
    assert Plan.objects.count() == 0


def test_another_authoritys_inspection_is_not_found(client, outsider, answered):
    client.force_login(outsider)
    assert client.get(_url(answered)).status_code == 404
    assert client.post(_url(answered), {"title": "Theirs"}).status_code == 404
    missing = reverse("plans:plan_create_from_inspection", args=[answered.pk + 1000])
    assert client.get(missing).status_code == 404
    assert Plan.objects.count() == 0


def test_an_inspection_without_recommendations_is_refused_with_a_message(
    client, improvement_lead, local_authority
):
    inspection = InspectionFactory(local_authority=local_authority)
    client.force_login(improvement_lead)

    page = _body(client.get(_url(inspection)))
    assert "This inspection has no recommendations or areas for priority action" in page
    assert "Create the draft plan" not in page

    response = client.post(_url(inspection), {"title": "A plan"})
    body = _body(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Add them to the inspection first." in body
    assert Plan.objects.count() == 0


def test_a_blank_title_shows_the_error_and_writes_nothing(client, improvement_lead, answered):
    client.force_login(improvement_lead)
    response = client.post(_url(answered), {"title": ""})

    body = _body(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the plan's title" in body
    assert 'href="#id_title"' in body
    assert Plan.objects.count() == 0
    assert Section.objects.count() == 0


def test_confirmation_page_names_plans_already_answering_the_inspection(
    client, improvement_lead, answered
):
    client.force_login(improvement_lead)
    client.post(_url(answered), {"title": "First go"})

    body = _body(client.get(_url(answered)))
    assert "Already answered by:" in body
    assert "First go" in body
