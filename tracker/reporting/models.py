"""Generated documents kept as a record of what was sent: board papers (improvement plan update
reports) and monitoring visit packs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.accounts.models import LocalAuthority
from tracker.core.models import TimeStampedModel
from tracker.governance.models import Meeting
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans.models import Plan, Theme

# A paper still waiting or being made after this long is taken as failed: the job that was
# making it has died (killed for using too much memory, say) or never started.
RUNNING_LIMIT = datetime.timedelta(minutes=30)
QUEUED_LIMIT = datetime.timedelta(hours=2)


class GeneratedDocument(TimeStampedModel):
    """A document made in the background by the task worker and kept with its bytes
    (decision 0005): its status and progress while it is made, the file once ready, and what
    went wrong, in plain English, when it failed. Board papers and visit packs are both."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    CONTENT_TYPES = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_percent = models.PositiveSmallIntegerField("progress (per cent)", default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=200, blank=True)
    error_message = models.TextField(
        blank=True, help_text="What went wrong, in plain English (the details are in the log)"
    )
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="When the background job began making the paper"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[str(self.format)]  # type: ignore[attr-defined]

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}

    @classmethod
    def stalled(cls, *, now: datetime.datetime) -> models.Q:
        """Documents whose job has died: running for longer than `RUNNING_LIMIT`, or waiting
        to start for longer than `QUEUED_LIMIT`. The one rule for "this will never finish"."""
        running_since = models.Q(started_at__lt=now - RUNNING_LIMIT) | models.Q(
            started_at__isnull=True, updated_at__lt=now - RUNNING_LIMIT
        )
        return models.Q(running_since, status=cls.Status.RUNNING) | models.Q(
            status=cls.Status.QUEUED, created_at__lt=now - QUEUED_LIMIT
        )


class BoardPaper(GeneratedDocument):
    """One generated improvement plan update report (or plan export) for a meeting or a date.

    The document's bytes live in `content` (decision 0005): the paper and its file are written
    in one transaction and downloaded only after the access check.
    """

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"
        CSV = "csv", "CSV"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="board_papers"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="board_papers")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_papers",
        help_text="The meeting the paper was made for; empty when made for a date",
    )
    as_of = models.DateField("plan as it stood on")
    format = models.CharField(max_length=10, choices=Format.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_papers",
        help_text="Empty when made by a scheduled job",
    )

    history = HistoricalRecords(excluded_fields=["content", "progress_message"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100),
                name="board_paper_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} paper for {self.plan}, {self.as_of:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:board_paper_detail", args=[self.plan_id, self.pk])


class VisitPack(GeneratedDocument):
    """A monitoring visit pack: for a coming visit, what the plan has done about the
    recommendations (or themes) the visit will look at, the measures and audits that show it,
    the evidence, and the gaps still open. Made in the background like a board paper; the
    bytes live in `content` (decision 0005).
    """

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"

    class Focus(models.TextChoices):
        RECOMMENDATIONS = "recommendations", "Recommendations"
        THEMES = "themes", "Themes"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="visit_packs"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="visit_packs")
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_packs",
        verbose_name="monitoring visit",
        help_text="The monitoring visit the pack is for, when it is recorded here",
    )
    visit_title = models.CharField(
        "visit", max_length=250, help_text="For example “Third monitoring visit”"
    )
    visit_on = models.DateField("date of the visit")
    focus = models.CharField(max_length=20, choices=Focus.choices)
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="visit_packs")
    themes = models.ManyToManyField(Theme, blank=True, related_name="visit_packs")
    format = models.CharField(max_length=10, choices=Format.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_packs",
    )

    history = HistoricalRecords(
        excluded_fields=["content", "progress_message"], m2m_fields=[recommendations, themes]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100),
                name="visit_pack_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} pack for {self.visit_title}, {self.visit_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:visit_pack_detail", args=[self.plan_id, self.pk])
