"""Reads of API tokens: a person's own, and an authority's for its administrators."""

from __future__ import annotations

from django.db.models import QuerySet

from tracker.accounts.models import ApiToken, LocalAuthority, User


def api_token_list_for_owner(*, user: User) -> list[ApiToken]:
    """The user's own tokens, newest first, revoked ones too: one query."""
    return list(ApiToken.objects.filter(user=user).select_related("revoked_by"))


def api_token_list_for_authority(*, local_authority: LocalAuthority) -> list[ApiToken]:
    """Every token of the authority's people, newest first: one query."""
    return list(
        ApiToken.objects.filter(user__local_authority=local_authority).select_related(
            "user", "revoked_by"
        )
    )


def api_token_by_public_id(*, public_id: str) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(public_id=public_id).select_related("user")
