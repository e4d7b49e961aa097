from django.urls import path

from tracker.inspections import views
from tracker.inspections.imports import views as import_views
from tracker.inspections.national import views as national_views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("new/", views.inspection_create, name="inspection_create"),
    path("import/", import_views.inspection_import_upload, name="inspection_import"),
    path(
        "import/preview/",
        import_views.inspection_import_preview,
        name="inspection_import_preview",
    ),
    # The national inspection picture: every authority's published judgements.
    path("national/", national_views.national_picture, name="national_picture"),
    path(
        "national/<int:national_authority_id>/",
        national_views.national_authority,
        name="national_authority",
    ),
    path("<int:inspection_id>/", views.inspection_detail, name="inspection_detail"),
    path("<int:inspection_id>/edit/", views.inspection_update, name="inspection_update"),
    path(
        "<int:inspection_id>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "<int:inspection_id>/recommendations/<int:recommendation_id>/edit/",
        views.recommendation_update,
        name="recommendation_update",
    ),
    path(
        "<int:inspection_id>/deadlines/<int:milestone_id>/edit/",
        views.milestone_update,
        name="milestone_update",
    ),
    path(
        "<int:inspection_id>/deadlines/<int:milestone_id>/met/",
        views.milestone_met,
        name="milestone_met",
    ),
    path(
        "<int:inspection_id>/deadlines/<int:milestone_id>/reset/",
        views.milestone_clear_override,
        name="milestone_clear_override",
    ),
]
