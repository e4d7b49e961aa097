"""The national picture's page, prepared for the template: filters and sorting from the query
string, the rows, the distribution of grades and where the council stands."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from tracker.core.formatting import format_date
from tracker.inspections.models import Grade
from tracker.inspections.national.register import REGIONS
from tracker.inspections.national.rules import GRADE_ORDER
from tracker.inspections.national.selectors import AuthorityStanding

NOT_GRADED = "none"
# (code, CSS modifier of the chart's colours, words), best first; then no judgement.
GRADE_KEYS: list[tuple[str, str, str]] = [
    (Grade.OUTSTANDING, "blue", "Outstanding"),
    (Grade.GOOD, "green", "Good"),
    (Grade.REQUIRES_IMPROVEMENT, "amber", "Requires improvement to be good"),
    (Grade.INADEQUATE, "red", "Inadequate"),
    (NOT_GRADED, "none", "No judgement held"),
]
GRADE_CHOICES = [(code, words) for code, _css, words in GRADE_KEYS]


_SORT_KEYS: dict[str, Callable[[AuthorityStanding], Any]] = {
    "name": lambda s: s.authority.name,
    "region": lambda s: (s.authority.region or "~", s.authority.name),
    "grade": lambda s: (s.grade_rank, s.authority.name),
    "inspected": lambda s: (s.latest.ended_on if s.latest else datetime.date.max, s.authority.name),
    "next": lambda s: (
        s.next_inspection.earliest if s.next_inspection else datetime.date.max,
        s.authority.name,
    ),
}
COLUMNS = [
    ("name", "Local authority"),
    ("region", "Region"),
    ("grade", "Overall effectiveness"),
    ("inspected", "Last judged"),
    ("next", "Next inspection expected"),
]


@dataclass(frozen=True)
class PictureFilters:
    region: str = ""
    grade: str = ""
    sort: str = "name"
    descending: bool = False

    @classmethod
    def from_query(cls, query: QueryDict) -> PictureFilters:
        """The filters asked for; anything not understood is ignored, as a link may be old."""
        region = query.get("region", "")
        grade = query.get("grade", "")
        sort = query.get("sort", "name")
        return cls(
            region=region if region in REGIONS else "",
            grade=grade if grade in dict(GRADE_CHOICES) else "",
            sort=sort if sort in _SORT_KEYS else "name",
            descending=query.get("order") == "desc",
        )

    def query(self, **changes: Any) -> str:
        values = {
            "region": self.region,
            "grade": self.grade,
            "sort": self.sort,
            "order": "desc" if self.descending else "",
        }
        values.update(changes)
        if values["sort"] == "name":
            del values["sort"]  # the default order
        return "?" + urlencode({key: value for key, value in values.items() if value})

    @property
    def is_filtered(self) -> bool:
        return bool(self.region or self.grade)


@dataclass(frozen=True)
class SortHeader:
    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "none"


def sort_headers(filters: PictureFilters) -> list[SortHeader]:
    """The table's column headings, each a link that sorts by it (again: the other way)."""
    headers = []
    for key, label in COLUMNS:
        current = filters.sort == key
        descending = not filters.descending if current else False
        headers.append(
            SortHeader(
                label=label,
                href=filters.query(sort=key, order="desc" if descending else ""),
                aria_sort=(
                    ("descending" if filters.descending else "ascending") if current else "none"
                ),
            )
        )
    return headers


@dataclass(frozen=True)
class PictureRow:
    standing: AuthorityStanding
    last_judged: str
    next_when: str
    next_name: str
    is_overdue: bool


def picture_rows(standings: list[AuthorityStanding], filters: PictureFilters) -> list[PictureRow]:
    """The authorities the filters keep, in the order asked for."""
    kept = [
        s
        for s in standings
        if (not filters.region or s.authority.region == filters.region)
        and (not filters.grade or (s.grade or NOT_GRADED) == filters.grade)
    ]
    kept.sort(key=_SORT_KEYS[filters.sort], reverse=filters.descending)
    return [picture_row(s) for s in kept]


def picture_row(standing: AuthorityStanding) -> PictureRow:
    latest, upcoming = standing.latest, standing.next_inspection
    return PictureRow(
        standing=standing,
        last_judged=format_date(latest.ended_on) if latest else "",
        next_when=(
            f"{format_date(upcoming.earliest)} to {format_date(upcoming.latest)}"
            if upcoming
            else "Not known"
        ),
        next_name=upcoming.name if upcoming else "",
        is_overdue=bool(upcoming and upcoming.is_overdue),
    )


def grade_counts(standings: list[AuthorityStanding]) -> Counter[str]:
    return Counter(s.grade or NOT_GRADED for s in standings)


def distribution(standings: list[AuthorityStanding]) -> list[tuple[str, Counter[str], int]]:
    """England's grades, then each region's that has an authority held: (label, counts, total)."""
    rows = [("England", grade_counts(standings), len(standings))]
    for region in REGIONS:
        in_region = [s for s in standings if s.authority.region == region]
        if in_region:
            rows.append((region, grade_counts(in_region), len(in_region)))
    return rows


def standing_summary(own: AuthorityStanding, group: list[AuthorityStanding], noun: str) -> str:
    """Where the council's authority stands in a group: "Of the 13 other authorities in the West
    Midlands with a judgement held, 2 are judged better than Solihull, 8 the same and 3 worse"."""
    others = [s for s in group if not s.is_own and s.latest is not None]
    name = own.authority.name
    if own.grade not in GRADE_ORDER:
        return f"No overall judgement of {name} is held, so it cannot be compared with {noun}."
    if not others:
        return f"No judgement of {noun} is held yet."
    better = sum(1 for s in others if s.grade_rank < own.grade_rank)
    same = sum(1 for s in others if s.grade_rank == own.grade_rank)
    worse = len(others) - better - same
    count = len(others)
    return (
        f"Of the {count} {noun} with a judgement held, {better} "
        f"{'is' if better == 1 else 'are'} judged better than {name}, {same} the same and "
        f"{worse} worse."
    )
