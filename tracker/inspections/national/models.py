"""The national inspection picture: every English local authority's published Ofsted judgements.

Kept apart from the inspections of a local authority using the service (`Inspection`), which
belong to that authority, answer its plans and are seen by nobody else. What is here is public
data (Ofsted publishes every report), read by everyone in every authority. A national authority
is linked to the `LocalAuthority` using the service, when it is one, only so the council's own
row can be shown as its own (decision 0018).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.accounts.models import LocalAuthority
from tracker.core.data_version import NATIONAL
from tracker.core.models import TimeStampedModel
from tracker.inspections.national.register import REGIONS


class NationalAuthority(TimeStampedModel):
    """An English local authority with children's services, as the national record holds it,
    whether or not it uses this service."""

    # Public data of no one authority: its writes move the national record's own version,
    # which only pages showing the record read, so an import of every report does not make
    # every authority's pages work their summaries out again.
    data_version_scope = NATIONAL

    name = models.CharField(max_length=200, unique=True)
    region = models.CharField(max_length=40, choices=[(r, r) for r in REGIONS], blank=True)
    code = models.CharField(
        "local authority code",
        max_length=9,
        blank=True,
        help_text="The ONS code (E06000051) or the DfE's three-digit code, if known",
    )
    local_authority = models.OneToOneField(
        LocalAuthority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="national_authority",
        help_text="The local authority using this service that this is, if any",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "national authorities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:national_authority", args=[self.pk])


class PublishedInspection(TimeStampedModel):
    """One published Ofsted report on an authority's children's services, as the national record
    holds it: its kind, dates and judgement table (its recommendations stay in the report)."""

    # Public data of no one authority: its writes move the national record's own version,
    # which only pages showing the record read, so an import of every report does not make
    # every authority's pages work their summaries out again.
    data_version_scope = NATIONAL

    national_authority = models.ForeignKey(
        NationalAuthority, on_delete=models.PROTECT, related_name="published_inspections"
    )
    # The kinds and frameworks of `Inspection`, whose choices these are.
    kind = models.CharField(max_length=30)
    framework = models.CharField(max_length=10)
    started_on = models.DateField("start date")
    ended_on = models.DateField("end date")
    published_on = models.DateField("publication date", null=True, blank=True)
    overall_grade = models.CharField(
        max_length=30, blank=True, help_text="The overall effectiveness judgement, if graded"
    )
    source_fingerprint = models.CharField(
        max_length=64, unique=True, help_text="Fingerprint of the report's text"
    )
    source_name = models.CharField(
        "file", max_length=500, blank=True, help_text="The file it was imported from"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["national_authority", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")),
                name="published_inspection_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["national_authority", "kind", "started_on"],
                name="published_inspection_one_per_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.national_authority}: {self.kind}, {self.started_on:%B %Y}"


class PublishedJudgement(TimeStampedModel):
    """One row of a published report's judgement table."""

    # Public data of no one authority: its writes move the national record's own version,
    # which only pages showing the record read, so an import of every report does not make
    # every authority's pages work their summaries out again.
    data_version_scope = NATIONAL

    published_inspection = models.ForeignKey(
        PublishedInspection, on_delete=models.CASCADE, related_name="judgements"
    )
    area = models.CharField(max_length=40)
    grade = models.CharField(max_length=30)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["published_inspection", "area"], name="published_judgement_one_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"


class StatisticalNeighbour(TimeStampedModel):
    """One of an authority's statistical neighbours, in the order of the list an administrator
    loaded (the DfE's children's services statistical neighbour benchmarking tool)."""

    # Public data of no one authority: its writes move the national record's own version,
    # which only pages showing the record read, so an import of every report does not make
    # every authority's pages work their summaries out again.
    data_version_scope = NATIONAL

    national_authority = models.ForeignKey(
        NationalAuthority, on_delete=models.CASCADE, related_name="neighbour_links"
    )
    neighbour = models.ForeignKey(NationalAuthority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["national_authority", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_authority", "neighbour"], name="neighbour_once"
            ),
            models.UniqueConstraint(fields=["national_authority", "rank"], name="neighbour_rank"),
            models.CheckConstraint(
                condition=~models.Q(national_authority=models.F("neighbour")),
                name="neighbour_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.national_authority}: {self.rank}. {self.neighbour}"
