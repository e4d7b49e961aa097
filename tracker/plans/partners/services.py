"""Sharing a plan with a partner organisation, and withdrawing it. Every change is a row
(`PlanPartnerAccess`) with its history: who shared or withdrew it, and when."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import Organisation, User
from tracker.core.history import save_with_history
from tracker.plans.models import Plan, PlanPartnerAccess


@transaction.atomic
def plan_partner_grant(*, user: User, plan: Plan, organisation: Organisation) -> PlanPartnerAccess:
    """Share the plan with a partner organisation of its local authority: its people then see
    the plan, its actions and risks, and record progress on the actions it owns.

    Refused for an organisation of another authority, the council itself, a retired
    organisation, and one the plan is already shared with.
    """
    if organisation.local_authority_id != plan.local_authority_id:
        raise ValidationError({"organisation": ["Choose a partner organisation of this council"]})
    if organisation.kind == Organisation.Kind.LOCAL_AUTHORITY:
        raise ValidationError(
            {"organisation": ["The council's own people already see every plan: choose a partner"]}
        )
    if organisation.is_retired:
        raise ValidationError(
            {"organisation": [f"{organisation.name} is retired: choose another organisation"]}
        )
    # Locks the plan's grants, so two officers sharing it at once cannot both add one.
    Plan.objects.select_for_update().filter(pk=plan.pk).exists()
    if PlanPartnerAccess.objects.filter(
        plan=plan, organisation=organisation, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError(
            {"organisation": [f"The plan is already shared with {organisation.name}"]}
        )
    access = PlanPartnerAccess(
        plan=plan, organisation=organisation, granted_by=user, granted_at=timezone.now()
    )
    save_with_history(access, user)
    return access


@transaction.atomic
def plan_partner_withdraw(*, user: User, access: PlanPartnerAccess) -> PlanPartnerAccess:
    """Stop sharing the plan with the organisation: its people no longer see the plan from
    their next page. The grant is kept, marked withdrawn, as the record of who could see it
    when. Refused when someone else withdrew it meanwhile."""
    locked = PlanPartnerAccess.objects.select_for_update().get(pk=access.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(
            f"The plan was already withdrawn from {access.organisation.name} "
            f"by {locked.withdrawn_by or 'someone else'}"
        )
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = user
    save_with_history(locked, user)
    return locked
