"""The OpenAPI description, the docs page, and a property-based test of every operation in
the schema (schemathesis): no server error, and every answer as the schema says."""

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tracker.api.tests.conftest import signed_in

pytestmark = pytest.mark.django_db

CSRF_TOKEN = "a" * 32


def test_api_schema_is_openapi_3_with_the_error_shape(client):
    response = client.get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Improvement Tracker API"
    assert "errors" in schema["components"]["schemas"]["Error"]["properties"]
    patch = schema["paths"]["/api/v1/actions/{action_id}/"]["patch"]
    assert {"name": "If-Match", "in": "header", "required": True}.items() <= {
        key: value
        for parameter in patch["parameters"]
        for key, value in parameter.items()
        if parameter["name"] == "If-Match"
    }.items()
    assert "ETag" in patch["responses"]["200"]["headers"]
    assert set(patch["responses"]) >= {"200", "400", "401", "403", "404", "412", "428"}


def test_api_docs_page_lists_the_operations(viewer):
    response = signed_in(viewer).get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Record progress on an action" in page
    assert "/api/v1/actions/{action_id}/progress-updates/" in page


def test_api_docs_page_needs_signing_in(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 302


@pytest.fixture
def connection_kept():
    """Requests straight through the WSGI application, as Django's test client makes them:
    without closing the test's database connection at each request's start and end (on
    PostgreSQL that would close the connection holding the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_schema_every_operation_answers_as_documented(
    improvement_lead, action, measure, connection_kept
):
    """Every operation of the schema, with a few generated requests each, as a signed-in
    improvement lead: no 5xx, and status, headers and bodies as documented."""
    client = signed_in(improvement_lead)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    validations = [
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.content_type_conformance,
        checks.response_schema_conformance,
        checks.response_headers_conformance,
    ]
    seen = []
    calls = []
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.append(f"{operation.method.upper()} {operation.path}")

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=5,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            calls.append(case)
            case.call_and_validate(
                headers={"X-CSRFToken": CSRF_TOKEN},
                cookies={settings.SESSION_COOKIE_NAME: session, "csrftoken": CSRF_TOKEN},
                checks=validations,
            )

        run()
    assert "POST /api/v1/actions/{action_id}/progress-updates/" in seen
    assert len(seen) == 25
    assert len(calls) >= 2 * len(seen)
