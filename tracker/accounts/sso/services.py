"""Writes for single sign-on: the users it creates, refusals, and an authority's settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from tracker.accounts.models import LocalAuthority, SignInEvent, User
from tracker.accounts.services import USER_AGENT_LENGTH, user_create
from tracker.accounts.sso import selectors as sso_selectors
from tracker.core.errors import ConcurrentEditError
from tracker.core.history import lock_for_edit, save_changes


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


class SsoSettingsChangedError(ConcurrentEditError):
    """Another administrator saved the authority's single sign-on settings meanwhile."""

    def __init__(self) -> None:
        ValidationError.__init__(self, SETTINGS_CHANGED, code="concurrent_edit")


SETTINGS_CHANGED = (
    "Another administrator saved these settings while you were changing them. What they chose "
    "is shown below, and your choices are kept: check them and save again."
)


@transaction.atomic
def sso_settings_update(
    *,
    by: User,
    local_authority: LocalAuthority,
    expected_version: int | None,
    sso_new_users: str,
    has_password_sign_in: bool,
) -> LocalAuthority:
    """Save how an authority's people sign in, refusing a save from a page loaded before
    someone else's (another administrator's, or the platform operator's).

    Passwords can be switched off only when single sign-on is set up for the authority (its
    own identity provider, or the service's default one) and it has an email domain for it:
    otherwise nobody could sign in at all.
    """
    try:
        authority = lock_for_edit(
            local_authority, thing="single sign-on settings", expected_version=expected_version
        )
    except ConcurrentEditError:
        raise SsoSettingsChangedError from None
    has_provider = sso_selectors.provider_key_for_authority(authority) is not None
    if not has_password_sign_in and not (has_provider and authority.sso_email_domain_list):
        raise ValidationError(
            {
                "has_password_sign_in": [
                    "Passwords cannot be switched off until single sign-on is set up for your "
                    "authority's email domains: ask the service's support team"
                ]
            }
        )
    return save_changes(
        authority,
        user=by,
        sso_new_users=sso_new_users,
        has_password_sign_in=has_password_sign_in,
    )
