"""Update cycles of plans, and the log of reminders sent for each cycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.core.models import TimeStampedModel, VersionedModel
from tracker.plans.models import Plan


class UpdateCycle(VersionedModel):
    """How often a plan's owners update their actions: the cycle closes a number of working
    days before each improvement board, so the board papers can be written from the updates."""

    class Frequency(models.TextChoices):
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="update_cycle")
    frequency = models.CharField(
        "how often the board meets",
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
    )
    closes_working_days_before = models.PositiveSmallIntegerField(
        "working days before the board that updates are due",
        default=5,
        help_text="For example, 5 means updates are due a working week before the board",
    )
    next_board_on = models.DateField(
        "date of the next improvement board",
        null=True,
        blank=True,
        help_text="Typed by hand only when no meeting of the plan's improvement board is recorded",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "days before the deadline that reminders start",
        default=14,
        help_text="Actions due within this many days are listed as due soon",
    )
    is_active = models.BooleanField("send reminders", default=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_working_days_before__lte=40),
                name="update_cycle_closes_at_most_40_working_days_before",
            ),
            models.CheckConstraint(
                condition=models.Q(due_soon_days__gte=1, due_soon_days__lte=90),
                name="update_cycle_due_soon_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Update cycle of {self.plan}"

    def get_absolute_url(self) -> str:
        return reverse("reminders:update_cycle", args=[self.plan_id])


class ReminderSent(TimeStampedModel):
    """One reminder to one person for one cycle deadline.

    The row is the idempotency key: it is unique per cycle, deadline, recipient and kind, and
    `sent_at` is set in the same transaction as the email is handed to the mail server, so a
    rerun of the job skips everyone already reminded.
    """

    class Kind(models.TextChoices):
        OWNER_DIGEST = "owner_digest", "Action owner's digest"
        LEAD_ESCALATION = "lead_escalation", "Lead's escalation list"

    cycle = models.ForeignKey(UpdateCycle, on_delete=models.CASCADE, related_name="reminders")
    cycle_deadline = models.DateField("updates due by")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_received"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    sent_at = models.DateTimeField("sent", null=True, blank=True)

    class Meta:
        ordering = ["-cycle_deadline", "kind", "recipient_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "cycle_deadline", "recipient", "kind"],
                name="reminder_sent_once_per_cycle_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id} by {self.cycle_deadline}"
