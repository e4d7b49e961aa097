"""Reads of the national inspection picture. Each takes a fixed number of queries whatever the
number of authorities and reports held."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from tracker.accounts.models import LocalAuthority
from tracker.inspections.models import Grade, Inspection, JudgementArea
from tracker.inspections.national.models import (
    NationalAuthority,
    PublishedInspection,
    PublishedJudgement,
    StatisticalNeighbour,
)
from tracker.inspections.national.rules import (
    JUDGED_KINDS,
    NextInspection,
    grade_rank,
    next_inspection_predicted,
    registered_authority_for,
)


def _grade_label(grade: str) -> str:
    return str(Grade(grade).label) if grade in Grade.values else "Not graded"


def _kind_label(kind: str) -> str:
    return str(Inspection.Kind(kind).label) if kind in Inspection.Kind.values else kind


@dataclass(frozen=True)
class AuthorityStanding:
    """An authority's current judgement: its latest graded inspection, and what comes next."""

    authority: NationalAuthority
    latest: PublishedInspection | None
    next_inspection: NextInspection | None
    is_own: bool = False
    neighbour_rank: int | None = None

    @property
    def grade(self) -> str:
        return self.latest.overall_grade if self.latest else ""

    @property
    def grade_label(self) -> str:
        return _grade_label(self.grade) if self.latest else "No judgement held"

    @property
    def grade_rank(self) -> int:
        return grade_rank(self.grade)

    @property
    def kind_label(self) -> str:
        return _kind_label(self.latest.kind) if self.latest else ""


def _standing(
    authority: NationalAuthority,
    latest: PublishedInspection | None,
    *,
    today: datetime.date,
    own_id: int | None = None,
    neighbour_rank: int | None = None,
) -> AuthorityStanding:
    prediction = None
    if latest is not None:
        prediction = next_inspection_predicted(
            grade=latest.overall_grade,
            ended_on=latest.ended_on,
            published_on=latest.published_on,
            today=today,
        )
    return AuthorityStanding(
        authority=authority,
        latest=latest,
        next_inspection=prediction,
        is_own=authority.pk == own_id,
        neighbour_rank=neighbour_rank,
    )


def _latest_judged(authority_ids: Iterable[int] | None = None) -> dict[int, PublishedInspection]:
    """Each authority's latest graded inspection (one query)."""
    inspections = PublishedInspection.objects.filter(kind__in=JUDGED_KINDS)
    if authority_ids is not None:
        inspections = inspections.filter(national_authority_id__in=list(authority_ids))
    latest: dict[int, PublishedInspection] = {}
    for inspection in inspections.order_by("national_authority_id", "-started_on", "-pk"):
        latest.setdefault(inspection.national_authority_id, inspection)
    return latest


def national_authority_for_local_authority(
    *, local_authority: LocalAuthority | None
) -> NationalAuthority | None:
    """The national record's authority that a local authority using the service is: the one an
    administrator linked to it, otherwise the one of the same name (one or two queries); None
    for no local authority (an adviser with none open)."""
    if local_authority is None:
        return None
    linked = NationalAuthority.objects.filter(local_authority=local_authority).first()
    if linked is not None:
        return linked
    for name in (local_authority.name, local_authority.short_name):
        registered = registered_authority_for(name) if name else None
        if registered is not None:
            return NationalAuthority.objects.filter(name=registered.name).first()
    return None


@dataclass(frozen=True)
class NationalPicture:
    """Every authority held, each with its current judgement; the council's own among them, with
    its region's and its statistical neighbours'."""

    standings: list[AuthorityStanding]
    own: AuthorityStanding | None
    region: list[AuthorityStanding] = field(default_factory=list)
    neighbours: list[AuthorityStanding] = field(default_factory=list)


def national_picture_get(
    *, local_authority: LocalAuthority | None, today: datetime.date
) -> NationalPicture:
    """Every authority held, in name order, with its latest judgement and the predicted window of
    its next inspection; the council's own authority marked, with the authorities of its region
    and its statistical neighbours (about five queries, whatever the number of authorities)."""
    own_authority = national_authority_for_local_authority(local_authority=local_authority)
    own_id = own_authority.pk if own_authority else None
    ranks: dict[int, int] = {}
    if own_id is not None:
        ranks = dict(
            StatisticalNeighbour.objects.filter(national_authority_id=own_id).values_list(
                "neighbour_id", "rank"
            )
        )
    latest = _latest_judged()
    standings = [
        _standing(
            authority,
            latest.get(authority.pk),
            today=today,
            own_id=own_id,
            neighbour_rank=ranks.get(authority.pk),
        )
        for authority in NationalAuthority.objects.order_by("name")
    ]
    own = next((s for s in standings if s.is_own), None)
    region: list[AuthorityStanding] = []
    if own is not None and own.authority.region:
        region = [s for s in standings if s.authority.region == own.authority.region]
    neighbours = sorted(
        (s for s in standings if s.neighbour_rank is not None),
        key=lambda s: s.neighbour_rank or 0,
    )
    return NationalPicture(standings=standings, own=own, region=region, neighbours=neighbours)


@dataclass(frozen=True)
class HistoryEntry:
    """One report in an authority's history, with its judgement table in words."""

    inspection: PublishedInspection
    kind_label: str
    overall_label: str
    judgements: list[tuple[str, str]]


@dataclass(frozen=True)
class AuthorityHistory:
    standing: AuthorityStanding
    entries: list[HistoryEntry]
    neighbours: list[AuthorityStanding]
    is_own: bool


def national_authority_history_get(
    *, authority: NationalAuthority, local_authority: LocalAuthority | None, today: datetime.date
) -> AuthorityHistory:
    """An authority's published reports, newest first, each with its judgements; its current
    judgement and next inspection; and its statistical neighbours' judgements (about five
    queries, whatever the number of reports and neighbours)."""
    inspections = list(
        PublishedInspection.objects.filter(national_authority=authority)
        .prefetch_related(
            Prefetch("judgements", queryset=PublishedJudgement.objects.order_by("position"))
        )
        .order_by("-started_on", "-pk")
    )
    latest = next((i for i in inspections if i.kind in JUDGED_KINDS), None)
    links = list(
        StatisticalNeighbour.objects.filter(national_authority=authority)
        .select_related("neighbour")
        .order_by("rank")
    )
    neighbour_latest = _latest_judged(link.neighbour_id for link in links)
    own = national_authority_for_local_authority(local_authority=local_authority)
    own_id = own.pk if own else None
    entries = [
        HistoryEntry(
            inspection=inspection,
            kind_label=_kind_label(inspection.kind),
            overall_label=_grade_label(inspection.overall_grade)
            if inspection.overall_grade
            else "",
            judgements=[
                (_area_label(j.area), _grade_label(j.grade)) for j in inspection.judgements.all()
            ],
        )
        for inspection in inspections
    ]
    return AuthorityHistory(
        standing=_standing(authority, latest, today=today, own_id=own_id),
        entries=entries,
        neighbours=[
            _standing(
                link.neighbour,
                neighbour_latest.get(link.neighbour_id),
                today=today,
                own_id=own_id,
                neighbour_rank=link.rank,
            )
            for link in links
        ],
        is_own=authority.pk == own_id,
    )


def _area_label(area: str) -> str:
    return str(JudgementArea(area).label) if area in JudgementArea.values else area
