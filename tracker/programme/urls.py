from django.urls import path

from tracker.programme import views

app_name = "programme"
_project = "<int:programme_id>/projects/<int:project_id>"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("<int:programme_id>/edit/", views.programme_update, name="programme_update"),
    path("<int:programme_id>/projects/new/", views.project_create, name="project_create"),
    path(f"{_project}/", views.project_detail, name="project_detail"),
    path(f"{_project}/edit/", views.project_update, name="project_update"),
    path(f"{_project}/deliverables/new/", views.deliverable_create, name="deliverable_create"),
    path(
        f"{_project}/deliverables/<int:deliverable_id>/edit/",
        views.deliverable_update,
        name="deliverable_update",
    ),
    path(f"{_project}/milestones/new/", views.milestone_create, name="milestone_create"),
    path(
        f"{_project}/milestones/<int:milestone_id>/edit/",
        views.milestone_update,
        name="milestone_update",
    ),
    path("<int:programme_id>/budget/new/", views.budget_line_create, name="budget_line_create"),
    path(
        "<int:programme_id>/budget/<int:budget_line_id>/edit/",
        views.budget_line_update,
        name="budget_line_update",
    ),
]
