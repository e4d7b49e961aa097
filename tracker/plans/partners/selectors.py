"""Reads for the page that shares a plan with partner organisations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from tracker.accounts.models import Organisation
from tracker.plans.models import Plan, PlanPartnerAccess


@dataclass(frozen=True)
class PlanPartners:
    """Who the plan is shared with now, and the grants withdrawn before, newest first."""

    in_force: list[PlanPartnerAccess]
    withdrawn: list[PlanPartnerAccess]


def plan_partners_for_plan(*, plan: Plan) -> PlanPartners:
    """The plan's grants, in force and withdrawn, with who made them: one query."""
    accesses = list(
        PlanPartnerAccess.objects.filter(plan=plan)
        .select_related("organisation", "granted_by", "withdrawn_by")
        .order_by("organisation__name", "-granted_at")
    )
    return PlanPartners(
        in_force=[access for access in accesses if access.withdrawn_at is None],
        withdrawn=sorted(
            (access for access in accesses if access.withdrawn_at is not None),
            key=lambda access: access.withdrawn_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        ),
    )


def plan_partner_choices(*, plan: Plan) -> QuerySet[Organisation]:
    """The partner organisations the plan can be shared with: the authority's, not retired,
    not the council itself, not already shared with."""
    shared = PlanPartnerAccess.objects.filter(
        plan=plan, organisation=OuterRef("pk"), withdrawn_at__isnull=True
    )
    return (
        Organisation.objects.filter(local_authority_id=plan.local_authority_id, is_retired=False)
        .exclude(kind=Organisation.Kind.LOCAL_AUTHORITY)
        .exclude(Exists(shared))
        .order_by("name")
    )
