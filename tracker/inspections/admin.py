from django.contrib import admin

from tracker.core.history_admin import HistoryAdmin
from tracker.inspections.models import Inspection, Judgement, Milestone, Recommendation


class JudgementInline(admin.TabularInline[Judgement, Inspection]):
    model = Judgement
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(HistoryAdmin[Inspection]):
    list_display = ["__str__", "local_authority", "started_on", "published_on"]
    list_filter = ["kind", "local_authority"]
    inlines = [JudgementInline]


@admin.register(Recommendation)
class RecommendationAdmin(HistoryAdmin[Recommendation]):
    list_display = ["number", "kind", "inspection", "text"]
    list_filter = ["kind", "inspection__local_authority"]
    search_fields = ["text"]


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin[Milestone]):
    list_display = ["name", "inspection", "derived_on", "override_on", "override_reason"]
    list_filter = ["inspection__local_authority"]
    readonly_fields = ["key", "rule", "derived_on", "derived_earliest_on", "derived_latest_on"]
