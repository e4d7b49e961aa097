from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.forms import ModelForm
from django.http import HttpRequest

from tracker.accounts.models import (
    AdviserAccess,
    IdentityProvider,
    LocalAuthority,
    Organisation,
    Post,
    User,
)
from tracker.accounts.sso import selectors as sso_selectors
from tracker.core.history_admin import HistoryAdmin


class _VersionMovesOnSave:
    """The platform operator's saves move the record's version on too, so an administrator
    saving from a page loaded before is told (`tracker.core.history.lock_for_edit`)."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)  # type: ignore[misc]  # a mixin


@admin.register(IdentityProvider)
class IdentityProviderAdmin(_VersionMovesOnSave, HistoryAdmin[IdentityProvider]):
    """OpenID Connect providers (one council's Entra ID tenant, say); the secret stays in the
    environment, and the list says whether it is there."""

    list_display = ["name", "issuer", "client_id", "client_secret_env", "has_client_secret"]
    search_fields = ["name", "issuer", "client_id"]

    @admin.display(boolean=True, description="client secret set in the environment")
    def has_client_secret(self, obj: IdentityProvider) -> bool:
        try:
            sso_selectors.provider_from_record(obj)
        except sso_selectors.ProviderNotReady:
            return False
        return True


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(_VersionMovesOnSave, HistoryAdmin[LocalAuthority]):
    list_display = ["name", "short_name", "identity_provider"]
    list_filter = ["identity_provider"]
    search_fields = ["name", "short_name"]
    list_select_related = ["identity_provider"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin[Organisation]):
    list_display = ["name", "kind", "local_authority"]
    list_filter = ["kind", "local_authority"]
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(HistoryAdmin[Post]):
    list_display = ["title", "organisation", "local_authority"]
    list_filter = ["local_authority"]
    search_fields = ["title"]


@admin.register(User)
class TrackerUserAdmin(UserAdmin[User], HistoryAdmin[User]):
    list_display = ["username", "first_name", "last_name", "role", "local_authority", "is_active"]
    list_filter = ["role", "local_authority", "is_active", "is_staff"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Local authority and role",
            {"fields": ("local_authority", "organisation", "role", "job_title", "posts")},
        ),
    )
    filter_horizontal = ("posts", "groups", "user_permissions")


@admin.register(AdviserAccess)
class AdviserAccessAdmin(HistoryAdmin[AdviserAccess]):
    """Read only: an authority's administrators grant and withdraw access on their own pages,
    so the record of who let an adviser in is theirs."""

    list_display = ["adviser", "local_authority", "granted_at", "withdrawn_at"]
    list_filter = ["local_authority"]
    search_fields = ["adviser__email", "adviser__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AdviserAccess | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AdviserAccess | None = None) -> bool:
        return False
