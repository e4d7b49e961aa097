"""An authority's administrators let an adviser in, and stop it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.advisers import services
from tracker.accounts.models import AdviserAccess, User
from tracker.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_adviser_access_grant_finds_the_adviser_by_email_and_records_who_did(
    adviser, administrator, local_authority
):
    access = services.adviser_access_grant(
        by=administrator, local_authority=local_authority, email=" Jo.Adviser@Education.gov.uk "
    )
    assert access.adviser == adviser
    assert access.granted_by == administrator
    assert access.is_in_force is True
    (record,) = access.history.all()
    assert record.history_user == administrator
    assert record.history_type == "+"


def test_adviser_access_grant_refuses_an_address_no_adviser_has(
    administrator, local_authority, viewer, outsider
):
    # The authority's own people and another authority's are never advisers.
    for email in ["nobody@education.gov.uk", viewer.email, outsider.email]:
        with pytest.raises(ValidationError, match="No adviser has an account with this email"):
            services.adviser_access_grant(
                by=administrator, local_authority=local_authority, email=email
            )
    assert not AdviserAccess.objects.exists()


def test_adviser_access_grant_refuses_an_inactive_adviser(administrator, local_authority):
    UserFactory(
        local_authority=None, role=User.Role.ADVISER, email="gone@education.gov.uk", is_active=False
    )
    with pytest.raises(ValidationError, match="No adviser has an account"):
        services.adviser_access_grant(
            by=administrator, local_authority=local_authority, email="gone@education.gov.uk"
        )


def test_adviser_access_grant_refuses_an_adviser_already_let_in(
    adviser, administrator, local_authority
):
    services.adviser_access_grant(
        by=administrator, local_authority=local_authority, email=adviser.email
    )
    with pytest.raises(ValidationError, match="Jo Adviser can already see Solihull"):
        services.adviser_access_grant(
            by=administrator, local_authority=local_authority, email=adviser.email
        )
    assert AdviserAccess.objects.count() == 1


def test_adviser_access_withdraw_keeps_the_grant_marked_withdrawn(
    adviser, administrator, local_authority
):
    access = services.adviser_access_grant(
        by=administrator, local_authority=local_authority, email=adviser.email
    )
    withdrawn = services.adviser_access_withdraw(by=administrator, access=access)
    assert withdrawn.withdrawn_by == administrator
    assert withdrawn.is_in_force is False
    assert AdviserAccess.objects.count() == 1
    assert [row.history_type for row in withdrawn.history.order_by("history_id")] == ["+", "~"]
    # Let in again: a new grant, the old one kept.
    again = services.adviser_access_grant(
        by=administrator, local_authority=local_authority, email=adviser.email
    )
    assert again.pk != access.pk
    assert AdviserAccess.objects.count() == 2


def test_adviser_access_withdraw_refuses_a_grant_someone_withdrew_meanwhile(
    adviser, administrator, local_authority
):
    access = services.adviser_access_grant(
        by=administrator, local_authority=local_authority, email=adviser.email
    )
    stale = AdviserAccess.objects.get(pk=access.pk)
    services.adviser_access_withdraw(by=administrator, access=access)
    with pytest.raises(ValidationError, match="had already lost access"):
        services.adviser_access_withdraw(by=administrator, access=stale)
