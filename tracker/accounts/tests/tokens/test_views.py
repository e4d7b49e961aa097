"""The API token pages: your own tokens, and the administrators' list."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import ApiToken
from tracker.accounts.tests.factories import UserFactory
from tracker.accounts.tests.pages import body, error_summary
from tracker.accounts.tokens import services

pytestmark = pytest.mark.django_db


def _token(user, name="Power BI"):
    return services.api_token_create(
        by=user,
        name=name,
        scope="read",
        expires_on=timezone.localdate() + datetime.timedelta(days=90),
    )


def test_making_a_token_shows_the_secret_once_and_nowhere_after(client, viewer, caplog):
    client.force_login(viewer)

    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("accounts:api_token_create"),
            {"name": "Power BI", "scope": "read", "lifetime": "90"},
        )
        token = ApiToken.objects.get()
        secret = re.search(r'id="token-secret"[^>]*value="([^"]+)"', body(response)).group(1)
        assert secret.startswith(f"it_{token.public_id}_")
        assert "It will not be shown again" in body(response)
        assert token.expires_on == timezone.localdate() + datetime.timedelta(days=90)

        pages = [
            client.get(reverse("accounts:api_token_list")),
            client.get(reverse("accounts:api_token_revoke", args=[token.pk])),
            client.get(reverse("accounts:account")),
            client.get(reverse("feeds:guide")),
        ]
    for page in pages:
        assert page.status_code == 200
        assert secret not in body(page)
    assert "Power BI" in body(pages[0])
    assert secret not in caplog.text
    history = [str(row.__dict__) for row in token.history.all()]
    assert not any(secret.split("_", 2)[2] in row for row in history)


def test_making_a_token_without_a_name_shows_the_error(client, viewer):
    client.force_login(viewer)

    response = client.post(reverse("accounts:api_token_create"), {"scope": "read"})

    assert response.status_code == 200
    assert "Enter a name for the token" in error_summary(body(response))
    assert "Choose when the token expires" in error_summary(body(response))
    assert not ApiToken.objects.exists()


def test_making_a_token_offers_no_more_than_a_year(client, viewer):
    client.force_login(viewer)

    response = client.post(
        reverse("accounts:api_token_create"), {"name": "X", "scope": "read", "lifetime": "730"}
    )

    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_their_token(client, viewer):
    token = _token(viewer).token
    client.force_login(viewer)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == viewer
    listed = body(client.get(reverse("accounts:api_token_list")))
    assert "Revoked" in listed


def test_someone_elses_token_is_not_found_on_the_owners_page(client, viewer, improvement_lead):
    token = _token(viewer).token
    client.force_login(improvement_lead)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_revoked is False


def test_an_administrator_sees_and_revokes_every_token_of_their_authority(
    client, viewer, administrator, outsider
):
    ours = _token(viewer, "Ours").token
    _token(outsider, "Theirs")
    client.force_login(administrator)

    listed = body(client.get(reverse("accounts:api_token_administration")))
    assert "Ours" in listed
    assert "Theirs" not in listed

    response = client.post(reverse("accounts:api_token_administrator_revoke", args=[ours.pk]))

    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.revoked_by == administrator


def test_an_administrator_gets_404_for_another_authoritys_token(client, administrator, outsider):
    theirs = _token(outsider).token
    client.force_login(administrator)

    response = client.post(reverse("accounts:api_token_administrator_revoke", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_revoked is False


def test_only_administrators_see_the_authoritys_tokens(client, viewer, local_authority):
    client.force_login(UserFactory(local_authority=local_authority, role="improvement_lead"))

    assert client.get(reverse("accounts:api_token_administration")).status_code == 403
