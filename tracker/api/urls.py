"""The API's addresses, under /api/v1/."""

from django.urls import path

from tracker.api import docs, views

app_name = "api"

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("inspections/", views.InspectionList.as_view(), name="inspection_list"),
    path(
        "inspections/<int:inspection_id>/",
        views.InspectionDetail.as_view(),
        name="inspection_detail",
    ),
    path(
        "inspections/<int:inspection_id>/recommendations/",
        views.RecommendationList.as_view(),
        name="recommendation_list",
    ),
    path(
        "recommendations/<int:recommendation_id>/",
        views.RecommendationDetail.as_view(),
        name="recommendation_detail",
    ),
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/<int:plan_id>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("themes/", views.ThemeList.as_view(), name="theme_list"),
    path("themes/<int:theme_id>/", views.ThemeDetail.as_view(), name="theme_detail"),
    path("sections/", views.SectionList.as_view(), name="section_list"),
    path("sections/<int:section_id>/", views.SectionDetail.as_view(), name="section_detail"),
    path("actions/", views.ActionList.as_view(), name="action_list"),
    path("actions/<int:action_id>/", views.ActionDetail.as_view(), name="action_detail"),
    path(
        "actions/<int:action_id>/progress-updates/",
        views.ProgressUpdateList.as_view(),
        name="progress_update_list",
    ),
    path("measures/", views.MeasureList.as_view(), name="measure_list"),
    path("measures/<int:measure_id>/", views.MeasureDetail.as_view(), name="measure_detail"),
    path(
        "measures/<int:measure_id>/values/",
        views.MeasureValueList.as_view(),
        name="measure_value_list",
    ),
    path("risks/", views.RiskList.as_view(), name="risk_list"),
    path("risks/<int:risk_id>/", views.RiskDetail.as_view(), name="risk_detail"),
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/<int:meeting_id>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path(
        "highlight-reports/",
        views.HighlightReportList.as_view(),
        name="highlight_report_list",
    ),
    path(
        "highlight-reports/<int:report_id>/",
        views.HighlightReportDetail.as_view(),
        name="highlight_report_detail",
    ),
]
