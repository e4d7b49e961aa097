"""Administrators' writes: their own authority's users (invite, role and posts, deactivate),
posts, organisations and closure days.

Administrators manage only their own authority: the views reach these through the access
helpers, and each service checks again that everything it links belongs to one authority.
Every write records who made it in the history; edits refuse a stale copy. Nothing is deleted
but a closure day: people, posts and organisations are deactivated or retired.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.accounts.services import user_create
from tracker.core.history import (
    delete_with_history,
    lock_for_edit,
    save_changes,
    save_with_history,
)
from tracker.core.models import ClosureDay

Errors = dict[str, list[str]]


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _active_administrator_count(local_authority_id: int | None) -> int:
    return User.objects.filter(
        local_authority_id=local_authority_id, role=User.Role.ADMINISTRATOR, is_active=True
    ).count()


def _check_people_links(
    *,
    local_authority_id: int | None,
    organisation: Organisation | None,
    posts: Sequence[Post],
    held_post_ids: set[int],
    errors: Errors,
    role: str,
    manages_organisation: bool,
) -> None:
    if organisation is not None and organisation.local_authority_id != local_authority_id:
        errors["organisation"] = ["Choose an organisation of the user's local authority"]
    elif organisation is not None and organisation.is_retired:
        errors["organisation"] = [f"{organisation.name} is retired: choose another organisation"]
    _check_partner_role(
        organisation=organisation,
        role=role,
        manages_organisation=manages_organisation,
        errors=errors,
    )
    if any(post.local_authority_id != local_authority_id for post in posts):
        errors["posts"] = ["Choose posts of the user's local authority"]
    elif any(post.is_retired and post.pk not in held_post_ids for post in posts):
        errors["posts"] = ["Choose posts that are not retired"]


# What someone of a partner organisation may be: they see only the plans shared with their
# organisation, so they can never change the council's plans or manage its people.
PARTNER_ROLES = frozenset({User.Role.ACTION_OWNER, User.Role.VIEWER})
PARTNER_ROLE_ERROR = (
    "Someone of a partner organisation can only be an action owner or a viewer: choose one of "
    "those, or no organisation"
)
ADVISER_ROLE_ERROR = (
    "An adviser belongs to no local authority: choose another role, and let an adviser in "
    "under Advisers"
)
MANAGES_ORGANISATION_ERROR = (
    "Only someone of a partner organisation can manage its staff: choose their organisation first"
)


def _is_partner_organisation(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.kind != Organisation.Kind.LOCAL_AUTHORITY


def _check_partner_role(
    *, organisation: Organisation | None, role: str, manages_organisation: bool, errors: Errors
) -> None:
    """A partner is an action owner or a viewer; only a partner manages an organisation's
    staff (`User.is_partner`)."""
    if role == User.Role.ADVISER:
        # An adviser belongs to no authority: the platform operator makes their accounts.
        errors["role"] = [ADVISER_ROLE_ERROR]
    elif _is_partner_organisation(organisation) and role not in PARTNER_ROLES:
        errors["role"] = [PARTNER_ROLE_ERROR]
    if manages_organisation and not _is_partner_organisation(organisation):
        errors["manages_organisation"] = [MANAGES_ORGANISATION_ERROR]


# Users ------------------------------------------------------------------------------------------


@transaction.atomic
def user_invite(
    *,
    by: User,
    local_authority: LocalAuthority,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    job_title: str = "",
    organisation: Organisation | None = None,
    posts: Iterable[Post] = (),
    manages_organisation: bool = False,
) -> User:
    """Add someone to the authority and email them a link to set their password.

    They cannot sign in until they do: the account starts with no usable password. Someone of
    a partner organisation is an action owner or a viewer, and may be made its administrator
    (`manages_organisation`).
    """
    posts = list(posts)
    errors: Errors = {}
    if not first_name.strip():
        errors["first_name"] = ["Enter their first name"]
    if not last_name.strip():
        errors["last_name"] = ["Enter their last name"]
    if not email.strip():
        errors["email"] = ["Enter their email address: the invitation is sent there"]
    elif User.objects.filter(email__iexact=email.strip()).exists():
        errors["email"] = ["Someone already uses this email address"]
    _check_people_links(
        local_authority_id=local_authority.pk,
        organisation=organisation,
        posts=posts,
        held_post_ids=set(),
        errors=errors,
        role=role,
        manages_organisation=manages_organisation,
    )
    _raise(errors)
    user = user_create(
        local_authority=local_authority,
        username=username.strip(),
        password=None,
        first_name=_tidy(first_name),
        last_name=_tidy(last_name),
        email=email.strip(),
        role=role,
        job_title=_tidy(job_title),
        organisation=organisation,
        posts=posts,
        by=by,
        manages_organisation=manages_organisation,
    )
    transaction.on_commit(functools.partial(_invitation_send, user_id=user.pk))
    return user


@transaction.atomic
def user_invitation_resend(*, by: User, user: User) -> User:
    """Send a new invitation to someone who has not set a password yet."""
    if not user.is_active:
        raise ValidationError(f"{user} is deactivated: reactivate them first")
    if user.has_usable_password():
        raise ValidationError(
            f"{user} has already set a password. If they have forgotten it, they can use "
            "“Forgotten your password?” on the sign-in page"
        )
    if not user.email:
        raise ValidationError(f"{user} has no email address: add one first")
    transaction.on_commit(functools.partial(_invitation_send, user_id=user.pk))
    return user


def invitation_link(*, user: User) -> str:
    """The link in an invitation: a one-use password link to the site's configured address."""
    path = reverse(
        "accounts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _invitation_send(*, user_id: int) -> None:
    user = User.objects.select_related("local_authority").get(pk=user_id)
    days = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT).days
    context = {
        "user": user,
        "link": invitation_link(user=user),
        "days": days,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    send_mail(
        subject="You have been invited to Improvement Tracker",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def user_update(
    *,
    by: User,
    user: User,
    expected_version: int | None,
    first_name: str,
    last_name: str,
    email: str,
    job_title: str,
    role: str,
    organisation: Organisation | None,
    posts: Iterable[Post],
    manages_organisation: bool = False,
) -> User:
    """Change someone's details, role and the posts they hold.

    Administrators cannot change their own role, and an authority always keeps at least one
    active administrator.
    """
    posts = list(posts)
    # `User` keeps a `version` like every editable record but extends Django's `AbstractUser`,
    # not `VersionedModel`, so the update helpers' type does not admit it: hence the ignores.
    user = lock_for_edit(user, thing="user", expected_version=expected_version)  # type: ignore[type-var]
    errors: Errors = {}
    if not first_name.strip():
        errors["first_name"] = ["Enter their first name"]
    if not last_name.strip():
        errors["last_name"] = ["Enter their last name"]
    if not email.strip():
        errors["email"] = ["Enter their email address"]
    elif User.objects.filter(email__iexact=email.strip()).exclude(pk=user.pk).exists():
        errors["email"] = ["Someone else already uses this email address"]
    if role != user.role:
        if user.pk == by.pk:
            errors["role"] = ["You cannot change your own role: ask another administrator"]
        elif (
            user.role == User.Role.ADMINISTRATOR
            and user.is_active
            and _active_administrator_count(user.local_authority_id) <= 1
        ):
            errors["role"] = [
                f"{user} is the last active administrator: make someone else an administrator first"
            ]
    _check_people_links(
        local_authority_id=user.local_authority_id,
        organisation=organisation,
        posts=posts,
        held_post_ids=set(user.posts.values_list("pk", flat=True)),
        errors=errors,
        role=role,
        manages_organisation=manages_organisation,
    )
    _raise(errors)
    user.first_name = _tidy(first_name)
    user.last_name = _tidy(last_name)
    user.email = email.strip()
    user.job_title = _tidy(job_title)
    user.role = role
    user.organisation = organisation
    user.manages_organisation = manages_organisation
    user.full_clean(exclude=["password"])
    save_changes(user, user=by)  # type: ignore[type-var]
    user.posts.set(posts)
    return user


@transaction.atomic
def user_deactivate(*, by: User, user: User, expected_version: int | None) -> User:
    """Stop someone signing in. Nothing is deleted: their history and actions stay."""
    user = lock_for_edit(user, thing="user", expected_version=expected_version)  # type: ignore[type-var]
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account: ask another administrator")
    if not user.is_active:
        raise ValidationError(f"{user} is already deactivated")
    if (
        user.role == User.Role.ADMINISTRATOR
        and _active_administrator_count(user.local_authority_id) <= 1
    ):
        raise ValidationError(
            f"{user} is the last active administrator: make someone else an administrator first"
        )
    return save_changes(user, user=by, is_active=False)  # type: ignore[type-var]


@transaction.atomic
def user_reactivate(*, by: User, user: User, expected_version: int | None) -> User:
    """Let a deactivated user sign in again, with the password they had."""
    user = lock_for_edit(user, thing="user", expected_version=expected_version)  # type: ignore[type-var]
    if user.is_active:
        raise ValidationError(f"{user} is already active")
    return save_changes(user, user=by, is_active=True)  # type: ignore[type-var]


# Posts ------------------------------------------------------------------------------------------


def _validate_post(
    *,
    local_authority_id: int,
    title: str,
    organisation: Organisation | None,
    exclude_pk: int | None,
    current_organisation_id: int | None = None,
) -> None:
    errors: Errors = {}
    if not title:
        errors["title"] = ["Enter the post's title"]
    elif (
        Post.objects.filter(local_authority_id=local_authority_id, title__iexact=title)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["title"] = [f"There is already a post called {title}"]
    if organisation is not None and organisation.local_authority_id != local_authority_id:
        errors["organisation"] = ["Choose an organisation of your local authority"]
    elif (
        organisation is not None
        and organisation.is_retired
        and organisation.pk != current_organisation_id
    ):
        errors["organisation"] = [f"{organisation.name} is retired: choose another organisation"]
    _raise(errors)


@transaction.atomic
def post_create(
    *, by: User, local_authority: LocalAuthority, title: str, organisation: Organisation | None
) -> Post:
    """Add a post that can own actions, in the authority or one of its partners."""
    title = _tidy(title)
    _validate_post(
        local_authority_id=local_authority.pk,
        title=title,
        organisation=organisation,
        exclude_pk=None,
    )
    post = Post(local_authority=local_authority, title=title, organisation=organisation)
    save_with_history(post, by)
    return post


@transaction.atomic
def post_update(
    *,
    by: User,
    post: Post,
    expected_version: int | None,
    title: str,
    organisation: Organisation | None,
) -> Post:
    """Rename a post or move it to another organisation; its actions keep it."""
    post = lock_for_edit(post, thing="post", expected_version=expected_version)
    title = _tidy(title)
    _validate_post(
        local_authority_id=post.local_authority_id,
        title=title,
        organisation=organisation,
        exclude_pk=post.pk,
        current_organisation_id=post.organisation_id,
    )
    return save_changes(post, user=by, title=title, organisation=organisation)


def _post_set_retired(
    *, by: User, post: Post, expected_version: int | None, is_retired: bool
) -> Post:
    post = lock_for_edit(post, thing="post", expected_version=expected_version)
    if post.is_retired == is_retired:
        state = "retired" if is_retired else "in use"
        raise ValidationError(f"{post.title} is already {state}")
    return save_changes(post, user=by, is_retired=is_retired)


@transaction.atomic
def post_retire(*, by: User, post: Post, expected_version: int | None) -> Post:
    """Stop offering a post for new work. Its actions, holders and history stay."""
    return _post_set_retired(by=by, post=post, expected_version=expected_version, is_retired=True)


@transaction.atomic
def post_reinstate(*, by: User, post: Post, expected_version: int | None) -> Post:
    """Offer a retired post again."""
    return _post_set_retired(by=by, post=post, expected_version=expected_version, is_retired=False)


# Organisations ----------------------------------------------------------------------------------


def _validate_organisation(
    *, local_authority_id: int, name: str, kind: str, exclude_pk: int | None
) -> None:
    errors: Errors = {}
    if not name:
        errors["name"] = ["Enter the organisation's name"]
    elif (
        Organisation.objects.filter(local_authority_id=local_authority_id, name__iexact=name)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["name"] = [f"There is already an organisation called {name}"]
    if kind not in Organisation.Kind.values:
        errors["kind"] = ["Choose what kind of organisation it is"]
    _raise(errors)


@transaction.atomic
def organisation_create(
    *, by: User, local_authority: LocalAuthority, name: str, kind: str
) -> Organisation:
    """Add a partner organisation that can own actions and hold posts."""
    name = _tidy(name)
    _validate_organisation(
        local_authority_id=local_authority.pk, name=name, kind=kind, exclude_pk=None
    )
    organisation = Organisation(local_authority=local_authority, name=name, kind=kind)
    save_with_history(organisation, by)
    return organisation


@transaction.atomic
def organisation_update(
    *, by: User, organisation: Organisation, expected_version: int | None, name: str, kind: str
) -> Organisation:
    """Rename an organisation or change its kind."""
    organisation = lock_for_edit(
        organisation, thing="organisation", expected_version=expected_version
    )
    name = _tidy(name)
    _validate_organisation(
        local_authority_id=organisation.local_authority_id,
        name=name,
        kind=kind,
        exclude_pk=organisation.pk,
    )
    return save_changes(organisation, user=by, name=name, kind=kind)


def _organisation_set_retired(
    *, by: User, organisation: Organisation, expected_version: int | None, is_retired: bool
) -> Organisation:
    organisation = lock_for_edit(
        organisation, thing="organisation", expected_version=expected_version
    )
    if organisation.is_retired == is_retired:
        state = "retired" if is_retired else "in use"
        raise ValidationError(f"{organisation.name} is already {state}")
    return save_changes(organisation, user=by, is_retired=is_retired)


@transaction.atomic
def organisation_retire(
    *, by: User, organisation: Organisation, expected_version: int | None
) -> Organisation:
    """Stop offering an organisation for new work. Its actions, posts and history stay."""
    return _organisation_set_retired(
        by=by, organisation=organisation, expected_version=expected_version, is_retired=True
    )


@transaction.atomic
def organisation_reinstate(
    *, by: User, organisation: Organisation, expected_version: int | None
) -> Organisation:
    """Offer a retired organisation again."""
    return _organisation_set_retired(
        by=by, organisation=organisation, expected_version=expected_version, is_retired=False
    )


# Closure days -----------------------------------------------------------------------------------


@transaction.atomic
def closure_day_create(
    *,
    by: User,
    local_authority: LocalAuthority,
    falls_on: datetime.date,
    kind: str,
    reason: str,
) -> ClosureDay:
    """Record a day the authority is closed, or a bank holiday it works, for its deadlines."""
    reason = _tidy(reason)
    errors: Errors = {}
    if not reason:
        errors["reason"] = ["Enter why the day is different"]
    if ClosureDay.objects.filter(local_authority__isnull=True, falls_on=falls_on).exists():
        errors["falls_on"] = ["This date is already a closure day for every local authority"]
    elif ClosureDay.objects.filter(local_authority=local_authority, falls_on=falls_on).exists():
        errors["falls_on"] = ["This date is already one of your closure days"]
    _raise(errors)
    closure_day = ClosureDay(
        local_authority=local_authority, falls_on=falls_on, kind=kind, reason=reason
    )
    closure_day.full_clean(validate_constraints=False)
    save_with_history(closure_day, by)
    return closure_day


@transaction.atomic
def closure_day_remove(*, by: User, closure_day: ClosureDay) -> None:
    """Remove one of the authority's closure days; its history keeps what it was."""
    if closure_day.local_authority_id is None:
        raise ValidationError("Only the platform operator can remove this closure day")
    delete_with_history(closure_day, by)
