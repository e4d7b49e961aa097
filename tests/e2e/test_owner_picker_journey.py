"""A lead changes who owns an action with the searchable owner picker: typing part of a post's
name, choosing it, removing another, saving; and the same with JavaScript off, where the
picker is a plain multiple select. Every page with JavaScript passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

PLAN_TITLE = "Ofsted ILACS action plan 2020"


def _action_1_6():
    from tracker.plans.models import Action

    return Action.objects.get(plan__title=PLAN_TITLE, reference="1.6")


def _owners(action):
    return set(action.owner_posts.values_list("title", flat=True))


def test_lead_finds_an_owner_by_typing_and_saves(page: Page, live_server, demo):
    base_url = live_server.url
    action = _action_1_6()
    sign_in(page, base_url, "lead")
    page.goto(f"{base_url}{reverse('plans:action_update', args=[action.plan_id, action.pk])}")
    expect(page.get_by_role("heading", name="Change action 1.6")).to_be_visible()
    chosen = page.locator("#id_owner_posts-chosen + .app-multi-select__chosen")
    expect(chosen).to_contain_text("Head of Service Safeguards")
    assert_accessible(page)

    search = page.get_by_role("combobox", name="Who: posts")
    search.fill("princ soc")
    page.get_by_role("option", name="Principal Social Worker").click()
    expect(chosen).to_contain_text("Principal Social Worker")
    expect(search).to_have_value("")
    assert_accessible(page)

    # Something that matches nothing says so.
    search.fill("zzz")
    expect(page.get_by_text("Nothing matches")).to_be_visible()
    search.fill("")

    page.get_by_role("button", name="Remove Head of Service Safeguards").click()
    expect(chosen).not_to_contain_text("Head of Service Safeguards")
    expect(search).to_be_focused()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action 1.6 updated")).to_be_visible()
    assert_accessible(page)
    assert _owners(action) == {"Principal Social Worker"}


def test_owners_can_be_chosen_with_javascript_off(page_without_javascript: Page, live_server, demo):
    page = page_without_javascript
    base_url = live_server.url
    action = _action_1_6()
    sign_in(page, base_url, "lead", check=False)
    page.goto(f"{base_url}{reverse('plans:action_update', args=[action.plan_id, action.pk])}")
    picker = page.get_by_label("Who: posts")
    picker.select_option(["Head of Service Safeguards", "Principal Social Worker"])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action 1.6 updated")).to_be_visible()
    assert _owners(action) == {"Head of Service Safeguards", "Principal Social Worker"}
