"""Reads for single sign-on: whose staff an email address is, and which provider to ask."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings

from config.env import env_str
from tracker.accounts.models import IdentityProvider, LocalAuthority, User
from tracker.accounts.sso.rules import email_domain, is_client_secret_env_name

# The key of the deployment's default provider (the `SSO_OIDC_*` environment variables); a
# provider kept in the database is keyed by its id.
DEFAULT_PROVIDER_KEY = "default"


@dataclass(frozen=True)
class OidcProvider:
    """Everything the OpenID Connect client needs to sign someone in through one provider."""

    key: str
    name: str
    issuer: str
    client_id: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_endpoint: str
    sign_algorithm: str
    client_secret: str = field(repr=False)


class ProviderNotReady(Exception):
    """A provider whose client secret is not in the service's environment (or is misnamed)."""

    def __init__(self, *, provider_name: str, env_name: str) -> None:
        self.provider_name = provider_name
        self.env_name = env_name
        super().__init__(
            f"Identity provider {provider_name!r} needs its client secret in the environment "
            f"variable {env_name!r}, which is not set (or is not a name starting SSO_SECRET_)"
        )


def local_authority_for_email(*, email: str) -> LocalAuthority | None:
    """The local authority whose single sign-on domains include the email address's domain.

    None when no authority lists it, and also when more than one does: a domain two
    authorities claim lets nobody in (the platform operator must settle it). One query, which
    also brings the authority's identity provider.
    """
    domain = email_domain(email)
    if not domain:
        return None
    candidates = LocalAuthority.objects.filter(sso_email_domains__icontains=domain).select_related(
        "identity_provider"
    )
    matches = [authority for authority in candidates if domain in authority.sso_email_domain_list]
    return matches[0] if len(matches) == 1 else None


def users_for_work_account(*, email: str, local_authority: LocalAuthority) -> list[User]:
    """The authority's users with this email address (ignoring case)."""
    return list(
        User.objects.filter(local_authority=local_authority, email__iexact=email.strip())[:2]
    )


def sso_is_set_up() -> bool:
    """Whether anyone can sign in with a work account: the deployment has a default provider,
    or the platform operator has added one for some authorities. At most one query."""
    return bool(settings.SSO_ENABLED) or has_providers_per_authority()


def has_providers_per_authority() -> bool:
    """Whether the platform operator has added providers of their own for some authorities:
    then "Sign in with your work account" first asks for the email address, to know which."""
    return IdentityProvider.objects.exists()


def default_provider() -> OidcProvider | None:
    """The deployment's default provider, from the `SSO_OIDC_*` environment variables
    (read into the settings at start), or None when they are not set."""
    if not settings.SSO_ENABLED:
        return None
    return OidcProvider(
        key=DEFAULT_PROVIDER_KEY,
        name=settings.SSO_PROVIDER_NAME,
        issuer=settings.SSO_OIDC_ISSUER,
        client_id=settings.OIDC_RP_CLIENT_ID,
        client_secret=settings.OIDC_RP_CLIENT_SECRET,
        authorization_endpoint=settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        token_endpoint=settings.OIDC_OP_TOKEN_ENDPOINT,
        userinfo_endpoint=settings.OIDC_OP_USER_ENDPOINT,
        jwks_endpoint=settings.OIDC_OP_JWKS_ENDPOINT,
        sign_algorithm=settings.OIDC_RP_SIGN_ALGO,
    )


def provider_from_record(record: IdentityProvider) -> OidcProvider:
    """A provider kept in the database, with its client secret read from the environment
    variable it names. Raises `ProviderNotReady` when that variable is unset or empty, or its
    name is not one a secret may be read from (only `SSO_SECRET_…`)."""
    env_name = record.client_secret_env
    secret = env_str(env_name) if is_client_secret_env_name(env_name) else ""
    if not secret:
        raise ProviderNotReady(provider_name=record.name, env_name=env_name)
    return OidcProvider(
        key=str(record.pk),
        name=record.name,
        issuer=record.issuer,
        client_id=record.client_id,
        client_secret=secret,
        authorization_endpoint=record.authorization_endpoint,
        token_endpoint=record.token_endpoint,
        userinfo_endpoint=record.userinfo_endpoint,
        jwks_endpoint=record.jwks_endpoint,
        sign_algorithm=record.sign_algorithm,
    )


def provider_key_for_authority(local_authority: LocalAuthority) -> str | None:
    """Which provider the authority's people sign in through: its own, else the default;
    None when neither is set up. Reads no environment variable and makes no query."""
    if local_authority.identity_provider_id is not None:
        return str(local_authority.identity_provider_id)
    return DEFAULT_PROVIDER_KEY if settings.SSO_ENABLED else None


def provider_for_authority(local_authority: LocalAuthority) -> OidcProvider | None:
    """The provider the authority's people sign in through (its own, else the default), or
    None when neither is set up. Raises `ProviderNotReady` when its secret is missing."""
    record = local_authority.identity_provider
    if record is not None:
        return provider_from_record(record)
    return default_provider()


def provider_by_key(key: str) -> OidcProvider | None:
    """The provider a sign-in was started with (its key kept in the session), or None when it
    no longer exists. Raises `ProviderNotReady` when its secret is missing."""
    if key == DEFAULT_PROVIDER_KEY:
        return default_provider()
    if not key.isdigit():
        return None
    record = IdentityProvider.objects.filter(pk=int(key)).first()
    return provider_from_record(record) if record is not None else None


def authorization_origins() -> set[str]:
    """The sites of every provider's sign-in page (`https://login.microsoftonline.com`): the
    work email form's answer redirects there, which the page's Content Security Policy must
    allow. One query."""
    endpoints = list(IdentityProvider.objects.values_list("authorization_endpoint", flat=True))
    if settings.SSO_ENABLED:
        endpoints.append(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    origins = set()
    for endpoint in endpoints:
        parts = urlsplit(endpoint)
        if parts.scheme in {"https", "http"} and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def provider_description(local_authority: LocalAuthority) -> str:
    """The provider an authority signs in through, in words for its administrators."""
    record = local_authority.identity_provider
    if record is not None:
        return record.name
    if settings.SSO_ENABLED:
        return f"{settings.SSO_PROVIDER_NAME} (the service's default provider)"
    return "None"
