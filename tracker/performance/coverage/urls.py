"""The coverage pages' URLs, under the `performance` namespace."""

from django.urls import URLPattern, URLResolver, path

from tracker.performance.coverage import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("plans/<int:plan_id>/coverage/", views.plan_coverage, name="plan_coverage"),
    path(
        "plans/<int:plan_id>/coverage.xlsx",
        views.plan_coverage_xlsx,
        name="plan_coverage_xlsx",
    ),
]
