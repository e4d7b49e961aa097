"""The only way to turn a national authority's id into an object."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.models import LocalAuthority, User
from tracker.inspections.national.models import NationalAuthority


def national_authority_get_for_user(
    *, user: User, national_authority_id: int
) -> tuple[NationalAuthority, LocalAuthority]:
    """Any authority of the national record (published judgements are public data), for
    someone of a council using the service; 404 when there is no such authority, 403 for
    someone of a partner organisation, as every page of the council's own. Returns the user's
    own local authority too, to mark its row."""
    local_authority = council_authority_for_user(user=user)
    authority = NationalAuthority.objects.filter(pk=national_authority_id).first()
    if authority is None:
        raise Http404("No such local authority")
    return authority, local_authority
