"""Administrators' writes: users, posts, organisations and closure days of one authority."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from tracker.accounts.administration import services
from tracker.accounts.models import Organisation, Post, User
from tracker.accounts.tests.factories import OrganisationFactory, PostFactory, UserFactory
from tracker.core.errors import ConcurrentEditError
from tracker.core.models import ClosureDay
from tracker.core.working_days import closures_load

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.gov.uk"


def _invite(administrator, local_authority, **overrides):
    data = {
        "username": "jo.smith",
        "first_name": "Jo",
        "last_name": "Smith",
        "email": "jo.smith@solihull.example.org",
        "role": User.Role.ACTION_OWNER,
        "job_title": "Service manager",
    }
    return services.user_invite(
        by=administrator, local_authority=local_authority, **{**data, **overrides}
    )


# Users ------------------------------------------------------------------------------------------


@override_settings(SITE_URL=SITE)
def test_user_invite_creates_a_user_without_a_password_and_emails_a_link(
    administrator, local_authority, head_of_safeguards, police, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(
            administrator, local_authority, posts=[head_of_safeguards], organisation=police
        )

    user.refresh_from_db()
    assert user.local_authority == local_authority
    assert user.role == User.Role.ACTION_OWNER
    assert list(user.posts.all()) == [head_of_safeguards]
    assert user.organisation == police
    assert user.has_usable_password() is False
    assert user.is_staff is False and user.is_superuser is False
    assert {row.history_user for row in user.history.all()} == {administrator}
    [message] = mail.outbox
    assert message.to == ["jo.smith@solihull.example.org"]
    assert message.subject == "You have been invited to Improvement Tracker"
    assert "Your username is jo.smith." in message.body
    assert "for Solihull Metropolitan Borough Council, as action owner" in message.body
    assert re.search(rf"{re.escape(SITE)}/accounts/set-password/\S+/\S+/", message.body)


def test_user_invite_sends_nothing_until_the_transaction_commits(
    administrator, local_authority, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(administrator, local_authority)

    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": " "}, "first_name", "Enter their first name"),
        ({"last_name": ""}, "last_name", "Enter their last name"),
        ({"email": ""}, "email", "Enter their email address: the invitation is sent there"),
        ({"username": "admin"}, "username", "A user with that username already exists."),
        ({"role": "superhero"}, "role", "Value 'superhero' is not a valid choice."),
    ],
)
def test_user_invite_refuses_bad_details_and_writes_and_sends_nothing(
    administrator, local_authority, overrides, field, message, django_capture_on_commit_callbacks
):
    before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        _invite(administrator, local_authority, **overrides)

    assert error.value.message_dict[field] == [message]
    assert User.objects.count() == before
    assert mail.outbox == []


def test_user_invite_refuses_an_email_address_already_used(administrator, local_authority):
    UserFactory(local_authority=local_authority, email="JO.SMITH@solihull.example.org")

    with pytest.raises(ValidationError) as error:
        _invite(administrator, local_authority)

    assert error.value.message_dict["email"] == ["Someone already uses this email address"]


def test_user_invite_refuses_another_authoritys_posts_and_retired_ones(
    administrator, local_authority, other_local_authority
):
    with pytest.raises(ValidationError) as error:
        _invite(
            administrator,
            local_authority,
            posts=[PostFactory(local_authority=other_local_authority)],
        )
    assert error.value.message_dict["posts"] == ["Choose posts of the user's local authority"]

    retired = PostFactory(local_authority=local_authority, is_retired=True)
    with pytest.raises(ValidationError) as error:
        _invite(administrator, local_authority, posts=[retired])
    assert error.value.message_dict["posts"] == ["Choose posts that are not retired"]
    assert not User.objects.filter(username="jo.smith").exists()


def test_user_invitation_resend_only_for_someone_without_a_password(
    administrator, local_authority, viewer, django_capture_on_commit_callbacks
):
    invited = _invite(administrator, local_authority)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.user_invitation_resend(by=administrator, user=invited)
    assert len(mail.outbox) == 1

    with pytest.raises(ValidationError, match="has already set a password"):
        services.user_invitation_resend(by=administrator, user=viewer)


def _update(by, user, **overrides):
    data = {
        "expected_version": user.version,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email or f"{user.username}@example.org",
        "job_title": user.job_title,
        "role": user.role,
        "organisation": user.organisation,
        "posts": list(user.posts.all()),
    }
    return services.user_update(by=by, user=user, **{**data, **overrides})


def test_user_update_changes_role_and_posts_with_history(administrator, viewer, head_of_safeguards):
    updated = _update(
        administrator, viewer, role=User.Role.ACTION_OWNER, posts=[head_of_safeguards]
    )

    updated.refresh_from_db()
    assert updated.role == User.Role.ACTION_OWNER
    assert list(updated.posts.all()) == [head_of_safeguards]
    assert updated.version == 2
    latest = updated.history.first()
    assert latest.history_user == administrator
    assert latest.role == User.Role.ACTION_OWNER
    assert [post.post_id for post in latest.posts.all()] == [head_of_safeguards.pk]


def test_user_update_refuses_a_stale_copy(administrator, viewer):
    _update(administrator, viewer, job_title="Board member")

    with pytest.raises(ConcurrentEditError, match="This user was changed by someone else"):
        _update(administrator, viewer, expected_version=1, role=User.Role.IMPROVEMENT_LEAD)

    viewer.refresh_from_db()
    assert viewer.role == User.Role.VIEWER


def test_user_update_refuses_to_change_your_own_role(administrator, local_authority):
    UserFactory(local_authority=local_authority, role=User.Role.ADMINISTRATOR)

    with pytest.raises(ValidationError) as error:
        _update(administrator, administrator, role=User.Role.VIEWER)

    assert error.value.message_dict["role"] == [
        "You cannot change your own role: ask another administrator"
    ]
    administrator.refresh_from_db()
    assert administrator.role == User.Role.ADMINISTRATOR


def test_user_update_keeps_the_last_active_administrator(administrator):
    operator = UserFactory(local_authority=None, is_superuser=True, role=User.Role.VIEWER)

    with pytest.raises(ValidationError) as error:
        _update(operator, administrator, role=User.Role.VIEWER)

    assert "is the last active administrator" in error.value.message_dict["role"][0]


def test_user_update_keeps_retired_posts_already_held(
    administrator, action_owner, head_of_safeguards
):
    head_of_safeguards.is_retired = True
    head_of_safeguards.save()

    updated = _update(administrator, action_owner, job_title="Head of Service")

    assert list(updated.posts.all()) == [head_of_safeguards]


def test_user_deactivate_keeps_the_user_and_their_history(administrator, viewer):
    services.user_deactivate(by=administrator, user=viewer, expected_version=viewer.version)

    viewer.refresh_from_db()
    assert viewer.is_active is False
    assert User.objects.filter(pk=viewer.pk).exists()
    assert viewer.history.first().history_user == administrator


def test_user_deactivate_refuses_yourself(administrator):
    with pytest.raises(ValidationError, match="You cannot deactivate your own account"):
        services.user_deactivate(
            by=administrator, user=administrator, expected_version=administrator.version
        )

    administrator.refresh_from_db()
    assert administrator.is_active is True


def test_user_deactivate_refuses_the_last_active_administrator(administrator):
    operator = UserFactory(local_authority=None, is_superuser=True)

    with pytest.raises(ValidationError, match="is the last active administrator"):
        services.user_deactivate(
            by=operator, user=administrator, expected_version=administrator.version
        )


def test_user_deactivate_allows_an_administrator_when_another_remains(
    administrator, local_authority
):
    second = UserFactory(local_authority=local_authority, role=User.Role.ADMINISTRATOR)

    services.user_deactivate(by=administrator, user=second, expected_version=second.version)

    second.refresh_from_db()
    assert second.is_active is False


def test_user_reactivate_lets_them_back_and_refuses_an_active_user(administrator, viewer):
    services.user_deactivate(by=administrator, user=viewer, expected_version=1)

    services.user_reactivate(by=administrator, user=viewer, expected_version=2)

    viewer.refresh_from_db()
    assert viewer.is_active is True
    with pytest.raises(ValidationError, match="is already active"):
        services.user_reactivate(by=administrator, user=viewer, expected_version=3)


# Posts and organisations ------------------------------------------------------------------------


def test_post_create_with_history(administrator, local_authority, police):
    post = services.post_create(
        by=administrator,
        local_authority=local_authority,
        title="  Designated   Officer ",
        organisation=police,
    )

    assert post.title == "Designated Officer"
    assert post.history.get().history_user == administrator


def test_post_create_refuses_a_title_already_used_and_writes_nothing(
    administrator, local_authority, head_of_safeguards
):
    with pytest.raises(ValidationError) as error:
        services.post_create(
            by=administrator,
            local_authority=local_authority,
            title="head of service safeguards",
            organisation=None,
        )

    assert error.value.message_dict["title"] == [
        "There is already a post called head of service safeguards"
    ]
    assert Post.objects.count() == 1


def test_post_create_refuses_another_authoritys_organisation(
    administrator, local_authority, other_local_authority
):
    with pytest.raises(ValidationError) as error:
        services.post_create(
            by=administrator,
            local_authority=local_authority,
            title="Liaison officer",
            organisation=OrganisationFactory(local_authority=other_local_authority),
        )

    assert error.value.message_dict["organisation"] == [
        "Choose an organisation of your local authority"
    ]


def test_post_update_renames_and_refuses_a_stale_copy(administrator, head_of_safeguards):
    services.post_update(
        by=administrator,
        post=head_of_safeguards,
        expected_version=1,
        title="Head of Safeguarding",
        organisation=None,
    )

    with pytest.raises(ConcurrentEditError):
        services.post_update(
            by=administrator,
            post=head_of_safeguards,
            expected_version=1,
            title="Something else",
            organisation=None,
        )
    head_of_safeguards.refresh_from_db()
    assert head_of_safeguards.title == "Head of Safeguarding"


def test_post_retire_and_reinstate(administrator, head_of_safeguards):
    services.post_retire(by=administrator, post=head_of_safeguards, expected_version=1)
    head_of_safeguards.refresh_from_db()
    assert head_of_safeguards.is_retired is True

    with pytest.raises(ValidationError, match="is already retired"):
        services.post_retire(by=administrator, post=head_of_safeguards, expected_version=2)

    services.post_reinstate(by=administrator, post=head_of_safeguards, expected_version=2)
    head_of_safeguards.refresh_from_db()
    assert head_of_safeguards.is_retired is False
    assert head_of_safeguards.history.count() == 3


def test_organisation_create_update_retire(administrator, local_authority):
    organisation = services.organisation_create(
        by=administrator, local_authority=local_authority, name="Solihull College", kind="education"
    )
    services.organisation_update(
        by=administrator,
        organisation=organisation,
        expected_version=1,
        name="Solihull College and University Centre",
        kind="education",
    )
    services.organisation_retire(by=administrator, organisation=organisation, expected_version=2)

    organisation.refresh_from_db()
    assert organisation.name == "Solihull College and University Centre"
    assert organisation.is_retired is True
    assert organisation.history.first().history_user == administrator


def test_organisation_create_refuses_a_duplicate_and_an_unknown_kind(
    administrator, local_authority, police
):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            by=administrator, local_authority=local_authority, name="west midlands police", kind="x"
        )

    assert error.value.message_dict == {
        "name": ["There is already an organisation called west midlands police"],
        "kind": ["Choose what kind of organisation it is"],
    }
    assert Organisation.objects.count() == 1


# Closure days -----------------------------------------------------------------------------------

CHRISTMAS_CLOSURE = datetime.date(2026, 12, 29)  # a Tuesday, not a bank holiday


def test_closure_day_create_changes_only_that_authoritys_working_days(
    administrator, local_authority, other_local_authority
):
    services.closure_day_create(
        by=administrator,
        local_authority=local_authority,
        falls_on=CHRISTMAS_CLOSURE,
        kind=ClosureDay.Kind.EXTRA_CLOSURE,
        reason="Council closed between Christmas and New Year",
    )

    assert CHRISTMAS_CLOSURE in closures_load(local_authority_id=local_authority.pk).extra
    assert CHRISTMAS_CLOSURE not in closures_load(local_authority_id=other_local_authority.pk).extra
    assert CHRISTMAS_CLOSURE not in closures_load().extra
    assert ClosureDay.history.get().history_user == administrator


@pytest.mark.parametrize(
    ("falls_on", "kind", "message"),
    [
        (
            datetime.date(2026, 12, 26),
            "extra_closure",
            "Choose a weekday: weekends are never working days",
        ),
        (
            datetime.date(2026, 12, 25),
            "extra_closure",
            "This date is already an English bank holiday",
        ),
        (
            CHRISTMAS_CLOSURE,
            "cancelled_bank_holiday",
            "This date is not an English bank holiday, so it cannot be cancelled",
        ),
    ],
)
def test_closure_day_create_refuses_impossible_days(
    administrator, local_authority, falls_on, kind, message
):
    with pytest.raises(ValidationError) as error:
        services.closure_day_create(
            by=administrator,
            local_authority=local_authority,
            falls_on=falls_on,
            kind=kind,
            reason="x",
        )

    assert error.value.message_dict["falls_on"] == [message]
    assert ClosureDay.objects.count() == 0


def test_closure_day_create_refuses_a_day_already_recorded(administrator, local_authority):
    ClosureDay.objects.create(falls_on=CHRISTMAS_CLOSURE, kind="extra_closure", reason="National")
    with pytest.raises(ValidationError) as error:
        services.closure_day_create(
            by=administrator,
            local_authority=local_authority,
            falls_on=CHRISTMAS_CLOSURE,
            kind="extra_closure",
            reason="Ours",
        )
    assert error.value.message_dict["falls_on"] == [
        "This date is already a closure day for every local authority"
    ]


def test_closure_day_remove_keeps_its_history(administrator, local_authority):
    day = services.closure_day_create(
        by=administrator,
        local_authority=local_authority,
        falls_on=CHRISTMAS_CLOSURE,
        kind="extra_closure",
        reason="Closed",
    )

    services.closure_day_remove(by=administrator, closure_day=day)

    assert ClosureDay.objects.count() == 0
    removed = ClosureDay.history.first()
    assert (removed.history_type, removed.history_user, removed.falls_on) == (
        "-",
        administrator,
        CHRISTMAS_CLOSURE,
    )


# Partners ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [User.Role.ADMINISTRATOR, User.Role.IMPROVEMENT_LEAD])
def test_user_invite_refuses_to_make_a_partner_an_administrator_or_improvement_lead(
    administrator, local_authority, police, role
):
    with pytest.raises(ValidationError, match="can only be an action owner or a viewer"):
        _invite(administrator, local_authority, organisation=police, role=role)
    assert not User.objects.filter(username="jo.smith").exists()


def test_user_invite_makes_a_partner_their_organisations_administrator(
    administrator, local_authority, police
):
    user = _invite(administrator, local_authority, organisation=police, manages_organisation=True)
    assert user.is_organisation_administrator is True
    assert user.can_edit_plans is False


def test_only_someone_of_a_partner_organisation_manages_its_staff(
    administrator, local_authority, viewer
):
    with pytest.raises(ValidationError, match="Only someone of a partner organisation"):
        _invite(administrator, local_authority, manages_organisation=True)
    with pytest.raises(ValidationError, match="Only someone of a partner organisation"):
        _update(administrator, viewer, manages_organisation=True)
    viewer.refresh_from_db()
    assert viewer.manages_organisation is False


def test_user_update_refuses_to_move_an_improvement_lead_into_a_partner(
    administrator, improvement_lead, police
):
    with pytest.raises(ValidationError, match="can only be an action owner or a viewer"):
        _update(administrator, improvement_lead, organisation=police)
    improvement_lead.refresh_from_db()
    assert improvement_lead.organisation is None
