"""What may be asked for in a monitoring visit pack: one check, used when the pack is asked
for (`services.visit_pack_request`) and again by the worker before it is made
(`services.visit_pack_generate`), so it is refused for the same reasons in the same words."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.core.exceptions import ValidationError

from tracker.inspections.models import Inspection, Recommendation
from tracker.plans.models import Plan, Theme
from tracker.reporting.models import VisitPack

FORMAT_MESSAGE = "Select the format of the pack"
FOCUS_MESSAGE = "Select whether the visit looks at recommendations or themes"
NO_RECOMMENDATIONS_MESSAGE = "Select at least one recommendation the visit will look at"
NO_THEMES_MESSAGE = "Select at least one theme the visit will look at"
OTHER_RECOMMENDATION_MESSAGE = "Select only recommendations this plan answers"
OTHER_THEME_MESSAGE = "Select only themes of this plan"
VISIT_MESSAGE = "Choose a monitoring visit or enter its date"
VISIT_AND_DATE_MESSAGE = "Choose a monitoring visit or enter a date, not both"
OTHER_VISIT_MESSAGE = "Choose a monitoring visit of this local authority"
TITLE_MESSAGE = "Enter the name of the visit"
DEFAULT_VISIT_TITLE = "Monitoring visit"


def visit_pack_request_validate(
    *,
    plan: Plan,
    format: str,
    focus: str,
    recommendations: Collection[Recommendation],
    themes: Collection[Theme],
    answered_recommendation_ids: Collection[int],
    inspection: Inspection | None,
    visit_on: datetime.date | None,
    visit_title: str,
) -> tuple[datetime.date, str]:
    """Check a request for a visit pack; return the visit's date and name.

    The pack is for a monitoring visit recorded here (of the plan's local authority), or for a
    date with a name ("Third monitoring visit"), not both. Its focus is recommendations the
    plan answers (`answered_recommendation_ids`) or themes of the plan, at least one. The
    format is Word or PDF. Every problem is reported at once, keyed by field.
    """
    errors: dict[str, str] = {}
    if format not in VisitPack.Format.values:
        errors["format"] = FORMAT_MESSAGE
    if inspection is not None and visit_on is not None:
        errors["visit_on"] = VISIT_AND_DATE_MESSAGE
    elif inspection is None and visit_on is None:
        errors["inspection"] = VISIT_MESSAGE
    if inspection is not None and (
        inspection.local_authority_id != plan.local_authority_id
        or inspection.kind != Inspection.Kind.MONITORING_VISIT
    ):
        errors["inspection"] = OTHER_VISIT_MESSAGE
    if focus == VisitPack.Focus.RECOMMENDATIONS:
        if not recommendations:
            errors["recommendations"] = NO_RECOMMENDATIONS_MESSAGE
        elif any(r.pk not in answered_recommendation_ids for r in recommendations):
            errors["recommendations"] = OTHER_RECOMMENDATION_MESSAGE
    elif focus == VisitPack.Focus.THEMES:
        if not themes:
            errors["themes"] = NO_THEMES_MESSAGE
        elif any(t.plan_id != plan.pk for t in themes):
            errors["themes"] = OTHER_THEME_MESSAGE
    else:
        errors["focus"] = FOCUS_MESSAGE
    if errors:
        raise ValidationError(errors)
    if inspection is not None:
        return inspection.started_on, visit_title.strip() or DEFAULT_VISIT_TITLE
    assert visit_on is not None  # noqa: S101 - checked above
    return visit_on, visit_title.strip() or DEFAULT_VISIT_TITLE
