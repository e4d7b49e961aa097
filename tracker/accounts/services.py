"""Writes for local authorities, organisations, posts, users, closure days and sign-ins.

Administrators manage only their own authority: the views reach these through the access
helpers, and each service checks again that everything it links belongs to one authority.
Every write records who made it in the history; edits refuse a stale copy.
"""

from __future__ import annotations

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.models import LocalAuthority, Organisation, Post, SignInEvent, User
from tracker.core.history import save_with_history

Errors = dict[str, list[str]]


@transaction.atomic
def local_authority_get_or_create(*, name: str, short_name: str = "") -> LocalAuthority:
    """The local authority with this name, created if new."""
    name = " ".join(name.split())
    existing = LocalAuthority.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    local_authority = LocalAuthority(name=name, short_name=short_name.strip())
    local_authority.full_clean()
    local_authority.save()
    return local_authority


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """Give a user a new password (history leaves passwords out)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_revoke_platform_access(*, user: User, by: User | None = None) -> User:
    """Take away staff and superuser status: the platform operator's rights in Django's admin."""
    user.is_staff = False
    user.is_superuser = False
    save_with_history(user, by)
    return user


@transaction.atomic
def post_get_or_create(
    *, local_authority: LocalAuthority, title: str, organisation: Organisation | None = None
) -> Post:
    """The authority's post with this title, created if new (titles compare without case)."""
    title = " ".join(title.split())
    existing = Post.objects.filter(local_authority=local_authority, title__iexact=title).first()
    if existing:
        return existing
    return Post.objects.create(
        local_authority=local_authority, title=title, organisation=organisation
    )


@transaction.atomic
def organisation_get_or_create(
    *, local_authority: LocalAuthority, name: str, kind: str
) -> Organisation:
    """The authority's partner organisation with this name, created if new."""
    organisation, _ = Organisation.objects.get_or_create(
        local_authority=local_authority, name=name, defaults={"kind": kind}
    )
    return organisation


@transaction.atomic
def user_create(
    *,
    local_authority: LocalAuthority | None,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    role: str = User.Role.VIEWER,
    job_title: str = "",
    organisation: Organisation | None = None,
    posts: Iterable[Post] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
    by: User | None = None,
    manages_organisation: bool = False,
) -> User:
    """Create a user of one local authority with a role and the posts they hold.

    With no password the user cannot sign in until they set one from an emailed link.
    """
    posts = list(posts)
    local_authority_id = local_authority.pk if local_authority else None
    errors: dict[str, list[str]] = {}
    if organisation is not None and organisation.local_authority_id != local_authority_id:
        errors["organisation"] = ["Choose an organisation of the user's local authority"]
    if any(post.local_authority_id != local_authority_id for post in posts):
        errors["posts"] = ["Choose posts of the user's local authority"]
    if errors:
        raise ValidationError(errors)
    user = User(
        local_authority=local_authority,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        job_title=job_title,
        organisation=organisation,
        manages_organisation=manages_organisation,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    save_with_history(user, by)
    user.posts.set(posts)
    return user


# Sign-in ----------------------------------------------------------------------------------------

USER_AGENT_LENGTH = SignInEvent._meta.get_field("user_agent").max_length or 300


@transaction.atomic
def sign_in_event_record(
    *,
    kind: str,
    username: str,
    user: User | None,
    ip_address: str | None,
    user_agent: str,
    by: User | None = None,
) -> SignInEvent:
    """Record a sign-in, failed sign-in, lock-out or sign-out for the authority's record, or a
    change to someone's second factor (`by` the administrator who made it, when it was not
    the person themself).

    A failed attempt names the user whose username was typed, when there is one, so their
    authority's administrators see it.
    """
    if user is None and username:
        user = User.objects.filter(username=username).first()
    return SignInEvent.objects.create(
        kind=kind,
        username=username[:150],
        user=user,
        local_authority_id=user.local_authority_id if user else None,
        ip_address=ip_address,
        user_agent=user_agent[:USER_AGENT_LENGTH],
        by=by,
    )


def sign_in_lock_clear(*, username: str) -> int:
    """Lift a sign-in lock on a username, e.g. once its owner has reset their password by
    email. Returns how many locked addresses were cleared."""
    return int(axes_reset(username=username))
