"""The monitoring visit pack pages: choosing a focus, following the pack, downloading it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.reporting.models import VisitPack
from tracker.reporting.packs import services
from tracker.reporting.tests.packs.pack_world import SUPERVISION, build_pack_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(local_authority):
    return build_pack_world(local_authority=local_authority)


def _create_url(world):
    return reverse("reporting:visit_pack_create", args=[world.plan.pk])


def _list_url(world):
    return reverse("reporting:visit_pack_list", args=[world.plan.pk])


def _valid_post(world, **changes):
    data = {
        "inspection": "",
        "visit_on-day": "12",
        "visit_on-month": "3",
        "visit_on-year": "2027",
        "visit_title": "Third monitoring visit",
        "focus": "recommendations",
        "recommendations": [world.supervision.pk],
        "format": "docx",
    }
    data.update(changes)
    return data


def _queued_pack(world, user, **kwargs):
    kwargs.setdefault("recommendations", [world.supervision])
    return services.visit_pack_request(
        plan=world.plan,
        user=user,
        format=kwargs.pop("format", "docx"),
        focus=VisitPack.Focus.RECOMMENDATIONS,
        visit_on=datetime.date(2027, 3, 12),
        **kwargs,
    )


def test_plan_page_links_to_visit_packs(client, world, viewer):
    client.force_login(viewer)
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert f'href="{_list_url(world)}"' in page


def test_create_page_offers_the_plans_recommendations_and_themes_as_checkboxes(
    client, world, improvement_lead
):
    client.force_login(improvement_lead)
    page = client.get(_create_url(world)).content.decode()

    assert 'type="checkbox"' in page
    assert f"Recommendation 1: {SUPERVISION}" in page
    assert "Workforce" in page and "Practice" in page
    assert 'class="govuk-checkboxes' in page


def test_asking_for_a_pack_makes_it_and_offers_the_download(
    client, world, improvement_lead, django_capture_on_commit_callbacks
):
    client.force_login(improvement_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_create_url(world), _valid_post(world))

    pack = VisitPack.objects.get()
    assert response.status_code == 302
    assert response.url == pack.get_absolute_url()
    page = client.get(response.url).content.decode()
    download = reverse("reporting:visit_pack_download", args=[world.plan.pk, pack.pk])
    assert "Your pack is being made" in page
    assert "Visit pack: Third monitoring visit, 12 March 2027" in page
    assert f'href="{download}"' in page
    listing = client.get(_list_url(world)).content.decode()
    assert "Recommendation 1" in listing and download in listing

    response = client.get(download)
    assert response["Content-Type"] == VisitPack.CONTENT_TYPES["docx"]
    assert response["Content-Disposition"] == (
        'attachment; filename="monitoring-visit-pack-2027-03-12.docx"'
    )
    assert bytes(response.content).startswith(b"PK")
    status = client.get(reverse("reporting:visit_pack_status", args=[world.plan.pk, pack.pk]))
    assert status.json()["download_url"] == download


def test_nothing_chosen_shows_the_errors_and_writes_nothing(client, world, improvement_lead):
    client.force_login(improvement_lead)
    response = client.post(_create_url(world), _valid_post(world, recommendations=[]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Select at least one recommendation the visit will look at" in page
    assert VisitPack.objects.count() == 0


def test_empty_form_says_what_to_choose(client, world, improvement_lead):
    client.force_login(improvement_lead)
    page = client.post(_create_url(world), {}).content.decode()
    assert "Select whether the visit looks at recommendations or themes" in page
    assert "Select the format of the pack" in page
    assert VisitPack.objects.count() == 0


def test_another_authoritys_recommendation_is_refused(
    client, world, improvement_lead, other_local_authority
):
    elsewhere = RecommendationFactory(
        inspection=InspectionFactory(local_authority=other_local_authority)
    )
    client.force_login(improvement_lead)
    response = client.post(_create_url(world), _valid_post(world, recommendations=[elsewhere.pk]))
    assert "Select only recommendations this plan answers" in response.content.decode()
    assert VisitPack.objects.count() == 0


def test_viewers_read_packs_but_may_not_make_one(client, world, viewer, improvement_lead):
    pack = _queued_pack(world, improvement_lead)
    client.force_login(viewer)

    assert client.get(_list_url(world)).status_code == 200
    assert "Make a visit pack" not in client.get(_list_url(world)).content.decode()
    assert client.get(pack.get_absolute_url()).status_code == 200
    assert client.get(_create_url(world)).status_code == 403
    assert client.post(_create_url(world), _valid_post(world)).status_code == 403
    assert VisitPack.objects.count() == 1


def test_another_authoritys_pack_is_not_found(client, world, improvement_lead, outsider):
    pack = _queued_pack(world, improvement_lead)
    client.force_login(outsider)
    for name in ("visit_pack_detail", "visit_pack_status", "visit_pack_download"):
        assert (
            client.get(reverse(f"reporting:{name}", args=[world.plan.pk, pack.pk])).status_code
            == 404
        )


def test_a_pack_not_ready_is_not_downloadable(client, world, improvement_lead):
    pack = _queued_pack(world, improvement_lead)
    client.force_login(improvement_lead)
    url = reverse("reporting:visit_pack_download", args=[world.plan.pk, pack.pk])
    assert client.get(url).status_code == 404


def test_a_failed_pack_shows_its_error_and_offers_to_make_it_again(
    client, world, improvement_lead, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "build_visit_pack", lambda **kwargs: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        pack = _queued_pack(world, improvement_lead)
    client.force_login(improvement_lead)
    page = client.get(pack.get_absolute_url()).content.decode()
    assert "Failed" in page
    assert services.FAILED_MESSAGE in page
    assert f'href="{_create_url(world)}"' in page


@pytest.mark.parametrize("size", [2, 12])
def test_list_and_detail_pages_queries_do_not_grow(
    client, local_authority, improvement_lead, django_assert_max_num_queries, size
):
    world = build_pack_world(local_authority=local_authority, actions=size)
    for index in range(size):
        if index % 2:
            services.visit_pack_request(
                plan=world.plan,
                user=improvement_lead,
                format="pdf",
                focus=VisitPack.Focus.THEMES,
                themes=[world.practice, world.workforce],
                visit_on=datetime.date(2027, 3, 12),
            )
        else:
            pack = _queued_pack(world, improvement_lead)
    client.force_login(improvement_lead)
    with django_assert_max_num_queries(12):
        response = client.get(_list_url(world))
    assert len(response.context["rows"]) == size
    with django_assert_max_num_queries(12):
        client.get(pack.get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(_create_url(world))
