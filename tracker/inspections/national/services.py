"""Writes of the national inspection picture: a published report held, and the statistical
neighbour lists an administrator loads. Each is all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.inspections.imports.ofsted_report import ParsedReport
from tracker.inspections.imports.services import inspection_import_validate
from tracker.inspections.models import JudgementArea
from tracker.inspections.national.models import (
    NationalAuthority,
    PublishedInspection,
    PublishedJudgement,
    StatisticalNeighbour,
)
from tracker.inspections.national.register import AUTHORITIES
from tracker.inspections.national.rules import JUDGED_KINDS, registered_authority_for
from tracker.inspections.rules import framework_for_kind

# What the national record keeps of a report; problems with its recommendations do not stop it.
_FIELDS_HELD = ("kind", "started_on", "ended_on", "published_on", "judgements")


class AlreadyHeldError(ValidationError):
    """The report is held already; `published_inspection` is the record it became."""

    def __init__(self, published_inspection: PublishedInspection) -> None:
        self.published_inspection = published_inspection
        super().__init__(
            f"Already held: the report on {published_inspection.national_authority} of "
            f"{published_inspection.started_on:%-d %B %Y}",
            code="already_held",
        )


def published_report_check(*, report: ParsedReport) -> str:
    """The national authority's name for the report, or ValidationError with every reason it
    cannot be held, in plain words."""
    problems: list[str] = []
    registered = registered_authority_for(report.local_authority)
    if registered is None:
        printed = report.local_authority or "no local authority"
        problems.append(
            f"The report names “{printed}”, which is not an English local authority this "
            "service knows"
        )
    errors = inspection_import_validate(report=report)
    for field in _FIELDS_HELD:
        problems += errors.get(field, [])
    if problems:
        raise ValidationError(problems)
    assert registered is not None  # noqa: S101
    return registered.name


def published_report_find(
    *, report: ParsedReport, authority_name: str
) -> PublishedInspection | None:
    """The record the report is held as already, by its text's fingerprint or by the same kind
    of inspection of the same authority starting on the same day."""
    held = PublishedInspection.objects.filter(source_fingerprint=report.fingerprint).first()
    if held is None and report.inspection_start is not None:
        held = PublishedInspection.objects.filter(
            national_authority__name=authority_name,
            kind=report.kind,
            started_on=report.inspection_start,
        ).first()
    return held


@transaction.atomic
def published_report_hold(*, report: ParsedReport, source_name: str) -> PublishedInspection:
    """Hold a published report in the national record: its authority (added from the register
    when new), its kind, dates and judgement table, all together or not at all.

    Refuses a report that names no English local authority or lacks what the picture needs
    (dates, a grade for each row of a full inspection's table), and one already held
    (`AlreadyHeldError`)."""
    authority_name = published_report_check(report=report)
    started_on, ended_on = report.inspection_start, report.inspection_end
    assert started_on is not None and ended_on is not None  # noqa: S101  checked above
    registered = registered_authority_for(report.local_authority)
    assert registered is not None  # noqa: S101
    authority, _created = NationalAuthority.objects.get_or_create(
        name=authority_name, defaults={"region": registered.region}
    )
    # Two imports of one report at once: the second waits here, then finds the first's record.
    NationalAuthority.objects.select_for_update().filter(pk=authority.pk).first()
    held = published_report_find(report=report, authority_name=authority_name)
    if held is not None:
        raise AlreadyHeldError(held)
    overall = next((j.grade for j in report.judgements if j.area == JudgementArea.OVERALL), "")
    published = PublishedInspection.objects.create(
        national_authority=authority,
        kind=report.kind,
        framework=framework_for_kind(report.kind),
        started_on=started_on,
        ended_on=ended_on,
        published_on=report.published_on,
        overall_grade=overall if report.kind in JUDGED_KINDS else "",
        source_fingerprint=report.fingerprint,
        source_name=source_name[:500],
    )
    for position, judgement in enumerate(report.judgements):
        PublishedJudgement.objects.create(
            published_inspection=published,
            area=judgement.area,
            grade=judgement.grade,
            position=position,
        )
    return published


# --- Statistical neighbours -------------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourRow:
    """One line of a neighbour list: where it was, the authority, its neighbour and rank."""

    line: int
    authority: str
    neighbour: str
    rank: str


@dataclass(frozen=True)
class NeighboursLoaded:
    authorities: int
    neighbours: int


def statistical_neighbours_load(*, rows: list[NeighbourRow]) -> NeighboursLoaded:
    """Replace the statistical neighbour lists of every authority the rows name, all or nothing.

    Each row names an authority, one of its neighbours and the neighbour's rank (1 the closest).
    Every problem is collected, with its line, before anything is written: an authority not in
    the register, a rank that is not a whole number from 1, an authority as its own neighbour,
    a neighbour or rank given twice for one authority. Authorities not held yet are added from
    the register; lists of authorities the rows do not name are kept."""
    problems: list[str] = []
    lists: dict[str, dict[str, int]] = {}
    for row in rows:
        where = f"Line {row.line}"
        authority = registered_authority_for(row.authority) if row.authority.strip() else None
        neighbour = registered_authority_for(row.neighbour) if row.neighbour.strip() else None
        if authority is None:
            problems.append(f"{where}: “{row.authority}” is not an English local authority")
        if neighbour is None:
            problems.append(f"{where}: “{row.neighbour}” is not an English local authority")
        rank = int(row.rank) if row.rank.strip().isdigit() else 0
        if rank < 1:
            problems.append(f"{where}: the rank must be a whole number, 1 or more")
        if authority is None or neighbour is None or rank < 1:
            continue
        if authority.name == neighbour.name:
            problems.append(f"{where}: {authority.name} cannot be its own neighbour")
            continue
        ranks = lists.setdefault(authority.name, {})
        if neighbour.name in ranks:
            problems.append(f"{where}: {neighbour.name} is already a neighbour of {authority.name}")
        elif rank in ranks.values():
            problems.append(f"{where}: {authority.name} already has a neighbour ranked {rank}")
        else:
            ranks[neighbour.name] = rank
    if not rows:
        problems.append("The list is empty: give one line for each authority and neighbour")
    if problems:
        raise ValidationError(problems)
    return _neighbours_write(lists)


@transaction.atomic
def _neighbours_write(lists: dict[str, dict[str, int]]) -> NeighboursLoaded:
    names = set(lists) | {name for ranks in lists.values() for name in ranks}
    regions = {a.name: a.region for a in AUTHORITIES}
    held = {a.name: a for a in NationalAuthority.objects.filter(name__in=names)}
    for name in sorted(names - set(held)):
        held[name] = NationalAuthority.objects.create(name=name, region=regions[name])
    # One by one, not in bulk, so that the history keeps each list as it was.
    for link in StatisticalNeighbour.objects.filter(
        national_authority__in=[held[name] for name in lists]
    ):
        link.delete()
    count = 0
    for name, ranks in lists.items():
        for other, rank in sorted(ranks.items(), key=lambda item: item[1]):
            StatisticalNeighbour.objects.create(
                national_authority=held[name], neighbour=held[other], rank=rank
            )
            count += 1
    return NeighboursLoaded(authorities=len(lists), neighbours=count)
