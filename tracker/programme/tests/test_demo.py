"""The demo programme of the council's audit committee paper: 13 projects, each with a sponsor,
a lead, a RAG rating, a funding decision, deliverables and milestones, and the MTFS allocations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from tracker.plans import services as plan_services
from tracker.plans.demo import load_demo_data
from tracker.programme.demo import PROJECTS, load_programme_demo
from tracker.programme.models import (
    BudgetLine,
    Deliverable,
    FundingStatus,
    Programme,
    Project,
    ProjectMilestone,
    Rag,
)
from tracker.programme.selectors import programme_get_overview

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)
RATINGS = {Rag.GREEN, Rag.AMBER, Rag.RED}


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Programme, Project, Deliverable, ProjectMilestone, BudgetLine)
    }


def test_load_programme_demo_makes_the_13_projects_and_allocations(
    local_authority, plan, theme, improvement_lead
):
    plan_services.theme_create(user=improvement_lead, plan=plan, name="Partnerships")
    programme = load_programme_demo(local_authority=local_authority, today=TODAY)
    assert programme.plan == plan
    projects = list(programme.projects.order_by("position"))
    assert [p.name for p in projects] == [row.name for row in PROJECTS]
    assert len(projects) == 13
    assert projects[2].name == "MASH & Emergency Duty Team (EDT)"
    assert {p.funding_status for p in projects} == {
        FundingStatus.APPROVED,
        FundingStatus.REQUESTED,
    }
    assert {p.sponsor_post.title for p in projects} == {
        "Assistant Director for Improvement",
        "Director of Children’s Services",
    }
    assert [t.name for t in projects[0].themes.all()] == ["Workforce"]
    lscp = programme.projects.get(name="Solihull Safeguarding Children Partnership (LSCP)")
    assert [t.name for t in lscp.themes.all()] == ["Partnerships"]
    overview = programme_get_overview(programme=programme)
    assert [(y.label, y.totals.allocation) for y in overview.years] == [
        ("2023/24", Decimal("9700000")),
        ("2024/25", Decimal("9900000")),
        ("2025/26", Decimal("8500000")),
    ]


def test_every_demo_project_has_a_lead_a_rating_and_a_deliverable(local_authority):
    programme = load_programme_demo(local_authority=local_authority, today=TODAY)

    for project in programme.projects.all():
        assert project.lead_post is not None, project.name
        assert project.sponsor_post is not None, project.name
        assert project.rag in RATINGS, project.name
        assert project.purpose, project.name
        assert project.deliverables.exists(), project.name
        assert project.milestones.exists(), project.name
    assert {project.rag for project in programme.projects.all()} == RATINGS


def test_demo_programme_keeps_the_papers_dates_and_counts_the_rest_from_today(local_authority):
    programme = load_programme_demo(local_authority=local_authority, today=TODAY)

    governance = programme.projects.get(name="Governance for Improvement")
    visit = governance.milestones.get(name__startswith="Action planning visit")
    assert visit.due_on == visit.achieved_on == datetime.date(2023, 2, 24)
    workforce = programme.projects.get(name="Workforce")
    academy = workforce.deliverables.get(description__contains="social work academy")
    assert academy.due_on == TODAY + datetime.timedelta(days=90)
    milestones = ProjectMilestone.objects.filter(project__programme=programme)
    assert all(m.achieved_on is None or m.achieved_on <= TODAY for m in milestones)
    assert milestones.filter(achieved_on=None, due_on__lt=TODAY).exists()  # one is overdue
    assert Deliverable.objects.filter(status=Deliverable.Status.COMPLETE).exists()


def test_demo_programme_names_the_people_who_hold_the_lead_posts():
    demo = load_demo_data(password="x")

    programme = load_programme_demo(local_authority=demo.local_authority)

    governance = programme.projects.get(name="Governance for Improvement")
    assert governance.lead.username == "lead"
    assert governance.lead_post.title == "Assistant Director for Improvement"
    assert {section.number for section in governance.sections.all()} == {1}
    assert governance.themes.get().plan == demo.improvement_plan
    assert {project.sponsor.username for project in programme.projects.exclude(sponsor=None)} == {
        "lead"
    }


def test_load_programme_demo_twice_adds_nothing(local_authority):
    first = load_programme_demo(local_authority=local_authority, today=TODAY)
    assert first.plan is None
    before = _counts()
    second = load_programme_demo(
        local_authority=local_authority, today=TODAY + datetime.timedelta(days=3)
    )
    assert first == second
    assert _counts() == before
    assert before["Project"] == 13
    assert before["BudgetLine"] == 3


def test_load_programme_demo_fills_in_projects_an_earlier_demo_left_bare(local_authority):
    programme = load_programme_demo(local_authority=local_authority, today=TODAY)
    Deliverable.objects.all().delete()
    ProjectMilestone.objects.all().delete()
    Project.objects.update(lead_post=None, lead=None)

    load_programme_demo(local_authority=local_authority, today=TODAY)

    assert not programme.projects.filter(lead_post=None).exists()
    assert Deliverable.objects.count() == sum(len(row.deliverables) for row in PROJECTS)
    assert ProjectMilestone.objects.count() == sum(len(row.milestones) for row in PROJECTS)
    assert Project.objects.count() == 13


def test_load_programme_demo_command_needs_the_authority(local_authority, capsys):
    call_command("load_programme_demo", local_authority=local_authority.name)
    assert "13 projects" in capsys.readouterr().out
    with pytest.raises(Exception, match="run load_demo_data first"):
        call_command("load_programme_demo", local_authority="Nowhere")
