"""Reads for a partner organisation's administrator."""

from __future__ import annotations

from django.db.models import QuerySet

from tracker.accounts.models import Organisation, User


def organisation_staff_list(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's people, active first, then by name: one query."""
    return User.objects.filter(organisation=organisation).order_by(
        "-is_active", "first_name", "last_name", "username"
    )
