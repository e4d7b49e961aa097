"""Writes of the programme app: what is saved, what is refused and with which words."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tracker.accounts.tests.factories import PostFactory, UserFactory
from tracker.core.errors import ConcurrentEditError
from tracker.plans.tests.factories import PlanFactory, SectionFactory
from tracker.programme import services
from tracker.programme.models import (
    BudgetLine,
    Deliverable,
    FundingStatus,
    Programme,
    Project,
    ProjectMilestone,
)

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}


# Programmes -------------------------------------------------------------------------------------


def test_programme_create_links_the_plan_and_records_history(programme, plan, improvement_lead):
    assert programme.plan == plan
    assert programme.version == 1
    assert programme.history.count() == 1
    assert programme.history.first().history_user == improvement_lead


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  ", "Enter the programme's name"),
        (
            "children's services improvement programme",
            "There is already a programme called children's services improvement programme",
        ),
    ],
)
def test_programme_create_refuses_a_missing_or_taken_name(
    programme, local_authority, improvement_lead, name, message
):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(user=improvement_lead, local_authority=local_authority, name=name)
    assert _messages(caught.value) == {"name": [message]}
    assert Programme.objects.count() == 1


def test_programme_create_refuses_another_authoritys_plan(
    local_authority, other_local_authority, improvement_lead
):
    with pytest.raises(ValidationError, match="Choose a plan of this local authority"):
        services.programme_create(
            user=improvement_lead,
            local_authority=local_authority,
            name="Programme",
            plan=PlanFactory(local_authority=other_local_authority),
        )
    assert Programme.objects.count() == 0


def test_programme_update_refuses_a_stale_edit(programme, improvement_lead):
    services.programme_update(
        user=improvement_lead, programme=programme, expected_version=1, name="Renamed", plan=None
    )
    with pytest.raises(ConcurrentEditError, match="This programme was changed by someone else"):
        services.programme_update(
            user=improvement_lead, programme=programme, expected_version=1, name="Mine", plan=None
        )
    programme.refresh_from_db()
    assert (programme.name, programme.version, programme.plan) == ("Renamed", 2, None)


# Projects ---------------------------------------------------------------------------------------


def test_project_create_links_themes_and_sections(project, theme, section, improvement_lead):
    assert list(project.themes.all()) == [theme]
    assert list(project.sections.all()) == [section]
    assert project.funding_status == FundingStatus.REQUESTED
    assert project.rag == "amber"
    assert project.position == 1
    record = project.history.first()
    assert record.history_user == improvement_lead
    assert [t.theme_id for t in record.themes.all()] == [theme.pk]


def _project_kwargs(programme, **overrides):
    kwargs = {"user": None, "programme": programme, "name": "Edges of care"}
    kwargs.update(overrides)
    return kwargs


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the project's name"),
        ({"name": "workforce"}, "name", "This programme already has a project called workforce"),
        ({"rag": "purple"}, "rag", "Select the project's RAG rating"),
        ({"funding_status": "maybe"}, "funding_status", "Select the project's funding status"),
    ],
)
def test_project_create_refuses_bad_input(project, programme, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        services.project_create(**_project_kwargs(programme, **overrides))
    assert _messages(caught.value) == {field: [message]}
    assert Project.objects.count() == 1


def test_project_create_refuses_another_authoritys_theme_section_and_people(
    programme, other_theme, other_local_authority
):
    with pytest.raises(ValidationError) as caught:
        services.project_create(
            **_project_kwargs(
                programme,
                themes=[other_theme],
                sections=[SectionFactory(plan=other_theme.plan)],
                lead=UserFactory(local_authority=other_local_authority),
                sponsor_post=PostFactory(local_authority=other_local_authority),
            )
        )
    assert _messages(caught.value) == {
        "themes": ["Choose themes from this local authority's plans"],
        "sections": ["Choose sections from this local authority's plans"],
        "lead": ["Choose a project lead from this local authority"],
        "sponsor_post": ["Choose a sponsor's post from this local authority"],
    }
    assert Project.objects.count() == 0


def test_project_update_changes_rag_and_unlinks_themes(project, improvement_lead):
    services.project_update(
        user=improvement_lead,
        project=project,
        expected_version=project.version,
        name="Workforce",
        purpose="",
        sponsor_post=None,
        sponsor=None,
        lead_post=None,
        lead=None,
        rag="green",
        funding_status=FundingStatus.APPROVED,
        themes=[],
        sections=[],
    )
    project.refresh_from_db()
    assert (project.rag, project.funding_status, project.version) == ("green", "approved", 2)
    assert project.themes.count() == 0
    latest = project.history.first()
    assert (latest.rag, latest.history_user, latest.themes.count()) == (
        "green",
        improvement_lead,
        0,
    )


def test_project_update_refuses_a_stale_edit(project, improvement_lead):
    with pytest.raises(ConcurrentEditError, match="This project was changed by someone else"):
        services.project_update(
            user=improvement_lead,
            project=project,
            expected_version=project.version - 1 or 99,
            name="Stale",
            purpose="",
            sponsor_post=None,
            sponsor=None,
            lead_post=None,
            lead=None,
            rag="",
            funding_status="requested",
            themes=[],
            sections=[],
        )
    project.refresh_from_db()
    assert project.name == "Workforce"


# Deliverables -----------------------------------------------------------------------------------


def test_deliverable_create_records_due_date_and_history(deliverable, improvement_lead):
    assert deliverable.due_on == datetime.date(2023, 9, 30)
    assert deliverable.status == Deliverable.Status.NOT_STARTED
    assert deliverable.history.first().history_user == improvement_lead


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"description": " "}, "description", "Enter what the project will deliver"),
        ({"due_on": None}, "due_on", "Enter the date the deliverable is due"),
        (
            {"due_on": datetime.date(1999, 12, 31)},
            "due_on",
            "The date the deliverable is due must be in 2000 or later",
        ),
        ({"status": "done"}, "status", "Select the deliverable's status"),
    ],
)
def test_deliverable_create_refuses_bad_input(project, overrides, field, message):
    kwargs = {
        "user": None,
        "project": project,
        "description": "Training plan",
        "due_on": datetime.date(2024, 1, 31),
        "status": "not_started",
    }
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as caught:
        services.deliverable_create(**kwargs)
    assert _messages(caught.value) == {field: [message]}
    assert Deliverable.objects.count() == 0


def test_deliverable_update_completes_and_refuses_a_stale_edit(deliverable, improvement_lead):
    services.deliverable_update(
        user=improvement_lead,
        deliverable=deliverable,
        expected_version=1,
        description=deliverable.description,
        due_on=deliverable.due_on,
        status="complete",
    )
    with pytest.raises(ConcurrentEditError, match="This deliverable was changed by someone else"):
        services.deliverable_update(
            user=improvement_lead,
            deliverable=deliverable,
            expected_version=1,
            description="Stale",
            due_on=deliverable.due_on,
            status="in_progress",
        )
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.version) == ("complete", 2)
    assert deliverable.history.count() == 2


# Milestones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the milestone"),
        ({"due_on": None}, "due_on", "Enter the date the milestone is due"),
        (
            {"achieved_on": datetime.date(2024, 6, 2)},
            "achieved_on",
            "The date the milestone was achieved must be today or in the past",
        ),
    ],
)
def test_milestone_create_refuses_bad_input(project, overrides, field, message):
    kwargs = {
        "user": None,
        "project": project,
        "name": "Go live",
        "due_on": datetime.date(2024, 6, 30),
        "today": datetime.date(2024, 6, 1),
    }
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as caught:
        services.milestone_create(**kwargs)
    assert _messages(caught.value) == {field: [message]}
    assert ProjectMilestone.objects.count() == 0


def test_milestone_update_records_achievement_and_refuses_a_stale_edit(milestone):
    services.milestone_update(
        user=None,
        milestone=milestone,
        expected_version=1,
        name=milestone.name,
        due_on=milestone.due_on,
        achieved_on=datetime.date(2023, 10, 20),
    )
    with pytest.raises(ConcurrentEditError, match="This milestone was changed by someone else"):
        services.milestone_update(
            user=None,
            milestone=milestone,
            expected_version=1,
            name="Stale",
            due_on=milestone.due_on,
            achieved_on=None,
        )
    milestone.refresh_from_db()
    assert milestone.achieved_on == datetime.date(2023, 10, 20)
    assert milestone.history.count() == 2


# Budget lines -----------------------------------------------------------------------------------


def test_budget_line_create_keeps_pence_and_history(budget_line, improvement_lead):
    budget_line.refresh_from_db()
    assert budget_line.actual_spend == Decimal("120000.50")
    assert budget_line.financial_year_label == "2024/25"
    assert budget_line.variance == Decimal("10000")
    assert budget_line.history.first().history_user == improvement_lead


def _line_kwargs(programme, project, **overrides):
    kwargs = {
        "user": None,
        "programme": programme,
        "project": project,
        "financial_year": 2023,
        "allocation": Decimal("250000"),
        "actual_spend": Decimal("0"),
        "forecast": Decimal("250000"),
    }
    kwargs.update(overrides)
    return kwargs


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"allocation": None},
            "allocation",
            "Enter the allocation in pounds, like 1250 or 1250.50",
        ),
        (
            {"actual_spend": None},
            "actual_spend",
            "Enter the actual spend in pounds, like 1250 or 1250.50",
        ),
        (
            {"forecast": Decimal("NaN")},
            "forecast",
            "Enter the forecast in pounds, like 1250 or 1250.50",
        ),
        ({"allocation": Decimal("-1")}, "allocation", "The allocation must be £0 or more"),
        (
            {"forecast": Decimal("10.005")},
            "forecast",
            "The forecast must be in pounds and pence, like 1250.50",
        ),
        (
            {"allocation": Decimal("10000000000")},
            "allocation",
            "The allocation must be less than £10,000,000,000",
        ),
        (
            {"allocation": Decimal("1e400")},
            "allocation",
            "The allocation must be less than £10,000,000,000",
        ),
        ({"financial_year": None}, "financial_year", "Select the financial year"),
        ({"financial_year": 1999}, "financial_year", "Select the financial year"),
        (
            {"financial_year": 2024},
            "financial_year",
            "This project already has a budget line for 2024/25",
        ),
    ],
)
def test_budget_line_create_refuses_bad_input(
    budget_line, programme, project, overrides, field, message
):
    with pytest.raises(ValidationError) as caught:
        services.budget_line_create(**_line_kwargs(programme, project, **overrides))
    assert _messages(caught.value) == {field: [message]}
    assert BudgetLine.objects.count() == 1


def test_budget_line_create_allows_one_programme_wide_line_a_year(programme, budget_line):
    services.budget_line_create(**_line_kwargs(programme, None, financial_year=2024))
    with pytest.raises(
        ValidationError,
        match=re.escape("The programme already has a programme-wide budget line for 2024/25"),
    ):
        services.budget_line_create(**_line_kwargs(programme, None, financial_year=2024))
    assert BudgetLine.objects.count() == 2


def test_budget_line_create_refuses_another_programmes_project(
    programme, local_authority, improvement_lead
):
    other = services.programme_create(
        user=improvement_lead, local_authority=local_authority, name="Another programme"
    )
    stranger = services.project_create(user=None, programme=other, name="Elsewhere")
    with pytest.raises(ValidationError, match="Choose a project of this programme"):
        services.budget_line_create(**_line_kwargs(programme, stranger))
    assert BudgetLine.objects.count() == 0


def test_budget_line_update_keeps_its_own_year_and_refuses_a_stale_edit(budget_line, project):
    services.budget_line_update(
        user=None,
        budget_line=budget_line,
        expected_version=1,
        project=project,
        financial_year=2024,
        allocation=Decimal("300000"),
        actual_spend=Decimal("150000"),
        forecast=Decimal("290000"),
    )
    with pytest.raises(ConcurrentEditError, match="This budget line was changed by someone else"):
        services.budget_line_update(
            user=None,
            budget_line=budget_line,
            expected_version=1,
            project=project,
            financial_year=2024,
            allocation=Decimal("1"),
            actual_spend=Decimal("1"),
            forecast=Decimal("1"),
        )
    budget_line.refresh_from_db()
    assert (budget_line.allocation, budget_line.version) == (Decimal("300000"), 2)
    assert budget_line.history.count() == 2


def test_budget_line_database_refuses_negative_money_and_duplicates(budget_line):
    budget_line.allocation = Decimal("-5")
    with pytest.raises(IntegrityError), transaction.atomic():
        budget_line.save()
    duplicate = BudgetLine(
        programme=budget_line.programme,
        project=budget_line.project,
        financial_year=2024,
        allocation=0,
        actual_spend=0,
        forecast=0,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
