"""The improvement programme: its projects, their deliverables and milestones, and the budget."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker.accounts.models import LocalAuthority, Post
from tracker.core.models import VersionedModel
from tracker.plans.models import Plan, Section, Theme
from tracker.programme import rules


class Programme(VersionedModel):
    """A local authority's programme of improvement projects, e.g. run by the Assistant
    Director for Improvement alongside the improvement plan it delivers."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        help_text="The improvement plan this programme delivers",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="programme_unique_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:programme_detail", args=[self.pk])


class Rag(models.TextChoices):
    """RAG rating of a project: Green = on track, Amber = at risk, Red = off track."""

    GREEN = "green", "Green (on track)"
    AMBER = "amber", "Amber (at risk)"
    RED = "red", "Red (off track)"
    __empty__ = "Not rated"


class FundingStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    NOT_FUNDED = "not_funded", "Not funded"


class Project(VersionedModel):
    """One project of the programme, with its sponsor, lead, purpose and the parts of the
    plan it delivers."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=250)
    purpose = models.TextField(blank=True)
    sponsor_post = models.ForeignKey(
        Post,
        verbose_name="sponsor's post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_projects",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_projects",
    )
    lead_post = models.ForeignKey(
        Post,
        verbose_name="project lead's post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="project lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, blank=True, default="")
    funding_status = models.CharField(
        max_length=20, choices=FundingStatus.choices, default=FundingStatus.REQUESTED
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="projects", help_text="The plan themes this delivers"
    )
    sections = models.ManyToManyField(
        Section, blank=True, related_name="projects", help_text="The plan sections this delivers"
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[themes, sections])

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="project_unique_name_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:project_detail", args=[self.programme_id, self.pk])


class Deliverable(VersionedModel):
    """Something a project will deliver, by a due date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    description = models.TextField("deliverable")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not complete."""
        return not self.is_complete and self.due_on < timezone.localdate()


class ProjectMilestone(VersionedModel):
    """A dated milestone of a project, and when it was achieved."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("milestone", max_length=250)
    due_on = models.DateField("due date")
    achieved_on = models.DateField("date achieved", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not achieved."""
        return self.achieved_on is None and self.due_on < timezone.localdate()


class BudgetLine(VersionedModel):
    """Allocation, actual spend and forecast for one financial year (April to March), for a
    project or, with no project, for the programme as a whole."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_lines",
        help_text="Empty for money held for the programme as a whole",
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2023 means 2023/24"
    )
    allocation = models.DecimalField(max_digits=12, decimal_places=2)
    actual_spend = models.DecimalField(max_digits=12, decimal_places=2)
    forecast = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year", "project__position", "project__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allocation__gte=0), name="budget_line_allocation_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(actual_spend__gte=0),
                name="budget_line_actual_spend_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(forecast__gte=0), name="budget_line_forecast_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(financial_year__gte=2000, financial_year__lte=2100),
                name="budget_line_financial_year_in_range",
            ),
            # NULL project rows are distinct in a plain unique constraint, so the programme-wide
            # line and the project lines each get their own.
            models.UniqueConstraint(
                fields=["programme", "financial_year"],
                condition=models.Q(project__isnull=True),
                name="budget_line_unique_programme_year",
            ),
            models.UniqueConstraint(
                fields=["project", "financial_year"],
                condition=models.Q(project__isnull=False),
                name="budget_line_unique_project_year",
            ),
        ]

    def __str__(self) -> str:
        owner = self.project.name if self.project_id and self.project else "Programme-wide"
        return f"{owner} {self.financial_year_label}"

    @property
    def financial_year_label(self) -> str:
        return rules.financial_year_label(self.financial_year)

    @property
    def variance(self) -> Decimal:
        """Forecast minus allocation."""
        return rules.variance(allocation=self.allocation, forecast=self.forecast)
