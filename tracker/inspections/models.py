"""Inspections of a local authority's children's services, their judgements and recommendations."""

from __future__ import annotations

import datetime

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.accounts.models import LocalAuthority, User
from tracker.core.models import TimeStampedModel, VersionedModel


class IssuingBody(models.TextChoices):
    """Who issued a source of recommendations: an inspectorate, the DfE, the national panel, the
    local partnership, a peer, the council's scrutiny committee.

    A fixed, short list the product knows the sector by, stored as codes in
    `Inspection.issued_by` (a JSON list) rather than a table: nobody administers it, every page
    that shows a source shows its bodies without a join (the list page stays one query), and the
    list travels with the inspection's own history row, so a change of bodies is kept like any
    other change of its details. The service validates every code against this list.
    """

    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "Care Quality Commission (CQC)"
    HMICFRS = "hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"
    HMI_PROBATION = "hmi_probation", "HM Inspectorate of Probation (HMI Probation)"
    DFE = "dfe", "Department for Education (DfE)"
    REVIEW_PANEL = "review_panel", "Child Safeguarding Practice Review Panel"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Local safeguarding partnership"
    PEER = "peer", "A peer local authority or the Local Government Association (LGA)"
    SCRUTINY_COMMITTEE = "scrutiny_committee", "The council's scrutiny committee"
    OTHER = "other", "Another body"


# How each body reads inside "Issued by ...": inspectorates by their short names, as reports and
# papers name them.
ISSUING_BODY_IN_WORDS: dict[str, str] = {
    IssuingBody.OFSTED: "Ofsted",
    IssuingBody.CQC: "CQC",
    IssuingBody.HMICFRS: "HMICFRS",
    IssuingBody.HMI_PROBATION: "HMI Probation",
    IssuingBody.DFE: "the DfE",
    IssuingBody.REVIEW_PANEL: "the Child Safeguarding Practice Review Panel",
    IssuingBody.SAFEGUARDING_PARTNERSHIP: "the local safeguarding partnership",
    IssuingBody.PEER: "a peer local authority or the LGA",
    IssuingBody.SCRUTINY_COMMITTEE: "the council's scrutiny committee",
    IssuingBody.OTHER: "another body",
}


def issuing_bodies_in_words(codes: list[str] | tuple[str, ...]) -> str:
    """ "Ofsted, CQC, HMICFRS and HMI Probation": the bodies in the list's order, or ""."""
    words = [ISSUING_BODY_IN_WORDS.get(code, code) for code in codes]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


class Inspection(VersionedModel):
    """One source of recommendations: an inspection or visit as published by Ofsted (or the joint
    inspectorates), or a safeguarding practice review, DfE notice or direction, peer review, mock
    inspection or scrutiny review. The model keeps its first name (and its table and URLs)."""

    class Kind(models.TextChoices):
        # Inspections and visits first, as councils meet them most.
        ILACS_STANDARD = "standard", "ILACS standard inspection"
        ILACS_SHORT = "short", "ILACS short inspection"
        FOCUSED_VISIT = "focused_visit", "Focused visit"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
        JTAI = "jtai", "Joint targeted area inspection (JTAI)"
        SIF = "sif", "Single inspection framework (SIF)"
        # Then the other sources of recommendations.
        NATIONAL_REVIEW = "national_review", "National child safeguarding practice review"
        LOCAL_REVIEW = "local_review", "Local child safeguarding practice review"
        IMPROVEMENT_NOTICE = "improvement_notice", "DfE improvement notice"
        STATUTORY_DIRECTION = "statutory_direction", "Statutory direction"
        PEER_REVIEW = "peer_review", "Peer review"
        MOCK_INSPECTION = "mock_inspection", "Mock inspection"
        SCRUTINY_REVIEW = "scrutiny_review", "Scrutiny review"
        OTHER = "other", "Other"

    class Framework(models.TextChoices):
        ILACS = "ILACS", "Inspecting local authority children's services (ILACS)"
        SIF = "SIF", "Single inspection framework (SIF)"
        JTAI = "JTAI", "Joint targeted area inspection framework"
        OTHER = "other", "Other"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    framework = models.CharField(max_length=10, choices=Framework.choices)
    started_on = models.DateField("start date")
    ended_on = models.DateField("end date")
    published_on = models.DateField("publication date", null=True, blank=True)
    lead_inspector = models.CharField("lead inspector or reviewer", max_length=200, blank=True)
    issued_by = models.JSONField(
        "issued by",
        default=list,
        blank=True,
        help_text="Codes of IssuingBody, in that list's order (see IssuingBody for why a list)",
    )
    summary = models.TextField(blank=True, help_text="The report's headline findings, if wanted")
    statutory_notice_on = models.DateField(
        "improvement notice date",
        null=True,
        blank=True,
        help_text="The date of a DfE improvement notice or statutory direction, if any",
    )
    source_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Fingerprint of the published report's text, when imported from it",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")),
                name="inspection_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.started_on:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.pk])

    @property
    def issued_by_in_words(self) -> str:
        return issuing_bodies_in_words(self.issued_by or [])


class Grade(models.TextChoices):
    """The four-point scale Ofsted uses for every judgement."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


class JudgementArea(models.TextChoices):
    """What a judgement is about. The set depends on the framework and year (see rules.py)."""

    IMPACT_OF_LEADERS = (
        "impact_of_leaders",
        "The impact of leaders on social work practice with children and families",
    )
    HELP_AND_PROTECTION = (
        "help_and_protection",
        "The experiences and progress of children who need help and protection",
    )
    CHILDREN_IN_CARE_AND_CARE_LEAVERS = (
        "children_in_care_and_care_leavers",
        "The experiences and progress of children in care and care leavers",
    )
    CHILDREN_IN_CARE = "children_in_care", "The experiences and progress of children in care"
    CARE_LEAVERS = "care_leavers", "The experiences and progress of care leavers"
    OVERALL = "overall", "Overall effectiveness"
    # Single inspection framework (2013 to 2017)
    SIF_HELP_AND_PROTECTION = "sif_help_and_protection", "Children who need help and protection"
    SIF_LOOKED_AFTER = "sif_looked_after", "Children looked after and achieving permanence"
    SIF_ADOPTION = "sif_adoption", "Adoption performance"
    SIF_CARE_LEAVERS = "sif_care_leavers", "Experiences and progress of care leavers"
    SIF_LEADERSHIP = "sif_leadership", "Leadership, management and governance"
    LSCB = "lscb", "Effectiveness of the Local Safeguarding Children Board"


class Judgement(TimeStampedModel):
    """One row of an inspection's judgement table."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=40, choices=JudgementArea.choices)
    grade = models.CharField(max_length=30, choices=Grade.choices)
    text = models.CharField(
        "grade as printed", max_length=200, blank=True, help_text="The words in the report"
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="judgement_one_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_grade_display()}"


class Recommendation(VersionedModel):
    """A numbered recommendation (or area for priority action) of an inspection, verbatim."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "Recommendation"
        AREA_FOR_PRIORITY_ACTION = "area_for_priority_action", "Area for priority action"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
        FINDING = "finding", "Finding"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="Exactly as the report words it")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.RECOMMENDATION)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "kind", "number"], name="recommendation_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="recommendation_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return (
            reverse("inspections:inspection_detail", args=[self.inspection_id])
            + f"#recommendation-{self.pk}"
        )


class Milestone(VersionedModel):
    """A date an inspection sets (a deadline, or a window for an expected visit), worked out by a
    named rule in `deadlines.py`, which a user may override when Ofsted agrees the real date.

    The derived dates follow the inspection; the override and its reason are the user's and
    survive a refresh. Exactly one of a date or a window (earliest and latest) is set.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    rule = models.TextField("rule", help_text="Where the date comes from, in the rule's words")
    position = models.PositiveSmallIntegerField(default=0)
    derived_on = models.DateField("date worked out", null=True, blank=True)
    derived_earliest_on = models.DateField("earliest date worked out", null=True, blank=True)
    derived_latest_on = models.DateField("latest date worked out", null=True, blank=True)
    override_on = models.DateField("agreed date", null=True, blank=True)
    override_earliest_on = models.DateField("agreed earliest date", null=True, blank=True)
    override_latest_on = models.DateField("agreed latest date", null=True, blank=True)
    override_reason = models.TextField("why the date is different", blank=True)
    overridden_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    met_on = models.DateField(
        "date met",
        null=True,
        blank=True,
        help_text="When the deadline was met, for example the day the action plan was sent",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "key"], name="milestone_unique_key"),
            models.CheckConstraint(
                condition=models.Q(derived_earliest_on__lte=models.F("derived_latest_on"))
                | models.Q(derived_earliest_on__isnull=True)
                | models.Q(derived_latest_on__isnull=True),
                name="milestone_derived_window_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(override_earliest_on__lte=models.F("override_latest_on"))
                | models.Q(override_earliest_on__isnull=True)
                | models.Q(override_latest_on__isnull=True),
                name="milestone_override_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.inspection_id]) + "#deadlines"

    @property
    def is_window(self) -> bool:
        return self.derived_on is None

    @property
    def is_overridden(self) -> bool:
        return self.override_on is not None or self.override_earliest_on is not None

    @property
    def effective_on(self) -> datetime.date | None:
        return self.override_on if self.is_overridden else self.derived_on

    @property
    def effective_earliest_on(self) -> datetime.date | None:
        return self.override_earliest_on if self.is_overridden else self.derived_earliest_on

    @property
    def effective_latest_on(self) -> datetime.date | None:
        return self.override_latest_on if self.is_overridden else self.derived_latest_on


# The national inspection picture's models live in their sub-package; importing them here is
# what registers them with the app.
from tracker.inspections.national.models import (  # noqa: E402
    NationalAuthority,
    PublishedInspection,
    PublishedJudgement,
    StatisticalNeighbour,
)

__all__ = [
    "Grade",
    "Inspection",
    "IssuingBody",
    "Judgement",
    "JudgementArea",
    "Milestone",
    "NationalAuthority",
    "PublishedInspection",
    "PublishedJudgement",
    "Recommendation",
    "StatisticalNeighbour",
]
