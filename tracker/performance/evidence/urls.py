"""The evidence pages' URLs, under the `performance` namespace."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
