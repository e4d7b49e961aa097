from django.contrib import admin

from tracker.core.history_admin import HistoryAdmin
from tracker.core.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(HistoryAdmin[ClosureDay]):
    list_display = ["falls_on", "kind", "reason", "local_authority"]
    list_filter = ["kind", "local_authority"]
    search_fields = ["reason"]
    date_hierarchy = "falls_on"
