from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.core.history_admin import HistoryAdmin


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(HistoryAdmin[LocalAuthority]):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]


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
