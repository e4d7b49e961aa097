"""Improvement plans: themes, sections, expected outcomes, actions and their progress."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Organisation, Post
from tracker.core.data_version import KeepsStructureVersion
from tracker.core.history import (
    HistoricalRecordsCopiedInTheDatabase,
    HistoricalRecordsWithM2MInOneQuery,
    HistoricalRecordsWithOneManagerClass,
)
from tracker.core.models import TimeStampedModel, VersionedModel
from tracker.inspections.models import Inspection, Recommendation


class Plan(VersionedModel):
    """A plan that answers one or more inspections: an action plan, Statement of Action, ..."""

    class Kind(models.TextChoices):
        OFSTED_ACTION_PLAN = "ofsted_action_plan", "Ofsted action plan"
        STATEMENT_OF_ACTION = "statement_of_action", "JTAI Statement of Action"
        IMPROVEMENT_PLAN = "improvement_plan", "Improvement plan"
        PARTNERSHIP_PLAN = "partnership_plan", "Partnership plan"
        SERVICE_PLAN = "service_plan", "Service plan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    inspections = models.ManyToManyField(
        Inspection, blank=True, related_name="plans", help_text="The inspections this plan answers"
    )
    introduction = models.TextField(blank=True)
    owner_description = models.CharField(
        "overseen by",
        max_length=250,
        blank=True,
        help_text="Who oversees the plan, e.g. the Director of Children's Services",
    )
    # Set once, by `merging.services.plan_merge`: the plan's content moved to this plan and
    # it is read-only from then on.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_plans",
        editable=False,
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecordsCopiedInTheDatabase()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_merged(self) -> bool:
        """Whether the plan was merged into another and is read-only."""
        return self.merged_into_id is not None

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])


class PlanMerge(TimeStampedModel):
    """Two or more plans merged into one: who, when, where each section went and what moved.

    The source plans keep `merged_into` and become read-only; what moved keeps where it came
    from (`MovedFromPlan`), and the plans as they stood just before are rebuilt from history.
    """

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="plan_merges"
    )
    target = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="merges_in")
    sources = models.ManyToManyField(Plan, related_name="merges_out")
    target_was_created = models.BooleanField(default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField()
    # Each source section: {"source_plan", "section", "to_theme", "to_section", "new_section"}.
    mapping = models.JSONField(default=list)
    # How many of each kind of record moved, by name ("actions": 12, ...).
    counts = models.JSONField(default=dict)

    history = HistoricalRecordsWithOneManagerClass(m2m_fields=[sources])

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"Merge into {self.target} on {self.merged_at:%Y-%m-%d}"


class MovedFromPlan(models.Model):
    """Where a record came from when it moved in a plan merge: the plan, section and reference
    it had there. Empty for a record that has always been in its plan."""

    origin_plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    origin_section_title = models.CharField(max_length=520, blank=True, editable=False)
    origin_reference = models.CharField(max_length=20, blank=True, editable=False)
    moved_in = models.ForeignKey(
        PlanMerge,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class Theme(MovedFromPlan, VersionedModel):
    """A theme of a plan (e.g. Workforce) with its thematic lead."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="thematic lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_themes",
    )
    lead_post = models.ForeignKey(
        Post,
        verbose_name="thematic lead post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_themes",
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecordsCopiedInTheDatabase()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="theme_unique_name_per_plan")
        ]

    def __str__(self) -> str:
        return self.name


class PriorityArea(VersionedModel):
    """A priority area named by a council's main improvement plan.

    Service-level plans and the partnership plan link their sections to it, and the main plan
    shows the roll-up of everything linked (progress, BRAG and overdue actions).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priority_areas")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecordsCopiedInTheDatabase()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"], name="priority_area_unique_name_per_plan"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Section(MovedFromPlan, VersionedModel):
    """A numbered section of a plan: the recommendation(s) it answers, its aim and outcomes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=500)
    aim = models.TextField(blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="sections"
    )
    # PROTECT: a priority area is removed only once nothing is linked to it, so a plan's
    # roll-up never loses a section without an officer unlinking it.
    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
        help_text="The main plan's priority area this section delivers",
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="sections",
        help_text="The recommendations this section answers",
    )

    history = HistoricalRecordsWithOneManagerClass(m2m_fields=[recommendations])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="section_unique_number_per_plan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.plan_id]) + f"#section-{self.number}"


class ExpectedOutcome(MovedFromPlan, TimeStampedModel):
    """One expected outcome of a section, as the plan words it."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="expected_outcomes")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecordsCopiedInTheDatabase()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class DeliveryStatus(models.TextChoices):
    """Where an action is in its life. Completed actions stay under routine monitoring."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    BUSINESS_AS_USUAL = "business_as_usual", "Business as usual"
    VERIFIED = "verified", "Verified as embedded"


COMPLETE_STATUSES = frozenset(
    {DeliveryStatus.COMPLETED, DeliveryStatus.BUSINESS_AS_USUAL, DeliveryStatus.VERIFIED}
)


class Brag(models.TextChoices):
    """BRAG rating: Blue = complete, Green = on track, Amber = at risk, Red = off track."""

    BLUE = "blue", "Blue (complete)"
    GREEN = "green", "Green (on track)"
    AMBER = "amber", "Amber (at risk)"
    RED = "red", "Red (off track)"
    __empty__ = "Not rated"

    @classmethod
    def word(cls, value: str) -> str:
        """The rating's colour alone ("Amber"), or "Not rated", for tight spaces."""
        return cls(value).name.title() if value else "Not rated"

    @classmethod
    def describe(cls, value: str) -> str:
        """The rating with its meaning ("Amber (at risk)"), or "Not rated"."""
        return str(cls(value).label) if value else "Not rated"


class ActionQuerySet(models.QuerySet["Action"]):
    def overdue(self, today: datetime.date | None = None) -> ActionQuerySet:
        """Actions past their due date and not complete."""
        today = today or timezone.localdate()
        return self.filter(due_on__lt=today).exclude(status__in=COMPLETE_STATUSES)


class Action(MovedFromPlan, KeepsStructureVersion, VersionedModel):
    """One row of a plan's Action / Who / Progress table."""

    # What recording progress changes and no page kept under the structure version shows
    # (`tracker.core.data_version`): a save changing only these leaves the structure as it is.
    # Not the status (coverage reads it), the BRAG (the dashboard counts it) nor the next
    # review date (the calendar shows it).
    data_version_progress_fields = frozenset({"latest_update", "version", "updated_at"})

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, help_text="For example, 2.3")
    position = models.PositiveIntegerField(default=0)
    description = models.TextField("action")
    owner_posts = models.ManyToManyField(
        Post, blank=True, related_name="actions", verbose_name="owning posts"
    )
    owner_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="owned_actions",
        verbose_name="owning people",
    )
    owner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="actions", verbose_name="owning organisations"
    )
    owner_note = models.CharField(
        "who (note)",
        max_length=300,
        blank=True,
        help_text="Anything more about who, e.g. supported by the Commissioning Officer",
    )
    linked_recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="linked_actions",
        help_text="Recommendations of other sections this action also answers",
    )
    starts_on = models.DateField("start date", null=True, blank=True)
    due_on = models.DateField("due date", null=True, blank=True)
    original_due_on = models.DateField("original due date", null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=30, choices=DeliveryStatus.choices, default=DeliveryStatus.NOT_STARTED
    )
    brag = models.CharField("BRAG", max_length=10, choices=Brag.choices, blank=True, default="")
    next_review_on = models.DateField("next review date", null=True, blank=True)
    latest_update = models.ForeignKey(
        "ProgressUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecordsWithM2MInOneQuery(
        m2m_fields=[owner_posts, owner_users, owner_organisations, linked_recommendations]
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="action_unique_reference_per_plan"
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status"], name="action_plan_status"),
            models.Index(fields=["due_on"], name="action_due_on"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("plans:action_detail", args=[self.plan_id, self.pk])

    @property
    def is_complete(self) -> bool:
        return self.status in COMPLETE_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not complete."""
        return (
            self.due_on is not None and not self.is_complete and self.due_on < timezone.localdate()
        )

    @property
    def is_rebaselined(self) -> bool:
        return self.original_due_on is not None and self.due_on != self.original_due_on


class ProgressUpdate(TimeStampedModel):
    """A dated, attributed progress entry on an action.

    Never edited in place: a correction is a new entry.
    """

    # Progress alone: its writes leave the authority's structure version as it is
    # (`tracker.core.data_version`); the action's save beside it moves it if its status changed.
    data_version_progress = True

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress_updates")
    recorded_on = models.DateField("progress as at", help_text="The date this progress describes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    author_name = models.CharField(
        max_length=200, blank=True, help_text="Who wrote it, kept as it was at the time"
    )
    narrative = models.TextField("progress")
    status = models.CharField(max_length=30, choices=DeliveryStatus.choices)
    brag = models.CharField("BRAG", max_length=10, choices=Brag.choices, blank=True, default="")
    next_review_on = models.DateField("next review date", null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The earlier entry this one corrects",
    )

    history = HistoricalRecordsCopiedInTheDatabase()

    class Meta:
        ordering = ["-recorded_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "-recorded_on"], name="progress_action_recorded")]

    def __str__(self) -> str:
        return f"{self.action.reference} progress as at {self.recorded_on}"


class DueDateChange(TimeStampedModel):
    """A re-baselining of an action's due date, with the reason given."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="due_date_changes")
    previous_due_on = models.DateField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action.reference}: {self.previous_due_on} to {self.new_due_on}"


class PlanPartnerAccess(TimeStampedModel):
    """A plan shared with a partner organisation of the plan's authority: the organisation's
    people see the plan and the actions, risks and papers tied to it, and nothing else of the
    council (`tracker.plans.access.visible_plan_ids`).

    Withdrawing keeps the row (`withdrawn_at`); sharing the plan again makes a new one, so
    the rows are the record of who could see the plan when. At most one grant in force a pair.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="partner_accesses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plan_accesses"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField("shared", default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)

    history = HistoricalRecordsCopiedInTheDatabase()

    class Meta:
        ordering = ["organisation__name", "-granted_at"]
        verbose_name = "plan shared with a partner"
        verbose_name_plural = "plans shared with partners"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="plan_partner_access_one_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} shared with {self.organisation}"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_at is None
