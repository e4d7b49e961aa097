"""Writes for programmes, projects, deliverables, milestones and budget lines.

Every write is all or nothing, records who made it in the history and refuses a stale edit.
Messages are written for the council officer who reads them on the form.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Post, User
from tracker.core.formatting import format_money
from tracker.core.history import lock_for_edit, save_changes, save_with_history
from tracker.plans.access import local_authority_id_of
from tracker.plans.models import Plan, Section, Theme
from tracker.programme import rules
from tracker.programme.models import (
    BudgetLine,
    Deliverable,
    FundingStatus,
    Programme,
    Project,
    ProjectMilestone,
    Rag,
)

Errors = dict[str, list[str]]

# DecimalField(max_digits=12, decimal_places=2): at most 10 digits of pounds.
MAXIMUM_AMOUNT = Decimal("9999999999.99")
AMOUNT_NOUNS = {"allocation": "allocation", "actual_spend": "actual spend", "forecast": "forecast"}
FIRST_FINANCIAL_YEAR = 2000
LAST_FINANCIAL_YEAR = 2100


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _belongs(user_or_post: User | Post | None, local_authority_id: int) -> bool:
    return user_or_post is None or local_authority_id_of(user_or_post) == local_authority_id


def _plan_things_belong(things: Iterable[Theme | Section], local_authority_id: int) -> bool:
    return all(local_authority_id_of(thing) == local_authority_id for thing in things)


# Programmes -------------------------------------------------------------------------------------


def _validate_programme(
    *, local_authority: LocalAuthority, name: str, plan: Plan | None, exclude_pk: int | None
) -> None:
    errors: Errors = {}
    if not name.strip():
        errors["name"] = ["Enter the programme's name"]
    elif (
        Programme.objects.filter(local_authority=local_authority, name__iexact=name.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["name"] = [f"There is already a programme called {name.strip()}"]
    if plan is not None and plan.local_authority_id != local_authority.pk:
        errors["plan"] = ["Choose a plan of this local authority"]
    _raise(errors)


@transaction.atomic
def programme_create(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    name: str,
    plan: Plan | None = None,
    description: str = "",
) -> Programme:
    """Start an improvement programme for a local authority, optionally delivering a plan."""
    _validate_programme(local_authority=local_authority, name=name, plan=plan, exclude_pk=None)
    programme = Programme(
        local_authority=local_authority,
        name=name.strip(),
        plan=plan,
        description=description.strip(),
    )
    save_with_history(programme, user)
    return programme


@transaction.atomic
def programme_update(
    *,
    user: User | None,
    programme: Programme,
    expected_version: int | None,
    name: str,
    plan: Plan | None,
    description: str = "",
) -> Programme:
    """Change a programme's name, plan or description, refusing a stale edit."""
    programme = lock_for_edit(programme, thing="programme", expected_version=expected_version)
    _validate_programme(
        local_authority=programme.local_authority, name=name, plan=plan, exclude_pk=programme.pk
    )
    return save_changes(
        programme, user=user, name=name.strip(), plan=plan, description=description.strip()
    )


# Projects ---------------------------------------------------------------------------------------


def _validate_project(
    *,
    programme: Programme,
    name: str,
    sponsor_post: Post | None,
    sponsor: User | None,
    lead_post: Post | None,
    lead: User | None,
    rag: str,
    funding_status: str,
    themes: Sequence[Theme],
    sections: Sequence[Section],
    exclude_pk: int | None,
) -> None:
    errors: Errors = {}
    la = programme.local_authority_id
    if not name.strip():
        errors["name"] = ["Enter the project's name"]
    elif (
        Project.objects.filter(programme=programme, name__iexact=name.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["name"] = [f"This programme already has a project called {name.strip()}"]
    for field, person_or_post, message in (
        ("sponsor_post", sponsor_post, "Choose a sponsor's post from this local authority"),
        ("sponsor", sponsor, "Choose a sponsor from this local authority"),
        ("lead_post", lead_post, "Choose a project lead's post from this local authority"),
        ("lead", lead, "Choose a project lead from this local authority"),
    ):
        if not _belongs(person_or_post, la):
            errors[field] = [message]
    if rag and rag not in Rag.values:
        errors["rag"] = ["Select the project's RAG rating"]
    if funding_status not in FundingStatus.values:
        errors["funding_status"] = ["Select the project's funding status"]
    if not _plan_things_belong(themes, la):
        errors["themes"] = ["Choose themes from this local authority's plans"]
    if not _plan_things_belong(sections, la):
        errors["sections"] = ["Choose sections from this local authority's plans"]
    _raise(errors)


@transaction.atomic
def project_create(
    *,
    user: User | None,
    programme: Programme,
    name: str,
    purpose: str = "",
    sponsor_post: Post | None = None,
    sponsor: User | None = None,
    lead_post: Post | None = None,
    lead: User | None = None,
    rag: str = "",
    funding_status: str = FundingStatus.REQUESTED,
    themes: Sequence[Theme] = (),
    sections: Sequence[Section] = (),
) -> Project:
    """Add a project to a programme, linked to the plan themes and sections it delivers."""
    _validate_project(
        programme=programme,
        name=name,
        sponsor_post=sponsor_post,
        sponsor=sponsor,
        lead_post=lead_post,
        lead=lead,
        rag=rag,
        funding_status=funding_status,
        themes=themes,
        sections=sections,
        exclude_pk=None,
    )
    project = Project(
        programme=programme,
        name=name.strip(),
        purpose=purpose.strip(),
        sponsor_post=sponsor_post,
        sponsor=sponsor,
        lead_post=lead_post,
        lead=lead,
        rag=rag,
        funding_status=funding_status,
        position=programme.projects.count() + 1,
    )
    save_with_history(project, user)
    project.themes.set(list(themes))
    project.sections.set(list(sections))
    return project


@transaction.atomic
def project_update(
    *,
    user: User | None,
    project: Project,
    expected_version: int | None,
    name: str,
    purpose: str,
    sponsor_post: Post | None,
    sponsor: User | None,
    lead_post: Post | None,
    lead: User | None,
    rag: str,
    funding_status: str,
    themes: Sequence[Theme],
    sections: Sequence[Section],
) -> Project:
    """Change a project, its RAG rating, funding status or links to the plan."""
    project = lock_for_edit(project, thing="project", expected_version=expected_version)
    _validate_project(
        programme=project.programme,
        name=name,
        sponsor_post=sponsor_post,
        sponsor=sponsor,
        lead_post=lead_post,
        lead=lead,
        rag=rag,
        funding_status=funding_status,
        themes=themes,
        sections=sections,
        exclude_pk=project.pk,
    )
    save_changes(
        project,
        user=user,
        name=name.strip(),
        purpose=purpose.strip(),
        sponsor_post=sponsor_post,
        sponsor=sponsor,
        lead_post=lead_post,
        lead=lead,
        rag=rag,
        funding_status=funding_status,
    )
    project.themes.set(list(themes))
    project.sections.set(list(sections))
    return project


# Deliverables -----------------------------------------------------------------------------------


def _validate_deliverable(*, description: str, due_on: datetime.date | None, status: str) -> None:
    errors: Errors = {}
    if not description.strip():
        errors["description"] = ["Enter what the project will deliver"]
    if due_on is None:
        errors["due_on"] = ["Enter the date the deliverable is due"]
    elif due_on.year < FIRST_FINANCIAL_YEAR:
        errors["due_on"] = [
            f"The date the deliverable is due must be in {FIRST_FINANCIAL_YEAR} or later"
        ]
    if status not in Deliverable.Status.values:
        errors["status"] = ["Select the deliverable's status"]
    _raise(errors)


@transaction.atomic
def deliverable_create(
    *,
    user: User | None,
    project: Project,
    description: str,
    due_on: datetime.date | None,
    status: str = Deliverable.Status.NOT_STARTED,
) -> Deliverable:
    """Add a deliverable, with its due date, to a project."""
    _validate_deliverable(description=description, due_on=due_on, status=status)
    assert due_on is not None  # noqa: S101 - checked above
    deliverable = Deliverable(
        project=project, description=description.strip(), due_on=due_on, status=status
    )
    save_with_history(deliverable, user)
    return deliverable


@transaction.atomic
def deliverable_update(
    *,
    user: User | None,
    deliverable: Deliverable,
    expected_version: int | None,
    description: str,
    due_on: datetime.date | None,
    status: str,
) -> Deliverable:
    """Change a deliverable, its due date or status, refusing a stale edit."""
    deliverable = lock_for_edit(deliverable, thing="deliverable", expected_version=expected_version)
    _validate_deliverable(description=description, due_on=due_on, status=status)
    assert due_on is not None  # noqa: S101 - checked above
    return save_changes(
        deliverable, user=user, description=description.strip(), due_on=due_on, status=status
    )


# Milestones -------------------------------------------------------------------------------------


def _validate_milestone(
    *,
    name: str,
    due_on: datetime.date | None,
    achieved_on: datetime.date | None,
    today: datetime.date,
) -> None:
    errors: Errors = {}
    if not name.strip():
        errors["name"] = ["Enter the milestone"]
    if due_on is None:
        errors["due_on"] = ["Enter the date the milestone is due"]
    if achieved_on is not None and achieved_on > today:
        errors["achieved_on"] = ["The date the milestone was achieved must be today or in the past"]
    _raise(errors)


@transaction.atomic
def milestone_create(
    *,
    user: User | None,
    project: Project,
    name: str,
    due_on: datetime.date | None,
    achieved_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ProjectMilestone:
    """Add a milestone to a project; a milestone achieved cannot be dated in the future."""
    _validate_milestone(
        name=name, due_on=due_on, achieved_on=achieved_on, today=today or timezone.localdate()
    )
    assert due_on is not None  # noqa: S101 - checked above
    milestone = ProjectMilestone(
        project=project, name=name.strip(), due_on=due_on, achieved_on=achieved_on
    )
    save_with_history(milestone, user)
    return milestone


@transaction.atomic
def milestone_update(
    *,
    user: User | None,
    milestone: ProjectMilestone,
    expected_version: int | None,
    name: str,
    due_on: datetime.date | None,
    achieved_on: datetime.date | None,
    today: datetime.date | None = None,
) -> ProjectMilestone:
    """Change a milestone or record it achieved, refusing a stale edit."""
    milestone = lock_for_edit(milestone, thing="milestone", expected_version=expected_version)
    _validate_milestone(
        name=name, due_on=due_on, achieved_on=achieved_on, today=today or timezone.localdate()
    )
    assert due_on is not None  # noqa: S101 - checked above
    return save_changes(
        milestone, user=user, name=name.strip(), due_on=due_on, achieved_on=achieved_on
    )


# Budget lines -----------------------------------------------------------------------------------


def _amount_problem(field: str, amount: Decimal | None) -> str | None:
    noun = AMOUNT_NOUNS[field]
    if amount is None or not amount.is_finite():
        return f"Enter the {noun} in pounds, like 1250 or 1250.50"
    if amount < 0:
        return f"The {noun} must be £0 or more"
    # Before rounding: quantize fails on an amount as large as 1e400.
    if amount > MAXIMUM_AMOUNT:
        return f"The {noun} must be less than {format_money(MAXIMUM_AMOUNT + Decimal('0.01'))}"
    if amount != amount.quantize(Decimal("0.01")):
        return f"The {noun} must be in pounds and pence, like 1250.50"
    return None


def _validate_budget_line(
    *,
    programme: Programme,
    project: Project | None,
    financial_year: int | None,
    amounts: dict[str, Decimal | None],
    exclude_pk: int | None,
) -> None:
    errors: Errors = {}
    if project is not None and project.programme_id != programme.pk:
        errors["project"] = ["Choose a project of this programme"]
    if financial_year is None or not (
        FIRST_FINANCIAL_YEAR <= financial_year <= LAST_FINANCIAL_YEAR
    ):
        errors["financial_year"] = ["Select the financial year"]
    elif "project" not in errors:
        clash = BudgetLine.objects.filter(
            programme=programme, project=project, financial_year=financial_year
        ).exclude(pk=exclude_pk or 0)
        if clash.exists():
            label = rules.financial_year_label(financial_year)
            owner = "This project" if project is not None else "The programme"
            whole = "" if project is not None else " programme-wide"
            errors["financial_year"] = [f"{owner} already has a{whole} budget line for {label}"]
    for field, amount in amounts.items():
        problem = _amount_problem(field, amount)
        if problem:
            errors[field] = [problem]
    _raise(errors)


@transaction.atomic
def budget_line_create(
    *,
    user: User | None,
    programme: Programme,
    project: Project | None,
    financial_year: int | None,
    allocation: Decimal | None,
    actual_spend: Decimal | None,
    forecast: Decimal | None,
    note: str = "",
) -> BudgetLine:
    """Record a financial year's allocation, actual spend and forecast for a project, or for
    the programme as a whole when there is no project. One line a year for each."""
    amounts = {"allocation": allocation, "actual_spend": actual_spend, "forecast": forecast}
    _validate_budget_line(
        programme=programme,
        project=project,
        financial_year=financial_year,
        amounts=amounts,
        exclude_pk=None,
    )
    assert financial_year is not None  # noqa: S101 - checked above
    assert allocation is not None and actual_spend is not None and forecast is not None  # noqa: S101
    line = BudgetLine(
        programme=programme,
        project=project,
        financial_year=financial_year,
        allocation=allocation,
        actual_spend=actual_spend,
        forecast=forecast,
        note=note.strip(),
    )
    save_with_history(line, user)
    return line


@transaction.atomic
def budget_line_update(
    *,
    user: User | None,
    budget_line: BudgetLine,
    expected_version: int | None,
    project: Project | None,
    financial_year: int | None,
    allocation: Decimal | None,
    actual_spend: Decimal | None,
    forecast: Decimal | None,
    note: str = "",
) -> BudgetLine:
    """Change a budget line's year or amounts, refusing a stale edit."""
    line = lock_for_edit(budget_line, thing="budget line", expected_version=expected_version)
    amounts = {"allocation": allocation, "actual_spend": actual_spend, "forecast": forecast}
    _validate_budget_line(
        programme=line.programme,
        project=project,
        financial_year=financial_year,
        amounts=amounts,
        exclude_pk=line.pk,
    )
    assert financial_year is not None  # noqa: S101 - checked above
    assert allocation is not None and actual_spend is not None and forecast is not None  # noqa: S101
    return save_changes(
        line,
        user=user,
        project=project,
        financial_year=financial_year,
        allocation=allocation,
        actual_spend=actual_spend,
        forecast=forecast,
        note=note.strip(),
    )
