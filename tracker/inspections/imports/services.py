"""Import a published Ofsted report: check the (possibly corrected) report, then save it.

The validate and apply steps of an import (`docs/conventions.md`); `imports.ofsted_report`
parses. Saving goes through the inspection services, in one transaction: the inspection, its
judgement table and its recommendations are saved together or not at all.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.models import LocalAuthority, User
from tracker.core.formatting import format_date
from tracker.inspections import services
from tracker.inspections.deadlines.services import inspection_milestones_refresh
from tracker.inspections.imports.ofsted_report import ParsedRecommendation, ParsedReport
from tracker.inspections.models import Grade, Inspection, JudgementArea, Recommendation
from tracker.inspections.rules import (
    OFSTED_REPORT_KINDS,
    framework_for_kind,
    issuing_bodies_for_kind,
    judgement_areas_for,
)

# Kinds whose report always grades every row of the framework's judgement table (the LSCB's
# review was not part of every SIF inspection).
_FULL_TABLE_KINDS = {
    Inspection.Kind.ILACS_STANDARD,
    Inspection.Kind.ILACS_SHORT,
    Inspection.Kind.SIF,
}
# Words that do not tell one local authority from another in a name.
_NAME_FILLER = frozenset(
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


class DuplicateReportError(ValidationError):
    """The report was imported before; `inspection` is the inspection it became."""

    def __init__(self, inspection: Inspection) -> None:
        self.inspection = inspection
        super().__init__(
            f"This report has already been imported: {inspection_describe(inspection)}",
            code="duplicate_report",
        )


def inspection_describe(inspection: Inspection) -> str:
    """An inspection as a link would name it: "ILACS standard inspection, 31 October 2022 to
    11 November 2022"."""
    return (
        f"{inspection.get_kind_display()}, {format_date(inspection.started_on)} to "
        f"{format_date(inspection.ended_on)}"
    )


def report_is_about(*, local_authority: LocalAuthority, report: ParsedReport) -> bool:
    """Whether the name in the report's title is the local authority's.

    Reports name an authority in several ways ("Solihull", "Solihull Metropolitan Borough
    Council", "Metropolitan Borough of Solihull"), so the distinctive words of one name must all
    be in the other.
    """
    printed = _name_words(report.local_authority)
    if not printed:
        return True  # nothing to compare; the report's own warning says the name is missing
    for name in (local_authority.name, local_authority.short_name):
        words = _name_words(name)
        if words and (words <= printed or printed <= words):
            return True
    return False


def _name_words(name: str) -> set[str]:
    words = re.findall(r"[a-z]+", name.lower().replace("’", "'").replace("'s", "s"))
    return {word for word in words if word not in _NAME_FILLER}


def inspection_find_duplicate(
    *,
    local_authority: LocalAuthority,
    kind: str,
    started_on: datetime.date | None,
    ended_on: datetime.date | None = None,
    fingerprint: str = "",
) -> Inspection | None:
    """The authority's inspection this report was already imported as, if any.

    The same report is recognised by the same kind of inspection starting on the same day, by the
    same inspection dates (in case the kind was corrected at the preview), or by the fingerprint of
    its text stored when it was imported (in case the dates were).
    """
    inspections = Inspection.objects.filter(local_authority=local_authority)
    if started_on is not None:
        same_start = inspections.filter(started_on=started_on).order_by("pk")
        match = same_start.filter(kind=kind).first()
        if match is None and ended_on is not None:
            match = same_start.filter(ended_on=ended_on).first()
        if match is not None:
            return match
    if fingerprint:
        return inspections.filter(source_fingerprint=fingerprint).order_by("pk").first()
    return None


def inspection_import_validate(*, report: ParsedReport) -> dict[str, list[str]]:
    """Every problem that stops the report being saved, by field; empty when it can be saved.

    The rules are the inspection services' own (dates in order, a grade for each row of the
    framework's table on those dates) plus what an import needs: every row of a full inspection's
    table graded, and each recommendation with words and a number of its own.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        if message not in errors.get(field, []):
            errors.setdefault(field, []).append(message)

    # An Ofsted report is of one of Ofsted's kinds; reviews and notices are added by hand.
    if report.kind not in OFSTED_REPORT_KINDS:
        add("kind", "Select the kind of inspection")
    framework = framework_for_kind(report.kind)
    started_on, ended_on = report.inspection_start, report.inspection_end
    if started_on is None:
        add("started_on", "Enter the date the inspection started")
    if ended_on is None:
        add("ended_on", "Enter the date the inspection ended")
    if started_on and ended_on and ended_on < started_on:
        add("ended_on", "The inspection end date must be the same as or after the start date")
    if report.published_on and started_on and report.published_on < started_on:
        add("published_on", "The publication date must be after the inspection started")
    if len(report.lead_inspector.strip()) > 200:
        add("lead_inspector", "The lead inspector's name must be 200 characters or fewer")

    allowed = judgement_areas_for(framework=framework, started_on=started_on)
    seen: set[str] = set()
    for judgement in report.judgements:
        label = _area_label(judgement.area)
        if judgement.area in seen:
            add("judgements", f"“{label}” is judged more than once")
        seen.add(judgement.area)
        if judgement.grade not in Grade.values:
            add("judgements", f"Select a grade for “{label}”")
        if judgement.area not in allowed:
            add("judgements", f"“{label}” is not a judgement of this framework on these dates")
    if report.kind in _FULL_TABLE_KINDS:
        for area in allowed:
            if area != JudgementArea.LSCB and area not in seen:
                add("judgements", f"Select a grade for “{_area_label(area)}”")

    for field, items in (
        ("recommendations", report.recommendations),
        ("areas_for_priority_action", report.areas_for_priority_action),
    ):
        for message in _item_problems(items):
            add(field, message)
    return errors


def _area_label(area: str) -> str:
    return str(JudgementArea(area).label) if area in JudgementArea.values else area


def _item_problems(items: list[ParsedRecommendation]) -> list[str]:
    problems: list[str] = []
    numbers: set[tuple[str, int]] = set()
    for item in items:
        if item.kind not in Recommendation.Kind.values:
            problems.append(f"Select what kind of recommendation item {item.number} is")
            continue
        noun = str(Recommendation.Kind(item.kind).label).lower()
        if not item.text.strip():
            problems.append(f"Enter the words of {noun} {item.number}")
        if item.number < 1:
            problems.append(f"The number of each {noun} must be 1 or more")
        if (item.kind, item.number) in numbers:
            problems.append(f"Two of the {noun}s are numbered {item.number}: renumber one")
        numbers.add((item.kind, item.number))
    return problems


@transaction.atomic
def inspection_import_apply(
    *, user: User | None, local_authority: LocalAuthority, report: ParsedReport
) -> Inspection:
    """Save an imported report: the inspection, its judgement table and its recommendations.

    All or nothing, after the officer has checked (and perhaps corrected) the preview. Refuses a
    report with problems (see `inspection_import_validate`) and one already imported, naming the
    inspection it became. The report's text fingerprint is stored with the inspection so the
    same report is recognised again even if its dates were corrected.
    """
    errors = inspection_import_validate(report=report)
    started_on, ended_on = report.inspection_start, report.inspection_end
    if errors or started_on is None or ended_on is None:
        raise ValidationError(errors)
    # Two imports of one report at once: the second waits here, then finds the first's inspection.
    LocalAuthority.objects.select_for_update().filter(pk=local_authority.pk).first()
    duplicate = inspection_find_duplicate(
        local_authority=local_authority,
        kind=report.kind,
        started_on=started_on,
        ended_on=ended_on,
        fingerprint=report.fingerprint,
    )
    if duplicate is not None:
        raise DuplicateReportError(duplicate)

    inspection = services.inspection_create(
        user=user,
        local_authority=local_authority,
        kind=report.kind,
        framework=framework_for_kind(report.kind),
        # Ofsted publishes the report; a JTAI's is the four inspectorates' joint report.
        issued_by=issuing_bodies_for_kind(report.kind),
        started_on=started_on,
        ended_on=ended_on,
        published_on=report.published_on,
        lead_inspector=report.lead_inspector,
        judgements=[
            services.JudgementInput(area=j.area, grade=j.grade, text=j.text.strip()[:200])
            for j in report.judgements
        ],
        source_fingerprint=report.fingerprint,
    )
    for item in [*report.recommendations, *report.areas_for_priority_action]:
        services.recommendation_create(
            user=user, inspection=inspection, number=item.number, text=item.text, kind=item.kind
        )
    if report.areas_for_priority_action:
        # Some deadlines depend on areas for priority action, which exist only from here on.
        inspection_milestones_refresh(user=user, inspection=inspection)
    return inspection
