"""The measure value import's URLs, under the `performance` namespace."""

from django.urls import path

from tracker.performance.imports import views

urlpatterns = [
    path("measures/import/", views.value_import, name="value_import"),
    path("measures/import/preview/", views.value_import_preview, name="value_import_preview"),
    path("measures/import/apply/", views.value_import_apply, name="value_import_apply"),
]
