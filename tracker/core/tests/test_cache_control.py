"""Pages and files sent to a signed-in user carry Cache-Control: private, no-store."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tracker.core.middleware import PrivateNoStoreMiddleware

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "name",
    [
        "core:dashboard",
        "plans:plan_list",
        "inspections:inspection_list",
        "governance:risk_list",
        "schedule:calendar",
        "accounts:account",
        "accounts:password_change",
    ],
)
def test_signed_in_pages_are_private_and_not_stored(client, administrator, name):
    client.force_login(administrator)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_signed_in_errors_and_redirects_are_not_stored_either(client, viewer):
    client.force_login(viewer)

    assert client.get("/no-such-page/")["Cache-Control"] == "private, no-store"
    assert client.get(reverse("plans:plan_create"))["Cache-Control"] == "private, no-store"
    assert "no-store" in _directives(client.get(reverse("accounts:login")))  # a redirect


def test_a_file_download_to_a_signed_in_user_is_not_stored(client, improvement_lead):
    client.force_login(improvement_lead)

    response = client.get(reverse("reporting:risk_register_csv"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def test_pages_for_anonymous_visitors_are_left_alone(client):
    response = client.get(reverse("accounts:password_reset_done"))

    assert "private" not in _directives(response)


def test_a_stricter_header_set_by_a_view_is_kept(admin_client):
    """Django's admin marks its pages never_cache, which already says no-store and more."""
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert {"no-store", "no-cache", "must-revalidate", "private", "max-age=0"} <= _directives(
        response
    )


def _through_middleware(user, response):
    request = RequestFactory().get("/anything/")
    request.user = user
    return PrivateNoStoreMiddleware(lambda request: response)(request)


def test_a_weaker_header_set_by_a_view_is_replaced(viewer):
    weak = HttpResponse("x")
    weak["Cache-Control"] = "public, max-age=3600"

    response = _through_middleware(viewer, weak)

    assert response["Cache-Control"] == "private, no-store"


def test_a_streamed_file_to_a_signed_in_user_is_not_stored(viewer, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Action,Who\n")

    response = _through_middleware(viewer, FileResponse(path.open("rb")))

    assert response["Cache-Control"] == "private, no-store"
    response.close()


def test_responses_to_anonymous_requests_are_unchanged():
    response = _through_middleware(AnonymousUser(), HttpResponse("x"))

    assert "Cache-Control" not in response
