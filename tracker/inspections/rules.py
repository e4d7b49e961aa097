"""Sector rules about inspections, as small pure functions."""

from __future__ import annotations

import datetime

from tracker.inspections.models import Inspection, JudgementArea

# "From January 2023, the experiences and progress of care leavers is judged separately."
ILACS_CARE_LEAVERS_SEPARATE_FROM = datetime.date(2023, 1, 1)

ILACS_AREAS_TO_2022 = (
    JudgementArea.IMPACT_OF_LEADERS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
    JudgementArea.OVERALL,
)
ILACS_AREAS_FROM_2023 = (
    JudgementArea.IMPACT_OF_LEADERS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.CHILDREN_IN_CARE,
    JudgementArea.CARE_LEAVERS,
    JudgementArea.OVERALL,
)
SIF_AREAS = (
    JudgementArea.SIF_HELP_AND_PROTECTION,
    JudgementArea.SIF_LOOKED_AFTER,
    JudgementArea.SIF_ADOPTION,
    JudgementArea.SIF_CARE_LEAVERS,
    JudgementArea.SIF_LEADERSHIP,
    JudgementArea.OVERALL,
    JudgementArea.LSCB,
)


def judgement_areas_for(*, framework: str, started_on: datetime.date | None) -> tuple[str, ...]:
    """The judgement table's rows for a framework on a date.

    ILACS judged children in care and care leavers together until December 2022 (4 rows);
    inspections from January 2023 judge care leavers separately (5 rows). The SIF had its own
    headings. Visits and JTAIs make no graded judgements.
    """
    if framework == Inspection.Framework.SIF:
        return tuple(SIF_AREAS)
    if framework == Inspection.Framework.ILACS:
        if started_on is not None and started_on >= ILACS_CARE_LEAVERS_SEPARATE_FROM:
            return tuple(ILACS_AREAS_FROM_2023)
        return tuple(ILACS_AREAS_TO_2022)
    return ()


def framework_for_kind(kind: str) -> str:
    """The framework an inspection kind belongs to."""
    frameworks: dict[str, str] = {
        Inspection.Kind.ILACS_STANDARD: Inspection.Framework.ILACS,
        Inspection.Kind.ILACS_SHORT: Inspection.Framework.ILACS,
        Inspection.Kind.FOCUSED_VISIT: Inspection.Framework.ILACS,
        Inspection.Kind.MONITORING_VISIT: Inspection.Framework.ILACS,
        Inspection.Kind.JTAI: Inspection.Framework.JTAI,
        Inspection.Kind.SIF: Inspection.Framework.SIF,
    }
    return frameworks.get(kind, Inspection.Framework.OTHER)
