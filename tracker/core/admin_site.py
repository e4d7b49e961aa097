"""Django's admin, kept for the platform operator.

Local authority administrators manage their own people, posts and closure days in the service's
own pages, scoped to their authority. The admin sees every authority, so only superusers (the
operator) may use it; staff status alone gives nothing.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class OperatorAdminSite(AdminSite):
    site_header = "Improvement Tracker: platform administration"
    site_title = "Improvement Tracker platform administration"
    index_title = "Platform administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class OperatorAdminConfig(AdminConfig):
    """Django's admin app with the operator's site (named in INSTALLED_APPS)."""

    default_site = "tracker.core.admin_site.OperatorAdminSite"
