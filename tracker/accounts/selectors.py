"""Reads of the people side shared by every app's forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q, QuerySet

from tracker.accounts.models import Organisation, Post


def _ids(chosen: Iterable[Any]) -> list[int]:
    """Primary keys from records or ids, leaving out blanks."""
    return [item.pk if isinstance(item, Model) else int(item) for item in chosen if item]


def post_choices(*, local_authority_id: int | None, keep: Iterable[Any] = ()) -> QuerySet[Post]:
    """Posts to offer for new work: those not retired, and any in `keep` (records or ids)
    already chosen, so editing a record never drops a retired owner silently."""
    current = Q(is_retired=False)
    if kept := _ids(keep):
        current |= Q(pk__in=kept)
    return Post.objects.filter(current, local_authority_id=local_authority_id).order_by("title")


def organisation_choices(
    *, local_authority_id: int | None, keep: Iterable[Any] = ()
) -> QuerySet[Organisation]:
    """Organisations to offer for new work: those not retired, and any in `keep` already
    chosen."""
    current = Q(is_retired=False)
    if kept := _ids(keep):
        current |= Q(pk__in=kept)
    return Organisation.objects.filter(current, local_authority_id=local_authority_id).order_by(
        "name"
    )
