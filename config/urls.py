from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from tracker.api.errors import not_found_outside_routes
from tracker.core.views import page_not_found as site_page_not_found
from tracker.plans.views import dashboard

home_patterns = ([path("", dashboard, name="dashboard")], "core")

urlpatterns = [
    path("", include(home_patterns)),
    path("accounts/", include("tracker.accounts.urls")),
    path("inspections/", include("tracker.inspections.urls")),
    path("plans/", include("tracker.plans.urls")),
    path("programme/", include("tracker.programme.urls")),
    path("performance/", include("tracker.performance.urls")),
    path("governance/", include("tracker.governance.urls")),
    path("calendar/", include("tracker.schedule.urls")),
    path("reminders/", include("tracker.reminders.urls")),
    path("reporting/", include("tracker.reporting.urls")),
    path("api/v1/", include("tracker.api.urls")),
    # The data feed for Power BI and Excel: an API token, never a session.
    path("feeds/v1/", include("tracker.reporting.feeds.urls")),
    path("admin/", admin.site.urls),
]


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """An address no route takes: the API's error shape under the API's prefix, otherwise
    the site's "Page not found"."""
    return not_found_outside_routes(request) or site_page_not_found(request, exception)


handler404 = page_not_found
handler403 = "tracker.core.views.permission_denied"
handler500 = "tracker.core.views.server_error"
