"""Writes for single sign-on: the users it creates, refusals, and an authority's settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from tracker.accounts.models import LocalAuthority, SignInEvent, User
from tracker.accounts.services import USER_AGENT_LENGTH, user_create


def _free_username(email: str) -> str:
    """The email address as the username, or with a number after it when that is taken."""
    base = email.strip().lower()[:140] or slugify(email)[:140]
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def sso_user_create(
    *, local_authority: LocalAuthority, email: str, first_name: str, last_name: str
) -> User:
    """Create the viewer someone signing in with a work account for the first time becomes.

    They hold no posts and have no password: they wait for an administrator to give them a
    role, and sign in only with their work account.
    """
    return user_create(
        local_authority=local_authority,
        username=_free_username(email),
        password=None,
        first_name=first_name[:150],
        last_name=last_name[:150],
        email=email.strip(),
        role=User.Role.VIEWER,
    )


def sso_refusal_record(
    *,
    email: str,
    local_authority: LocalAuthority | None,
    ip_address: str | None,
    user_agent: str,
) -> SignInEvent:
    """Record a work account refused, for the authority's sign-in record when there is one."""
    return SignInEvent.objects.create(
        kind=SignInEvent.Kind.SSO_REFUSED,
        username=email[:150],
        user=None,
        local_authority=local_authority,
        ip_address=ip_address,
        user_agent=user_agent[:USER_AGENT_LENGTH],
    )


@transaction.atomic
def sso_settings_update(
    *,
    local_authority: LocalAuthority,
    sso_new_users: str,
    has_password_sign_in: bool,
    sso_enabled: bool,
) -> LocalAuthority:
    """Save how an authority's people sign in.

    Passwords can be switched off only when single sign-on is set up for the service and the
    authority has an email domain for it: otherwise nobody could sign in at all.
    """
    authority = LocalAuthority.objects.select_for_update().get(pk=local_authority.pk)
    if not has_password_sign_in and not (sso_enabled and authority.sso_email_domain_list):
        raise ValidationError(
            {
                "has_password_sign_in": [
                    "Passwords cannot be switched off until single sign-on is set up for your "
                    "authority's email domains: ask the service's support team"
                ]
            }
        )
    authority.sso_new_users = sso_new_users
    authority.has_password_sign_in = has_password_sign_in
    authority.save(update_fields=["sso_new_users", "has_password_sign_in", "updated_at"])
    return authority
