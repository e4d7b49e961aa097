"""A partner organisation's administrator's writes: inviting and removing its own staff.

They go through the same services the council's administrators use (`administration`), so
invitations, history and checks are the same; what is added here is the limit: only their own
organisation, and only the roles a partner may have (action owner or viewer). Removing is
deactivating: nothing is deleted, and the history stays.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.administration import services as administration_services
from tracker.accounts.models import User


@transaction.atomic
def organisation_staff_invite(
    *,
    by: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    job_title: str = "",
) -> User:
    """Add someone to the administrator's own organisation, as an action owner or a viewer,
    and email them a link to set their password. They see only the plans shared with the
    organisation."""
    if not by.is_organisation_administrator or by.organisation is None:
        raise ValidationError("Only a partner organisation's administrator can invite its staff")
    if role not in administration_services.PARTNER_ROLES:
        raise ValidationError({"role": ["Choose action owner or viewer"]})
    return administration_services.user_invite(
        by=by,
        local_authority=by.organisation.local_authority,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        job_title=job_title,
        organisation=by.organisation,
    )


@transaction.atomic
def organisation_staff_remove(*, by: User, member: User, expected_version: int | None) -> User:
    """Stop someone of the administrator's own organisation signing in. Nothing is deleted:
    what they recorded and their history stay, and the council's administrator can let them
    back in."""
    if not by.is_organisation_administrator or member.organisation_id != by.organisation_id:
        raise ValidationError("You can only remove people of your own organisation")
    if member.pk == by.pk:
        raise ValidationError(
            "You cannot remove yourself: ask the council's administrator to do it"
        )
    return administration_services.user_deactivate(
        by=by, user=member, expected_version=expected_version
    )
