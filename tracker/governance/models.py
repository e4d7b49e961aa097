"""Boards and committees, their meetings, agendas and decisions, and the risk register."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.accounts.models import LocalAuthority, Post
from tracker.core.models import TimeStampedModel, VersionedModel
from tracker.governance import rules
from tracker.plans.models import Action, Plan, Section, Theme

SCALE = [MinValueValidator(rules.LOWEST), MaxValueValidator(rules.HIGHEST)]


class Board(VersionedModel):
    """A board or committee of a local authority that oversees improvement."""

    class Kind(models.TextChoices):
        IMPROVEMENT_BOARD = "improvement_board", "Improvement board"
        SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding partnership"
        SCRUTINY = "scrutiny", "Scrutiny committee"
        AUDIT_COMMITTEE = "audit_committee", "Audit committee"
        CABINET = "cabinet", "Cabinet"
        HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board", "Health and wellbeing board"
        OTHER = "other", "Other"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="boards"
    )
    name = models.CharField(max_length=250)
    kind = models.CharField("type", max_length=40, choices=Kind.choices)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="boards",
        help_text="Members who use the tracker",
    )
    member_note = models.TextField(
        "other members",
        blank=True,
        help_text="Members from outside, for example the independent chair",
    )

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="board_unique_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:board_detail", args=[self.pk])


class Meeting(VersionedModel):
    """One meeting of a board, with its paper deadline."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("meeting date")
    papers_due_on = models.DateField("papers due")
    location = models.CharField(max_length=250, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.board.name}, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.board_id, self.pk])


class AgendaItem(TimeStampedModel):
    """A report on a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    presenter = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Decision(VersionedModel):
    """A decision or recommendation a meeting recorded against the plan."""

    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        RECOMMENDATION = "recommendation", "Recommendation"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    text = models.TextField()
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="board_decisions"
    )
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="board_decisions"
    )
    resulting_action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_decisions",
        editable=False,
        help_text="The plan action this recommendation became",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_recommendation(self) -> bool:
        return self.kind == self.Kind.RECOMMENDATION


class Risk(VersionedModel):
    """A risk to improvement, scored on the 5×5 matrix before (inherent) and after (residual)
    its mitigations."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="risks"
    )
    reference = models.CharField(max_length=20, help_text="For example, R1")
    title = models.CharField("risk", max_length=300)
    cause = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    owner_post = models.ForeignKey(
        Post,
        verbose_name="owner's post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_risks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_risks",
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    inherent_likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    inherent_impact = models.PositiveSmallIntegerField(validators=SCALE)
    residual_likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    residual_impact = models.PositiveSmallIntegerField(validators=SCALE)
    mitigating_actions = models.ManyToManyField(
        Action, blank=True, related_name="mitigated_risks", help_text="Plan actions that reduce it"
    )
    review_on = models.DateField("review date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords(m2m_fields=[mitigating_actions])

    class Meta:
        ordering = ["reference", "pk"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"risk_{name}_1_to_5",
                )
                for name in (
                    "inherent_likelihood",
                    "inherent_impact",
                    "residual_likelihood",
                    "residual_impact",
                )
            ),
            models.UniqueConstraint(
                fields=["local_authority", "reference"], name="risk_unique_reference_per_authority"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:risk_detail", args=[self.pk])

    @property
    def inherent_score(self) -> int:
        return rules.risk_score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return rules.risk_score(self.residual_likelihood, self.residual_impact)


class HighlightReport(VersionedModel):
    """A thematic lead's highlight or exception report on one theme, for one meeting.

    Drafted from the plan's data, edited by the lead, then submitted: submitting freezes what
    the data showed into `snapshot`, so later changes to the plan never alter the report.
    """

    class Kind(models.TextChoices):
        HIGHLIGHT = "highlight", "Highlight report"
        EXCEPTION = "exception", "Exception report"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="highlight_reports")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="highlight_reports")
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.HIGHLIGHT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    period_start = models.DateField(
        "period from",
        null=True,
        blank=True,
        help_text="The end of the theme's previous report, or the board's previous meeting; "
        "empty means since the plan began",
    )
    period_end = models.DateField("period to")
    summary = models.TextField(blank=True)
    key_updates = models.TextField("key updates and impacts", blank=True)
    achievements = models.TextField(blank=True)
    risks_and_mitigations = models.TextField("risks and mitigating actions", blank=True)
    next_steps = models.TextField("next steps", blank=True)
    support_needed = models.TextField("support or decisions needed from the board", blank=True)
    snapshot = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the plan's data showed when the report was submitted",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafted_highlight_reports",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_highlight_reports",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "theme__position", "theme__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "theme"], name="highlight_report_unique_per_meeting_theme"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="highlight_report_submitted_has_when_and_who",
            ),
            models.CheckConstraint(
                condition=models.Q(status="submitted") | models.Q(submitted_at__isnull=True),
                name="highlight_report_draft_not_submitted",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="highlight_report_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.theme.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:highlight_report_detail",
            args=[self.meeting.board_id, self.meeting_id, self.pk],
        )

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED
