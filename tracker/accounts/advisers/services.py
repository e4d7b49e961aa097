"""An authority's administrators grant an adviser access, and withdraw it. Every change is a row
(`AdviserAccess`) with its history: who granted or withdrew it, and when."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.advisers.selectors import adviser_find_by_email
from tracker.accounts.models import AdviserAccess, LocalAuthority, User
from tracker.core.history import save_with_history


@transaction.atomic
def adviser_access_grant(*, by: User, local_authority: LocalAuthority, email: str) -> AdviserAccess:
    """Let the adviser with this email address read everything of the authority (its plans,
    inspections, boards, papers and packs) and change nothing, until an administrator
    withdraws it.

    Refused when no adviser account has the address (the platform operator makes adviser
    accounts) and when the adviser already has access.
    """
    adviser = adviser_find_by_email(email=email)
    if adviser is None:
        raise ValidationError(
            {
                "email": [
                    "No adviser has an account with this email address: check it, or ask the "
                    "service's operator to make one"
                ]
            }
        )
    # Locks the authority, so two administrators granting at once cannot both add a grant.
    LocalAuthority.objects.select_for_update().filter(pk=local_authority.pk).exists()
    if AdviserAccess.objects.filter(
        local_authority=local_authority, adviser=adviser, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError({"email": [f"{adviser} can already see {local_authority.name}"]})
    access = AdviserAccess(
        local_authority=local_authority, adviser=adviser, granted_by=by, granted_at=timezone.now()
    )
    save_with_history(access, by)
    return access


@transaction.atomic
def adviser_access_withdraw(*, by: User, access: AdviserAccess) -> AdviserAccess:
    """Stop the adviser seeing the authority: from their next page everything of it is "not
    found" to them. The grant is kept, marked withdrawn, as the record of who could see the
    authority when. Refused when someone else withdrew it meanwhile."""
    locked = AdviserAccess.objects.select_for_update().get(pk=access.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(
            f"{access.adviser} had already lost access, "
            f"withdrawn by {locked.withdrawn_by or 'someone else'}"
        )
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = by
    save_with_history(locked, by)
    return locked
