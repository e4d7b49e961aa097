from django.urls import path

from tracker.reporting.portfolio import views

urlpatterns = [
    path("advisers/", views.adviser_portfolio, name="adviser_portfolio"),
    path(
        "advisers/authorities/<int:local_authority_id>/",
        views.adviser_open,
        name="adviser_open",
    ),
]
