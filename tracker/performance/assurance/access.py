"""Who may change audits and findings, and who may verify an action as embedded. Ids become
objects only through `tracker.performance.access`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from tracker.accounts.models import User
from tracker.plans.access import user_can_verify_as_embedded
from tracker.plans.models import Action


def user_can_edit_audits(*, user: User) -> bool:
    """Improvement leads and administrators record audits and their findings."""
    return user.can_edit_plans


def require_audit_editor(*, user: User) -> None:
    """Refuse (403) anyone who may not record or change audits and findings."""
    if not user_can_edit_audits(user=user):
        raise PermissionDenied(
            "You can read the audits but not change them: the improvement team records them."
        )


def require_verifier(*, user: User, action: Action) -> None:
    """Refuse (403) anyone who may not verify this action as embedded: only an improvement
    lead or the theme's thematic lead, never one of the action's owners."""
    if not user_can_verify_as_embedded(user=user, action=action):
        raise PermissionDenied(
            "Only an improvement lead or the theme's thematic lead can verify an action as "
            "embedded, never one of its owners."
        )
