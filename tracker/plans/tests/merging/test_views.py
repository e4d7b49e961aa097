"""The merge pages: choosing the plans, the preview with its suggestions, confirming, and the
merged plan's page."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from tracker.plans.merging import selectors
from tracker.plans.merging.services import plan_merge
from tracker.plans.models import Action, PlanMerge, Section, Theme
from tracker.plans.tests.factories import PlanFactory

START = reverse("plans:plan_merge_start")
PREVIEW = reverse("plans:plan_merge_preview")
PREVIEW_QUERIES = 34


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def lead_client(client, improvement_lead):
    client.force_login(improvement_lead)
    return client


def test_merge_start_lists_the_plans_and_goes_to_the_preview(lead_client, source, target):
    response = lead_client.get(START)
    assert response.status_code == 200
    assert "JTAI Statement of Action" in _text(response)

    response = lead_client.post(START, {"sources": [source.pk], "target": str(target.pk)})

    assert response.status_code == 302
    assert response.url == f"{PREVIEW}?plan={source.pk}&into={target.pk}"


def test_merge_start_shows_what_is_missing(lead_client, source, target):
    response = lead_client.post(START, {"new_title": ""})
    text = _text(response)
    assert "Choose the plans to merge" in text
    assert "Choose the plan to merge them into" in text
    assert "There is a problem" in text

    response = lead_client.post(START, {"sources": [source.pk], "target": "new"})
    assert "Enter the new plan's title" in _text(response)

    response = lead_client.post(START, {"sources": [source.pk], "target": str(source.pk)})
    assert "Choose a plan you are not merging, or a new plan" in _text(response)


def test_merge_preview_suggests_and_counts(lead_client, source, target):
    response = lead_client.get(f"{PREVIEW}?plan={source.pk}&into={target.pk}")

    assert response.status_code == 200
    text = _text(response)
    assert "Check where each section goes" in text
    assert "JTAI Statement of Action: 1. Training for social workers" in text
    assert "A new section under Workforce" in text
    assert "Into section 1. Recruitment (Workforce)" in text
    workforce = Theme.objects.get(plan=target, name="Workforce")
    first = Section.objects.get(plan=source, number=1)
    assert f'<option value="theme:{workforce.pk}" selected>' in text
    assert f'name="section_{first.pk}"' in text
    assert "Confirm merge" in text
    assert not PlanMerge.objects.exists()


def test_merge_preview_confirms_with_a_corrected_mapping(lead_client, source, target):
    first, second = Section.objects.filter(plan=source).order_by("number")
    recruitment = Section.objects.get(plan=target, number=1)
    front_door = Theme.objects.get(plan=target, name="Front door")
    url = f"{PREVIEW}?plan={source.pk}&into={target.pk}"

    response = lead_client.post(
        url,
        {
            f"version_{source.pk}": source.version,
            f"version_{target.pk}": target.version,
            f"section_{first.pk}": f"section:{recruitment.pk}",
            f"section_{second.pk}": f"theme:{front_door.pk}",
        },
    )

    assert response.status_code == 302
    assert response.url == target.get_absolute_url()
    assert Action.objects.filter(section=recruitment).count() == 3
    assert Section.objects.get(pk=second.pk).theme == front_door
    page = _text(lead_client.get(response.url))
    assert "Plans merged: 5 actions moved into Improvement plan 2026" in page
    assert "Plans merged into this plan" in page
    assert (
        "Moved from section 2. Joint working in the MASH of the JTAI Statement of Action." in page
    )

    source_page = _text(lead_client.get(source.get_absolute_url()))
    assert "This plan was merged into" in source_page
    assert "Improvement plan 2026" in source_page
    assert "It is read-only: make changes there." in source_page
    assert "See this plan as it stood just before the merge" in source_page
    assert "Add an action" not in source_page

    before = _text(lead_client.get(reverse("plans:plan_as_at", args=[source.pk]) + "?before-merge"))
    assert "The plan just before it was merged" in before
    assert "Action 2.3" in before
    assert "1. Training for social workers" in before

    moved = Action.objects.get(origin_reference="2.1")
    action_page = _text(lead_client.get(moved.get_absolute_url()))
    assert "Moved from" in action_page
    assert "2.1 in section 2. Joint working in the MASH of" in action_page


def test_merge_preview_shows_errors_and_moves_nothing(lead_client, source, target):
    first = Section.objects.get(plan=source, number=1)
    url = f"{PREVIEW}?plan={source.pk}&into={target.pk}"

    response = lead_client.post(url, {f"section_{first.pk}": "section:0"})

    assert response.status_code == 200
    assert "Choose where this section goes" in _text(response)
    assert not PlanMerge.objects.exists()


def test_merge_preview_refuses_a_plan_changed_meanwhile(lead_client, source, target):
    url = f"{PREVIEW}?plan={source.pk}&into={target.pk}"
    data = {f"version_{source.pk}": source.version - 1, f"version_{target.pk}": target.version}
    data |= {
        f"section_{pk}": v
        for pk, v in selectors.plan_merge_preview(
            sources=[source], target=target
        ).suggestions.items()
    }

    response = lead_client.post(url, data)

    assert response.status_code == 200
    assert "This plan was changed by someone else" in _text(response)
    assert not PlanMerge.objects.exists()


def test_merge_preview_of_another_authoritys_plan_is_not_found(
    lead_client, source, other_local_authority
):
    other = PlanFactory(local_authority=other_local_authority)

    assert lead_client.get(f"{PREVIEW}?plan={other.pk}&into={source.pk}").status_code == 404
    assert lead_client.get(f"{PREVIEW}?plan={source.pk}&into={other.pk}").status_code == 404
    assert lead_client.get(PREVIEW).status_code == 404


def test_merge_pages_refuse_readers(client, viewer, source, target):
    client.force_login(viewer)
    assert client.get(START).status_code == 403
    assert client.get(f"{PREVIEW}?plan={source.pk}&into={target.pk}").status_code == 403


def test_merge_preview_takes_a_fixed_number_of_queries(
    improvement_lead, source, target, django_assert_max_num_queries
):
    # Eight for the sections and themes, one for each kind of record counted.
    with django_assert_max_num_queries(PREVIEW_QUERIES) as small:
        selectors.plan_merge_preview(sources=[source], target=target)
    for number in range(3, 23):
        section = Section.objects.create(plan=source, number=number, title=f"More {number}")
        for n in range(3):
            Action.objects.create(
                plan=source, section=section, reference=f"{number}.{n}", description="More"
            )
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        preview = selectors.plan_merge_preview(sources=[source], target=target)
    assert len(preview.sections) == 22
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_merged_plan_leaves_the_dashboard_and_says_so_in_the_list(
    lead_client, improvement_lead, source, target
):
    plan_merge(user=improvement_lead, sources=[source], target=target)

    dashboard = _text(lead_client.get(reverse("core:dashboard")))
    assert "Improvement plan 2026" in dashboard
    assert "JTAI Statement of Action" not in dashboard
    plans = _text(lead_client.get(reverse("plans:plan_list")))
    assert "Merged into another plan" in plans


def test_a_link_to_an_action_under_its_old_plan_leads_to_where_it_is_now(
    lead_client, client, source, target, improvement_lead, outsider
):
    action = Action.objects.filter(plan=source).order_by("pk").first()
    old_url = reverse("plans:action_detail", args=[source.pk, action.pk])
    plan_merge(user=improvement_lead, sources=[source], target=target)

    response = lead_client.get(old_url)

    assert response.status_code == 302
    assert response.url == reverse("plans:action_detail", args=[target.pk, action.pk])
    assert lead_client.get(response.url).status_code == 200
    # Under a plan it never belonged to, and for another authority, it is still not found.
    other = PlanFactory(local_authority=source.local_authority)
    assert (
        lead_client.get(reverse("plans:action_detail", args=[other.pk, action.pk])).status_code
        == 404
    )
    client.force_login(outsider)
    assert client.get(old_url).status_code == 404
