"""The board paper's data: the numbers, the appendix, the meeting and the changes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, User
from tracker.governance import services as governance_services
from tracker.governance.models import Board, Meeting
from tracker.plans import services as plan_services
from tracker.plans.models import Action, Plan
from tracker.reporting.papers import selectors

pytestmark = pytest.mark.django_db

BOARD_PAPER_QUERIES = 70


@dataclass
class World:
    plan: Plan
    board: Board
    earlier: Meeting
    meeting: Meeting
    overdue: Action
    done: Action
    later: Action


def build_world(*, local_authority: LocalAuthority, user: User) -> World:
    """A small plan of two themed sections and one without a theme, an improvement board
    whose last two meetings had the plan on their agenda, and a risk."""
    today = timezone.localdate()
    plan = plan_services.plan_create(
        user=user,
        local_authority=local_authority,
        title="Improvement plan",
        kind="improvement_plan",
    )
    workforce = plan_services.theme_create(user=user, plan=plan, name="Workforce", lead=user)
    practice = plan_services.theme_create(user=user, plan=plan, name="Practice")
    first = plan_services.section_create(
        user=user,
        plan=plan,
        number=1,
        title="Recruit and keep social workers",
        aim="A stable workforce",
        theme=workforce,
        expected_outcomes=["Fewer agency staff"],
    )
    second = plan_services.section_create(
        user=user, plan=plan, number=2, title="Audit", theme=practice
    )
    third = plan_services.section_create(user=user, plan=plan, number=3, title="Other")
    overdue = plan_services.action_create(
        user=user,
        section=first,
        reference="1.1",
        description='=HYPERLINK("http://example.invalid")',
        due_on=today - datetime.timedelta(days=10),
        status="in_progress",
        brag="red",
        owner_users=[user],
    )
    done = plan_services.action_create(
        user=user,
        section=first,
        reference="1.2",
        description="Publish the workforce strategy",
        due_on=today - datetime.timedelta(days=5),
    )
    plan_services.action_record_progress(
        user=user,
        action=done,
        expected_version=None,
        narrative="Published and shared with staff",
        status="completed",
        brag="blue",
    )
    later = plan_services.action_create(
        user=user,
        section=second,
        reference="2.1",
        description="Audit case files",
        due_on=today + datetime.timedelta(days=40),
        status="not_started",
    )
    plan_services.action_create(
        user=user,
        section=third,
        reference="3.1",
        description="Tidy up",
        due_on=today + datetime.timedelta(days=40),
        status="in_progress",
        brag="green",
    )
    board = governance_services.board_create(
        user=user,
        local_authority=local_authority,
        name="Improvement Board",
        kind="improvement_board",
    )
    earlier = governance_services.meeting_create(
        user=user, board=board, held_on=today - datetime.timedelta(days=60), status="held"
    )
    # Today's meeting: the plan was built today, so only today shows its actions.
    meeting = governance_services.meeting_create(user=user, board=board, held_on=today)
    for item in (earlier, meeting):
        governance_services.agenda_item_create(
            user=user, meeting=item, title="Improvement plan update", plan=plan
        )
    governance_services.risk_create(
        user=user,
        local_authority=local_authority,
        reference="R1",
        title="@Agency staff leave",
        cause="Pay",
        consequence="Drift",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=4,
        plan=plan,
        review_on=today - datetime.timedelta(days=3),
    )
    return World(
        plan=plan,
        board=board,
        earlier=earlier,
        meeting=meeting,
        overdue=overdue,
        done=done,
        later=later,
    )


@pytest.fixture
def world(local_authority, improvement_lead):
    return build_world(local_authority=local_authority, user=improvement_lead)


def _counts(row):
    return {
        "total": row.total,
        "complete": row.complete,
        "overdue": row.overdue,
        "status": dict(row.by_status),
        "brag": {code: count for code, _, count in row.by_brag},
    }


def test_board_paper_data_for_a_meeting(world):
    data = selectors.board_paper_data(plan=world.plan, meeting=world.meeting)
    assert data.title == "Improvement plan update"
    assert data.local_authority == "Solihull Metropolitan Borough Council"
    held = world.meeting.held_on
    assert data.meeting == f"Improvement Board, {held.day} {held:%B %Y}"
    assert data.as_of == held == timezone.localdate()
    summary = _counts(data.plan_summary)
    assert summary["total"] == 4
    assert summary["complete"] == 1
    assert summary["overdue"] == 1
    assert data.plan_summary.percent_complete == 25
    assert summary["brag"] == {"blue": 1, "green": 1, "amber": 0, "red": 1, "": 1}
    assert [row.label for row in data.section_rows] == [
        "1. Recruit and keep social workers",
        "2. Audit",
        "3. Other",
    ]
    assert [row.total for row in data.section_rows] == [2, 1, 1]
    assert [(row.label, row.total) for row in data.theme_rows] == [
        ("Workforce", 2),
        ("Practice", 1),
        ("No theme", 1),
    ]
    assert [a.reference for a in data.overdue] == ["1.1"]
    first = data.appendix[0]
    assert first.theme == "Workforce"
    assert first.outcomes == ("Fewer agency staff",)
    assert [a.reference for a in first.actions] == ["1.1", "1.2"]
    assert first.actions[1].progress == "Published and shared with staff"
    assert first.actions[1].status_label == "Completed"
    assert data.changes is not None
    assert data.changes.since == world.earlier.held_on
    assert data.changes.until == held
    assert data.highlight_reports == ()
    assert data.brag_over_time[-1].on == held


def test_board_paper_data_for_a_future_meeting_shows_the_plan_today(world, improvement_lead):
    today = timezone.localdate()
    coming = governance_services.meeting_create(
        user=improvement_lead, board=world.board, held_on=today + datetime.timedelta(days=20)
    )
    data = selectors.board_paper_data(plan=world.plan, meeting=coming)
    assert data.as_of == today
    assert data.plan_summary.total == 4
    assert data.meeting.startswith("Improvement Board, ")


def test_board_paper_data_for_a_date_compares_with_the_last_meeting_before_it(world):
    today = timezone.localdate()
    data = selectors.board_paper_data(plan=world.plan, as_of=today)
    assert data.meeting == ""
    assert data.as_of == today
    assert data.changes is not None
    assert data.changes.since == world.earlier.held_on
    assert data.highlight_reports == ()


def test_board_paper_data_for_a_date_skips_cancelled_meetings_and_other_boards(
    world, improvement_lead, local_authority
):
    today = timezone.localdate()
    governance_services.meeting_create(
        user=improvement_lead,
        board=world.board,
        held_on=today - datetime.timedelta(days=20),
        status="cancelled",
    )
    scrutiny = governance_services.board_create(
        user=improvement_lead, local_authority=local_authority, name="Scrutiny", kind="scrutiny"
    )
    governance_services.meeting_create(
        user=improvement_lead, board=scrutiny, held_on=today - datetime.timedelta(days=10)
    )
    data = selectors.board_paper_data(plan=world.plan, as_of=today)
    assert data.changes is not None
    assert data.changes.since == world.earlier.held_on


def test_board_paper_data_without_an_earlier_meeting_has_no_changes(world):
    data = selectors.board_paper_data(plan=world.plan, meeting=world.earlier)
    assert data.changes is None
    before_any = world.earlier.held_on - datetime.timedelta(days=1)
    assert selectors.board_paper_data(plan=world.plan, as_of=before_any).changes is None


def test_board_paper_data_in_the_past_shows_the_plan_as_it_stood(world):
    """The plan was made today, so the plan at the end of last week had no actions."""
    long_ago = timezone.localdate() - datetime.timedelta(days=7)
    data = selectors.board_paper_data(plan=world.plan, as_of=long_ago)
    assert data.as_of == long_ago
    assert data.plan_summary.total == 0
    assert all(not section.actions for section in data.appendix)


def test_board_paper_data_counts_match_the_plan_page_selector(world):
    from tracker.plans.selectors import plan_get_detail

    detail = plan_get_detail(plan=world.plan)
    data = selectors.board_paper_data(plan=world.plan)
    assert data.plan_summary.total == detail.summary.total
    assert data.plan_summary.overdue == detail.summary.overdue
    assert data.plan_summary.complete == detail.summary.complete
    assert [row.total for row in data.section_rows] == [b.summary.total for b in detail.sections]


def test_meetings_for_papers_lists_the_authoritys_meetings_newest_first(world, improvement_lead):
    cancelled = governance_services.meeting_create(
        user=improvement_lead,
        board=world.board,
        held_on=timezone.localdate(),
        status="cancelled",
    )
    meetings = selectors.meetings_for_papers(plan=world.plan)
    assert meetings == [world.meeting, world.earlier]
    assert cancelled not in meetings


@pytest.mark.parametrize("size", [10, 300])
def test_board_paper_data_queries_do_not_grow_with_plan_size(
    improvement_lead, django_assert_max_num_queries, size
):
    from tracker.plans.tests.bulk import build_plan

    plan = build_plan(
        local_authority=improvement_lead.local_authority, actions=size, owner=improvement_lead
    )
    board = governance_services.board_create(
        user=None,
        local_authority=improvement_lead.local_authority,
        name="Board",
        kind="improvement_board",
    )
    today = timezone.localdate()
    # Loaded in bulk, without history, 100 days ago: the plan then is the plan now.
    Action.objects.filter(plan=plan).update(
        created_at=timezone.now() - datetime.timedelta(days=100)
    )
    for days in (40, 2):
        meeting = governance_services.meeting_create(
            user=None, board=board, held_on=today - datetime.timedelta(days=days), status="held"
        )
        governance_services.agenda_item_create(user=None, meeting=meeting, title="Plan", plan=plan)
    # A fixed number whatever the size (47 today: most rebuild the two states "what changed"
    # compares, from the history tables of actions, owners, themes, sections and risks; and
    # about 20 more for the performance scorecard and the coverage gaps).
    with django_assert_max_num_queries(BOARD_PAPER_QUERIES):
        data = selectors.board_paper_data(plan=plan, meeting=meeting)
    assert data.plan_summary.total == size
    with django_assert_max_num_queries(BOARD_PAPER_QUERIES):
        data = selectors.board_paper_data(plan=plan, as_of=today)
    assert sum(len(section.actions) for section in data.appendix) == size


def test_board_paper_data_for_a_meeting_has_its_submitted_highlight_reports(
    world, improvement_lead
):
    from tracker.governance.highlights import services as highlight_services

    workforce, practice = world.plan.themes.order_by("position", "name", "pk")
    submitted = highlight_services.highlight_report_draft(
        meeting=world.meeting, theme=workforce, user=improvement_lead
    )
    submitted = highlight_services.highlight_report_update(
        report=submitted,
        user=improvement_lead,
        version=submitted.version,
        kind=submitted.kind,
        summary="Recruitment is ahead of plan",
    )
    highlight_services.highlight_report_submit(
        report=submitted, user=improvement_lead, version=submitted.version
    )
    highlight_services.highlight_report_draft(
        meeting=world.meeting, theme=practice, user=improvement_lead
    )
    data = selectors.board_paper_data(plan=world.plan, meeting=world.meeting)
    [report] = data.highlight_reports
    assert report.theme == workforce.name
    assert any("Recruitment is ahead of plan" in text for _, text in report.narrative)
    assert selectors.board_paper_data(plan=world.plan).highlight_reports == ()


def test_board_paper_data_leaves_out_highlight_reports_on_another_plans_themes(
    world, improvement_lead, local_authority
):
    """A meeting that considers two plans gets one paper for each, with its own reports."""
    from tracker.governance.highlights import services as highlight_services

    other_plan = plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Partnership plan",
        kind="improvement_plan",
    )
    other_theme = plan_services.theme_create(
        user=improvement_lead, plan=other_plan, name="Early help", lead=improvement_lead
    )
    governance_services.agenda_item_create(
        user=None, meeting=world.meeting, title="Partnership plan", plan=other_plan
    )
    for theme in (world.plan.themes.get(name="Workforce"), other_theme):
        report = highlight_services.highlight_report_draft(
            meeting=world.meeting, theme=theme, user=improvement_lead
        )
        highlight_services.highlight_report_submit(
            report=report, user=improvement_lead, version=report.version
        )

    mine = selectors.board_paper_data(plan=world.plan, meeting=world.meeting)
    theirs = selectors.board_paper_data(plan=other_plan, meeting=world.meeting)

    assert [report.theme for report in mine.highlight_reports] == ["Workforce"]
    assert [report.theme for report in theirs.highlight_reports] == ["Early help"]


def test_board_paper_data_for_a_date_compares_with_the_improvement_boards_last_meeting(
    world, improvement_lead, local_authority
):
    """As the "What changed" page: the board `comparison_board` picks, not whichever board
    met last. Scrutiny considered the plan 300 days ago and met yesterday without it."""
    today = timezone.localdate()
    scrutiny = governance_services.board_create(
        user=improvement_lead, local_authority=local_authority, name="Scrutiny", kind="scrutiny"
    )
    long_ago = governance_services.meeting_create(
        user=improvement_lead,
        board=scrutiny,
        held_on=today - datetime.timedelta(days=300),
        status="held",
    )
    governance_services.agenda_item_create(
        user=improvement_lead, meeting=long_ago, title="Improvement plan", plan=world.plan
    )
    governance_services.meeting_create(
        user=improvement_lead,
        board=scrutiny,
        held_on=today - datetime.timedelta(days=1),
        status="held",
    )

    assert selectors.last_meeting_before(plan=world.plan, before=today) == world.earlier
    data = selectors.board_paper_data(plan=world.plan)
    assert data.changes is not None
    assert data.changes.since == world.earlier.held_on == today - datetime.timedelta(days=60)


def test_board_paper_data_without_an_improvement_board_has_no_changes_for_a_date(
    world, improvement_lead, local_authority
):
    """No improvement board: the "What changed" page has no default either."""
    Board.objects.filter(pk=world.board.pk).update(kind="scrutiny")
    assert selectors.last_meeting_before(plan=world.plan, before=timezone.localdate()) is None
    assert selectors.board_paper_data(plan=world.plan).changes is None


def test_board_paper_data_counts_actions_of_a_section_deleted_since(
    improvement_lead, local_authority
):
    """Three days ago the plan had two sections; the second has been deleted since. Its
    action is counted, listed and overdue, as the changes say it was removed."""
    user = improvement_lead
    today = timezone.localdate()
    plan = plan_services.plan_create(
        user=user, local_authority=local_authority, title="Plan", kind="improvement_plan"
    )
    kept = plan_services.section_create(user=user, plan=plan, number=1, title="Kept")
    gone = plan_services.section_create(user=user, plan=plan, number=2, title="Gone")
    plan_services.action_create(
        user=user, section=kept, reference="1.1", description="Stays", status="in_progress"
    )
    removed = plan_services.action_create(
        user=user,
        section=gone,
        reference="2.1",
        description="Went with its section",
        due_on=today - datetime.timedelta(days=10),
        status="in_progress",
        brag="red",
    )
    Action.history.model.objects.filter(plan_id=plan.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=5)
    )
    Action.objects.filter(pk=removed.pk).delete()
    gone.delete()

    data = selectors.board_paper_data(plan=plan, as_of=today - datetime.timedelta(days=3))

    assert data.plan_summary.total == 2
    assert data.plan_summary.overdue == 1
    assert [(row.label, row.total) for row in data.section_rows] == [
        ("1. Kept", 1),
        ("Section no longer in the plan", 1),
    ]
    assert [(row.label, row.total) for row in data.theme_rows] == [
        ("No theme", 1),
        ("Section no longer in the plan", 1),
    ]
    assert sum(row.total for row in data.section_rows) == data.plan_summary.total
    assert [a.reference for a in data.overdue] == ["2.1"]
    assert data.appendix[-1].title == "Section no longer in the plan"
    assert [a.reference for a in data.appendix[-1].actions] == ["2.1"]


def _plan_with_history(*, user, actions: int) -> tuple[Plan, Meeting]:
    """A plan made through the services (so every action has history), as it stood 100 days
    ago; progress recorded on a third of the actions today; a board that met 40 days ago and
    meets today, with the plan on both agendas."""
    today = timezone.localdate()
    plan = plan_services.plan_create(
        user=user, local_authority=user.local_authority, title="Plan", kind="improvement_plan"
    )
    sections = [
        plan_services.section_create(user=user, plan=plan, number=n, title=f"Section {n}")
        for n in range(1, 6)
    ]
    made = [
        plan_services.action_create(
            user=user,
            section=sections[i % 5],
            reference=f"{i % 5 + 1}.{i}",
            description=f"Action {i}",
            due_on=today + datetime.timedelta(days=i - actions // 2),
            status="in_progress",
            brag="green",
            owner_users=[user],
        )
        for i in range(actions)
    ]
    Action.history.model.objects.filter(plan_id=plan.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=100)
    )
    for action in made[::3]:
        plan_services.action_record_progress(
            user=user,
            action=action,
            expected_version=None,
            narrative="Moving on",
            status="in_progress",
            brag="amber",
        )
    board = governance_services.board_create(
        user=user, local_authority=user.local_authority, name="Board", kind="improvement_board"
    )
    meeting = None
    for days, status in ((40, "held"), (0, "scheduled")):
        meeting = governance_services.meeting_create(
            user=user, board=board, held_on=today - datetime.timedelta(days=days), status=status
        )
        governance_services.agenda_item_create(user=user, meeting=meeting, title="Plan", plan=plan)
    assert meeting is not None
    return plan, meeting


@pytest.mark.parametrize("size", [10, 150])
def test_board_paper_data_queries_do_not_grow_with_history(
    improvement_lead, django_assert_max_num_queries, size
):
    plan, meeting = _plan_with_history(user=improvement_lead, actions=size)
    with django_assert_max_num_queries(BOARD_PAPER_QUERIES):
        data = selectors.board_paper_data(plan=plan, meeting=meeting)
    assert data.plan_summary.total == size
    assert data.changes is not None
    assert len(data.changes.brag_changes) == len(range(0, size, 3))
    past = timezone.localdate() - datetime.timedelta(days=10)
    with django_assert_max_num_queries(BOARD_PAPER_QUERIES):
        data = selectors.board_paper_data(plan=plan, as_of=past)
    assert data.plan_summary.total == size
    assert data.changes is not None
    assert data.changes.brag_changes == ()
