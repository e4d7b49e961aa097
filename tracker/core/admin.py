from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tracker.core.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ["falls_on", "kind", "reason"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "falls_on"
