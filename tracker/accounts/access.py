"""Who may do what. Every app's access helpers build on these."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from tracker.accounts.models import AdviserAccess, LocalAuthority, Organisation, Post, User
from tracker.core.models import ClosureDay

# Advisers ----------------------------------------------------------------------------------------
#
# An adviser (DfE, regional improvement partner) belongs to no local authority. They open one of
# the authorities that granted them access from their portfolio; the session remembers which
# (`ADVISER_AUTHORITY_SESSION_KEY`, put on the user for the request by
# `tracker.accounts.advisers.middleware.AdviserMiddleware`). Whether that authority still grants
# them access is decided here, once a request, and every helper below and in the apps' access
# modules starts from the answer: while the grant is in force the adviser is, for reading, one
# of the authority's people with no right to change anything; once withdrawn they belong to no
# authority again and see nothing (decision 0020).

ADVISER_AUTHORITY_SESSION_KEY = "adviser_local_authority_id"
# The attribute the middleware sets on the request's user: the authority the session names.
ADVISER_REQUESTED_ATTRIBUTE = "adviser_requested_authority_id"
_ADVISER_AUTHORITY_CACHE = "_adviser_authority"
_UNSET = object()

ADVISERS_READ_ONLY = (
    "Advisers read an authority's plans and papers but cannot change anything: ask the "
    "authority's improvement team."
)


def adviser_grants_in_force(*, adviser: User) -> QuerySet[AdviserAccess]:
    """The adviser's grants in force (none for anyone else)."""
    if not adviser.is_adviser:
        return AdviserAccess.objects.none()
    return AdviserAccess.objects.filter(adviser=adviser, withdrawn_at__isnull=True)


def _adviser_authority(user: User) -> LocalAuthority | None:
    """The authority the adviser opened, while it grants them access; otherwise None. One query,
    made once for each request (the user object lives as long as the request)."""
    cached = getattr(user, _ADVISER_AUTHORITY_CACHE, _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    requested = getattr(user, ADVISER_REQUESTED_ATTRIBUTE, None)
    found = None
    if isinstance(requested, int) and user.is_adviser:
        found = LocalAuthority.objects.filter(
            pk=requested,
            adviser_accesses__adviser=user,
            adviser_accesses__withdrawn_at__isnull=True,
        ).first()
    setattr(user, _ADVISER_AUTHORITY_CACHE, found)
    return found


def local_authority_id_for_user(*, user: User) -> int | None:
    """The id of the local authority whose records the user sees: their own; for an adviser,
    the one they opened while it grants them access; otherwise None."""
    if not user.is_authenticated:
        return None
    if user.local_authority_id is not None:
        return user.local_authority_id
    if user.is_adviser:
        authority = _adviser_authority(user)
        return None if authority is None else authority.pk
    return None


def local_authority_for_user(*, user: User) -> LocalAuthority:
    """The user's local authority (for an adviser, the one they opened, while it grants them
    access); a user without one sees nothing (404)."""
    if not user.is_authenticated:
        raise Http404("Not found")
    if user.local_authority_id is None:
        authority = _adviser_authority(user) if user.is_adviser else None
        if authority is None:
            raise Http404("You do not belong to a local authority")
        return authority
    return user.local_authority  # type: ignore[return-value]


ONLY_ADVISERS = (
    "This page is for advisers: DfE advisers and regional improvement partners whom local "
    "authorities let in."
)


def require_adviser(*, user: User) -> None:
    """Refuse (403) anyone but an adviser their portfolio's pages."""
    if not user.is_authenticated or not user.is_adviser:
        raise PermissionDenied(ONLY_ADVISERS)


def adviser_authority_to_open(*, user: User, local_authority_id: int) -> LocalAuthority:
    """An authority the adviser may open: one that grants them access now; any other is 404,
    whether it exists or not. Anyone but an adviser is refused (403)."""
    require_adviser(user=user)
    authority = adviser_grants_in_force(adviser=user).filter(local_authority_id=local_authority_id)
    found = LocalAuthority.objects.filter(pk__in=authority.values("local_authority_id")).first()
    if found is None:
        raise Http404("No such local authority")
    return found


def require_not_adviser(*, user: User) -> None:
    """Refuse (403) an adviser anything that changes the authority's records, or that would
    act for them without a session (API tokens, calendar links): advisers only read."""
    if user.is_adviser:
        raise PermissionDenied(ADVISERS_READ_ONLY)


PARTNERS_SEE_SHARED_PLANS_ONLY = (
    "Partner organisations see only the plans the local authority has shared with them, and "
    "the actions, risks and exports of those plans."
)


def require_council_member(*, user: User) -> None:
    """Refuse (403) someone of a partner organisation a page of the council's own: its
    programme and budget, boards, scorecard, audits, calendar, papers and administration.
    Partners see only the plans shared with them (`tracker.plans.access.visible_plan_ids`)."""
    if user.is_partner:
        raise PermissionDenied(PARTNERS_SEE_SHARED_PLANS_ONLY)


def council_authority_for_user(*, user: User) -> LocalAuthority:
    """The user's local authority, for a page of the council's own: 404 without one, 403 for
    someone of a partner organisation (`require_council_member`)."""
    local_authority = local_authority_for_user(user=user)
    require_council_member(user=user)
    return local_authority


def require_plan_editor(*, user: User) -> None:
    """Only administrators and improvement leads may change plans and inspections."""
    if not user.can_edit_plans:
        raise PermissionDenied("You can read this plan but not change it.")


NOT_AN_ADMINISTRATOR = (
    "Only your local authority's administrators can manage its users, posts, organisations "
    "and closure days."
)


def require_administrator(*, user: User) -> None:
    """Only the authority's administrators manage its people and settings."""
    if user.role != User.Role.ADMINISTRATOR:
        raise PermissionDenied(NOT_AN_ADMINISTRATOR)


def administered_authority_for_user(*, user: User) -> LocalAuthority:
    """The local authority an administrator manages: their own (404 without one, 403 for
    anyone who is not an administrator)."""
    local_authority = local_authority_for_user(user=user)
    require_administrator(user=user)
    return local_authority


# What an administrator manages: each has the local authority it belongs to.
Managed = TypeVar("Managed", User, Post, Organisation, ClosureDay, AdviserAccess)


def _administered(queryset: QuerySet[Managed], *, user: User, pk: int, noun: str) -> Managed:
    """A record of the administrator's own authority. Another authority's, or none, is 404
    whoever asks, as everywhere; in the authority, anyone but an administrator is refused."""
    local_authority = local_authority_for_user(user=user)
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {noun}")
    if found.local_authority_id != local_authority.pk:
        raise Http404(f"No such {noun}")
    require_administrator(user=user)
    return found


def managed_user_get_for_administrator(*, user: User, user_id: int) -> User:
    """A user of the administrator's own authority."""
    queryset = User.objects.select_related("organisation")
    return _administered(queryset, user=user, pk=user_id, noun="user")


def post_get_for_administrator(*, user: User, post_id: int) -> Post:
    """A post of the administrator's own authority."""
    queryset = Post.objects.select_related("organisation")
    return _administered(queryset, user=user, pk=post_id, noun="post")


def organisation_get_for_administrator(*, user: User, organisation_id: int) -> Organisation:
    """A partner organisation of the administrator's own authority."""
    queryset = Organisation.objects.all()
    return _administered(queryset, user=user, pk=organisation_id, noun="organisation")


def closure_day_get_for_administrator(*, user: User, closure_day_id: int) -> ClosureDay:
    """One of the administrator's own authority's closure days; those the platform operator
    keeps for every authority belong to none, so they are 404 here."""
    queryset = ClosureDay.objects.all()
    return _administered(queryset, user=user, pk=closure_day_id, noun="closure day")


def adviser_access_get_for_administrator(*, user: User, adviser_access_id: int) -> AdviserAccess:
    """One of the administrator's own authority's grants to advisers."""
    queryset = AdviserAccess.objects.select_related("adviser")
    return _administered(queryset, user=user, pk=adviser_access_id, noun="adviser's access")


# A partner organisation's own administrator ---------------------------------------------------

NOT_AN_ORGANISATION_ADMINISTRATOR = (
    "Only a partner organisation's own administrator can manage its staff: ask the council's "
    "administrator."
)


def managed_organisation_for_user(*, user: User) -> Organisation:
    """The partner organisation whose staff the user manages: 404 without a local authority,
    403 for anyone who does not manage one (`User.is_organisation_administrator`)."""
    local_authority_for_user(user=user)
    if not user.is_organisation_administrator:
        raise PermissionDenied(NOT_AN_ORGANISATION_ADMINISTRATOR)
    return user.organisation  # type: ignore[return-value]


def staff_member_get_for_organisation_administrator(*, user: User, member_id: int) -> User:
    """One of the staff of the organisation the user manages. Someone of another authority,
    or none, is 404 whoever asks; in the authority, anyone who does not manage an
    organisation is refused (403), and an organisation administrator asking for someone not
    of their own organisation gets 404."""
    local_authority = local_authority_for_user(user=user)
    member = User.objects.select_related("organisation").filter(pk=member_id).first()
    if member is None or member.local_authority_id != local_authority.pk:
        raise Http404("No such person")
    organisation = managed_organisation_for_user(user=user)
    if member.organisation_id != organisation.pk:
        raise Http404("No such person")
    return member
