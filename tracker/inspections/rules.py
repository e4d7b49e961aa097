"""Sector rules about inspections, as small pure functions."""

from __future__ import annotations

import datetime

from tracker.inspections.models import Inspection, IssuingBody, JudgementArea

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
    """The framework an inspection kind belongs to. Reviews, notices, directions, peer reviews,
    mock inspections and scrutiny reviews belong to no inspection framework: "Other"."""
    frameworks: dict[str, str] = {
        Inspection.Kind.ILACS_STANDARD: Inspection.Framework.ILACS,
        Inspection.Kind.ILACS_SHORT: Inspection.Framework.ILACS,
        Inspection.Kind.FOCUSED_VISIT: Inspection.Framework.ILACS,
        Inspection.Kind.MONITORING_VISIT: Inspection.Framework.ILACS,
        Inspection.Kind.JTAI: Inspection.Framework.JTAI,
        Inspection.Kind.SIF: Inspection.Framework.SIF,
    }
    return frameworks.get(kind, Inspection.Framework.OTHER)


# The kinds an Ofsted report (or a JTAI's joint report) is published as: what the importer offers.
OFSTED_REPORT_KINDS = (
    Inspection.Kind.ILACS_STANDARD,
    Inspection.Kind.ILACS_SHORT,
    Inspection.Kind.FOCUSED_VISIT,
    Inspection.Kind.MONITORING_VISIT,
    Inspection.Kind.JTAI,
    Inspection.Kind.SIF,
)

JTAI_INSPECTORATES = (
    IssuingBody.OFSTED,
    IssuingBody.CQC,
    IssuingBody.HMICFRS,
    IssuingBody.HMI_PROBATION,
)


def issuing_bodies_for_kind(kind: str) -> tuple[str, ...]:
    """Who issues a source of this kind, when the officer does not say.

    A JTAI is issued jointly by the four inspectorates; Ofsted alone inspects and visits under
    ILACS and the SIF; the DfE issues improvement notices and statutory directions; the national
    panel commissions national reviews and the local safeguarding partnership local ones; peer
    reviews and mock inspections come from a peer authority or the LGA. "Other" has no default.
    """
    ofsted = (IssuingBody.OFSTED,)
    bodies: dict[str, tuple[str, ...]] = {
        Inspection.Kind.ILACS_STANDARD: ofsted,
        Inspection.Kind.ILACS_SHORT: ofsted,
        Inspection.Kind.FOCUSED_VISIT: ofsted,
        Inspection.Kind.MONITORING_VISIT: ofsted,
        Inspection.Kind.SIF: ofsted,
        Inspection.Kind.JTAI: JTAI_INSPECTORATES,
        Inspection.Kind.NATIONAL_REVIEW: (IssuingBody.REVIEW_PANEL,),
        Inspection.Kind.LOCAL_REVIEW: (IssuingBody.SAFEGUARDING_PARTNERSHIP,),
        Inspection.Kind.IMPROVEMENT_NOTICE: (IssuingBody.DFE,),
        Inspection.Kind.STATUTORY_DIRECTION: (IssuingBody.DFE,),
        Inspection.Kind.PEER_REVIEW: (IssuingBody.PEER,),
        Inspection.Kind.MOCK_INSPECTION: (IssuingBody.PEER,),
        Inspection.Kind.SCRUTINY_REVIEW: (IssuingBody.SCRUTINY_COMMITTEE,),
    }
    return tuple(str(body) for body in bodies.get(kind, ()))


def issuing_bodies_in_order(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The bodies once each, in the list's order (inspectorates first), whatever order they came."""
    chosen = set(codes)
    return [str(body) for body in IssuingBody.values if body in chosen]
