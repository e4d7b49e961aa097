"""Abstract building blocks shared by every domain model."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Records when a row was created and last changed."""

    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable record whose `version` moves on every save, so concurrent edits are caught."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class ClosureDay(TimeStampedModel):
    """A change to England's bank holidays that working-day deadlines should follow.

    An extra closure day is a weekday off that the published list lacks (a one-off national
    holiday announced late, say, or a day the authority closes); a cancelled bank holiday is one
    that was moved or not kept. A day with no local authority applies to every authority and is
    kept by the platform operator; an authority's administrators keep their own.
    """

    class Kind(models.TextChoices):
        EXTRA_CLOSURE = "extra_closure", "Extra closure day"
        CANCELLED_BANK_HOLIDAY = "cancelled_bank_holiday", "Cancelled bank holiday"

    # A string reference: core sits below accounts and never imports it.
    local_authority = models.ForeignKey(
        "accounts.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closure_days",
        help_text="Leave empty for a change that applies to every local authority",
    )
    falls_on = models.DateField("date")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reason = models.CharField(
        max_length=200, help_text="Why, for example “Bank holiday moved for VE Day”"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["falls_on"]
        verbose_name = "closure day"
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "falls_on"],
                name="closure_day_unique_per_authority",
                violation_error_message="This date is already a closure day",
            ),
            models.UniqueConstraint(
                fields=["falls_on"],
                condition=models.Q(local_authority__isnull=True),
                name="closure_day_unique_for_every_authority",
                violation_error_message="This date is already a closure day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.falls_on:%d %B %Y}"

    def clean(self) -> None:
        from tracker.core.working_days import bank_holiday_name

        if self.falls_on is None:
            return
        if self.falls_on.weekday() >= 5:
            raise ValidationError({"falls_on": "Choose a weekday: weekends are never working days"})
        is_bank_holiday = bank_holiday_name(self.falls_on) is not None
        if self.kind == self.Kind.CANCELLED_BANK_HOLIDAY and not is_bank_holiday:
            raise ValidationError(
                {"falls_on": "This date is not an English bank holiday, so it cannot be cancelled"}
            )
        if self.kind == self.Kind.EXTRA_CLOSURE and is_bank_holiday:
            raise ValidationError({"falls_on": "This date is already an English bank holiday"})


class DataVersion(models.Model):
    """A number that moves on after every committed write to an authority's records.

    Pages that are costly to work out and read often (the dashboard, the coverage panels) are
    kept in the cache under the number of the authority they show: a write moves the number on
    as its transaction commits (`tracker.core.data_version`), so the next page is worked out
    afresh. `scope` is the authority's id, or "*" for writes that may touch any authority (a
    command, a background task, the platform operator).
    """

    scope = models.CharField(max_length=20, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.number}"
