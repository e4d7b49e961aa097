"""Who reads the national record, and the only way to turn a national authority's id into an
object."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import council_authority_for_user, local_authority_id_for_user
from tracker.accounts.models import LocalAuthority, User
from tracker.inspections.national.models import NationalAuthority


def national_reader_authority(*, user: User) -> LocalAuthority | None:
    """The local authority whose row the national record marks as the reader's own. Published
    judgements are public data: anyone of a council reads them (their own authority marked); an
    adviser reads them whether or not they have an authority open (None when not); someone of
    a partner organisation is refused (403) as on every page of the council's own, and anyone
    else (the platform operator) finds nothing (404)."""
    if user.is_adviser and local_authority_id_for_user(user=user) is None:
        return None
    return council_authority_for_user(user=user)


def national_authority_get_for_user(
    *, user: User, national_authority_id: int
) -> tuple[NationalAuthority, LocalAuthority | None]:
    """Any authority of the national record, for whoever may read it
    (`national_reader_authority`); 404 when there is no such authority. Returns the reader's
    own local authority too, to mark its row."""
    local_authority = national_reader_authority(user=user)
    authority = NationalAuthority.objects.filter(pk=national_authority_id).first()
    if authority is None:
        raise Http404("No such local authority")
    return authority, local_authority
