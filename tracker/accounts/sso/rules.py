"""Who single sign-on lets in, as small pure functions."""

from __future__ import annotations

import re

# A domain as an administrator writes it: labels of letters, digits and hyphens, with a dot.
DOMAIN_PATTERN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def email_domain(email: str) -> str:
    """The part of an email address after its last "@", lower case; "" when there is none."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local:
        return ""
    return domain.lower()


def is_email_domain(value: str) -> bool:
    """Whether a line of the domain list is a domain such as solihull.gov.uk."""
    return bool(DOMAIN_PATTERN.match(value))
