"""Monitoring visit packs (routes included by `tracker.reporting.urls`)."""

from django.urls import URLPattern, path

from tracker.reporting.packs import views

_packs = "plans/<int:plan_id>/visit-packs"
urlpatterns: list[URLPattern] = [
    path(f"{_packs}/", views.visit_pack_list, name="visit_pack_list"),
    path(f"{_packs}/new/", views.visit_pack_create, name="visit_pack_create"),
    path(f"{_packs}/<int:pack_id>/", views.visit_pack_detail, name="visit_pack_detail"),
    path(f"{_packs}/<int:pack_id>/status.json", views.visit_pack_status, name="visit_pack_status"),
    path(
        f"{_packs}/<int:pack_id>/download/", views.visit_pack_download, name="visit_pack_download"
    ),
]
