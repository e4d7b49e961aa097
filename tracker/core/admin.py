from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tracker.core.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ["falls_on", "kind", "reason", "local_authority"]
    list_filter = ["kind", "local_authority"]
    search_fields = ["reason"]
    date_hierarchy = "falls_on"
