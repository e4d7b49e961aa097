"""Local authorities, partner organisations, posts and the people who use the service."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker.accounts.sso.rules import CLIENT_SECRET_ENV_NAME
from tracker.core.models import TimeStampedModel, VersionedModel


class IdentityProvider(VersionedModel):
    """An OpenID Connect provider some local authorities' people sign in through, such as one
    council's Microsoft Entra ID tenant. Kept by the platform operator (Django admin).

    The client secret is never stored: the record names the environment variable that holds it
    (`client_secret_env`), read when someone signs in. Authorities with no provider use the
    deployment's default one, configured by the `SSO_OIDC_*` environment variables.
    """

    class SignAlgorithm(models.TextChoices):
        # Signed with the provider's published keys (JWKS): never a shared secret (HS256).
        RS256 = "RS256", "RS256"
        RS384 = "RS384", "RS384"
        RS512 = "RS512", "RS512"
        ES256 = "ES256", "ES256"
        ES384 = "ES384", "ES384"

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="What people and administrators see, e.g. Camden Council Microsoft Entra ID",
    )
    issuer = models.CharField(
        max_length=300,
        help_text="The issuer the ID token must name, e.g. "
        "https://login.microsoftonline.com/<tenant id>/v2.0",
    )
    authorization_endpoint = models.URLField(max_length=500)
    token_endpoint = models.URLField(max_length=500)
    userinfo_endpoint = models.URLField(max_length=500)
    jwks_endpoint = models.URLField("JWKS endpoint", max_length=500)
    client_id = models.CharField("client id", max_length=200)
    client_secret_env = models.CharField(
        "environment variable holding the client secret",
        max_length=100,
        validators=[
            # Only these, so that no record can have another of the service's secrets (its
            # Django secret key, the database's password) sent to a token endpoint.
            RegexValidator(
                CLIENT_SECRET_ENV_NAME,
                "Name an environment variable starting SSO_SECRET_, in capital letters, digits "
                "and underscores, e.g. SSO_SECRET_CAMDEN",
            )
        ],
        help_text="e.g. SSO_SECRET_CAMDEN: the secret itself is set in the service's "
        "environment, never here",
    )
    sign_algorithm = models.CharField(
        "signing algorithm",
        max_length=10,
        choices=SignAlgorithm.choices,
        default=SignAlgorithm.RS256,
    )

    history = HistoricalRecords()
    # No kept page shows it (`tracker.core.data_version`).
    data_version_ignored = True

    class Meta:
        ordering = ["name"]
        verbose_name = "identity provider"
        constraints = [
            # One tenant may hold several registrations of the service (its ID tokens then
            # name one issuer and each registration's own client id as their audience).
            models.UniqueConstraint(
                fields=["issuer", "client_id"],
                name="identity_provider_unique_client_per_issuer",
                violation_error_message="This issuer already has a provider with this client id",
            )
        ]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(VersionedModel):
    """An English local authority: it owns its inspections, plans and users."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=100, blank=True, help_text="How the authority is usually called, e.g. Solihull"
    )
    # Single sign-on (tracker/accounts/sso/). The platform operator sets the email domains (a
    # domain decides whose staff are whose); the authority's administrators set the rest.
    sso_email_domains = models.TextField(
        "email domains for single sign-on",
        blank=True,
        help_text="One a line, e.g. solihull.gov.uk: people signing in with a work account at "
        "one of these domains belong to this authority",
    )

    class SsoNewUsers(models.TextChoices):
        CREATE_VIEWER = (
            "create_viewer",
            "Let them in as a viewer until an administrator gives them a role",
        )
        REFUSE = "refuse", "Refuse them until an administrator invites them"

    sso_new_users = models.CharField(
        "someone signing in with a work account for the first time",
        max_length=20,
        choices=SsoNewUsers.choices,
        default=SsoNewUsers.REFUSE,
    )
    has_password_sign_in = models.BooleanField(
        "people may sign in with a password",
        default=True,
        help_text="When off, the authority's people sign in only with their work account",
    )
    # Set by the platform operator, like the domains: the provider decides whose word is
    # taken for who someone is.
    identity_provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_authorities",
        help_text="Leave empty to use the service's default provider (set in its environment)",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name

    @property
    def data_version_scope(self) -> str:
        """A change to the authority is a change to its own data (`tracker.core.data_version`)."""
        return str(self.pk)

    @property
    def sso_email_domain_list(self) -> list[str]:
        """The email domains for single sign-on, lower case, one per line of the field."""
        return [
            line.strip().lower() for line in self.sso_email_domains.splitlines() if line.strip()
        ]


class Organisation(VersionedModel):
    """A partner organisation that can own actions: police, health, schools, the partnership."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Health (ICB, trust)"
        EDUCATION = "education", "Schools and education"
        SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding partnership"
        PROBATION = "probation", "Probation and youth justice"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        OTHER = "other", "Other"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices, default=Kind.OTHER)
    is_retired = models.BooleanField(
        "retired",
        default=False,
        help_text="A retired organisation keeps its history but is no longer offered for new work",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="organisation_unique_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Post(VersionedModel):
    """A post in the authority or a partner that owns actions, e.g. Head of Service Safeguards.

    Plans name posts, not people; whoever holds the post now can update its actions.
    """

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="posts"
    )
    is_retired = models.BooleanField(
        "retired",
        default=False,
        help_text="A retired post keeps its actions and history but is no longer offered",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "title"], name="post_unique_title_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.title


class User(AbstractUser):
    """Someone who signs in. Belongs to one local authority, with one role."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", "Administrator"
        IMPROVEMENT_LEAD = "improvement_lead", "Improvement lead"
        ACTION_OWNER = "action_owner", "Action owner"
        VIEWER = "viewer", "Viewer"
        # A DfE adviser or regional improvement partner: belongs to no local authority and
        # reads, never changes, the authorities that grant them access (`AdviserAccess`).
        ADVISER = "adviser", "Adviser (DfE or regional improvement partner)"

    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Users see only this authority's inspections and plans",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.VIEWER)
    posts = models.ManyToManyField(
        Post, blank=True, related_name="holders", help_text="Posts this person holds now"
    )
    job_title = models.CharField(max_length=200, blank=True)
    manages_organisation = models.BooleanField(
        "manages their organisation's staff",
        default=False,
        help_text=(
            "A partner organisation's own administrator: invites and removes its staff, and "
            "nothing more"
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[posts])
    # Signing in saves the time alone: no kept page shows it (`tracker.core.data_version`).
    data_version_ignored_fields = frozenset({"last_login"})

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def can_edit_plans(self) -> bool:
        """Administrators and improvement leads edit everything in their authority; someone of
        a partner organisation never does, whatever their role says."""
        if self.role not in {self.Role.ADMINISTRATOR, self.Role.IMPROVEMENT_LEAD}:
            return False
        return not self.is_partner

    @property
    def is_partner(self) -> bool:
        """Someone of a partner organisation (police, health, schools, probation, the
        safeguarding partnership): they see only the plans shared with their organisation
        (`tracker.plans.access.visible_plan_ids`). A user with no organisation, or of the
        council's own, is not one."""
        organisation = self.organisation if self.organisation_id is not None else None
        return organisation is not None and organisation.kind != Organisation.Kind.LOCAL_AUTHORITY

    @property
    def is_organisation_administrator(self) -> bool:
        """A partner who manages their own organisation's staff."""
        return bool(self.manages_organisation) and self.is_partner

    @property
    def is_adviser(self) -> bool:
        """A DfE adviser or regional improvement partner: no local authority of their own; they
        read, and never change, the authorities that grant them access
        (`tracker.accounts.access.local_authority_for_user`)."""
        return self.role == self.Role.ADVISER and self.local_authority_id is None

    @property
    def is_authority_administrator(self) -> bool:
        """Administrators manage their own authority's people, posts and closure days."""
        return self.role == self.Role.ADMINISTRATOR and self.local_authority_id is not None


class AdviserAccess(TimeStampedModel):
    """A local authority's grant to an adviser (DfE or regional improvement partner): while it
    is in force the adviser reads everything of the authority, and changes nothing.

    Made and withdrawn by the authority's administrators. Withdrawing keeps the row
    (`withdrawn_at`); granting again makes a new one, so the rows are the record of who could
    see the authority when. At most one grant in force a pair.
    """

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="adviser_accesses"
    )
    adviser = models.ForeignKey(User, on_delete=models.PROTECT, related_name="adviser_accesses")
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField("granted", default=timezone.now)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = "adviser's access"
        verbose_name_plural = "advisers' access"
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "adviser"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="adviser_access_one_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.adviser} advising {self.local_authority}"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_at is None


class SignInEvent(models.Model):
    """One sign-in, failed sign-in or sign-out: an append-only record for administrators.

    Written from Django's sign-in signals, so every way in (the sign-in page, the platform
    operator's admin) is recorded. The username is what was typed, even when no user has it.
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        FAILED = "failed", "Failed sign-in"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGNED_OUT = "signed_out", "Signed out"
        SIGNED_IN_SSO = "signed_in_sso", "Signed in with work account"
        SSO_REFUSED = "sso_refused", "Work account refused"
        # The second factor (tracker/accounts/two_factor/).
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used to sign in"
        RECOVERY_CODES_MADE = "recovery_codes_made", "New recovery codes made"
        APP_REPLACED = "app_replaced", "New authenticator app set up"
        SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset by an administrator"

    occurred_at = models.DateTimeField("when", default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    username = models.CharField("username tried", max_length=150, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="sign_in_events"
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sign_in_events",
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=300, blank=True)
    # Who did it, when it is not the person themself: the administrator who reset someone's
    # second factor.
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="done by",
    )

    # No kept page shows it, and a failed sign-in would otherwise move every authority's data
    # version on (`tracker.core.data_version`).
    data_version_ignored = True

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(
                fields=["local_authority", "-occurred_at"], name="sign_in_event_by_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} at {self.occurred_at:%Y-%m-%d %H:%M}"


class ApiToken(TimeStampedModel):
    """A personal key a program uses instead of signing in (Power BI, Excel, a script).

    The secret is shown once, when the token is made; only its SHA-256 hash is kept, with a
    short public id to find it by (`tracker.accounts.tokens.rules`). A token acts as its user,
    for as long as the user is active, until it expires or is revoked.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. Power BI")
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.READ)
    public_id = models.CharField(max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    expires_on = models.DateField("expires", help_text="The token works up to the end of this day")
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    # The hash never goes into history; the time it was last used changes too often to keep.
    history = HistoricalRecords(excluded_fields=["secret_hash", "last_used_at"])
    # No kept page shows tokens (`tracker.core.data_version`).
    data_version_ignored = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} (it_{self.public_id}_…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_read_only(self) -> bool:
        return self.scope == self.Scope.READ
