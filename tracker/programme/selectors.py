"""Reads for the programme pages.

Each selector fetches with a fixed number of queries whatever the number of projects, budget
lines or deliverables: counts and money totals come from grouped queries (`annotate`,
`aggregate`), related rows through `select_related`/`prefetch_related`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from tracker.accounts.access import local_authority_id_for_user
from tracker.accounts.models import User
from tracker.plans.models import Section, Theme
from tracker.programme import rules
from tracker.programme.models import (
    BudgetLine,
    Deliverable,
    Programme,
    Project,
    ProjectMilestone,
)

ZERO = Decimal("0.00")
MONEY_SUMS = {
    "allocation_total": Sum("allocation"),
    "actual_spend_total": Sum("actual_spend"),
    "forecast_total": Sum("forecast"),
}


@dataclass(frozen=True)
class MoneyTotals:
    """Allocation, actual spend and forecast added up, with the variance they give."""

    allocation: Decimal = ZERO
    actual_spend: Decimal = ZERO
    forecast: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        return rules.variance(allocation=self.allocation, forecast=self.forecast)

    def __add__(self, other: MoneyTotals) -> MoneyTotals:
        return MoneyTotals(
            allocation=self.allocation + other.allocation,
            actual_spend=self.actual_spend + other.actual_spend,
            forecast=self.forecast + other.forecast,
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MoneyTotals:
        """From a row of `MONEY_SUMS`; an empty sum is £0."""
        return cls(
            allocation=row["allocation_total"] or ZERO,
            actual_spend=row["actual_spend_total"] or ZERO,
            forecast=row["forecast_total"] or ZERO,
        )


@dataclass(frozen=True)
class YearTotals:
    financial_year: int
    label: str
    totals: MoneyTotals


@dataclass(frozen=True)
class ProjectBudget:
    """A project's budget over all years; `project` is None for programme-wide money."""

    project: Project | None
    label: str
    totals: MoneyTotals


@dataclass
class ProjectRow:
    project: Project
    lead: str
    deliverables_done: int
    deliverables_total: int
    themes: list[str]
    next_milestone: ProjectMilestone | None


@dataclass
class ProgrammeOverview:
    programme: Programme
    projects: list[ProjectRow]
    years: list[YearTotals]
    project_budgets: list[ProjectBudget]
    total: MoneyTotals


@dataclass
class ProgrammeSummary:
    programme: Programme
    project_count: int
    total: MoneyTotals


def person_and_post(person: User | None, post: Any) -> str:
    """How a lead or sponsor reads: "Jo Bennett, Assistant Director for Improvement"."""
    parts = [str(thing) for thing in (person, post) if thing is not None]
    return ", ".join(parts) or "Not named"


def programme_list_for_user(*, user: User) -> list[ProgrammeSummary]:
    """The programmes of the user's local authority, each with its project count and money
    totals over every year. Two queries."""
    programmes = list(
        Programme.objects.filter(local_authority_id=local_authority_id_for_user(user=user))
        .select_related("plan")
        .annotate(project_count=Count("projects"))
        .order_by("name")
    )
    money = {
        row["programme_id"]: MoneyTotals.from_row(row)
        for row in BudgetLine.objects.filter(programme__in=programmes)
        .values("programme_id")
        .annotate(**MONEY_SUMS)
        .order_by()
    }
    return [
        ProgrammeSummary(
            programme=programme,
            project_count=programme.project_count,
            total=money.get(programme.pk, MoneyTotals()),
        )
        for programme in programmes
    ]


def _project_queryset(programme: Programme) -> QuerySet[Project]:
    complete = Q(deliverables__status=Deliverable.Status.COMPLETE)
    open_milestones = ProjectMilestone.objects.filter(achieved_on__isnull=True).order_by(
        "due_on", "pk"
    )
    return (
        Project.objects.filter(programme=programme)
        .select_related("lead", "lead_post", "sponsor", "sponsor_post")
        .annotate(
            deliverables_total=Count("deliverables", distinct=True),
            deliverables_done=Count("deliverables", filter=complete, distinct=True),
        )
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("id", "name", "position", "plan_id")),
            Prefetch("milestones", queryset=open_milestones, to_attr="open_milestones"),
        )
        .order_by("position", "name")
    )


def programme_get_overview(*, programme: Programme) -> ProgrammeOverview:
    """The programme page: each project with its lead, RAG, funding status, deliverables done
    and next milestone; the budget totalled per financial year and per project.

    Five queries, however many projects and budget lines: projects with deliverable counts,
    their themes, their open milestones, money by year, money by project.
    """
    projects = list(_project_queryset(programme))
    lines = BudgetLine.objects.filter(programme=programme)
    years = [
        YearTotals(
            financial_year=row["financial_year"],
            label=rules.financial_year_label(row["financial_year"]),
            totals=MoneyTotals.from_row(row),
        )
        for row in lines.values("financial_year").annotate(**MONEY_SUMS).order_by("financial_year")
    ]
    by_project = {
        row["project_id"]: MoneyTotals.from_row(row)
        for row in lines.values("project_id").annotate(**MONEY_SUMS).order_by()
    }
    project_budgets = [
        ProjectBudget(project=project, label=project.name, totals=by_project[project.pk])
        for project in projects
        if project.pk in by_project
    ]
    if None in by_project:
        project_budgets.insert(
            0,
            ProjectBudget(
                project=None,
                label="Programme-wide (not assigned to a project)",
                totals=by_project[None],
            ),
        )
    total = sum((year.totals for year in years), MoneyTotals())
    rows = [
        ProjectRow(
            project=project,
            lead=person_and_post(project.lead, project.lead_post),
            deliverables_done=project.deliverables_done,  # type: ignore[attr-defined]
            deliverables_total=project.deliverables_total,  # type: ignore[attr-defined]
            themes=[theme.name for theme in project.themes.all()],
            next_milestone=next(iter(project.open_milestones), None),  # type: ignore[attr-defined]
        )
        for project in projects
    ]
    return ProgrammeOverview(
        programme=programme,
        projects=rows,
        years=years,
        project_budgets=project_budgets,
        total=total,
    )


@dataclass
class ProjectDetail:
    project: Project
    sponsor: str
    lead: str
    deliverables: list[Deliverable]
    deliverables_done: int
    milestones: list[ProjectMilestone]
    themes: list[Theme]
    sections: list[Section]
    budget_lines: list[BudgetLine]
    budget_total: MoneyTotals


def project_get_detail(*, project: Project) -> ProjectDetail:
    """The project page: deliverables, milestones, the plan themes and sections it delivers,
    and its budget lines by financial year with their total. A fixed number of queries."""
    project = Project.objects.select_related(
        "programme", "lead", "lead_post", "sponsor", "sponsor_post"
    ).get(pk=project.pk)
    deliverables = list(project.deliverables.order_by("due_on", "pk"))
    lines = BudgetLine.objects.filter(project=project)
    return ProjectDetail(
        project=project,
        sponsor=person_and_post(project.sponsor, project.sponsor_post),
        lead=person_and_post(project.lead, project.lead_post),
        deliverables=deliverables,
        deliverables_done=sum(1 for d in deliverables if d.is_complete),
        milestones=list(project.milestones.order_by("due_on", "pk")),
        themes=list(project.themes.select_related("plan").order_by("plan__title", "position")),
        sections=list(project.sections.select_related("plan").order_by("plan__title", "number")),
        budget_lines=list(lines.order_by("financial_year")),
        budget_total=MoneyTotals.from_row(lines.aggregate(**MONEY_SUMS)),
    )
