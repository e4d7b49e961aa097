"""The risks of a plan as they stood at the end of a past day, reconstructed from history.

A risk belongs to a plan when it is linked to the plan itself, or to one of its themes,
sections or actions (including themes, sections and actions since deleted, on the
dates before their deletion). Each risk's state is its latest
historical record (`Risk.history`) saved before the end of the day (local midnight,
Europe/London); risks deleted by then, or created later, are left out. Risks with no history
rows at all (bulk-loaded data) fall back to their current row if created by then. Risks of
another local authority never appear. A fixed number of queries whatever the number of risks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from tracker.governance import rules
from tracker.governance.models import Risk
from tracker.plans.history.selectors import end_of_day
from tracker.plans.models import Action, Plan, Section, Theme

_FIELDS = (
    "id",
    "reference",
    "title",
    "status",
    "plan_id",
    "theme_id",
    "section_id",
    "action_id",
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
)


@dataclass(frozen=True)
class RiskState:
    """One risk as it stood at a moment."""

    risk_id: int
    reference: str
    title: str
    status: str
    inherent_likelihood: int
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int

    @property
    def inherent_score(self) -> int:
        return rules.risk_score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return rules.risk_score(self.residual_likelihood, self.residual_impact)

    @property
    def status_label(self) -> str:
        return str(Risk.Status(self.status).label) if self.status in Risk.Status.values else ""


def _ids_of(
    model: type[Theme] | type[Section], *, plan: Plan, moment: datetime.datetime
) -> tuple[set[int], set[int]]:
    """The ids of the plan's themes (or sections) now or ever, from history as well as the
    current rows, and those deleted before the moment (two queries)."""
    ids = set(model.objects.filter(plan=plan).values_list("pk", flat=True))
    gone = set()
    for pk, kind, when in model.history.filter(plan_id=plan.pk).values_list(
        "id", "history_type", "history_date"
    ):
        ids.add(pk)
        if kind == "-" and when < moment:
            gone.add(pk)
    return ids, gone


def plan_risks_on(*, plan: Plan, on: datetime.date) -> list[RiskState]:
    """The plan's risks as they stood at the end of `on`, by reference (eight queries)."""
    moment = end_of_day(on)
    theme_ids, themes_gone = _ids_of(Theme, plan=plan, moment=moment)
    section_ids, sections_gone = _ids_of(Section, plan=plan, moment=moment)
    action_ids = set(Action.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    action_ids |= set(Action.objects.filter(plan=plan).values_list("pk", flat=True))

    def linked(row: dict[str, Any]) -> bool:
        # Deleting a theme or section unlinks its risks without a history row, so a link to
        # one deleted by the moment no longer counts.
        return (
            row["plan_id"] == plan.pk
            or (row["theme_id"] in theme_ids and row["theme_id"] not in themes_gone)
            or (row["section_id"] in section_ids and row["section_id"] not in sections_gone)
            or row["action_id"] in action_ids
        )

    link = (
        Q(plan_id=plan.pk)
        | Q(theme_id__in=theme_ids)
        | Q(section_id__in=section_ids)
        | Q(action_id__in=action_ids)
    )
    ever_linked = Risk.history.filter(link, local_authority_id=plan.local_authority_id).values("id")
    records = (
        Risk.history.filter(
            id__in=ever_linked,
            local_authority_id=plan.local_authority_id,
            history_date__lt=moment,
        )
        .order_by("id", "history_date", "history_id")
        .values(*_FIELDS, "history_type")
    )
    latest: dict[int, dict[str, Any]] = {}
    for record in records:
        latest[record["id"]] = record
    states = {pk: r for pk, r in latest.items() if r["history_type"] != "-" and linked(r)}
    unrecorded = (
        Risk.objects.filter(link, local_authority_id=plan.local_authority_id, created_at__lt=moment)
        .exclude(pk__in=Risk.history.values("id"))
        .values(*_FIELDS)
    )
    for row in unrecorded:
        states[row["id"]] = row
    risks = [
        RiskState(
            risk_id=row["id"],
            reference=row["reference"],
            title=row["title"],
            status=row["status"],
            inherent_likelihood=row["inherent_likelihood"],
            inherent_impact=row["inherent_impact"],
            residual_likelihood=row["residual_likelihood"],
            residual_impact=row["residual_impact"],
        )
        for row in states.values()
    ]
    return sorted(risks, key=lambda risk: (risk.reference, risk.risk_id))
