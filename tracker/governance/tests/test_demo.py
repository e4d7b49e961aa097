"""The governance demo: a board with meetings, risks, a decision and highlight reports; a
thematic lead who can sign in; and nothing duplicated when loaded twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from tracker.accounts.models import User
from tracker.accounts.tests.factories import LocalAuthorityFactory, UserFactory
from tracker.governance import access
from tracker.governance.demo import BOARD_NAME, load_governance_demo
from tracker.governance.highlights import selectors as highlight_selectors
from tracker.governance.highlights.selectors import highlight_report_data
from tracker.governance.models import AgendaItem, Board, Decision, HighlightReport, Meeting, Risk
from tracker.plans.access import user_can_record_progress
from tracker.plans.demo import load_demo_data
from tracker.plans.models import Action, ProgressUpdate

PASSWORD = "demo-password-for-tests"

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo_data(password=PASSWORD)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Board,
            Meeting,
            AgendaItem,
            Decision,
            Risk,
            HighlightReport,
            Action,
            ProgressUpdate,
        )
    }


def test_governance_demo_holds_a_board_meetings_risks_and_reports(demo):
    summary = load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    today = timezone.localdate()
    assert summary.created is True
    assert summary.board.name == BOARD_NAME
    assert summary.board.kind == Board.Kind.IMPROVEMENT_BOARD
    assert {user.username for user in summary.board.members.all()} == {
        "lead",
        "viewer",
        "themelead",
    }
    first, second, upcoming = summary.meetings
    assert first.held_on < second.held_on < today < upcoming.held_on
    assert [m.status for m in summary.meetings] == ["held", "held", "scheduled"]
    assert all(m.held_on.weekday() == 1 for m in summary.meetings)  # Tuesdays
    assert upcoming.agenda_items.filter(plan=demo.improvement_plan).exists()
    assert Decision.objects.filter(meeting__board=summary.board).count() == 2
    risks = {risk.reference: risk for risk in Risk.objects.all()}
    assert set(risks) == {"R1", "R2", "R3"}
    assert all(1 <= risk.residual_score <= risk.inherent_score <= 25 for risk in risks.values())
    assert risks["R1"].theme.name == "Workforce"
    assert risks["R1"].mitigating_actions.count() == 2

    submitted = HighlightReport.objects.get(status="submitted")
    assert (submitted.meeting, submitted.theme.name) == (second, "Workforce")
    assert submitted.submitted_by.username == "themelead"
    draft = HighlightReport.objects.get(status="draft")
    assert (draft.meeting, draft.theme.name) == (upcoming, "Quality Assurance & Performance")


def test_submitted_demo_report_does_not_show_what_happened_after_it(demo):
    summary = load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    report = HighlightReport.objects.get(status="submitted")
    data = highlight_report_data(report=report)
    assert [row.reference for row in data.achievements] == ["4.1"]
    assert "4.2" not in {row.reference for row in data.exceptions}  # went Red afterwards
    assert "4.3" in {row.reference for row in data.exceptions}  # overdue at submission
    [paper] = highlight_selectors.highlight_reports_for_paper(meeting=summary.meetings[1])
    assert paper.kind_label == "Exception report"
    assert paper.risks[0].startswith("R1 Not enough permanent social workers")


def test_demo_thematic_lead_signs_in_and_may_write_their_theme_only(demo):
    load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    user = authenticate(username="themelead", password=PASSWORD)
    assert user is not None
    themes = {theme.name: theme for theme in demo.improvement_plan.themes.all()}
    assert access.user_can_write_highlight_report(user=user, theme=themes["Workforce"]) is True
    assert access.user_can_write_highlight_report(user=user, theme=themes["Partnerships"]) is False


def test_demo_actions_are_owned_by_their_thematic_leads_posts(demo):
    load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    themelead = User.objects.get(username="themelead")
    actions = {action.reference: action for action in demo.improvement_plan.actions.all()}
    assert set(actions) == {"4.1", "4.2", "4.3", "4.4", "7.1", "7.2"}
    for reference in ("4.1", "4.2", "4.3", "4.4"):
        assert [post.title for post in actions[reference].owner_posts.all()] == [
            "Head of Workforce Development"
        ]
        assert user_can_record_progress(user=themelead, action=actions[reference]) is True
    assert [post.title for post in actions["7.1"].owner_posts.all()] == [
        "Assistant Director for Improvement"
    ]
    assert user_can_record_progress(user=themelead, action=actions["7.1"]) is False


def test_loading_twice_adds_nothing_and_resets_the_password(demo):
    load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    before = _counts()
    again = load_governance_demo(local_authority=demo.local_authority, password="new-password")
    assert again.created is False
    assert _counts() == before
    assert authenticate(username="themelead", password="new-password") is not None


def test_demo_needs_the_demo_plans():
    elsewhere = LocalAuthorityFactory(name="Elsewhere")
    with pytest.raises(ValidationError, match=r"run `manage\.py load_demo_data`"):
        load_governance_demo(local_authority=elsewhere, password=PASSWORD)
    assert not Board.objects.exists()


def test_demo_refuses_an_empty_password(demo):
    with pytest.raises(ValidationError):
        load_governance_demo(local_authority=demo.local_authority, password="")


def test_command_prints_how_the_thematic_lead_signs_in(demo):
    out = StringIO()
    call_command("load_governance_demo", "--password", "printed-password", stdout=out)
    text = out.getvalue()
    assert f"{BOARD_NAME} added to the demo." in text
    assert "themelead" in text
    assert "thematic lead for Workforce" in text
    assert "printed-password" in text
    out = StringIO()
    call_command("load_governance_demo", "--password", "printed-password", stdout=out)
    assert "was already in the demo: nothing added" in out.getvalue()
    assert Board.objects.count() == 1


def test_command_prints_the_sign_in_link_of_the_site(demo, settings):
    settings.SITE_URL = "http://127.0.0.1:8101/"
    out = StringIO()
    call_command("load_governance_demo", "--password", "printed-password", stdout=out)
    assert "Sign in at http://127.0.0.1:8101/ as the thematic lead:" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_command_needs_the_demo_authority(db):
    with pytest.raises(CommandError, match="run load_demo_data first"):
        call_command("load_governance_demo", "--password", "x", stdout=StringIO())


def test_demo_history_is_dated_as_it_happened(demo):
    summary = load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    first, second, _ = summary.meetings
    report = HighlightReport.objects.get(status="submitted")
    submitted = report.history.filter(status="submitted").get()
    assert timezone.localdate(submitted.history_date) == second.papers_due_on
    created = summary.board.history.earliest("history_date")
    assert timezone.localdate(created.history_date) < first.held_on


def test_demo_refuses_a_themelead_username_of_another_authority(demo, other_local_authority):
    stranger = UserFactory(local_authority=other_local_authority, username="themelead")
    stranger.set_password("their-own-password")
    stranger.save()
    with pytest.raises(ValidationError, match="belongs to a user of another local authority"):
        load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    assert authenticate(username="themelead", password="their-own-password") is not None
    assert User.objects.get(username="themelead").local_authority == other_local_authority
    assert not Board.objects.exists()


def test_demo_refuses_a_lead_username_of_another_authority(demo, other_local_authority):
    User.objects.filter(username="lead").update(local_authority=other_local_authority)
    with pytest.raises(ValidationError, match="'lead' belongs to a user of another local"):
        load_governance_demo(local_authority=demo.local_authority, password=PASSWORD)
    assert not User.objects.filter(username="themelead").exists()
    assert not Board.objects.exists()
