"""The assurance pages' URLs, under the `performance` namespace."""

from django.urls import URLPattern, URLResolver, path

from tracker.performance.assurance import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("audits/", views.audit_list, name="audit_list"),
    path("audits/new/", views.audit_create, name="audit_create"),
    path("audits/<int:audit_id>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:audit_id>/edit/", views.audit_update, name="audit_update"),
    path("audits/<int:audit_id>/findings/new/", views.finding_create, name="finding_create"),
    path(
        "audits/<int:audit_id>/findings/<int:finding_id>/edit/",
        views.finding_update,
        name="finding_update",
    ),
    path(
        "audits/<int:audit_id>/findings/<int:finding_id>/confirms/",
        views.finding_confirm,
        name="finding_confirm",
    ),
    path(
        "audits/<int:audit_id>/findings/<int:finding_id>/make-action/",
        views.finding_make_action,
        name="finding_make_action",
    ),
    path(
        "plans/<int:plan_id>/actions/<int:action_id>/verify/",
        views.action_verify,
        name="action_verify",
    ),
]
