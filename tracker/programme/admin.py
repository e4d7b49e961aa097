from django.contrib import admin

from tracker.core.history_admin import HistoryAdmin
from tracker.programme.models import BudgetLine, Deliverable, Programme, Project, ProjectMilestone


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin[Programme]):
    list_display = ["name", "local_authority", "plan"]
    list_filter = ["local_authority"]
    search_fields = ["name"]


class DeliverableInline(admin.TabularInline[Deliverable, Project]):
    model = Deliverable
    extra = 0


class ProjectMilestoneInline(admin.TabularInline[ProjectMilestone, Project]):
    model = ProjectMilestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(HistoryAdmin[Project]):
    list_display = ["name", "programme", "lead", "lead_post", "rag", "funding_status"]
    list_filter = ["programme", "rag", "funding_status"]
    search_fields = ["name"]
    inlines = [DeliverableInline, ProjectMilestoneInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(HistoryAdmin[BudgetLine]):
    list_display = [
        "programme",
        "project",
        "financial_year",
        "allocation",
        "actual_spend",
        "forecast",
    ]
    list_filter = ["programme", "financial_year"]
