"""Reads of evidence: what is attached to one action, outcome, value or audit, and counts for
many at once (for the coverage page and the monitoring visit pack). Each is one query,
whatever the number of records; withdrawn evidence is left out unless asked for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from tracker.performance.models import Audit, Evidence, MeasureValue
from tracker.plans.models import Action, ExpectedOutcome


def _evidence(*, include_withdrawn: bool) -> QuerySet[Evidence]:
    queryset = Evidence.objects.select_related("added_by", "withdrawn_by")
    if not include_withdrawn:
        queryset = queryset.filter(withdrawn_at__isnull=True)
    return queryset


def evidence_for_action(*, action: Action, include_withdrawn: bool = False) -> list[Evidence]:
    """The action's evidence, latest first."""
    return list(_evidence(include_withdrawn=include_withdrawn).filter(action=action))


def evidence_for_outcome(
    *, outcome: ExpectedOutcome, include_withdrawn: bool = False
) -> list[Evidence]:
    """The expected outcome's evidence, latest first."""
    return list(_evidence(include_withdrawn=include_withdrawn).filter(expected_outcome=outcome))


def evidence_for_value(*, value: MeasureValue, include_withdrawn: bool = False) -> list[Evidence]:
    """The measure value's evidence, latest first."""
    return list(_evidence(include_withdrawn=include_withdrawn).filter(measure_value=value))


def evidence_for_audit(*, audit: Audit, include_withdrawn: bool = False) -> list[Evidence]:
    """The audit's evidence, latest first."""
    return list(_evidence(include_withdrawn=include_withdrawn).filter(audit=audit))


def evidence_for_actions(
    action_ids: Iterable[int], *, include_withdrawn: bool = False
) -> dict[int, list[Evidence]]:
    """Each action's evidence, latest first, for many actions in one query (the monitoring
    visit pack's evidence lists). Actions without any are absent."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    queryset = _evidence(include_withdrawn=include_withdrawn).filter(action_id__in=list(action_ids))
    for evidence in queryset:
        assert evidence.action_id is not None  # noqa: S101 - filtered on it
        found[evidence.action_id].append(evidence)
    return dict(found)


def evidence_for_values(
    value_ids: Iterable[int], *, include_withdrawn: bool = False
) -> dict[int, list[Evidence]]:
    """Each measure value's evidence, latest first, for many values in one query (a measure's
    page). Values without any are absent."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    queryset = _evidence(include_withdrawn=include_withdrawn).filter(
        measure_value_id__in=list(value_ids)
    )
    for evidence in queryset:
        assert evidence.measure_value_id is not None  # noqa: S101 - filtered on it
        found[evidence.measure_value_id].append(evidence)
    return dict(found)


def _counts(field: str, ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Evidence.objects.filter(**{f"{field}__in": list(ids)}, withdrawn_at__isnull=True)
        .values(field)
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row[field]: row["count"] for row in rows}


def evidence_counts_for_actions(action_ids: Iterable[int]) -> dict[int, int]:
    """How much evidence in use (not withdrawn) each action has, in one query; actions without
    any are absent (read with `.get(action_id, 0)`)."""
    return _counts("action_id", action_ids)


def evidence_counts_for_outcomes(outcome_ids: Iterable[int]) -> dict[int, int]:
    """How much evidence in use each expected outcome has, in one query."""
    return _counts("expected_outcome_id", outcome_ids)


def evidence_counts_for_values(value_ids: Iterable[int]) -> dict[int, int]:
    """How much evidence in use each measure value has, in one query."""
    return _counts("measure_value_id", value_ids)


def evidence_counts_for_audits(audit_ids: Iterable[int]) -> dict[int, int]:
    """How much evidence in use each audit has, in one query."""
    return _counts("audit_id", audit_ids)


def evidence_history(*, evidence: Evidence) -> list[Any]:
    """The evidence's history rows, oldest first: when it was added, and any withdrawal."""
    return list(evidence.history.select_related("history_user").order_by("history_date"))
