"""The pages of a partner organisation's administrator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tracker.accounts.models import User

pytestmark = pytest.mark.django_db

STAFF = reverse("accounts:organisation_staff")
INVITE = reverse("accounts:organisation_staff_invite")


def test_the_staff_page_lists_only_their_own_organisations_people(
    client, police_admin, police_officer, nurse, viewer
):
    client.force_login(police_admin)
    body = client.get(STAFF).content.decode()
    assert "Kiran Dhillon" in body
    assert f"{nurse.username}<" not in body.replace(",", "<")
    assert str(viewer) not in body
    assert f'href="{STAFF}" aria-current="true"' in body  # the navigation offers it


def test_inviting_shows_errors_in_plain_words_and_writes_nothing(client, police_admin):
    client.force_login(police_admin)
    response = client.post(INVITE, {"first_name": "", "role": "administrator"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert body.count("Enter their first name") == 2
    assert body.count("Choose action owner or viewer") == 2
    assert User.objects.count() == 1


def test_inviting_adds_an_action_owner_of_their_organisation(client, police_admin, police):
    client.force_login(police_admin)
    response = client.post(
        INVITE,
        {
            "first_name": "Sam",
            "last_name": "Patel",
            "email": "sam.patel@police.example.org",
            "username": "sam.patel",
            "role": "action_owner",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == STAFF
    assert User.objects.get(username="sam.patel").organisation == police


def test_removing_asks_first_then_deactivates(client, police_admin, police_officer):
    client.force_login(police_admin)
    url = reverse("accounts:organisation_staff_remove", args=[police_officer.pk])
    assert "Remove Kiran Dhillon" in client.get(url).content.decode()
    response = client.post(url, {"version": police_officer.version})
    assert response.status_code == 302
    police_officer.refresh_from_db()
    assert police_officer.is_active is False


def test_someone_of_another_organisation_is_not_found_and_nobody_else_may_manage_staff(
    client, police_admin, police_officer, nurse, viewer, administrator
):
    client.force_login(police_admin)
    assert (
        client.get(reverse("accounts:organisation_staff_remove", args=[nurse.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("accounts:organisation_staff_remove", args=[viewer.pk])).status_code
        == 404
    )
    for user in (police_officer, administrator):
        client.force_login(user)
        assert client.get(STAFF).status_code == 403
        url = reverse("accounts:organisation_staff_remove", args=[police_officer.pk])
        assert client.post(url, {"version": police_officer.version}).status_code == 403
    police_officer.refresh_from_db()
    assert police_officer.is_active is True
