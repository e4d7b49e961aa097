"""The evidence pages' URLs, under the `performance` namespace."""

from django.urls import URLPattern, URLResolver, path

from tracker.performance.evidence import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("evidence/<int:evidence_id>/", views.evidence_detail, name="evidence_detail"),
    path(
        "evidence/<int:evidence_id>/download/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "evidence/<int:evidence_id>/withdraw/",
        views.evidence_withdraw,
        name="evidence_withdraw",
    ),
    path(
        "plans/<int:plan_id>/actions/<int:action_id>/evidence/add/",
        views.evidence_add_for_action,
        name="evidence_add_for_action",
    ),
    path(
        "outcomes/<int:outcome_id>/evidence/add/",
        views.evidence_add_for_outcome,
        name="evidence_add_for_outcome",
    ),
    path(
        "measures/<int:measure_id>/values/<int:value_id>/evidence/add/",
        views.evidence_add_for_value,
        name="evidence_add_for_value",
    ),
    path(
        "audits/<int:audit_id>/evidence/add/",
        views.evidence_add_for_audit,
        name="evidence_add_for_audit",
    ),
]
