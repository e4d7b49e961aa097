"""Who may do what. Every app's access helpers build on these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.core.models import ClosureDay


def local_authority_for_user(*, user: User) -> LocalAuthority:
    """The user's local authority; a user without one sees nothing (404)."""
    if not user.is_authenticated:
        raise Http404("Not found")
    if user.local_authority_id is None:
        raise Http404("You do not belong to a local authority")
    return user.local_authority  # type: ignore[return-value]


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


def managed_user_get_for_administrator(*, user: User, user_id: int) -> User:
    """A user of the administrator's own authority. Another authority's is 404 whoever asks,
    as everywhere; in the authority, anyone but an administrator is refused (403)."""
    local_authority = local_authority_for_user(user=user)
    managed = User.objects.select_related("organisation").filter(pk=user_id).first()
    if managed is None:
        raise Http404("No such user")
    if managed.local_authority_id != local_authority.pk:
        raise Http404("No such user")
    require_administrator(user=user)
    return managed


def post_get_for_administrator(*, user: User, post_id: int) -> Post:
    """A post of the administrator's own authority; anyone else's is 404."""
    local_authority = local_authority_for_user(user=user)
    post = Post.objects.select_related("organisation").filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post")
    if post.local_authority_id != local_authority.pk:
        raise Http404("No such post")
    require_administrator(user=user)
    return post


def organisation_get_for_administrator(*, user: User, organisation_id: int) -> Organisation:
    """A partner organisation of the administrator's own authority; anyone else's is 404."""
    local_authority = local_authority_for_user(user=user)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("No such organisation")
    if organisation.local_authority_id != local_authority.pk:
        raise Http404("No such organisation")
    require_administrator(user=user)
    return organisation


def closure_day_get_for_administrator(*, user: User, closure_day_id: int) -> ClosureDay:
    """One of the administrator's own authority's closure days. Another authority's, and
    those kept by the platform operator for every authority, are 404."""
    local_authority = local_authority_for_user(user=user)
    closure_day = ClosureDay.objects.filter(pk=closure_day_id).first()
    if closure_day is None:
        raise Http404("No such closure day")
    if closure_day.local_authority_id != local_authority.pk:
        raise Http404("No such closure day")
    require_administrator(user=user)
    return closure_day
