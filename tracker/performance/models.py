"""Impact: performance measures and their values, evidence, quality assurance audits, and the
decisions that verify an action as embedded.

Values, evidence and verifications are never edited in place or deleted: a value is corrected
by a new value that names it, evidence is withdrawn with a reason, and a verification stands
with what it rested on.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.accounts.models import LocalAuthority
from tracker.core.models import TimeStampedModel, VersionedModel
from tracker.plans.models import Action, ExpectedOutcome, Plan, Section, Theme


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    NUMBER = "number", "Number"
    DAYS = "days", "Days"
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000 children"


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Measure(VersionedModel):
    """A performance measure of a local authority's scorecard, e.g. "Re-referrals within 12
    months". Linked to the expected outcomes, sections and themes whose impact it shows."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="measures"
    )
    reference = models.CharField(
        max_length=30,
        help_text="The measure's code in the performance pack, for example CIN-03",
    )
    name = models.CharField(max_length=250)
    definition = models.TextField(
        blank=True, help_text="What is counted and how, as the performance pack defines it"
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(
        "which direction is better", max_length=10, choices=Direction.choices
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    source = models.CharField(
        max_length=250, blank=True, help_text="Where the figures come from, e.g. the case system"
    )
    tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        help_text=(
            "How far a value may be worse than its target and still be amber, in the measure's "
            "unit (for a percentage, percentage points)"
        ),
    )
    expected_outcomes = models.ManyToManyField(ExpectedOutcome, blank=True, related_name="measures")
    sections = models.ManyToManyField(Section, blank=True, related_name="measures")
    themes = models.ManyToManyField(Theme, blank=True, related_name="measures")
    retired_on = models.DateField(
        null=True, blank=True, help_text="When the measure stopped being reported"
    )

    history = HistoricalRecords(m2m_fields=[expected_outcomes, sections, themes])

    class Meta:
        ordering = ["reference", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "reference"],
                name="measure_unique_reference_per_authority",
                violation_error_message="Another measure already has this reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("performance:measure_detail", args=[self.pk])


class Target(VersionedModel):
    """A measure's target from a date until the next target starts."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    applies_from = models.DateField(help_text="The first period this target applies to")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "applies_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "applies_from"],
                name="target_unique_start_per_measure",
                violation_error_message="The measure already has a target from this date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} from {self.applies_from:%d %B %Y}"


class MeasureValue(TimeStampedModel):
    """A measure's value for one period, with the comparators published for it.

    Append only: a correction is a new value that names the one it corrects (`corrects`), and
    the value in force for a period is the end of that chain, the one nothing corrects.
    """

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="values")
    period_end = models.DateField(
        "period ending", help_text="The last day of the month, quarter or year the value is for"
    )
    value = models.DecimalField(max_digits=12, decimal_places=2)
    statistical_neighbours = models.DecimalField(
        "statistical neighbours' average", max_digits=12, decimal_places=2, null=True, blank=True
    )
    england = models.DecimalField(
        "England average", max_digits=12, decimal_places=2, null=True, blank=True
    )
    region = models.DecimalField(
        "regional average", max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        help_text="The earlier value this one corrects",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField(
        max_length=200, blank=True, help_text="Who recorded it, kept as it was at the time"
    )
    source = models.CharField(
        max_length=250, blank=True, help_text="Typed in, or the file it was imported from"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period_end", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_end"],
                condition=models.Q(corrects__isnull=True),
                name="measure_value_one_original_per_period",
                violation_error_message=(
                    "The measure already has a value for this period: correct it instead"
                ),
            )
        ]
        indexes = [models.Index(fields=["measure", "period_end"], name="measure_value_period")]

    def __str__(self) -> str:
        return f"{self.measure.reference} {self.period_end:%d %B %Y}: {self.value}"


class Audit(VersionedModel):
    """A quality assurance activity: a case file audit, a mock inspection, a peer review, ..."""

    class Kind(models.TextChoices):
        CASE_FILE_AUDIT = "case_file_audit", "Case file audit"
        THEMATIC_AUDIT = "thematic_audit", "Thematic audit"
        PRACTICE_OBSERVATION = "practice_observation", "Practice observation"
        MOCK_INSPECTION = "mock_inspection", "Mock inspection"
        PEER_REVIEW = "peer_review", "Peer review"
        DFE_REVIEW = "dfe_review", "DfE review"
        MONITORING_VISIT = "monitoring_visit", "Ofsted monitoring visit"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="audits"
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        help_text="The plan whose work it checks, if any",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=250)
    carried_out_on = models.DateField("date")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_audits",
    )
    lead_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who led it, when not a user here (e.g. the external reviewer)",
    )
    scope = models.TextField(blank=True, help_text="What was looked at, and how")
    sections = models.ManyToManyField(Section, blank=True, related_name="audits")
    themes = models.ManyToManyField(Theme, blank=True, related_name="audits")
    # The sample's grades, for a case file audit (Ofsted's four-point scale).
    outstanding_count = models.PositiveIntegerField("outstanding", null=True, blank=True)
    good_count = models.PositiveIntegerField("good", null=True, blank=True)
    requires_improvement_count = models.PositiveIntegerField(
        "requires improvement to be good", null=True, blank=True
    )
    inadequate_count = models.PositiveIntegerField("inadequate", null=True, blank=True)
    summary = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[sections, themes])

    class Meta:
        ordering = ["-carried_out_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.carried_out_on:%d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("performance:audit_detail", args=[self.pk])

    @property
    def graded_count(self) -> int:
        return sum(
            count or 0
            for count in (
                self.outstanding_count,
                self.good_count,
                self.requires_improvement_count,
                self.inadequate_count,
            )
        )


class Finding(VersionedModel):
    """One numbered finding of an audit. It can become a plan action, or be recorded as
    confirming actions already in the plan."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.TextField("finding")
    confirms_actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="confirming_findings",
        help_text="Plan actions this finding shows are done and making a difference",
    )
    resulting_action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_findings",
        editable=False,
        help_text="The plan action this finding became",
    )

    history = HistoricalRecords(m2m_fields=[confirms_actions])

    class Meta:
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "number"],
                name="finding_unique_number_per_audit",
                violation_error_message="The audit already has a finding with this number",
            )
        ]

    def __str__(self) -> str:
        return f"Finding {self.number}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("performance:audit_detail", args=[self.audit_id]) + f"#finding-{self.pk}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """Stored under a random name: the officer's file name is kept only as data, never as a
    path (see `evidence/files.py`)."""
    from tracker.performance.evidence.files import storage_name

    return storage_name(local_authority_id=instance.local_authority_id, filename=filename)


class Evidence(TimeStampedModel):
    """A file, a link or a short written note that shows an action done, an outcome reached, a
    value right or an audit's finding, attached to exactly one of them.

    Never deleted: withdrawing keeps the record and the file, says who withdrew it and why,
    and takes it out of what counts as evidence.
    """

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"
        NOTE = "note", "Note"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=250)
    dated_on = models.DateField("date", help_text="The date of the evidence itself")
    # What it is evidence of: exactly one of these (a check constraint says so).
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    expected_outcome = models.ForeignKey(
        ExpectedOutcome, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    measure_value = models.ForeignKey(
        MeasureValue, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    file_name = models.CharField(
        "file name", max_length=255, blank=True, help_text="The name it was uploaded with"
    )
    content_type = models.CharField(
        max_length=100, blank=True, help_text="The type found from the file's content"
    )
    size = models.PositiveBigIntegerField("size in bytes", null=True, blank=True)
    url = models.URLField("link", max_length=1000, blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by_name = models.CharField(max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-dated_on", "-pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        action__isnull=False,
                        expected_outcome__isnull=True,
                        measure_value__isnull=True,
                        audit__isnull=True,
                    )
                    | models.Q(
                        action__isnull=True,
                        expected_outcome__isnull=False,
                        measure_value__isnull=True,
                        audit__isnull=True,
                    )
                    | models.Q(
                        action__isnull=True,
                        expected_outcome__isnull=True,
                        measure_value__isnull=False,
                        audit__isnull=True,
                    )
                    | models.Q(
                        action__isnull=True,
                        expected_outcome__isnull=True,
                        measure_value__isnull=True,
                        audit__isnull=False,
                    )
                ),
                name="evidence_of_exactly_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("performance:evidence_detail", args=[self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Verification(TimeStampedModel):
    """A lead's decision that an action is verified as embedded, and what it rests on: at
    least one piece of evidence or audit finding (`assurance/services.py` insists)."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="verifications")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200, blank=True)
    decided_on = models.DateField("date of the decision")
    rationale = models.TextField("why it is embedded")
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="verifications")
    findings = models.ManyToManyField(Finding, blank=True, related_name="verifications")

    history = HistoricalRecords(m2m_fields=[evidence, findings])

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action.reference} verified on {self.decided_on:%d %B %Y}"


def period_label(*, frequency: str, period_end: datetime.date) -> str:
    """How a period is named on screen: "October 2026", "Quarter to 30 September 2026",
    "Year to 31 March 2026"."""
    if frequency == Frequency.MONTHLY:
        return f"{period_end:%B %Y}"
    if frequency == Frequency.QUARTERLY:
        return f"Quarter to {period_end.day} {period_end:%B %Y}"
    return f"Year to {period_end.day} {period_end:%B %Y}"
