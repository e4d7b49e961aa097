"""The impact pages: each sub-area keeps its own URLs, all under the `performance` namespace."""

from django.urls import include, path

app_name = "performance"

urlpatterns = [
    path("", include("tracker.performance.measures.urls")),
    path("", include("tracker.performance.evidence.urls")),
    path("", include("tracker.performance.assurance.urls")),
    path("", include("tracker.performance.coverage.urls")),
    path("", include("tracker.performance.imports.urls")),
]
