"""Who may do what. Every app's access helpers build on these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tracker.accounts.models import LocalAuthority, User


def local_authority_for_user(*, user: User) -> LocalAuthority:
    """The user's local authority; a user without one sees nothing (404)."""
    if not user.is_authenticated:
        raise Http404("Not found")
    if user.local_authority_id is None:
        raise Http404("You do not belong to a local authority")
    return user.local_authority  # type: ignore[return-value]


def require_plan_editor(*, user: User) -> None:
    """Only administrators and improvement leads may change plans and inspections."""
    if not user.can_edit_plans:
        raise PermissionDenied("You can read this plan but not change it.")
