from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tracker.plans.models import (
    Action,
    DueDateChange,
    ExpectedOutcome,
    Plan,
    ProgressUpdate,
    Section,
    Theme,
)


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "local_authority"]
    list_filter = ["kind", "status", "local_authority"]
    search_fields = ["title"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "lead", "lead_post"]


class ExpectedOutcomeInline(admin.TabularInline):
    model = ExpectedOutcome
    extra = 0


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "plan", "theme"]
    list_filter = ["plan"]
    inlines = [ExpectedOutcomeInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "description", "plan", "status", "brag", "due_on"]
    list_filter = ["status", "brag", "plan"]
    search_fields = ["reference", "description"]
    raw_id_fields = ["section", "latest_update"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    """Progress is append-only: the admin can read entries but never change or delete them."""

    list_display = ["action", "recorded_on", "status", "brag", "author_name"]
    list_filter = ["status", "brag"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DueDateChange)
class DueDateChangeAdmin(admin.ModelAdmin):
    list_display = ["action", "previous_due_on", "new_due_on", "changed_by", "created_at"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
