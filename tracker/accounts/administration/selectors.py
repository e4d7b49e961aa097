"""Reads for the administrators' pages: the authority's people, posts, organisations, closure
days and sign-in record. Each is a fixed number of queries whatever the authority's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import LocalAuthority, Organisation, Post, SignInEvent, User
from tracker.core.models import ClosureDay

SIGN_IN_EVENTS_PER_PAGE = 50


def user_list_for_administration(*, local_authority: LocalAuthority) -> list[User]:
    """The authority's users, active first, each with their posts and whether they have a
    second factor (an authenticator app or recovery codes) that could be reset."""
    return list(
        User.objects.filter(local_authority=local_authority)
        .select_related("organisation")
        .prefetch_related(Prefetch("posts", queryset=Post.objects.order_by("title")))
        .annotate(
            has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk")))
            | Exists(StaticDevice.objects.filter(user=OuterRef("pk")))
        )
        .order_by("-is_active", "first_name", "last_name", "username")
    )


def post_list_for_administration(*, local_authority: LocalAuthority) -> list[Post]:
    """The authority's posts, those in use first, each with how many people hold it."""
    return list(
        Post.objects.filter(local_authority=local_authority)
        .select_related("organisation")
        .annotate(holder_count=Count("holders", filter=Q(holders__is_active=True)))
        .order_by("is_retired", "title")
    )


def organisation_list_for_administration(*, local_authority: LocalAuthority) -> list[Organisation]:
    """The authority's partner organisations, those in use first, with their post counts."""
    return list(
        Organisation.objects.filter(local_authority=local_authority)
        .annotate(post_count=Count("posts"))
        .order_by("is_retired", "name")
    )


@dataclass(frozen=True)
class ClosureDays:
    own: list[ClosureDay]
    every_authority: list[ClosureDay]


def closure_day_list_for_administration(*, local_authority: LocalAuthority) -> ClosureDays:
    """The authority's own closure days, and those the platform operator keeps for all."""
    days = list(
        ClosureDay.objects.filter(
            Q(local_authority=local_authority) | Q(local_authority__isnull=True)
        ).order_by("falls_on")
    )
    return ClosureDays(
        own=[day for day in days if day.local_authority_id is not None],
        every_authority=[day for day in days if day.local_authority_id is None],
    )


def sign_in_event_page(
    *, local_authority: LocalAuthority, kind: str = "", page_number: int | str = 1
) -> Page[SignInEvent]:
    """One page of the authority's sign-in record, newest first, optionally of one kind.

    A page number past the end gives the last page.
    """
    events = SignInEvent.objects.filter(local_authority=local_authority).select_related(
        "user", "by"
    )
    if kind:
        events = events.filter(kind=kind)
    paginator = Paginator(events.order_by("-occurred_at", "-pk"), SIGN_IN_EVENTS_PER_PAGE)
    return paginator.get_page(page_number)
