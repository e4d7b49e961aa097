"""The API with a personal API token instead of a session: it reads as its user; a
read-and-write token writes without a CSRF token; a read-only, revoked or expired token is
refused."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tracker.accounts.tokens.services import api_token_create, api_token_revoke
from tracker.api.tests.conftest import errors_of
from tracker.plans.models import ProgressUpdate

pytestmark = pytest.mark.django_db

JSON = "application/json"
PROGRESS = {"narrative": "Audits now monthly", "status": "in_progress", "brag": "green"}


def _token(user, scope):
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    return api_token_create(by=user, name="Script", scope=scope, expires_on=expires_on)


def _bearer(new) -> dict[str, str]:
    return {"Authorization": f"Bearer {new.secret}"}


def test_a_token_reads_what_its_user_may_see(action_owner, action, other_action):
    new = _token(action_owner, "read")
    client = Client()  # no session, no CSRF cookie

    listed = client.get("/api/v1/actions/", headers=_bearer(new))
    other = client.get(f"/api/v1/actions/{other_action.pk}/", headers=_bearer(new))

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [action.pk]
    assert other.status_code == 404


def test_a_read_and_write_token_records_progress_without_a_csrf_token(action_owner, action):
    new = _token(action_owner, "read_write")
    client = Client(enforce_csrf_checks=True)
    etag = client.get(f"/api/v1/actions/{action.pk}/", headers=_bearer(new))["ETag"]

    response = client.post(
        f"/api/v1/actions/{action.pk}/progress-updates/",
        PROGRESS,
        content_type=JSON,
        headers={**_bearer(new), "If-Match": etag},
    )

    assert response.status_code == 201
    assert ProgressUpdate.objects.get(action=action).author_id == action_owner.pk


def test_a_read_only_token_is_refused_a_write(action_owner, action):
    new = _token(action_owner, "read")
    client = Client()
    etag = client.get(f"/api/v1/actions/{action.pk}/", headers=_bearer(new))["ETag"]

    response = client.post(
        f"/api/v1/actions/{action.pk}/progress-updates/",
        PROGRESS,
        content_type=JSON,
        headers={**_bearer(new), "If-Match": etag},
    )

    assert response.status_code == 403
    assert errors_of(response)
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_a_revoked_or_unknown_token_is_401(action_owner, action):
    new = _token(action_owner, "read")
    api_token_revoke(by=action_owner, token=new.token)
    client = Client()

    revoked = client.get("/api/v1/actions/", headers=_bearer(new))
    unknown = client.get("/api/v1/actions/", headers={"Authorization": "Bearer it_nonsense"})

    assert revoked.status_code == 401
    assert unknown.status_code == 401
    assert errors_of(revoked)
    assert revoked["WWW-Authenticate"].startswith("Bearer")
