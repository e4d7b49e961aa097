"""Site-wide protections: sign-in everywhere, security headers, CSRF and the error pages."""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from tracker.core.views import server_error

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
# Deliberately public: calendar programs such as Outlook cannot sign in, so the feed's secret,
# revocable token is its credential. tracker/schedule/tests test that unknown and revoked
# tokens get 404.
# Password reset and the invitation link are for people who cannot sign in: their emailed,
# one-use token is the credential (tracker/accounts/tests/test_passwords.py).
# The data feed for Power BI and Excel takes an API token alone, never a session: without one
# it answers 401 (tracker/reporting/tests/test_feeds.py, tests/test_authorisation_matrix.py).
# The API's OpenAPI description is public, as a description of how to call it; its records are
# not (below: the API answers 401 to anyone without a token or a session).
API_PREFIX = "/api/v1/"
# The API's docs are a page, for people signed in.
API_PAGES = {"/api/v1/docs/"}
# Single sign-on's start, callback and refusal pages serve people not yet signed in; they are
# 404 while single sign-on is off, as in the test settings (tests/test_sso_sign_in.py).
PUBLIC_ROUTES = {
    "calendar/feed/<str:token>.ics",
    *(
        f"feeds/v1/{table}.{output}"
        for table in ("actions", "measures", "risks")
        for output in ("csv", "json")
    ),
    "accounts/reset-password/",
    "accounts/reset-password/sent/",
    "accounts/reset-password/complete/",
    "accounts/reset-password/<uidb64>/<token>/",
    "accounts/set-password/<uidb64>/<token>/",
    "api/v1/schema/",
    "accounts/sso/start/",
    "accounts/sso/callback/",
    "accounts/sso/refused/",
}


def _routes(patterns=None, prefix=""):
    """Every URL pattern of the project as a path, with 1 for each int parameter."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        assert isinstance(entry.pattern, RoutePattern), f"add support for {entry.pattern!r}"
        route = prefix + str(entry.pattern)
        if route.startswith(("admin/", settings.STATIC_URL.lstrip("/"))):
            continue  # the admin has its own sign-in; static files are public
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            if route in PUBLIC_ROUTES:
                continue
            yield "/" + CONVERTER.sub(_substitute, route)


def _substitute(match: re.Match[str]) -> str:
    converter = match.group("converter")
    assert converter == "int", f"add a sample value for the {converter!r} path converter"
    return "1"


def _protected_paths():
    return sorted(
        {
            path
            for path in _routes()
            if path != SIGN_IN and (not path.startswith(API_PREFIX) or path in API_PAGES)
        }
    )


PROTECTED_PATHS = _protected_paths()
# The API answers who is not signed in with 401 in its JSON error shape, never a redirect.
API_PATHS = sorted(
    {path for path in _routes() if path.startswith(API_PREFIX) and path not in API_PAGES}
)


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _assert_security_headers(response):
    policy = response["Content-Security-Policy"]
    directives = [d.strip() for d in policy.split(";")]
    assert "script-src 'self'" in directives
    assert "default-src 'self'" in directives
    assert "frame-ancestors 'none'" in directives
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# Sign-in is required everywhere ------------------------------------------------------------------


def test_the_walk_finds_the_projects_pages():
    """Guards the tests below against an empty or truncated walk of the URL patterns."""
    assert len(PROTECTED_PATHS) >= 15
    assert {
        "/",
        "/accounts/sign-out/",
        "/inspections/",
        "/inspections/1/edit/",
        "/inspections/1/recommendations/1/edit/",
        "/plans/1/actions/1/progress/new/",
    } <= set(PROTECTED_PATHS)
    assert SIGN_IN not in PROTECTED_PATHS


@pytest.mark.parametrize("path", PROTECTED_PATHS)
def test_anonymous_get_is_sent_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == SIGN_IN
    assert parse_qs(location.query) == {"next": [path]}
    _assert_security_headers(response)


def test_the_walk_finds_the_api():
    assert len(API_PATHS) >= 20
    assert {"/api/v1/plans/", "/api/v1/actions/1/progress-updates/"} <= set(API_PATHS)


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_api_request_is_401(client, path, method):
    response = getattr(client, method)(path, {}, content_type="application/json")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    _assert_security_headers(response)


@pytest.mark.parametrize("path", PROTECTED_PATHS)
def test_anonymous_post_is_sent_to_sign_in(client, path):
    response = client.post(path, {"anything": "x"})

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == SIGN_IN


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/reset-password/",
        "/accounts/reset-password/sent/",
        "/accounts/reset-password/complete/",
        "/accounts/reset-password/MQ/not-a-token/",
        "/accounts/set-password/MQ/not-a-token/",
    ],
)
def test_password_reset_pages_are_open_without_signing_in(client, path):
    response = client.get(path)

    assert response.status_code == 200
    _assert_security_headers(response)


def test_sign_in_page_itself_is_open(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    _assert_security_headers(response)


def test_settings_in_tests_are_not_debug():
    assert settings.DEBUG is False


# Security headers on real pages ------------------------------------------------------------------


@pytest.fixture
def action(local_authority, head_of_safeguards):
    """An action owned through the action owner's post, built through the reverse relations
    (core sits below every app in the import layers)."""
    plan = local_authority.plans.create(title="Ofsted action plan", kind="ofsted_action_plan")
    section = plan.sections.create(number=1, title="Quality assurance")
    action = plan.actions.create(
        section=section,
        reference="1.1",
        description="Launch the new audit process",
        due_on=datetime.date(2099, 3, 31),
    )
    action.owner_posts.add(head_of_safeguards)
    return action


def _pages(action):
    return [
        reverse("core:dashboard"),
        reverse("plans:plan_list"),
        reverse("plans:plan_detail", args=[action.plan_id]),
        action.get_absolute_url(),
        reverse("plans:progress_create", args=[action.plan_id, action.pk]),
        reverse("inspections:inspection_list"),
    ]


def test_signed_in_pages_carry_the_security_headers_and_no_inline_code(
    client, action_owner, action
):
    client.force_login(action_owner)
    for url in _pages(action):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_security_headers(response)
        body = response.content.decode()
        # The policy forbids inline scripts and styles, so a page that had any would break.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert not re.search(r"<style\b", body), url
        assert not re.search(r"\sstyle=", body), url
        assert not re.search(r"\son[a-z]+=", body), url


def test_error_pages_carry_the_security_headers(client, viewer):
    client.force_login(viewer)
    _assert_security_headers(client.get("/no-such-page/"))
    _assert_security_headers(client.get(reverse("plans:plan_create")))


# CSRF --------------------------------------------------------------------------------------------


def _progress_data(action):
    return {
        "version": action.version,
        "narrative": "First audit completed",
        "status": "in_progress",
        "brag": "green",
        "recorded_on-day": "1",
        "recorded_on-month": "2",
        "recorded_on-year": "2026",
    }


def test_post_without_csrf_token_is_refused_and_nothing_written(action_owner, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(action_owner)
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])

    response = client.post(url, _progress_data(action))

    assert response.status_code == 403
    assert action.progress_updates.count() == 0
    action.refresh_from_db()
    assert action.status == "not_started"


def test_post_with_a_forged_csrf_token_is_refused(action_owner, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(action_owner)
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    client.get(url)  # sets the CSRF cookie

    response = client.post(url, {**_progress_data(action), "csrfmiddlewaretoken": "x" * 64})

    assert response.status_code == 403
    assert action.progress_updates.count() == 0


def test_post_with_the_forms_csrf_token_is_accepted(action_owner, action):
    """The control for the tests above: the same post with the page's token works."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(action_owner)
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(url, {**_progress_data(action), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert action.progress_updates.count() == 1


def test_sign_out_without_csrf_token_is_refused(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)

    assert client.post(reverse("accounts:logout")).status_code == 403
    assert client.get(reverse("core:dashboard")).status_code == 200  # still signed in


# Error pages -------------------------------------------------------------------------------------


def test_not_found_page_is_the_services_own(client, viewer):
    client.force_login(viewer)
    response = client.get("/no-such-page/")
    body = _body(response)

    assert response.status_code == 404
    assert "<title>Page not found – Improvement Tracker</title>" in body
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body
    assert "Traceback" not in body


def test_not_found_page_for_a_missing_record(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("inspections:inspection_detail", args=[999999]))

    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in _body(response)


def test_forbidden_page_tells_a_viewer_they_cannot_do_that(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("plans:plan_create"))
    body = _body(response)

    assert response.status_code == 403
    assert "<title>You cannot do that – Improvement Tracker</title>" in body
    assert '<h1 class="govuk-heading-l">You cannot do that</h1>' in body
    assert "You can read this plan but not change it." in body


def test_server_error_page_needs_no_database_or_context():
    response = server_error(RequestFactory().get("/"))
    body = _body(response)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "{%" not in body
