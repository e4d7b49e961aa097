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


# The only environment variables a provider's client secret may be read from (the model's
# validator says the same): no record can have another of the service's secrets sent out.
CLIENT_SECRET_ENV_NAME = re.compile(r"^SSO_SECRET_[A-Z0-9_]{1,80}$")


def is_client_secret_env_name(name: str) -> bool:
    """Whether an identity provider may name this environment variable for its client secret:
    "SSO_SECRET_" then capital letters, digits and underscores, e.g. SSO_SECRET_CAMDEN."""
    return bool(CLIENT_SECRET_ENV_NAME.match(name))
