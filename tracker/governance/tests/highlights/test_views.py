"""Highlight report pages: who may draft, edit and submit, and what each page shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.governance import access, services
from tracker.governance.highlights import services as highlight_services
from tracker.governance.models import HighlightReport
from tracker.governance.tests.highlights.helpers import add_action, days, record

pytestmark = pytest.mark.django_db


def _url(name, report):
    return reverse(name, args=[report.meeting.board_id, report.meeting_id, report.pk])


def _create_url(meeting, theme):
    return reverse(
        "governance:highlight_report_create", args=[meeting.board_id, meeting.pk, theme.pk]
    )


def _form_data(report, **changes):
    data = {
        "version": report.version,
        "kind": report.kind,
        "summary": report.summary,
        "key_updates": report.key_updates,
        "achievements": report.achievements,
        "risks_and_mitigations": report.risks_and_mitigations,
        "next_steps": "",
        "support_needed": "",
    }
    data.update(changes)
    return data


# Access ------------------------------------------------------------------------------------------


def test_thematic_lead_by_post_or_by_name_and_editors_may_write(
    theme, other_theme, theme_lead, improvement_lead, administrator, viewer, action_owner
):
    assert access.user_can_write_highlight_report(user=theme_lead, theme=theme) is True
    assert access.user_can_write_highlight_report(user=improvement_lead, theme=other_theme) is True
    assert access.user_can_write_highlight_report(user=administrator, theme=theme) is True
    assert access.user_can_write_highlight_report(user=theme_lead, theme=other_theme) is False
    assert access.user_can_write_highlight_report(user=viewer, theme=theme) is False
    assert access.user_can_write_highlight_report(user=action_owner, theme=theme) is False


def test_thematic_lead_named_on_the_theme_may_write(plan, local_authority):
    from tracker.plans import services as plan_services

    person = UserFactory(local_authority=local_authority, role=User.Role.VIEWER)
    named = plan_services.theme_create(user=None, plan=plan, name="Named", lead=person)
    assert access.user_can_write_highlight_report(user=person, theme=named) is True


def test_report_of_another_authority_is_not_found(client, outsider, draft):
    client.force_login(outsider)
    for name in (
        "governance:highlight_report_detail",
        "governance:highlight_report_update",
        "governance:highlight_report_submit",
    ):
        assert client.get(_url(name, draft)).status_code == 404


def test_report_under_another_meeting_is_not_found(client, viewer, draft, last_meeting):
    client.force_login(viewer)
    url = reverse(
        "governance:highlight_report_detail",
        args=[last_meeting.board_id, last_meeting.pk, draft.pk],
    )
    assert client.get(url).status_code == 404


def test_drafting_a_theme_of_another_authority_is_not_found(
    client, improvement_lead, next_meeting, other_plan
):
    from tracker.plans.tests.factories import ThemeFactory

    elsewhere = ThemeFactory(plan=other_plan)
    client.force_login(improvement_lead)
    assert client.post(_create_url(next_meeting, elsewhere)).status_code == 404
    assert not HighlightReport.objects.exists()


def test_viewer_reads_but_may_not_draft_edit_or_submit(client, viewer, draft, next_meeting, theme):
    client.force_login(viewer)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Edit narrative" not in page.content.decode()
    assert client.get(_url("governance:highlight_report_update", draft)).status_code == 403
    assert client.post(_url("governance:highlight_report_submit", draft)).status_code == 403
    assert client.post(_url("governance:highlight_report_reopen", draft)).status_code == 403
    draft.delete()
    assert client.post(_create_url(next_meeting, theme)).status_code == 403
    assert not HighlightReport.objects.exists()


def test_pages_need_sign_in(client, draft):
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302


# Meeting page ------------------------------------------------------------------------------------


def test_meeting_page_lists_the_themes_with_their_report_status(
    client, theme_lead, next_meeting, theme, other_theme, plan
):
    services.agenda_item_create(user=None, meeting=next_meeting, title="Plan update", plan=plan)
    client.force_login(theme_lead)
    body = client.get(next_meeting.get_absolute_url()).content.decode()
    assert "Highlight reports" in body
    assert body.count("Not started") == 2
    assert 'Draft report<span class="govuk-visually-hidden"> for Workforce' in body
    assert "for Quality of Practice</span></button>" not in body  # not their theme

    response = client.post(_create_url(next_meeting, theme), follow=True)
    report = HighlightReport.objects.get()
    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    assert "Report for Workforce drafted from the plan" in response.content.decode()
    body = client.get(next_meeting.get_absolute_url()).content.decode()
    assert 'govuk-tag--yellow">Draft' in body
    assert 'View report<span class="govuk-visually-hidden"> for Workforce' in body


def test_drafting_twice_says_where_the_report_is(client, theme_lead, draft, next_meeting, theme):
    client.force_login(theme_lead)
    response = client.post(_create_url(next_meeting, theme))
    assert response.status_code == 409
    assert "There is already a draft report for Workforce" in response.content.decode()
    assert HighlightReport.objects.count() == 1


@pytest.mark.parametrize("themes", [2, 12])
def test_meeting_page_query_count_does_not_grow_with_themes(
    client, django_assert_max_num_queries, improvement_lead, plan, next_meeting, themes
):
    from tracker.plans import services as plan_services

    for n in range(themes):
        theme = plan_services.theme_create(user=None, plan=plan, name=f"Theme {n}")
        if n % 2:
            highlight_services.highlight_report_draft(meeting=next_meeting, theme=theme, user=None)
    client.force_login(improvement_lead)
    with django_assert_max_num_queries(16):
        response = client.get(next_meeting.get_absolute_url())
    assert response.content.decode().count("govuk-tag--yellow") == themes // 2


# Report page -------------------------------------------------------------------------------------


def test_report_page_shows_the_drafted_data_and_narrative(client, theme_lead, draft):
    client.force_login(theme_lead)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert "Exception report: Workforce" in body
    assert "Publish the workforce strategy" in body
    assert "Re-baselined: due date moved from" in body
    assert "R2 Agency staff leave" in body
    assert "Edit narrative" in body
    assert "Submit report" in body
    assert "Drafted from the plan" in body


@pytest.mark.parametrize("extra_actions", [0, 25])
def test_report_page_query_count_is_bounded(
    client, django_assert_max_num_queries, theme_lead, draft, theme_section, extra_actions
):
    for n in range(extra_actions):
        action = add_action(theme_section, f"8.{n}", f"Extra {n}")
        record(action, narrative="Going well", status="in_progress", brag="green", on=days(-1))
    client.force_login(theme_lead)
    with django_assert_max_num_queries(18):
        response = client.get(draft.get_absolute_url())
    assert response.status_code == 200


# Editing -----------------------------------------------------------------------------------------


def test_lead_edits_the_narrative(client, theme_lead, draft):
    client.force_login(theme_lead)
    page = client.get(_url("governance:highlight_report_update", draft))
    assert "Support or decisions needed from the board (optional)" in page.content.decode()
    response = client.post(
        _url("governance:highlight_report_update", draft),
        _form_data(draft, kind="highlight", summary="Good progress", support_needed="Funding"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Good progress"
    assert draft.support_needed == "Funding"
    assert draft.kind == "highlight"


def test_edit_shows_errors_in_govuk_style_and_saves_nothing(client, theme_lead, draft):
    client.force_login(theme_lead)
    response = client.post(
        _url("governance:highlight_report_update", draft),
        _form_data(draft, summary="", next_steps="x" * 5001),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'href="#id_summary"' in body
    assert "Enter a summary of the theme&#39;s progress" in body
    assert "Next steps must be 5,000 characters or fewer" in body
    assert "govuk-error-message" in body
    draft.refresh_from_db()
    assert draft.version == 1


def test_edit_from_a_stale_page_says_someone_else_changed_it(client, theme_lead, draft):
    highlight_services.highlight_report_update(
        report=draft,
        user=None,
        version=draft.version,
        kind=draft.kind,
        summary="Changed elsewhere",
    )
    client.force_login(theme_lead)
    response = client.post(
        _url("governance:highlight_report_update", draft), _form_data(draft, summary="Mine")
    )
    assert "This report was changed by someone else" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Changed elsewhere"


def test_editing_a_submitted_report_is_refused_with_a_clear_message(client, theme_lead, draft):
    highlight_services.highlight_report_submit(report=draft, user=theme_lead, version=draft.version)
    client.force_login(theme_lead)
    page = client.get(_url("governance:highlight_report_update", draft))
    assert page.status_code == 409
    assert "can no longer be changed" in page.content.decode()
    draft.refresh_from_db()
    response = client.post(
        _url("governance:highlight_report_update", draft), _form_data(draft, summary="Late")
    )
    assert "can no longer be changed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary != "Late"


# Submitting --------------------------------------------------------------------------------------


def test_lead_submits_after_confirming_and_sees_it_frozen(client, theme_lead, draft):
    client.force_login(theme_lead)
    page = client.get(_url("governance:highlight_report_submit", draft)).content.decode()
    assert "Once submitted, the report is frozen" in page
    response = client.post(
        _url("governance:highlight_report_submit", draft), {"version": draft.version}, follow=True
    )
    body = response.content.decode()
    assert "Report for Workforce submitted to the board" in body
    assert "this report is frozen" in body
    assert "Submitted on " in body
    assert "Edit narrative" not in body
    assert "Reopen as a draft" not in body  # only improvement leads reopen
    draft.refresh_from_db()
    assert draft.is_submitted is True


def test_submitting_twice_is_refused(client, theme_lead, draft):
    client.force_login(theme_lead)
    url = _url("governance:highlight_report_submit", draft)
    client.post(url, {"version": draft.version})
    response = client.post(url, {"version": draft.version + 1})
    assert "This report was submitted on" in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_improvement_lead_reopens_a_submitted_report(client, improvement_lead, theme_lead, draft):
    report = highlight_services.highlight_report_submit(
        report=draft, user=theme_lead, version=draft.version
    )
    client.force_login(improvement_lead)
    assert "Reopen as a draft" in client.get(report.get_absolute_url()).content.decode()
    response = client.post(
        _url("governance:highlight_report_reopen", report), {"version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == HighlightReport.Status.DRAFT
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Reopened" in body


def test_thematic_lead_may_not_reopen(client, theme_lead, draft):
    report = highlight_services.highlight_report_submit(
        report=draft, user=theme_lead, version=draft.version
    )
    client.force_login(theme_lead)
    response = client.post(
        _url("governance:highlight_report_reopen", report), {"version": report.version}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.is_submitted is True


def test_reopened_report_page_says_who_reopened_it_and_shows_the_version_submitted(
    client, improvement_lead, theme_lead, draft
):
    report = highlight_services.highlight_report_update(
        report=draft,
        user=theme_lead,
        version=draft.version,
        kind=draft.kind,
        summary="What the board was first sent",
    )
    report = highlight_services.highlight_report_submit(
        report=report, user=theme_lead, version=report.version
    )
    client.force_login(improvement_lead)
    client.post(_url("governance:highlight_report_reopen", report), {"version": report.version})
    report.refresh_from_db()
    report = highlight_services.highlight_report_update(
        report=report, user=theme_lead, version=report.version, kind=report.kind, summary="Fixed"
    )

    body = client.get(report.get_absolute_url()).content.decode()
    assert "This report was submitted on" in body
    assert f"by {improvement_lead.get_full_name() or improvement_lead.username}" in body
    assert 'href="#submitted-versions"' in body
    assert "Versions submitted before" in body
    assert "What the board was first sent" in body  # the version first submitted
    assert "Fixed" in body


def test_once_the_board_has_met_the_page_says_why_the_report_cannot_be_reopened(
    client, improvement_lead, theme_lead, board, theme
):
    met = services.meeting_create(user=None, board=board, held_on=days(-1), status="held")
    report = highlight_services.highlight_report_draft(meeting=met, theme=theme, user=theme_lead)
    report = highlight_services.highlight_report_submit(
        report=report, user=theme_lead, version=report.version
    )
    client.force_login(improvement_lead)
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Reopen as a draft" not in body
    assert "so it can no longer be reopened" in body
    assert "are as at submission on" in body
    assert "after the board met on" in body  # submitted the day after the meeting

    response = client.post(
        _url("governance:highlight_report_reopen", report), {"version": report.version}
    )
    assert response.status_code == 409
    assert "so it can no longer be reopened" in response.content.decode()
    report.refresh_from_db()
    assert report.is_submitted is True
