"""Board papers and exports (routes included by `tracker.reporting.urls`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
