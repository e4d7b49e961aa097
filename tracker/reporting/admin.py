from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tracker.core.history_admin import HistoryAdmin
from tracker.reporting.models import BoardPaper


@admin.register(BoardPaper)
class BoardPaperAdmin(HistoryAdmin[BoardPaper]):
    """Papers are a record of what was sent: read-only here, made only through the service."""

    list_display = ["plan", "meeting", "as_of", "format", "status", "requested_by", "created_at"]
    list_select_related = ["plan", "meeting__board", "requested_by"]
    list_filter = ["status", "format", "local_authority"]
    exclude = ["content"]
    readonly_fields = [
        "local_authority",
        "plan",
        "meeting",
        "as_of",
        "format",
        "status",
        "progress_percent",
        "progress_message",
        "requested_by",
        "filename",
        "error_message",
        "started_at",
        "finished_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BoardPaper]:
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
