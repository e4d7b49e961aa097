"""Who may change measures, targets and values: the authority's improvement leads and
administrators. Everyone in the authority reads them (`tracker.performance.access` turns ids
into records)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from tracker.accounts.models import User

NOT_A_MEASURE_EDITOR = (
    "You can read the scorecard but not change it: ask an improvement lead to add measures, "
    "targets or values."
)


def user_can_edit_measures(*, user: User) -> bool:
    """Whether the user may add and change measures, targets and values."""
    return bool(user.can_edit_plans)


def require_measure_editor(*, user: User) -> None:
    """Refuse (403) anyone but an improvement lead or administrator."""
    if not user_can_edit_measures(user=user):
        raise PermissionDenied(NOT_A_MEASURE_EDITOR)
