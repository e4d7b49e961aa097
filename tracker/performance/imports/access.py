"""Who may import measure values."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from tracker.accounts.models import User

NOT_A_VALUE_IMPORTER = (
    "You can read the scorecard but not import values. Ask an improvement lead or an "
    "administrator of your local authority."
)


def require_value_importer(*, user: User) -> None:
    """Only improvement leads and administrators import measure values, as they change the
    scorecard."""
    if not user.can_edit_plans:
        raise PermissionDenied(NOT_A_VALUE_IMPORTER)
