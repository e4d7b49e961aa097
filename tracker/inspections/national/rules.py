"""Rules of the national inspection picture: which authority a report names, which inspection
gives an authority's current judgement, and when its next inspection is expected."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from tracker.inspections.deadlines.rules import next_inspection_window, reinspection_window
from tracker.inspections.models import Grade, Inspection
from tracker.inspections.national.register import AUTHORITIES, RegisteredAuthority

# Words that do not tell one authority from another in a name (as `imports.services` has them).
_FILLER = frozenset(
    {
        "the",
        "of",
        "and",
        "city",
        "county",
        "council",
        "borough",
        "metropolitan",
        "district",
        "royal",
        "local",
        "authority",
        "childrens",
        "services",
    }
)
# Phrases that come before a London borough's name or a royal borough's.
_PREFIXES = re.compile(r"\b(london borough of|royal borough of|council of the)\b")

# Kinds whose report grades overall effectiveness: the authority's judgement until the next one.
JUDGED_KINDS = (
    Inspection.Kind.ILACS_STANDARD,
    Inspection.Kind.ILACS_SHORT,
    Inspection.Kind.SIF,
)
# Best first, for sorting and for "better or worse than".
GRADE_ORDER = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)


def name_words(name: str) -> frozenset[str]:
    """The words of an authority's name that tell it from another: "London Borough of Barnet",
    "Barnet Council" and "Barnet" are all {"barnet"}."""
    text = name.lower().replace("’", "'").replace("'s", "s").replace("&", " and ")
    text = _PREFIXES.sub(" ", text)
    return frozenset(word for word in re.findall(r"[a-z]+", text) if word not in _FILLER)


def registered_authority_for(name: str) -> RegisteredAuthority | None:
    """The English local authority a report's title names, or None when it names none.

    The same words as a registered name (or one of its other names) first; otherwise the
    registered name all of whose words are in the printed one, the longest if several are
    ("North Lincolnshire Council" is North Lincolnshire, not Lincolnshire)."""
    printed = name_words(name)
    if not printed:
        return None
    contained: list[tuple[int, RegisteredAuthority]] = []
    for authority in AUTHORITIES:
        for candidate in (authority.name, *authority.aliases):
            words = name_words(candidate)
            if words == printed:
                return authority
            if words and words < printed:
                contained.append((len(words), authority))
    if not contained:
        return None
    contained.sort(key=lambda item: -item[0])
    longest = [authority for size, authority in contained if size == contained[0][0]]
    return longest[0] if len({a.name for a in longest}) == 1 else None


def grade_rank(grade: str) -> int:
    """0 for outstanding to 3 for inadequate; 4 for no grade, so ungraded sorts last."""
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)


@dataclass(frozen=True)
class NextInspection:
    """When an authority's next inspection is expected, and the rule that says so."""

    name: str
    earliest: datetime.date
    latest: datetime.date
    rule: str
    is_overdue: bool  # the window has passed and no later judgement is held


def next_inspection_predicted(
    *,
    grade: str,
    ended_on: datetime.date,
    published_on: datetime.date | None,
    today: datetime.date,
) -> NextInspection | None:
    """The window of an authority's next graded inspection, from its latest judgement, by the
    same rules as the inspection page's milestones (`deadlines.rules`):

    - inadequate: a standard re-inspection about 2.5 years after the report (27 to 33 months
      after publication, or after the inspection's end when the date of publication is not held);
    - requires improvement to be good: a standard inspection about three years after the last,
      within six months either side of the anniversary of its end;
    - good or outstanding: a short inspection on the same three-year cycle.

    A judgement under the single inspection framework (before 2018) follows the same rules; its
    window has long passed, which is shown as overdue. No grade, no prediction.
    """
    if grade == Grade.INADEQUATE:
        milestone = reinspection_window(published_on or ended_on)
    elif grade in (Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.OUTSTANDING):
        milestone = next_inspection_window(ended_on, grade)
    else:
        return None
    assert milestone.earliest is not None and milestone.latest is not None  # noqa: S101
    return NextInspection(
        name=milestone.name,
        earliest=milestone.earliest,
        latest=milestone.latest,
        rule=milestone.rule,
        is_overdue=milestone.latest < today,
    )
