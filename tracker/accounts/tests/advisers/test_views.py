"""The administrators' page that lets advisers in and stops it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tracker.accounts.advisers.services import adviser_access_grant
from tracker.accounts.models import AdviserAccess

pytestmark = pytest.mark.django_db

URL = "accounts:adviser_access_list"


def test_an_administrator_lets_an_adviser_in_by_email(client, administrator, adviser):
    client.force_login(administrator)
    response = client.post(reverse(URL), {"email": adviser.email}, follow=True)
    assert response.redirect_chain == [(reverse(URL), 302)]
    body = response.content.decode()
    assert "Jo Adviser can now see Solihull Metropolitan Borough Council, read only" in body
    assert AdviserAccess.objects.get().adviser == adviser


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the adviser"),
        ("not an address", "Enter an email address in the correct format"),
        ("someone@example.com", "No adviser has an account with this email address"),
    ],
)
def test_letting_in_shows_the_error_inline_and_in_the_summary_and_writes_nothing(
    client, administrator, adviser, email, message
):
    client.force_login(administrator)
    response = client.post(reverse(URL), {"email": email})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert body.count(message) == 2
    assert not AdviserAccess.objects.exists()


def test_stopping_asks_first_then_withdraws_and_keeps_the_record(
    client, administrator, adviser, local_authority
):
    access = adviser_access_grant(
        by=administrator, local_authority=local_authority, email=adviser.email
    )
    client.force_login(administrator)
    url = reverse("accounts:adviser_access_withdraw", args=[access.pk])
    assert "Stop Jo Adviser seeing your authority" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    body = response.content.decode()
    assert "Jo Adviser can no longer see your authority" in body
    assert "Could see your authority before" in body
    access.refresh_from_db()
    assert access.withdrawn_by == administrator


def test_another_authoritys_grant_is_not_found(
    client, adviser, outsider, other_local_authority, administrator
):
    from tracker.accounts.tests.factories import UserFactory

    their_admin = UserFactory(local_authority=other_local_authority, role="administrator")
    theirs = adviser_access_grant(
        by=their_admin, local_authority=other_local_authority, email=adviser.email
    )
    client.force_login(administrator)
    url = reverse("accounts:adviser_access_withdraw", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_in_force is True


def test_the_page_reads_a_fixed_number_of_queries(
    client, administrator, local_authority, django_assert_max_num_queries
):
    from tracker.accounts.models import User
    from tracker.accounts.tests.factories import UserFactory

    for number in range(12):
        adviser = UserFactory(
            local_authority=None, role=User.Role.ADVISER, email=f"a{number}@education.gov.uk"
        )
        adviser_access_grant(by=administrator, local_authority=local_authority, email=adviser.email)
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse(URL)).status_code == 200
