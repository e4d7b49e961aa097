"""A partner organisation's administrator invites and removes its own staff, and no one else."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tracker.accounts.models import User
from tracker.accounts.organisation import services
from tracker.core.errors import ConcurrentEditError

pytestmark = pytest.mark.django_db


def _invite(by, **overrides):
    data = {
        "username": "sam.patel",
        "first_name": "Sam",
        "last_name": "Patel",
        "email": "sam.patel@police.example.org",
        "role": User.Role.ACTION_OWNER,
    }
    return services.organisation_staff_invite(by=by, **{**data, **overrides})


def test_organisation_staff_invite_adds_someone_to_their_own_organisation_and_emails_them(
    police_admin, police, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(police_admin)
    assert user.organisation == police
    assert user.local_authority == police.local_authority
    assert user.is_partner is True
    assert user.manages_organisation is False
    assert user.has_usable_password() is False
    assert [message.to for message in mail.outbox] == [["sam.patel@police.example.org"]]
    assert user.history.get().history_user == police_admin


@pytest.mark.parametrize("role", [User.Role.ADMINISTRATOR, User.Role.IMPROVEMENT_LEAD])
def test_organisation_staff_invite_refuses_any_role_but_owner_or_viewer(police_admin, role):
    with pytest.raises(ValidationError, match="Choose action owner or viewer"):
        _invite(police_admin, role=role)
    assert not User.objects.filter(username="sam.patel").exists()


def test_organisation_staff_invite_refuses_someone_who_does_not_manage_an_organisation(
    police_officer, administrator
):
    for by in (police_officer, administrator):
        with pytest.raises(ValidationError, match="Only a partner organisation's administrator"):
            _invite(by)
    assert not User.objects.filter(username="sam.patel").exists()


def test_organisation_staff_invite_refuses_an_email_address_already_used(
    police_admin, police_officer
):
    with pytest.raises(ValidationError, match="Someone already uses this email address"):
        _invite(police_admin, email=police_officer.email)


def test_organisation_staff_remove_deactivates_and_keeps_the_person(police_admin, police_officer):
    removed = services.organisation_staff_remove(
        by=police_admin, member=police_officer, expected_version=police_officer.version
    )
    assert removed.is_active is False
    assert User.objects.filter(pk=police_officer.pk).exists()
    assert removed.history.latest().history_user == police_admin


def test_organisation_staff_remove_refuses_someone_of_another_organisation_or_the_council(
    police_admin, nurse, viewer
):
    for member in (nurse, viewer):
        with pytest.raises(ValidationError, match="only remove people of your own organisation"):
            services.organisation_staff_remove(
                by=police_admin, member=member, expected_version=member.version
            )
        member.refresh_from_db()
        assert member.is_active is True


def test_organisation_staff_remove_refuses_yourself_and_a_stale_copy(police_admin, police_officer):
    with pytest.raises(ValidationError, match="You cannot remove yourself"):
        services.organisation_staff_remove(
            by=police_admin, member=police_admin, expected_version=police_admin.version
        )
    with pytest.raises(ConcurrentEditError):
        services.organisation_staff_remove(
            by=police_admin, member=police_officer, expected_version=police_officer.version - 1
        )
    police_officer.refresh_from_db()
    assert police_officer.is_active is True
