from django.contrib import admin
from django.http import HttpRequest

from tracker.core.history_admin import HistoryAdmin
from tracker.plans.models import (
    Action,
    DueDateChange,
    ExpectedOutcome,
    Plan,
    PlanPartnerAccess,
    PriorityArea,
    ProgressUpdate,
    Section,
    Theme,
)


@admin.register(Plan)
class PlanAdmin(HistoryAdmin[Plan]):
    list_display = ["title", "kind", "status", "local_authority"]
    list_filter = ["kind", "status", "local_authority"]
    search_fields = ["title"]


@admin.register(PlanPartnerAccess)
class PlanPartnerAccessAdmin(HistoryAdmin[PlanPartnerAccess]):
    list_display = ["plan", "organisation", "granted_at", "withdrawn_at"]
    list_filter = ["organisation"]


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin[Theme]):
    list_display = ["name", "plan", "lead", "lead_post"]


@admin.register(PriorityArea)
class PriorityAreaAdmin(HistoryAdmin[PriorityArea]):
    list_display = ["name", "plan", "position"]
    list_filter = ["plan"]


class ExpectedOutcomeInline(admin.TabularInline[ExpectedOutcome, Section]):
    model = ExpectedOutcome
    extra = 0


@admin.register(Section)
class SectionAdmin(HistoryAdmin[Section]):
    list_display = ["number", "title", "plan", "theme", "priority_area"]
    list_filter = ["plan"]
    inlines = [ExpectedOutcomeInline]


@admin.register(Action)
class ActionAdmin(HistoryAdmin[Action]):
    list_display = ["reference", "description", "plan", "status", "brag", "due_on"]
    list_filter = ["status", "brag", "plan"]
    search_fields = ["reference", "description"]
    raw_id_fields = ["section", "latest_update"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(HistoryAdmin[ProgressUpdate]):
    """Progress is append-only: the admin can read entries but never change or delete them."""

    list_display = ["action", "recorded_on", "status", "brag", "author_name"]
    list_filter = ["status", "brag"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DueDateChange)
class DueDateChangeAdmin(admin.ModelAdmin[DueDateChange]):
    list_display = ["action", "previous_due_on", "new_due_on", "changed_by", "created_at"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
