"""The demo programme of the seed report: 13 projects and the MTFS allocations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from tracker.plans import services as plan_services
from tracker.programme.demo import PROJECTS, load_programme_demo
from tracker.programme.models import BudgetLine, Programme, Project
from tracker.programme.selectors import programme_get_overview

pytestmark = pytest.mark.django_db


def test_load_programme_demo_makes_the_13_projects_and_allocations(
    local_authority, plan, theme, improvement_lead
):
    plan_services.theme_create(user=improvement_lead, plan=plan, name="Partnerships")
    programme = load_programme_demo(local_authority=local_authority)
    assert programme.plan == plan
    projects = list(programme.projects.order_by("position"))
    assert [p.name for p in projects] == [name for name, _ in PROJECTS]
    assert len(projects) == 13
    assert {p.funding_status for p in projects} == {"requested"}
    assert {p.sponsor_post.title for p in projects} == {"Assistant Director for Improvement"}
    assert [t.name for t in projects[0].themes.all()] == ["Workforce"]
    lscp = programme.projects.get(name="Solihull Safeguarding Children Partnership (LSCP)")
    assert [t.name for t in lscp.themes.all()] == ["Partnerships"]
    overview = programme_get_overview(programme=programme)
    assert [(y.label, y.totals.allocation) for y in overview.years] == [
        ("2023/24", Decimal("9700000")),
        ("2024/25", Decimal("9900000")),
        ("2025/26", Decimal("8500000")),
    ]


def test_load_programme_demo_twice_adds_nothing(local_authority):
    first = load_programme_demo(local_authority=local_authority)
    assert first.plan is None
    second = load_programme_demo(local_authority=local_authority)
    assert first == second
    assert Programme.objects.count() == 1
    assert Project.objects.count() == 13
    assert BudgetLine.objects.count() == 3


def test_load_programme_demo_command_needs_the_authority(local_authority, capsys):
    call_command("load_programme_demo", local_authority=local_authority.name)
    assert "13 projects" in capsys.readouterr().out
    with pytest.raises(Exception, match="run load_demo_data first"):
        call_command("load_programme_demo", local_authority="Nowhere")
