"""Writes for local authorities, organisations, posts and users."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.models import LocalAuthority, Organisation, Post, User


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
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    role: str = User.Role.VIEWER,
    job_title: str = "",
    organisation: Organisation | None = None,
    posts: Iterable[Post] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user of one local authority with a role and the posts they hold."""
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
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.posts.set(posts)
    return user
