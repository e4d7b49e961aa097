"""The bearer token authentication and the scope permission, on a throwaway API view."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.test import Client
from django.urls import path
from django.utils import timezone
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.accounts.models import ApiToken
from tracker.accounts.tokens import authentication, services

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tracker.accounts.tests.tokens.test_authentication"),
]


class WhoAmI(APIView):
    authentication_classes = [authentication.TokenAuthentication]
    permission_classes = [IsAuthenticated, authentication.TokenScopePermission]

    def get(self, request: Request) -> Response:
        return Response({"username": request.user.get_username()})

    def post(self, request: Request) -> Response:
        return Response({"done": True})


urlpatterns = [path("who/", WhoAmI.as_view())]


def _message(response) -> str:
    """The one error's message, in the API's error shape (`tracker.api.errors`)."""
    (error,) = response.json()["errors"]
    return error["message"]


def _token(user, *, scope="read", days=90):
    return services.api_token_create(
        by=user,
        name="Script",
        scope=scope,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def _get(secret: str, method: str = "get"):
    return getattr(Client(), method)("/who/", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_good_token_acts_as_its_user_and_notes_its_use(viewer):
    new = _token(viewer)

    response = _get(new.secret)

    assert response.status_code == 200
    assert response.json() == {"username": viewer.username}
    assert ApiToken.objects.get().last_used_at is not None


def test_no_token_is_refused_with_401(viewer):
    response = Client().get("/who/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer one two", "Bearer  "],
)
def test_a_malformed_header_is_refused(viewer, header):
    response = Client().get("/who/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert _message(response) == authentication.MALFORMED


@pytest.mark.parametrize(
    "secret",
    ["not-a-token", "it_0123456789ab_guessed-secret"],
)
def test_an_unknown_token_is_refused(viewer, secret):
    response = _get(secret)

    assert response.status_code == 401
    assert _message(response) == authentication.NOT_RECOGNISED


def test_a_known_id_with_the_wrong_secret_is_refused(viewer):
    new = _token(viewer)

    response = _get(new.secret[:-4] + "AAAA")

    assert response.status_code == 401
    assert _message(response) == authentication.NOT_RECOGNISED


def test_an_expired_token_is_refused(viewer):
    new = _token(viewer)
    ApiToken.objects.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))

    response = _get(new.secret)

    assert response.status_code == 401
    assert _message(response) == authentication.EXPIRED


def test_a_token_works_on_the_day_it_expires(viewer):
    new = _token(viewer)
    ApiToken.objects.update(expires_on=timezone.localdate())

    assert _get(new.secret).status_code == 200


def test_a_revoked_token_is_refused(viewer, administrator):
    new = _token(viewer)
    services.api_token_revoke(by=administrator, token=new.token)

    response = _get(new.secret)

    assert response.status_code == 401
    assert _message(response) == authentication.REVOKED


def test_a_deactivated_users_token_is_refused(viewer):
    new = _token(viewer)
    viewer.is_active = False
    viewer.save()

    response = _get(new.secret)

    assert response.status_code == 401
    assert _message(response) == authentication.DEACTIVATED


def test_a_read_only_token_may_not_post(viewer):
    new = _token(viewer, scope="read")

    response = _get(new.secret, "post")

    assert response.status_code == 403
    assert _message(response) == authentication.READ_ONLY


def test_a_read_write_token_may_post(viewer):
    new = _token(viewer, scope="read_write")

    assert _get(new.secret, "post").status_code == 200


def test_refusals_never_repeat_the_token(viewer, caplog):
    new = _token(viewer)
    services.api_token_revoke(by=viewer, token=new.token)

    with caplog.at_level(logging.DEBUG):
        response = _get(new.secret)
        wrong = _get(new.secret + "x")

    assert new.secret not in response.content.decode()
    assert new.secret not in wrong.content.decode()
    assert new.secret not in caplog.text
