"""Turn request input and selector results into what templates show."""

from __future__ import annotations

from django.http import QueryDict

from tracker.plans.models import Brag, DeliveryStatus
from tracker.plans.selectors import PlanFilters


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def plan_filters_from_query(query: QueryDict) -> PlanFilters:
    """Filters from the plan page's query string. Unknown values are ignored, never an error."""
    status = query.get("status", "")
    brag = query.get("brag", "")
    return PlanFilters(
        status=status if status in DeliveryStatus.values else "",
        brag=brag if brag in Brag.values or brag == "none" else "",
        owner_post_id=_int_or_none(query.get("owner")),
        theme_id=_int_or_none(query.get("theme")),
        overdue=query.get("overdue") in {"1", "on", "true", "yes"},
        query=" ".join(query.get("q", "").split())[:200],
    )
