"""Reads for advisers' access: the adviser with an email address, and an authority's grants."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.accounts.models import AdviserAccess, LocalAuthority, User


def adviser_find_by_email(*, email: str) -> User | None:
    """The active adviser account with this email address (any case), or None. Advisers belong
    to no local authority, so only an adviser can be found this way: never one of another
    authority's people."""
    return (
        User.objects.filter(
            email__iexact=email.strip(),
            role=User.Role.ADVISER,
            local_authority__isnull=True,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )


@dataclass
class AdviserAccessList:
    in_force: list[AdviserAccess]
    withdrawn: list[AdviserAccess]


def adviser_accesses_for_authority(*, local_authority: LocalAuthority) -> AdviserAccessList:
    """The authority's grants to advisers, in force and withdrawn, newest first. One query."""
    accesses = list(
        AdviserAccess.objects.filter(local_authority=local_authority).select_related(
            "adviser", "granted_by", "withdrawn_by"
        )
    )
    return AdviserAccessList(
        in_force=[access for access in accesses if access.is_in_force],
        withdrawn=[access for access in accesses if not access.is_in_force],
    )
