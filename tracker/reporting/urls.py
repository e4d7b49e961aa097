from django.urls import path

from tracker.reporting.changes import views as changes_views
from tracker.reporting.packs.urls import urlpatterns as pack_urlpatterns
from tracker.reporting.papers.urls import urlpatterns as paper_urlpatterns
from tracker.reporting.portfolio.urls import urlpatterns as portfolio_urlpatterns
from tracker.reporting.statements.urls import urlpatterns as statement_urlpatterns

app_name = "reporting"
urlpatterns = [
    path("plans/<int:plan_id>/changes/", changes_views.plan_changes, name="plan_changes"),
    *paper_urlpatterns,
    *pack_urlpatterns,
    *statement_urlpatterns,
    *portfolio_urlpatterns,
]
