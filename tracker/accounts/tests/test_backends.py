"""Loading the signed-in user for each request."""

from __future__ import annotations

import pytest

from tracker.accounts.backends import PasswordBackend, user_for_session
from tracker.accounts.models import Organisation, User
from tracker.accounts.sso.backends import WorkAccountBackend
from tracker.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_session_user_comes_with_their_organisation_so_is_partner_costs_no_query(
    django_assert_num_queries,
):
    police = OrganisationFactory(kind=Organisation.Kind.POLICE)
    officer = UserFactory(local_authority=police.local_authority, organisation=police)

    with django_assert_num_queries(1):
        user = PasswordBackend().get_user(officer.pk)
    with django_assert_num_queries(0):
        assert user is not None
        assert user.is_partner


def test_session_user_without_an_organisation_is_not_a_partner():
    user = PasswordBackend().get_user(UserFactory().pk)

    assert user is not None
    assert not user.is_partner


def test_the_read_is_compiled_once_and_gives_what_the_orm_gives(django_assert_num_queries):
    """`user_for_session` runs SQL compiled once: the same user and organisation as the ORM's
    own read, for each id asked, and nobody for an id that is not one."""
    police = OrganisationFactory(kind=Organisation.Kind.POLICE)
    officer = UserFactory(local_authority=police.local_authority, organisation=police)
    lead = UserFactory()

    for wanted in (officer, lead, officer):
        with django_assert_num_queries(1):
            user = user_for_session(str(wanted.pk))  # a session holds the id as text
        expected = User.objects.select_related("organisation").get(pk=wanted.pk)
        assert user == expected
        assert [getattr(user, f.attname) for f in User._meta.concrete_fields] == [
            getattr(expected, f.attname) for f in User._meta.concrete_fields
        ]
        assert user.organisation == expected.organisation
    for not_an_id in (None, "", "seven", "1; DROP TABLE accounts_user"):
        assert user_for_session(not_an_id) is None


def test_switched_off_or_unknown_user_is_nobody():
    switched_off = UserFactory(is_active=False)

    assert PasswordBackend().get_user(switched_off.pk) is None
    assert PasswordBackend().get_user(switched_off.pk + 1000) is None


def test_page_after_password_sign_in_is_served_through_this_backend(client):
    UserFactory(username="lead")

    assert client.login(username="lead", password="correct horse battery")
    response = client.get("/")

    assert response.status_code == 200
    assert client.session["_auth_user_backend"] == "tracker.accounts.backends.PasswordBackend"


def test_work_account_session_user_comes_with_their_organisation_and_not_when_switched_off(
    django_assert_num_queries,
):
    health = OrganisationFactory(kind=Organisation.Kind.HEALTH)
    nurse = UserFactory(local_authority=health.local_authority, organisation=health)
    switched_off = UserFactory(is_active=False)

    with django_assert_num_queries(1):
        user = WorkAccountBackend().get_user(nurse.pk)
    with django_assert_num_queries(0):
        assert user is not None
        assert user.is_partner
    assert WorkAccountBackend().get_user(switched_off.pk) is None
