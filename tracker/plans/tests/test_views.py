"""Pages of the plans app: what officers see and what they can change."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse

from tracker.core.tests.numbers import NOT_WHOLE_NUMBERS
from tracker.plans import services
from tracker.plans.models import Action, DueDateChange, ProgressUpdate, Section

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_pages_need_sign_in(client, plan):
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_shows_counts_overdue_and_my_actions(client, action_owner, action, other_action):
    response = _signed_in(client, action_owner).get(reverse("core:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ofsted action plan" in body
    assert "Your actions" in body
    assert "Launch the new audit process" in body  # owned through the post, and overdue
    dashboard = response.context["dashboard"]
    assert [a.reference for a in dashboard.my_actions] == ["1.1"]
    assert [a.reference for a in dashboard.overdue_actions] == ["1.1"]
    assert dashboard.plans[0].summary.total == 2


def test_plan_detail_lays_out_section_recommendation_actions_and_outcomes(client, viewer, action):
    response = _signed_in(client, viewer).get(reverse("plans:plan_detail", args=[action.plan_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "1. Quality assurance" in body
    assert "Quality assurance and audit arrangements." in body
    assert "Leaders know their strengths and weaknesses" in body
    assert "Head of Service Safeguards" in body
    assert "31 March 2026" in body
    assert "Overdue" in body
    assert "Revised audit process in place" in body
    assert "Add an action" not in body  # viewers do not see editing links


def test_plan_detail_filters_to_overdue_and_searches(client, viewer, action, other_action):
    client = _signed_in(client, viewer)
    url = reverse("plans:plan_detail", args=[action.plan_id])
    overdue = client.get(url, {"overdue": "1"}).context["detail"]
    assert [a.reference for b in overdue.sections for a in b.actions] == ["1.1"]
    searched = client.get(url, {"q": "data sets"}).context["detail"]
    assert [a.reference for b in searched.sections for a in b.actions] == ["1.2"]
    nothing = client.get(url, {"status": "completed"})
    assert "No actions match your filters." in nothing.content.decode()


def test_plan_detail_ignores_nonsense_filters(client, viewer, action):
    response = _signed_in(client, viewer).get(
        reverse("plans:plan_detail", args=[action.plan_id]), {"status": "bogus", "owner": "x"}
    )
    assert response.status_code == 200
    assert response.context["filters"].is_active is False


def test_another_authoritys_plan_and_action_are_not_found(client, outsider, action):
    client = _signed_in(client, outsider)
    assert client.get(reverse("plans:plan_detail", args=[action.plan_id])).status_code == 404
    assert client.get(action.get_absolute_url()).status_code == 404
    progress_url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    response = client.post(progress_url, {"narrative": "x", "status": "in_progress"})
    assert response.status_code == 404
    assert ProgressUpdate.objects.count() == 0


def test_action_detail_shows_timeline_and_history(client, viewer, improvement_lead, action):
    services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        narrative="Audit tool revised",
        status="in_progress",
        brag="green",
        recorded_on=datetime.date(2026, 2, 1),
    )
    response = _signed_in(client, viewer).get(action.get_absolute_url())
    body = response.content.decode()
    assert "Audit tool revised" in body
    assert "1 February 2026" in body
    assert "Every change to this action" in body
    assert response.context["detail"].history


def _progress_data(action, **overrides):
    today = datetime.date.today()  # noqa: DTZ011 - a form's date is a local calendar date
    data = {
        "version": action.version,
        "narrative": "First audit completed",
        "status": "in_progress",
        "brag": "amber",
        "recorded_on-day": today.day,
        "recorded_on-month": today.month,
        "recorded_on-year": today.year,
    }
    data.update(overrides)
    return data


def test_owner_records_progress_on_their_action(client, action_owner, action):
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    response = _signed_in(client, action_owner).post(url, _progress_data(action))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.brag == "amber"
    assert action.latest_update.narrative == "First audit completed"
    assert action.latest_update.author == action_owner


# The session and the user, the action with its plan read once under the lock (for the
# access check and the write), whether the user owns it, the entry and its history row, the
# action and its history row, the action's links (one query for all four kinds) and the one
# kind it has (its owning post), and the authority's data version moved on
# (`tracker.core.data_version`). 11 queries, plus the savepoint and its release that the
# page's transaction is inside a test's (17 queries before issue 11, 12 before the action was
# read once).
RECORD_PROGRESS_QUERIES = 11 + 2
# An entry that changes the action's status or BRAG changes what the dashboard and the
# coverage summaries read: the authority's structure version moves on too, one query more.
RECORD_PROGRESS_CHANGING_STATUS_QUERIES = RECORD_PROGRESS_QUERIES + 1


def test_recording_progress_takes_a_fixed_number_of_queries_and_keeps_history(
    client, action_owner, action, django_assert_max_num_queries
):
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    client = _signed_in(client, action_owner)
    with django_assert_max_num_queries(RECORD_PROGRESS_CHANGING_STATUS_QUERIES):
        response = client.post(url, _progress_data(action, narrative="Audit started"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    history_before = action.history.count()
    with django_assert_max_num_queries(RECORD_PROGRESS_QUERIES):
        response = client.post(url, _progress_data(action))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.latest_update.narrative == "First audit completed"
    assert action.history.count() == history_before + 1
    newest = action.history.first()
    assert [post.post_id for post in newest.owner_posts.all()] == list(
        action.owner_posts.values_list("pk", flat=True)
    )
    assert newest.latest_update_id == action.latest_update_id


def test_owner_cannot_record_progress_on_someone_elses_action(client, action_owner, other_action):
    url = reverse("plans:progress_create", args=[other_action.plan_id, other_action.pk])
    response = _signed_in(client, action_owner).post(url, _progress_data(other_action))
    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == 0


def test_viewer_cannot_record_progress_or_edit(client, viewer, action):
    client = _signed_in(client, viewer)
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    assert client.post(url, _progress_data(action)).status_code == 403
    edit = reverse("plans:action_update", args=[action.plan_id, action.pk])
    assert client.get(edit).status_code == 403
    assert client.post(reverse("plans:plan_create"), {"title": "x"}).status_code == 403
    assert ProgressUpdate.objects.count() == 0


def test_progress_form_shows_errors_and_saves_nothing(client, action_owner, action):
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    data = _progress_data(action, narrative="", status="in_progress", brag="blue")
    data["recorded_on-month"] = "13"
    response = _signed_in(client, action_owner).post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the progress made" in body
    assert "The date the progress describes must be a real date" in body
    assert 'href="#id_recorded_on-day"' in body
    assert "govuk-form-group--error" in body
    assert ProgressUpdate.objects.count() == 0


def test_progress_service_rule_errors_show_inline(client, action_owner, action):
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    response = _signed_in(client, action_owner).post(url, _progress_data(action, brag="blue"))
    assert "Blue means complete" in response.content.decode()
    assert ProgressUpdate.objects.count() == 0


def test_concurrent_progress_is_refused_with_a_clear_message(
    client, action_owner, improvement_lead, action
):
    stale_version = action.version
    services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=stale_version,
        narrative="Someone else's update",
        status="in_progress",
        brag="green",
    )
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    response = _signed_in(client, action_owner).post(
        url, _progress_data(action, version=stale_version)
    )
    assert response.status_code == 200
    assert (
        "This action was changed by someone else while you were editing it."
        in response.content.decode()
    )
    assert ProgressUpdate.objects.count() == 1


def _action_data(action, **overrides):
    data = {
        "version": action.version,
        "section": action.section_id,
        "reference": action.reference,
        "description": action.description,
        "owner_posts": [p.pk for p in action.owner_posts.all()],
        "due_on-day": "30",
        "due_on-month": "6",
        "due_on-year": "2026",
        "due_date_change_reason": "Delayed by recruitment",
    }
    data.update(overrides)
    return data


def test_lead_rebaselines_a_due_date(client, improvement_lead, action):
    url = reverse("plans:action_update", args=[action.plan_id, action.pk])
    response = _signed_in(client, improvement_lead).post(url, _action_data(action))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_on == datetime.date(2026, 6, 30)
    assert action.original_due_on == datetime.date(2026, 3, 31)
    change = DueDateChange.objects.get(action=action)
    assert change.reason == "Delayed by recruitment"


def test_concurrent_action_edit_is_refused_and_nothing_lost(
    client, improvement_lead, administrator, action
):
    stale = action.version
    services.action_update(
        user=administrator,
        action=action,
        expected_version=stale,
        section=action.section,
        reference="1.1",
        description="Changed by the administrator",
        owner_posts=[],
        owner_users=[],
        owner_organisations=[],
        owner_note="",
        linked_recommendations=[],
        starts_on=None,
        due_on=action.due_on,
    )
    url = reverse("plans:action_update", args=[action.plan_id, action.pk])
    response = _signed_in(client, improvement_lead).post(
        url, _action_data(action, version=stale, description="Changed by the lead")
    )
    assert "changed by someone else" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Changed by the administrator"


def test_lead_creates_plan_section_and_action(
    client, improvement_lead, inspection, recommendation, head_of_safeguards
):
    client = _signed_in(client, improvement_lead)
    response = client.post(
        reverse("plans:plan_create"),
        {
            "title": "Improvement plan 2027",
            "kind": "improvement_plan",
            "status": "draft",
            "inspections": [inspection.pk],
        },
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    plan_id = int(plan_url.rstrip("/").split("/")[-1])
    response = client.post(
        reverse("plans:section_create", args=[plan_id]),
        {
            "number": "1",
            "title": "Quality assurance",
            "recommendations": [recommendation.pk],
            "expected_outcomes": "First outcome\n\nSecond outcome\n",
        },
    )
    assert response.status_code == 302
    section = Section.objects.get(plan_id=plan_id)
    assert [o.text for o in section.expected_outcomes.all()] == ["First outcome", "Second outcome"]
    response = client.post(
        reverse("plans:action_create", args=[plan_id]),
        {
            "section": section.pk,
            "reference": "1.1",
            "description": "Do the thing",
            "owner_posts": [head_of_safeguards.pk],
        },
    )
    assert response.status_code == 302
    assert Action.objects.get(plan_id=plan_id).owner_posts.get() == head_of_safeguards


def test_invalid_plan_form_shows_error_summary_and_saves_nothing(client, improvement_lead):
    response = _signed_in(client, improvement_lead).post(
        reverse("plans:plan_create"), {"title": ""}
    )
    body = html.unescape(response.content.decode())
    assert "There is a problem" in body
    assert "Enter the plan's title" in body
    assert "Select the kind of plan" in body


def test_action_form_refuses_another_authoritys_section(
    client, improvement_lead, outsider, other_local_authority
):
    from tracker.plans.tests.factories import SectionFactory

    foreign = SectionFactory(plan__local_authority=other_local_authority)
    client = _signed_in(client, improvement_lead)
    from tracker.plans.models import Plan

    plan = Plan.objects.filter(
        local_authority=improvement_lead.local_authority
    ).first() or services.plan_create(
        user=improvement_lead,
        local_authority=improvement_lead.local_authority,
        title="P",
        kind="improvement_plan",
    )
    response = client.post(
        reverse("plans:action_create", args=[plan.pk]),
        {"section": foreign.pk, "reference": "9.9", "description": "Sneaky"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.filter(reference="9.9").exists()


# The page itself, then the coverage panel (`tracker/performance/coverage/panels.py`).
PAGE_QUERIES = 20 + 17


@pytest.mark.parametrize("rows", [10, 400])
def test_plan_page_and_dashboard_queries_do_not_grow_with_plan_size(
    client, improvement_lead, django_assert_max_num_queries, rows
):
    from tracker.plans.tests.bulk import build_plan

    plan = build_plan(
        local_authority=improvement_lead.local_authority, actions=rows, owner=improvement_lead
    )
    client = _signed_in(client, improvement_lead)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert len([a for b in response.context["detail"].sections for a in b.actions]) == rows
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(reverse("core:dashboard")).status_code == 200
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert (
            client.get(
                reverse("plans:plan_detail", args=[plan.pk]), {"overdue": "1", "q": "audit"}
            ).status_code
            == 200
        )


def test_owner_corrects_an_entry_with_a_new_one(client, action_owner, improvement_lead, action):
    first = services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        narrative="Audit tool revised in Febuary",
        status="in_progress",
        brag="green",
        recorded_on=datetime.date(2026, 2, 1),
    )
    action.refresh_from_db()
    client = _signed_in(client, action_owner)
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    form_page = client.get(url, {"corrects": first.pk})
    body = html.unescape(form_page.content.decode())
    assert "You are correcting the entry of 1 February 2026" in body
    assert "Audit tool revised in Febuary" in body  # the entry's words, ready to correct
    data = _progress_data(action, narrative="Audit tool revised in February", corrects=first.pk)
    data.update({"recorded_on-day": "1", "recorded_on-month": "2", "recorded_on-year": "2026"})
    assert client.post(url, data).status_code == 302
    correction = ProgressUpdate.objects.exclude(pk=first.pk).get()
    assert correction.corrects == first
    first.refresh_from_db()
    assert first.narrative == "Audit tool revised in Febuary"  # never edited in place
    assert (
        "corrects the entry of 1 February 2026"
        in client.get(action.get_absolute_url()).content.decode()
    )


def test_correcting_an_entry_of_another_action_is_not_found(
    client, improvement_lead, action, other_action
):
    entry = services.action_record_progress(
        user=improvement_lead,
        action=other_action,
        expected_version=other_action.version,
        narrative="Elsewhere",
        status="in_progress",
        brag="green",
    )
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    client = _signed_in(client, improvement_lead)
    assert client.get(url, {"corrects": entry.pk}).status_code == 404
    assert client.get(url, {"corrects": "not-a-number"}).status_code == 404
    response = client.post(url, _progress_data(action, corrects=entry.pk))
    assert response.status_code == 200  # a hidden choice from another action is refused
    assert ProgressUpdate.objects.filter(action=action).count() == 0


def test_action_edit_form_keeps_every_owner_chosen(
    client, improvement_lead, action, local_authority
):
    """Owners are a searchable list that takes several: an action with two owning posts keeps
    both, posted as a plain form (no JavaScript needed)."""
    from tracker.accounts.tests.factories import PostFactory

    second = PostFactory(local_authority=local_authority, title="Principal Social Worker")
    action.owner_posts.add(second)
    client = _signed_in(client, improvement_lead)
    url = reverse("plans:action_update", args=[action.plan_id, action.pk])
    body = html.unescape(client.get(url).content.decode())
    select = body.split('name="owner_posts"')[1].split("</select>")[0]
    assert " multiple" in select.split(">")[0]
    assert 'data-module="app-multi-select"' in select.split(">")[0]
    assert select.count(" selected") == 2
    assert 'name="owner_posts" type="checkbox"' not in body
    data = _action_data(action, due_date_change_reason="")
    data.update({"due_on-day": "31", "due_on-month": "3", "due_on-year": "2026"})
    assert client.post(url, data).status_code == 302
    assert set(action.owner_posts.values_list("title", flat=True)) == {
        "Head of Service Safeguards",
        "Principal Social Worker",
    }


def test_action_form_offers_every_owner_in_searchable_lists(
    client, improvement_lead, plan, section, police, head_of_safeguards
):
    body = html.unescape(
        _signed_in(client, improvement_lead)
        .get(reverse("plans:action_create", args=[plan.pk]))
        .content.decode()
    )
    for name, choice in (
        ("owner_posts", "Head of Service Safeguards"),
        ("owner_organisations", "West Midlands Police"),
        ("owner_users", str(improvement_lead)),
    ):
        select = body.split(f'name="{name}"')[1].split("</select>")[0]
        assert 'data-module="app-multi-select"' in select
        assert choice in select
    assert "hold Ctrl (Cmd on a Mac)" in body


def test_action_form_refuses_an_owner_of_another_authority_and_saves_nothing(
    client, improvement_lead, plan, section, other_local_authority
):
    from tracker.accounts.tests.factories import PostFactory

    foreign = PostFactory(local_authority=other_local_authority, title="Elsewhere's head")
    response = _signed_in(client, improvement_lead).post(
        reverse("plans:action_create", args=[plan.pk]),
        {
            "section": section.pk,
            "reference": "1.9",
            "description": "Owned from elsewhere",
            "owner_posts": [foreign.pk],
        },
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'href="#id_owner_posts"' in body
    assert "Select a valid choice" in body
    assert not Action.objects.filter(reference="1.9").exists()


@pytest.mark.parametrize("changes", [2, 30])
def test_action_page_queries_do_not_grow_with_its_history(
    client, improvement_lead, action, django_assert_max_num_queries, changes
):
    for n in range(changes):
        action.refresh_from_db()
        services.action_record_progress(
            user=improvement_lead,
            action=action,
            expected_version=action.version,
            narrative=f"Update {n}",
            status="in_progress",
            brag="green",
        )
    client = _signed_in(client, improvement_lead)
    # 15 of the plans app's own (the history's links of every kind in one query, and the names
    # of those linked; the count and latest change of the entries, for the cache key), 3 of
    # the assurance panel (findings that confirm the action, its verifications, their
    # evidence) and 1 of the evidence panel (the action's evidence); whether the user owns
    # the action is asked once for the page and its panels.
    with django_assert_max_num_queries(19):
        response = client.get(action.get_absolute_url())
    assert len(response.context["detail"].updates) == changes


def test_the_action_page_asks_once_whether_its_reader_owns_the_action(client, action_owner, action):
    """The page, what the owner may record, add and verify: one question, one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _signed_in(client, action_owner)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(action.get_absolute_url())
    ownership = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT 1 AS "a" FROM "plans_action"')
        and "plans_action_owner_users" in q["sql"]
    ]
    assert len(ownership) == 1
    body = page.content.decode()
    # An owner records progress and adds evidence, but may not verify their own action.
    assert reverse("plans:progress_create", args=[action.plan_id, action.pk]) in body
    assert reverse("performance:evidence_add_for_action", args=[action.plan_id, action.pk]) in body
    assert reverse("performance:action_verify", args=[action.plan_id, action.pk]) not in body


def test_action_history_shows_owner_changes(
    client, improvement_lead, viewer, action, local_authority
):
    from tracker.accounts.tests.factories import PostFactory

    psw = PostFactory(local_authority=local_authority, title="Principal Social Worker")
    services.action_update(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        section=action.section,
        reference="1.1",
        description=action.description,
        owner_posts=[psw],
        owner_users=[],
        owner_organisations=[],
        owner_note="",
        linked_recommendations=[],
        starts_on=action.starts_on,
        due_on=action.due_on,
    )
    history = _signed_in(client, viewer).get(action.get_absolute_url()).context["detail"].history
    assert ("Owning posts", "Head of Service Safeguards", "Principal Social Worker") in [
        change for entry in history for change in entry.changes
    ]
    assert history[0].user == str(improvement_lead)


# Verified as embedded ----------------------------------------------------------------------------


def _verified_option(body):
    return 'value="verified"' in body


def test_owner_is_not_offered_verified_and_a_forged_choice_is_refused(client, action_owner, action):
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    client = _signed_in(client, action_owner)
    body = html.unescape(client.get(url).content.decode())
    assert not _verified_option(body)
    assert 'uses "Verify as embedded" on the action\'s page' in body

    response = client.post(url, _progress_data(action, status="verified", brag=""))

    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'Use "Verify as embedded" on the action\'s page' in body
    assert ProgressUpdate.objects.count() == 0
    action.refresh_from_db()
    assert action.status == "not_started"


def test_lead_recording_progress_is_not_offered_verified_and_cannot_set_it(
    client, improvement_lead, action
):
    """Verified as embedded needs a decision resting on evidence or audit findings, so
    recording progress cannot reach it, even for the improvement lead."""
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    client = _signed_in(client, improvement_lead)
    assert not _verified_option(client.get(url).content.decode())

    response = client.post(url, _progress_data(action, status="verified", brag=""))

    assert response.status_code == 200
    assert 'Use "Verify as embedded"' in html.unescape(response.content.decode())
    assert ProgressUpdate.objects.count() == 0
    action.refresh_from_db()
    assert action.status == "not_started"


def test_recording_progress_on_a_verified_action_chooses_the_status_afresh(
    client, improvement_lead, action
):
    services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        narrative="Verified by audit",
        status="verified",
        through_verification=True,
    )
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    body = _signed_in(client, improvement_lead).get(url).content.decode()
    assert not _verified_option(body)
    status_inputs = [i for i in body.split("<input")[1:] if 'name="status"' in i.split(">")[0]]
    assert len(status_inputs) == 4
    assert not any("checked" in i.split(">")[0] for i in status_inputs)


@pytest.mark.parametrize("typed", [*NOT_WHOLE_NUMBERS, "0", "-0", "1000"])
def test_section_form_refuses_numbers_it_cannot_store(client, improvement_lead, plan, typed):
    response = _signed_in(client, improvement_lead).post(
        reverse("plans:section_create", args=[plan.pk]), {"number": typed, "title": "Workforce"}
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "The section number must be a whole number between 1 and 999" in body
    assert 'href="#id_number"' in body
    assert not Section.objects.filter(title="Workforce").exists()


@pytest.mark.parametrize("typed", ["1e400", "9" * 30, "-1"])
def test_section_form_refuses_an_unreadable_version(client, improvement_lead, section, typed):
    url = reverse("plans:section_update", args=[section.plan_id, section.pk])
    response = _signed_in(client, improvement_lead).post(
        url, {"version": typed, "number": "7", "title": "Changed"}
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "This page could not be read. Reload the page and try again" in body
    assert 'href="#id_version"' not in body  # a hidden box: nothing to link to
    section.refresh_from_db()
    assert section.number != 7


def test_action_history_shows_labels_names_and_uk_dates_not_codes(
    client, improvement_lead, viewer, action, local_authority, plan
):
    from tracker.accounts.tests.factories import UserFactory

    owner = UserFactory(
        local_authority=local_authority, first_name="Priya", last_name="Shah", username="pshah"
    )
    other_section = services.section_create(
        user=improvement_lead, plan=plan, number=2, title="Workforce"
    )
    services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        narrative="Audit tool revised",
        status="in_progress",
        brag="green",
        next_review_on=datetime.date(2026, 5, 4),
    )
    action.refresh_from_db()
    services.action_update(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        section=other_section,
        reference="1.1",
        description=action.description,
        owner_posts=[],
        owner_users=[owner],
        owner_organisations=[],
        owner_note="",
        linked_recommendations=[],
        starts_on=datetime.date(2026, 2, 2),
        due_on=action.due_on,
    )
    response = _signed_in(client, viewer).get(action.get_absolute_url())
    changes = [change for entry in response.context["detail"].history for change in entry.changes]
    assert ("Status", "Not started", "In progress") in changes
    assert ("BRAG", "Not set", "Green (on track)") in changes
    assert ("Next review date", "Not set", "4 May 2026") in changes
    assert ("Start date", "5 January 2026", "2 February 2026") in changes
    assert ("Section", "1. Quality assurance", "2. Workforce") in changes
    assert ("Owning people", "None", "Priya Shah") in changes
    assert ("Owning posts", "Head of Service Safeguards", "None") in changes
    body = html.unescape(response.content.decode())
    assert "Not started → In progress" in body
    assert "not_started" not in body
    assert "(none)" not in body


def test_dashboard_sends_the_platform_operator_to_django_admin(client, django_user_model):
    operator = django_user_model.objects.create_user(
        username="operator", password="x", is_staff=True, is_superuser=True
    )
    client.force_login(operator)

    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
