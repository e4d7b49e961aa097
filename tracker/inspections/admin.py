from django.contrib import admin
from django.http import HttpRequest

from tracker.core.history_admin import HistoryAdmin
from tracker.inspections.models import (
    Inspection,
    Judgement,
    Milestone,
    NationalAuthority,
    PublishedInspection,
    PublishedJudgement,
    Recommendation,
    StatisticalNeighbour,
)


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


# The national inspection picture: reports are imported (import_ofsted_reports) and neighbour
# lists loaded (load_statistical_neighbours); the admin sets an authority's code and links it to
# the local authority using the service that it is.
class PublishedJudgementInline(admin.TabularInline[PublishedJudgement, PublishedInspection]):
    model = PublishedJudgement
    extra = 0
    can_delete = False
    readonly_fields = ["area", "grade", "position"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(NationalAuthority)
class NationalAuthorityAdmin(HistoryAdmin[NationalAuthority]):
    list_display = ["name", "region", "code", "local_authority"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    fields = ["name", "region", "code", "local_authority"]


@admin.register(PublishedInspection)
class PublishedInspectionAdmin(HistoryAdmin[PublishedInspection]):
    list_display = ["national_authority", "kind", "started_on", "overall_grade", "source_name"]
    list_filter = ["kind", "overall_grade", "national_authority__region"]
    search_fields = ["national_authority__name", "source_name"]
    readonly_fields = [
        "national_authority",
        "kind",
        "framework",
        "started_on",
        "ended_on",
        "published_on",
        "overall_grade",
        "source_fingerprint",
        "source_name",
    ]
    inlines = [PublishedJudgementInline]


@admin.register(StatisticalNeighbour)
class StatisticalNeighbourAdmin(HistoryAdmin[StatisticalNeighbour]):
    list_display = ["national_authority", "rank", "neighbour"]
    search_fields = ["national_authority__name"]
