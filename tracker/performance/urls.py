"""Each sub-area adds its own URLs here."""

from django.urls import URLPattern, URLResolver

app_name = "performance"

urlpatterns: list[URLPattern | URLResolver] = []
