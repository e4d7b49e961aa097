"""Writes for local authorities, organisations, posts and users."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from tracker.accounts.models import LocalAuthority, Organisation, Post, User


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
    user.posts.set(list(posts))
    return user
