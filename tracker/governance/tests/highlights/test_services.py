"""Highlight reports: drafting from the data, editing, submitting, freezing and reopening."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.core.errors import ConcurrentEditError
from tracker.governance import services
from tracker.governance.highlights import selectors as highlight_selectors
from tracker.governance.highlights import services as highlight_services
from tracker.governance.highlights.data import HighlightReportPaper
from tracker.governance.highlights.selectors import (
    HighlightData,
    highlight_data_for_theme,
    highlight_report_data,
    highlight_report_history,
)
from tracker.governance.models import HighlightReport, Meeting
from tracker.governance.tests.highlights.helpers import add_action, days, record
from tracker.plans import services as plan_services
from tracker.plans.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def _narrative(report, **changes):
    values = {
        "kind": report.kind,
        "summary": report.summary,
        "key_updates": report.key_updates,
        "achievements": report.achievements,
        "risks_and_mitigations": report.risks_and_mitigations,
        "next_steps": report.next_steps,
        "support_needed": report.support_needed,
    }
    values.update(changes)
    return values


def _submit(report, user):
    report.refresh_from_db()
    return highlight_services.highlight_report_submit(
        report=report, user=user, version=report.version
    )


# Drafting ----------------------------------------------------------------------------------------


def test_draft_covers_the_period_since_the_last_meeting_and_prefills_the_narrative(
    draft, last_meeting, next_meeting, theme_lead
):
    assert draft.status == HighlightReport.Status.DRAFT
    assert draft.period_start == last_meeting.held_on
    assert draft.period_end == next_meeting.held_on
    assert draft.drafted_by == theme_lead
    assert draft.snapshot == {}
    assert draft.kind == HighlightReport.Kind.EXCEPTION  # there are Red and overdue actions
    assert "2.1 Publish the workforce strategy: completed" in draft.achievements
    assert "Published on the intranet" in draft.key_updates
    assert "Drafted" not in draft.key_updates  # recorded before the period
    assert "R2 Agency staff leave: residual score 12 (High); mitigated by 2.2" in (
        draft.risks_and_mitigations
    )
    assert (
        ": 1 action completed or embedded, 2 progress updates recorded. The theme has 5 actions"
        in draft.summary
    )
    assert [record.history_user for record in draft.history.all()] == [theme_lead]


def test_drafting_data_lists_achievements_updates_exceptions_risks_and_counts(
    theme, theme_actions, theme_risk, last_meeting, next_meeting
):
    data = highlight_data_for_theme(
        theme=theme, period_start=last_meeting.held_on, period_end=next_meeting.held_on
    )
    assert [row.reference for row in data.achievements] == ["2.1"]
    assert data.achievements[0].status == "Completed"
    assert [row.reference for row in data.key_updates] == ["2.2", "2.1"]  # newest first
    exceptions = {row.reference: row.reasons for row in data.exceptions}
    assert exceptions["2.2"] == ["Red (off track)"]
    assert exceptions["2.3"][0].startswith("Overdue: due ")
    assert exceptions["2.4"][0].startswith("Re-baselined: due date moved from ")
    assert exceptions["2.4"][0].endswith(
        ". Reason given: The university partner needs another term"
    )
    assert set(exceptions) == {"2.2", "2.3", "2.4"}
    assert [(row.reference, row.residual_score) for row in data.risks] == [("R2", 12)]
    assert data.risks[0].mitigations == ["2.2 Recruit permanent team managers"]
    assert {row.brag: row.count for row in data.brag_counts} == {
        "blue": 1,
        "green": 0,
        "amber": 0,
        "red": 1,
        "": 3,
    }
    assert data.total_actions == 5
    assert data.overdue_actions == 1


def test_drafting_data_includes_risks_of_the_themes_sections_and_actions_only(
    local_authority, theme, theme_section, theme_actions, section
):
    def risk(reference, **links):
        return services.risk_create(
            user=None,
            local_authority=local_authority,
            reference=reference,
            title=f"Risk {reference}",
            inherent_likelihood=3,
            inherent_impact=3,
            residual_likelihood=2,
            residual_impact=2,
            **links,
        )

    risk("R10", section=theme_section)
    risk("R11", action=theme_actions["quiet"])
    risk("R12", section=section)  # a section of no theme
    risk("R13", theme=theme, status="closed")
    data = highlight_data_for_theme(theme=theme, period_start=None, period_end=days(10))
    assert [row.reference for row in data.risks] == ["R10", "R11"]


def test_achievements_count_embedding_and_ignore_completions_before_the_period(
    theme, theme_section
):
    embedded = add_action(theme_section, "2.6", "Embed audits")
    record(embedded, narrative="Done", status="completed", on=days(-60))
    record(embedded, narrative="Routine now", status="business_as_usual", on=days(-2))
    old = add_action(theme_section, "2.7", "Old win")
    record(old, narrative="Done long ago", status="completed", on=days(-60))
    data = highlight_data_for_theme(theme=theme, period_start=days(-30), period_end=days(10))
    assert [(row.reference, row.status) for row in data.achievements] == [
        ("2.6", "Business as usual")
    ]


def test_without_a_previous_meeting_the_period_starts_with_the_plan(board, theme, theme_lead):
    first = services.meeting_create(user=None, board=board, held_on=days(5))
    report = highlight_services.highlight_report_draft(meeting=first, theme=theme, user=theme_lead)
    assert report.period_start is None
    assert report.kind == HighlightReport.Kind.HIGHLIGHT  # nothing to report as an exception


def test_period_starts_where_the_themes_previous_report_ended(
    board, theme, theme_lead, last_meeting, next_meeting
):
    earlier = highlight_services.highlight_report_draft(
        meeting=last_meeting, theme=theme, user=theme_lead
    )
    submitted = highlight_services.highlight_report_submit(
        report=earlier,
        user=theme_lead,
        version=earlier.version,
        now=timezone.now() - datetime.timedelta(days=35),
    )
    assert submitted.period_end == days(-35)  # submitted before its meeting
    report = highlight_services.highlight_report_draft(
        meeting=next_meeting, theme=theme, user=theme_lead
    )
    assert report.period_start == days(-35)


def test_days_count_from_the_day_the_test_runs(monkeypatch):
    """A run that crosses midnight: a later test's "today" is its own day, not the day the
    helpers were imported."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert days(0) == tomorrow
    assert days(-1) == tomorrow - datetime.timedelta(days=1)


def test_draft_refuses_a_second_report_for_the_same_meeting_and_theme(draft, next_meeting, theme):
    with pytest.raises(ValidationError, match="There is already a draft report for Workforce"):
        highlight_services.highlight_report_draft(meeting=next_meeting, theme=theme, user=None)
    assert HighlightReport.objects.count() == 1


def test_draft_refuses_a_theme_of_another_authority(next_meeting, other_plan):
    elsewhere = ThemeFactory(plan=other_plan, name="Elsewhere theme")
    with pytest.raises(ValidationError) as excinfo:
        highlight_services.highlight_report_draft(meeting=next_meeting, theme=elsewhere, user=None)
    assert excinfo.value.message_dict == {
        "theme": ["Choose a theme of one of this local authority's plans"]
    }
    assert not HighlightReport.objects.exists()


def test_database_refuses_a_submitted_report_without_submitted_at(draft):
    with transaction.atomic(), pytest.raises(IntegrityError):
        HighlightReport.objects.filter(pk=draft.pk).update(status="submitted")


def test_database_refuses_two_reports_for_one_meeting_and_theme(draft):
    with transaction.atomic(), pytest.raises(IntegrityError):
        HighlightReport.objects.create(
            meeting=draft.meeting, theme=draft.theme, period_end=draft.period_end
        )


# Editing -----------------------------------------------------------------------------------------


def test_update_changes_the_narrative_and_records_history(draft, theme_lead):
    report = highlight_services.highlight_report_update(
        report=draft,
        user=theme_lead,
        version=draft.version,
        **_narrative(draft, kind="highlight", summary="  On track overall.  ", next_steps="Hire"),
    )
    assert report.summary == "On track overall."
    assert report.kind == "highlight"
    assert report.next_steps == "Hire"
    assert report.version == draft.version + 1
    assert [entry.what for entry in highlight_report_history(report=report)] == [
        "Drafted from the plan's data",
        "Narrative changed",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"summary": "  "}, "summary", "Enter a summary of the theme's progress"),
        (
            {"next_steps": "x" * 5001},
            "next_steps",
            "Next steps must be 5,000 characters or fewer",
        ),
        ({"kind": "gossip"}, "kind", "Select whether this is a highlight or an exception report"),
    ],
)
def test_update_refuses_invalid_narrative(draft, changes, field, message):
    with pytest.raises(ValidationError) as excinfo:
        highlight_services.highlight_report_update(
            report=draft, user=None, version=draft.version, **_narrative(draft, **changes)
        )
    assert excinfo.value.message_dict[field] == [message]
    draft.refresh_from_db()
    assert draft.version == 1


def test_update_refuses_a_stale_version(draft):
    highlight_services.highlight_report_update(
        report=draft, user=None, version=draft.version, **_narrative(draft, summary="First")
    )
    with pytest.raises(ConcurrentEditError, match="This report was changed by someone else"):
        highlight_services.highlight_report_update(
            report=draft, user=None, version=draft.version, **_narrative(draft, summary="Second")
        )
    draft.refresh_from_db()
    assert draft.summary == "First"


def test_update_refuses_a_submitted_report(draft, theme_lead):
    submitted = _submit(draft, theme_lead)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        highlight_services.highlight_report_update(
            report=submitted,
            user=theme_lead,
            version=submitted.version,
            **_narrative(submitted, summary="Sneaky"),
        )
    submitted.refresh_from_db()
    assert submitted.summary != "Sneaky"


# Submitting and freezing -------------------------------------------------------------------------


def test_submit_freezes_the_data_into_the_snapshot(draft, theme_lead):
    report = _submit(draft, theme_lead)
    assert report.status == HighlightReport.Status.SUBMITTED
    assert report.submitted_by == theme_lead
    assert report.submitted_at is not None
    assert report.period_end == timezone.localdate()  # before the meeting: up to today
    assert report.snapshot["schema"] == 1
    assert report.snapshot["period_start"] == days(-30).isoformat()
    assert report.snapshot["as_of"] == timezone.localdate().isoformat()
    assert [row["reference"] for row in report.snapshot["achievements"]] == ["2.1"]
    assert HighlightData.from_snapshot(report.snapshot) == highlight_report_data(report=report)
    assert [entry.what for entry in highlight_report_history(report=report)][-1] == "Submitted"


def test_submit_twice_is_refused(draft, theme_lead):
    report = _submit(draft, theme_lead)
    with pytest.raises(ValidationError, match=r"This report was submitted on .* by Alex Reid"):
        highlight_services.highlight_report_submit(
            report=report, user=theme_lead, version=report.version
        )


def test_submit_refuses_a_stale_version(draft, theme_lead):
    with pytest.raises(ConcurrentEditError):
        highlight_services.highlight_report_submit(
            report=draft, user=theme_lead, version=draft.version + 1
        )
    draft.refresh_from_db()
    assert draft.status == HighlightReport.Status.DRAFT


def test_later_changes_to_the_plan_never_alter_a_submitted_report(
    draft, theme_lead, theme_actions, theme_risk, next_meeting
):
    report = _submit(draft, theme_lead)
    page_before = highlight_report_data(report=report)
    paper_before = highlight_selectors.highlight_reports_for_paper(meeting=next_meeting)

    red = theme_actions["red"]
    record(red, narrative="All posts filled", status="completed", on=timezone.localdate())
    quiet = theme_actions["quiet"]
    record(quiet, narrative="Now failing", status="in_progress", brag="red", on=days(0))
    theme_risk.refresh_from_db()
    services.risk_update(
        user=None,
        risk=theme_risk,
        expected_version=theme_risk.version,
        reference="R2",
        title="Renamed risk",
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=5,
        residual_impact=5,
        cause="",
        consequence="",
        owner_post=None,
        owner=None,
        plan=None,
        theme=report.theme,
        section=None,
        action=None,
        mitigating_actions=[],
        review_on=None,
        status="open",
    )

    report.refresh_from_db()
    assert highlight_report_data(report=report) == page_before
    assert highlight_selectors.highlight_reports_for_paper(meeting=next_meeting) == paper_before


# The board paper ---------------------------------------------------------------------------------


def test_paper_lists_submitted_reports_only_in_theme_order(
    draft, theme_lead, next_meeting, other_theme, improvement_lead
):
    highlight_services.highlight_report_update(
        report=draft,
        user=theme_lead,
        version=draft.version,
        **_narrative(draft, summary="Steady progress.", next_steps="", support_needed="Funding"),
    )
    _submit(draft, theme_lead)
    highlight_services.highlight_report_draft(
        meeting=next_meeting, theme=other_theme, user=improvement_lead
    )  # a draft: not in the paper

    [paper] = highlight_selectors.highlight_reports_for_paper(meeting=next_meeting)
    assert isinstance(paper, HighlightReportPaper)
    assert paper.theme == "Workforce"
    assert paper.lead == "Head of Workforce Development"
    assert paper.kind_label == "Exception report"
    assert paper.submitted_by == "Alex Reid"
    assert paper.period_start == days(-30)
    assert paper.period_end == timezone.localdate()
    headings = [heading for heading, _ in paper.narrative]
    assert headings[0] == "Summary"
    assert "Next steps" not in headings  # left empty
    assert ("Support or decisions needed from the board", "Funding") in paper.narrative
    assert paper.achievements[0].startswith("2.1 Publish the workforce strategy: completed")
    assert any(line.startswith("2.4 Launch the academy: Re-baselined") for line in paper.exceptions)
    assert paper.risks == ("R2 Agency staff leave: residual score 12 (High); mitigated by 2.2",)


def test_paper_query_count_does_not_grow_with_the_number_of_reports(
    django_assert_max_num_queries, plan, board, improvement_lead
):
    meeting = services.meeting_create(user=None, board=board, held_on=days(3))
    for n in range(6):
        theme = plan_services.theme_create(user=None, plan=plan, name=f"Theme {n}")
        report = highlight_services.highlight_report_draft(
            meeting=meeting, theme=theme, user=improvement_lead
        )
        _submit(report, improvement_lead)
    with django_assert_max_num_queries(1):
        assert len(highlight_selectors.highlight_reports_for_paper(meeting=meeting)) == 6


@pytest.mark.parametrize("extra_actions", [0, 30])
def test_drafting_data_query_count_is_constant(
    django_assert_max_num_queries, theme, theme_section, theme_actions, theme_risk, extra_actions
):
    for n in range(extra_actions):
        action = add_action(theme_section, f"9.{n}", f"Extra {n}")
        record(action, narrative="Going well", status="in_progress", brag="green", on=days(-1))
    with django_assert_max_num_queries(6):
        data = highlight_data_for_theme(theme=theme, period_start=days(-30), period_end=days(10))
    assert data.total_actions == 5 + extra_actions


# Reopening ---------------------------------------------------------------------------------------


def test_reopen_returns_a_submitted_report_to_draft_with_history(
    draft, theme_lead, improvement_lead, next_meeting
):
    report = _submit(draft, theme_lead)
    reopened = highlight_services.highlight_report_reopen(
        report=report, user=improvement_lead, version=report.version
    )
    assert reopened.status == HighlightReport.Status.DRAFT
    assert reopened.snapshot == {}
    assert reopened.submitted_at is None
    assert reopened.period_end == next_meeting.held_on
    assert [entry.what for entry in highlight_report_history(report=reopened)] == [
        "Drafted from the plan's data",
        "Submitted",
        "Reopened",
    ]
    assert highlight_selectors.highlight_reports_for_paper(meeting=next_meeting) == []


def test_reopen_refuses_a_draft(draft):
    with pytest.raises(ValidationError, match="This report is still a draft"):
        highlight_services.highlight_report_reopen(report=draft, user=None, version=draft.version)


def test_prefilled_narrative_fits_the_limit_on_a_busy_theme(
    theme, theme_section, next_meeting, last_meeting
):
    for n in range(40):
        action = add_action(theme_section, f"7.{n}", f"Busy action {n}")
        record(action, narrative="x" * 200, status="in_progress", brag="green", on=days(-1))
    report = highlight_services.highlight_report_draft(meeting=next_meeting, theme=theme, user=None)
    assert len(report.key_updates) <= highlight_services.NARRATIVE_MAX_LENGTH
    assert report.key_updates.endswith("more: see the data in the report")
    highlight_services.highlight_report_update(
        report=report, user=None, version=report.version, **_narrative(report)
    )  # the lead can save it as drafted


# The period: since the previous report ------------------------------------------------------------


def _ago(days_ago, hour=12):
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) - (
        datetime.timedelta(days=days_ago)
    )


def test_an_entry_entered_after_a_submission_but_dated_before_it_goes_in_the_next_report(
    board, theme, theme_section, theme_lead, last_meeting, next_meeting
):
    action = add_action(theme_section, "2.8", "Set up a practice week")
    record(action, narrative="Planned", status="in_progress", on=days(-45), entered=_ago(45))
    earlier = highlight_services.highlight_report_draft(
        meeting=last_meeting, theme=theme, user=theme_lead
    )
    earlier = highlight_services.highlight_report_submit(
        report=earlier, user=theme_lead, version=earlier.version, now=_ago(32)
    )
    # Typed in the day after submission, "progress as at" the day before it.
    record(action, narrative="Held the week", status="completed", on=days(-33), entered=_ago(31))

    earlier.refresh_from_db()
    assert [row["narrative"] for row in earlier.snapshot["key_updates"]] == ["Planned"]
    report = highlight_services.highlight_report_draft(
        meeting=next_meeting, theme=theme, user=theme_lead
    )
    assert report.period_start == days(-32)  # the day the previous report was submitted
    data = highlight_report_data(report=report)
    assert [row.narrative for row in data.key_updates] == ["Held the week"]
    assert [row.reference for row in data.achievements] == ["2.8"]
    submitted = _submit(report, theme_lead)
    assert [row["narrative"] for row in submitted.snapshot["key_updates"]] == ["Held the week"]
    assert submitted.snapshot["since"] == earlier.submitted_at.isoformat()


def test_a_rebaselining_entered_after_a_submission_goes_in_the_next_report(
    theme, theme_section, theme_lead, last_meeting, next_meeting
):
    action = add_action(theme_section, "2.9", "Open the hub", due_on=days(30))
    earlier = highlight_services.highlight_report_draft(
        meeting=last_meeting, theme=theme, user=theme_lead
    )
    highlight_services.highlight_report_submit(
        report=earlier, user=theme_lead, version=earlier.version, now=_ago(0, hour=0)
    )
    action.refresh_from_db()
    plan_services.action_update(
        user=None,
        action=action,
        expected_version=action.version,
        section=theme_section,
        reference="2.9",
        description="Open the hub",
        owner_posts=[],
        owner_users=[],
        owner_organisations=[],
        owner_note="",
        linked_recommendations=[],
        starts_on=None,
        due_on=days(90),
        due_date_change_reason="Building work",
    )  # entered today, after this morning's submission

    data = highlight_data_for_theme(
        theme=theme,
        period_start=days(0),
        period_end=days(10),
        since=_ago(0, hour=0),
    )
    assert any(
        reason.startswith("Re-baselined") for row in data.exceptions for reason in row.reasons
    )


def test_another_boards_report_does_not_set_this_boards_period(
    improvement_lead, local_authority, theme, theme_lead, last_meeting, next_meeting
):
    scrutiny = services.board_create(
        user=improvement_lead,
        local_authority=local_authority,
        name="Scrutiny Committee",
        kind="scrutiny",
        members=[],
        member_note="",
    )
    elsewhere = services.meeting_create(user=None, board=scrutiny, held_on=days(-20), status="held")
    other = highlight_services.highlight_report_draft(
        meeting=elsewhere, theme=theme, user=theme_lead
    )
    highlight_services.highlight_report_submit(
        report=other, user=theme_lead, version=other.version, now=_ago(21)
    )

    report = highlight_services.highlight_report_draft(
        meeting=next_meeting, theme=theme, user=theme_lead
    )
    assert report.period_start == last_meeting.held_on  # not the scrutiny report's days(-21)


def test_a_previous_report_ending_after_this_meeting_falls_back_to_the_previous_meeting(
    board, theme, theme_lead
):
    earlier = services.meeting_create(user=None, board=board, held_on=days(-3))
    late = highlight_services.highlight_report_draft(meeting=earlier, theme=theme, user=theme_lead)
    highlight_services.highlight_report_submit(
        report=late, user=theme_lead, version=late.version, now=_ago(4)
    )
    # The earlier meeting is then moved back, before this one.
    Meeting.objects.filter(pk=earlier.pk).update(held_on=days(-30), status="held")
    this = services.meeting_create(user=None, board=board, held_on=days(-10), status="held")

    report = highlight_services.highlight_report_draft(meeting=this, theme=theme, user=theme_lead)
    assert report.period_start == days(-30)  # not None: "since the plan began"
    assert report.period_end == days(-10)


# Submitting after the meeting --------------------------------------------------------------------


def test_a_report_submitted_after_its_meeting_is_as_at_submission_throughout(
    board, theme, theme_section, theme_lead, last_meeting
):
    met = services.meeting_create(user=None, board=board, held_on=days(-2))
    report = highlight_services.highlight_report_draft(meeting=met, theme=theme, user=theme_lead)
    late = add_action(theme_section, "2.10", "Late entry", due_on=days(-1))
    record(late, narrative="After the meeting", status="in_progress", brag="red", on=days(-1))

    now = timezone.now()
    submitted = highlight_services.highlight_report_submit(
        report=report, user=theme_lead, version=report.version, now=now
    )

    assert submitted.period_end == timezone.localdate(now)  # not the meeting's date
    data = HighlightData.from_snapshot(submitted.snapshot)
    assert data.as_at == now
    assert data.as_of == submitted.period_end
    assert [row.narrative for row in data.key_updates] == ["After the meeting"]
    assert data.overdue_actions == 1
    assert {row.reference for row in data.exceptions} == {"2.10"}


# Reopening once the board has met ----------------------------------------------------------------


@pytest.mark.parametrize("met", ["held", "today"])
def test_reopen_is_refused_once_the_board_has_met(board, theme, theme_lead, improvement_lead, met):
    meeting = services.meeting_create(
        user=None,
        board=board,
        held_on=days(-1) if met == "held" else days(0),
        status="held" if met == "held" else "scheduled",
    )
    report = highlight_services.highlight_report_draft(
        meeting=meeting, theme=theme, user=theme_lead
    )
    report = _submit(report, theme_lead)
    with pytest.raises(ValidationError, match="with this report as submitted, so it can no longer"):
        highlight_services.highlight_report_reopen(
            report=report, user=improvement_lead, version=report.version
        )
    report.refresh_from_db()
    assert report.is_submitted is True
    assert report.snapshot["schema"] == 1


def test_reopening_keeps_the_version_first_submitted(
    draft, theme_lead, improvement_lead, theme_actions
):
    highlight_services.highlight_report_update(
        report=draft, user=theme_lead, version=draft.version, **_narrative(draft, summary="First")
    )
    first = _submit(draft, theme_lead)
    snapshot = first.snapshot
    reopened = highlight_services.highlight_report_reopen(
        report=first, user=improvement_lead, version=first.version
    )
    highlight_services.highlight_report_update(
        report=reopened,
        user=theme_lead,
        version=reopened.version,
        **_narrative(reopened, summary="Corrected"),
    )
    _submit(reopened, theme_lead)

    [version] = highlight_selectors.highlight_report_reopened_versions(report=reopened)
    assert version.submitted_by == "Alex Reid"
    assert version.reopened_by == (improvement_lead.get_full_name() or improvement_lead.username)
    assert version.submitted_at == first.submitted_at
    assert ("Summary", "First") in version.narrative
    assert version.data == HighlightData.from_snapshot(snapshot)
    reopened.refresh_from_db()
    assert reopened.summary == "Corrected"
