from django.urls import path

from tracker.plans import views
from tracker.plans.history import views as history_views
from tracker.plans.imports import views as import_views
from tracker.plans.merging import views as merge_views
from tracker.plans.partners import views as partner_views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path(
        "new/from-inspection/<int:inspection_id>/",
        views.plan_create_from_inspection,
        name="plan_create_from_inspection",
    ),
    path("import/", import_views.plan_import_upload, name="plan_import_upload"),
    path("import/columns/", import_views.plan_import_columns, name="plan_import_columns"),
    path("import/preview/", import_views.plan_import_preview, name="plan_import_preview"),
    path("merge/", merge_views.plan_merge_start, name="plan_merge_start"),
    path("merge/preview/", merge_views.plan_merge_preview, name="plan_merge_preview"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/edit/", views.plan_update, name="plan_update"),
    path("<int:plan_id>/as-at/", history_views.plan_as_at, name="plan_as_at"),
    path("<int:plan_id>/partners/", partner_views.plan_partners, name="plan_partners"),
    path(
        "<int:plan_id>/partners/<int:access_id>/withdraw/",
        partner_views.plan_partner_withdraw,
        name="plan_partner_withdraw",
    ),
    path("<int:plan_id>/themes/new/", views.theme_create, name="theme_create"),
    path("<int:plan_id>/themes/<int:theme_id>/edit/", views.theme_update, name="theme_update"),
    path(
        "<int:plan_id>/priority-areas/new/",
        views.priority_area_create,
        name="priority_area_create",
    ),
    path(
        "<int:plan_id>/priority-areas/<int:priority_area_id>/edit/",
        views.priority_area_update,
        name="priority_area_update",
    ),
    path(
        "<int:plan_id>/priority-areas/<int:priority_area_id>/remove/",
        views.priority_area_delete,
        name="priority_area_delete",
    ),
    path("<int:plan_id>/sections/new/", views.section_create, name="section_create"),
    path(
        "<int:plan_id>/sections/<int:section_id>/edit/", views.section_update, name="section_update"
    ),
    path("<int:plan_id>/actions/new/", views.action_create, name="action_create"),
    path("<int:plan_id>/actions/<int:action_id>/", views.action_detail, name="action_detail"),
    path("<int:plan_id>/actions/<int:action_id>/edit/", views.action_update, name="action_update"),
    path(
        "<int:plan_id>/actions/<int:action_id>/progress/new/",
        views.progress_create,
        name="progress_create",
    ),
]
