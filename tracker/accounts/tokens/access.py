"""From a token id in a URL to the token: its owner's, or an administrator's of the owner's
authority. Anyone else's is 404, as another authority's is."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import local_authority_for_user, require_administrator
from tracker.accounts.models import ApiToken, User


def _token(api_token_id: int) -> ApiToken:
    token = ApiToken.objects.select_related("user").filter(pk=api_token_id).first()
    if token is None:
        raise Http404("No such token")
    return token


def api_token_get_for_owner(*, user: User, api_token_id: int) -> ApiToken:
    """One of the user's own tokens; anyone else's is 404 (tokens are private)."""
    local_authority_for_user(user=user)
    token = _token(api_token_id)
    if token.user_id != user.pk:
        raise Http404("No such token")
    return token


def api_token_get_for_administrator(*, user: User, api_token_id: int) -> ApiToken:
    """A token of someone of the administrator's own authority: another authority's is 404
    whoever asks; in the authority, anyone but an administrator is refused (403)."""
    local_authority = local_authority_for_user(user=user)
    token = _token(api_token_id)
    if token.user.local_authority_id != local_authority.pk:
        raise Http404("No such token")
    require_administrator(user=user)
    return token
