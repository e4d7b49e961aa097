"""Reads for single sign-on."""

from __future__ import annotations

from tracker.accounts.models import LocalAuthority, User
from tracker.accounts.sso.rules import email_domain


def local_authority_for_email(*, email: str) -> LocalAuthority | None:
    """The local authority whose single sign-on domains include the email address's domain.

    None when no authority lists it, and also when more than one does: a domain two
    authorities claim lets nobody in (the platform operator must settle it). One query.
    """
    domain = email_domain(email)
    if not domain:
        return None
    candidates = LocalAuthority.objects.filter(sso_email_domains__icontains=domain)
    matches = [authority for authority in candidates if domain in authority.sso_email_domain_list]
    return matches[0] if len(matches) == 1 else None


def users_for_work_account(*, email: str, local_authority: LocalAuthority) -> list[User]:
    """The authority's users with this email address (ignoring case)."""
    return list(
        User.objects.filter(local_authority=local_authority, email__iexact=email.strip())[:2]
    )
