"""Administrators' pages: only administrators, only their own authority."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.administration.selectors import SIGN_IN_EVENTS_PER_PAGE
from tracker.accounts.models import Organisation, Post, SignInEvent, User
from tracker.accounts.tests.factories import OrganisationFactory, PostFactory, UserFactory
from tracker.accounts.tests.pages import body, error_summary, inline_error
from tracker.core.models import ClosureDay

pytestmark = pytest.mark.django_db

WEEKDAY = datetime.date(2026, 12, 29)


@pytest.fixture
def theirs(other_local_authority):
    """Another authority's user, post, organisation and closure day."""
    return {
        "user_id": UserFactory(local_authority=other_local_authority).pk,
        "post_id": PostFactory(local_authority=other_local_authority).pk,
        "organisation_id": OrganisationFactory(local_authority=other_local_authority).pk,
        "closure_day_id": ClosureDay.objects.create(
            local_authority=other_local_authority,
            falls_on=WEEKDAY,
            kind="extra_closure",
            reason="Theirs",
        ).pk,
    }


@pytest.fixture
def ours(local_authority, viewer, head_of_safeguards, police):
    return {
        "user_id": viewer.pk,
        "post_id": head_of_safeguards.pk,
        "organisation_id": police.pk,
        "closure_day_id": ClosureDay.objects.create(
            local_authority=local_authority, falls_on=WEEKDAY, kind="extra_closure", reason="Ours"
        ).pk,
    }


LIST_PAGES = [
    "accounts:manage",
    "accounts:user_list",
    "accounts:user_invite",
    "accounts:post_list",
    "accounts:post_create",
    "accounts:organisation_list",
    "accounts:organisation_create",
    "accounts:closure_day_list",
    "accounts:closure_day_create",
    "accounts:sign_in_event_list",
]
OBJECT_PAGES = [
    ("accounts:user_update", "user_id"),
    ("accounts:user_deactivate", "user_id"),
    ("accounts:user_reactivate", "user_id"),
    ("accounts:user_invitation_resend", "user_id"),
    ("accounts:post_update", "post_id"),
    ("accounts:post_retire", "post_id"),
    ("accounts:post_reinstate", "post_id"),
    ("accounts:organisation_update", "organisation_id"),
    ("accounts:organisation_retire", "organisation_id"),
    ("accounts:organisation_reinstate", "organisation_id"),
    ("accounts:closure_day_remove", "closure_day_id"),
]


def _counts():
    return (
        User.objects.filter(is_active=True).count(),
        Post.objects.filter(is_retired=False).count(),
        Organisation.objects.filter(is_retired=False).count(),
        ClosureDay.objects.count(),
        User.history.count() + Post.history.count() + Organisation.history.count(),
    )


# Who may use the pages --------------------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_PAGES)
def test_administrators_open_every_page(client, administrator, name):
    client.force_login(administrator)

    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(("name", "key"), OBJECT_PAGES)
def test_administrators_open_their_own_authoritys_records(client, administrator, ours, name, key):
    client.force_login(administrator)

    assert client.get(reverse(name, args=[ours[key]])).status_code == 200


@pytest.mark.parametrize(("name", "key"), OBJECT_PAGES)
def test_another_authoritys_records_are_not_found_and_left_alone(
    client, administrator, theirs, name, key
):
    client.force_login(administrator)
    before = _counts()

    assert client.get(reverse(name, args=[theirs[key]])).status_code == 404
    assert client.post(reverse(name, args=[theirs[key]]), {"version": 1}).status_code == 404
    assert _counts() == before


@pytest.mark.parametrize(("name", "key"), OBJECT_PAGES)
def test_records_that_do_not_exist_are_not_found(client, administrator, name, key):
    client.force_login(administrator)

    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "role", [User.Role.IMPROVEMENT_LEAD, User.Role.ACTION_OWNER, User.Role.VIEWER]
)
def test_anyone_but_an_administrator_is_refused_everywhere(client, local_authority, ours, role):
    client.force_login(UserFactory(local_authority=local_authority, role=role, is_staff=True))
    before = _counts()

    for name in LIST_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
        assert client.post(reverse(name), {"title": "x", "name": "x"}).status_code == 403, name
    for name, key in OBJECT_PAGES:
        assert client.get(reverse(name, args=[ours[key]])).status_code == 403, name
        assert client.post(reverse(name, args=[ours[key]]), {"version": 1}).status_code == 403
    assert _counts() == before


def test_the_refusal_says_who_can_manage(client, improvement_lead):
    client.force_login(improvement_lead)

    text = body(client.get(reverse("accounts:user_list")))

    assert "Only your local authority's administrators can manage its users" in text


def test_a_superuser_without_an_authority_finds_no_administration_pages(admin_client):
    assert admin_client.get(reverse("accounts:user_list")).status_code == 404


# Users ------------------------------------------------------------------------------------------


def test_user_list_shows_role_and_status_of_this_authority_only(
    client, administrator, local_authority, viewer, outsider
):
    UserFactory(local_authority=local_authority, username="leaver", is_active=False)
    invited = UserFactory(local_authority=local_authority, username="newcomer")
    invited.set_unusable_password()
    invited.save()
    client.force_login(administrator)

    text = body(client.get(reverse("accounts:user_list")))

    assert "viewer" in text and "Viewer" in text
    assert "Deactivated" in text and "Invited" in text and "Active" in text
    assert "outsider" not in text
    assert reverse("accounts:user_deactivate", args=[viewer.pk]) in text
    assert reverse("accounts:user_deactivate", args=[administrator.pk]) not in text
    assert reverse("accounts:user_invitation_resend", args=[invited.pk]) in text


def test_user_list_reads_a_fixed_number_of_queries(
    client, administrator, local_authority, head_of_safeguards, django_assert_max_num_queries
):
    for _ in range(20):
        UserFactory(local_authority=local_authority).posts.add(head_of_safeguards)
    client.force_login(administrator)

    with django_assert_max_num_queries(8):
        client.get(reverse("accounts:user_list"))


def test_invite_a_user(
    client, administrator, local_authority, head_of_safeguards, django_capture_on_commit_callbacks
):
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_invite"),
            {
                "first_name": "Jo",
                "last_name": "Smith",
                "email": "jo@solihull.example.org",
                "username": "jo.smith",
                "role": User.Role.ACTION_OWNER,
                "posts": [head_of_safeguards.pk],
            },
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_list")
    user = User.objects.get(username="jo.smith")
    assert user.local_authority == local_authority
    assert list(user.posts.all()) == [head_of_safeguards]
    assert user.has_usable_password() is False
    [message] = mail.outbox
    assert message.to == ["jo@solihull.example.org"]
    listing = body(client.get(response["Location"]))
    assert "Jo Smith has been invited" in listing


def test_invitation_link_lets_the_new_user_create_a_password_and_sign_in(
    client, administrator, local_authority, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:user_invite"),
            {
                "first_name": "Jo",
                "last_name": "Smith",
                "email": "jo@solihull.example.org",
                "username": "jo.smith",
                "role": User.Role.VIEWER,
            },
        )
    client.post(reverse("accounts:logout"))
    link = next(word for word in mail.outbox[0].body.split() if "/set-password/" in word)

    page = client.get("/" + link.split("/", 3)[3], follow=True)
    assert "Create your password" in body(page)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    response = client.post(
        reverse("accounts:login"), {"username": "jo.smith", "password": "a long new passphrase"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")


def test_invite_with_nothing_filled_in_shows_each_error_and_writes_nothing(client, administrator):
    client.force_login(administrator)
    before = User.objects.count()

    response = client.post(reverse("accounts:user_invite"), {"first_name": ""})
    text = body(response)
    summary = error_summary(text)

    assert response.status_code == 200
    assert "<title>Error: Invite a user" in text
    for message in (
        "Enter their first name",
        "Enter their last name",
        "Enter their email address",
        "Enter a username",
        "Choose their role",
    ):
        assert message in summary
    assert inline_error(text, "id_username") == "Error: Enter a username"
    assert User.objects.count() == before
    assert mail.outbox == []


def test_invite_does_not_offer_another_authoritys_posts(
    client, administrator, other_local_authority
):
    foreign = PostFactory(local_authority=other_local_authority, title="Their post")
    client.force_login(administrator)

    assert "Their post" not in body(client.get(reverse("accounts:user_invite")))
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "first_name": "Jo",
            "last_name": "Smith",
            "email": "jo@example.org",
            "username": "jo",
            "role": "viewer",
            "posts": [foreign.pk],
        },
    )
    assert "Select a valid choice" in error_summary(body(response))
    assert not User.objects.filter(username="jo").exists()


def _user_form(user, **overrides):
    data = {
        "version": user.version,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email or "someone@example.org",
        "job_title": user.job_title,
        "role": user.role,
        "posts": [post.pk for post in user.posts.all()],
    }
    return {**data, **overrides}


def test_change_a_users_role_and_posts(client, administrator, viewer, head_of_safeguards):
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:user_update", args=[viewer.pk]),
        _user_form(viewer, role=User.Role.ACTION_OWNER, posts=[head_of_safeguards.pk]),
    )

    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == User.Role.ACTION_OWNER
    assert list(viewer.posts.all()) == [head_of_safeguards]


def test_change_a_user_from_a_stale_page_is_refused(client, administrator, viewer):
    client.force_login(administrator)
    stale = _user_form(viewer, role=User.Role.IMPROVEMENT_LEAD)
    client.post(
        reverse("accounts:user_update", args=[viewer.pk]), _user_form(viewer, job_title="Member")
    )

    response = client.post(reverse("accounts:user_update", args=[viewer.pk]), stale)

    assert "This user was changed by someone else" in error_summary(body(response))
    viewer.refresh_from_db()
    assert viewer.role == User.Role.VIEWER


def test_changing_your_own_role_is_refused_on_the_page(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:user_update", args=[administrator.pk]),
        _user_form(administrator, role=User.Role.VIEWER),
    )
    text = body(response)

    assert "You cannot change your own role: ask another administrator" in error_summary(text)
    assert inline_error(text, "id_role").startswith("Error: You cannot change your own role")
    administrator.refresh_from_db()
    assert administrator.role == User.Role.ADMINISTRATOR


def test_deactivate_and_reactivate_a_user(client, administrator, viewer):
    client.force_login(administrator)
    page = body(client.get(reverse("accounts:user_deactivate", args=[viewer.pk])))
    assert "will not be able to sign in" in page

    response = client.post(reverse("accounts:user_deactivate", args=[viewer.pk]), {"version": 1})

    assert response["Location"] == reverse("accounts:user_list")
    viewer.refresh_from_db()
    assert viewer.is_active is False
    client.post(reverse("accounts:user_reactivate", args=[viewer.pk]), {"version": 2})
    viewer.refresh_from_db()
    assert viewer.is_active is True


def test_a_deactivated_user_is_signed_out_at_once(client, administrator, viewer):
    client.force_login(administrator)
    client.post(reverse("accounts:user_deactivate", args=[viewer.pk]), {"version": 1})
    client.force_login(viewer)  # a session started before
    viewer_client = client

    assert viewer_client.get(reverse("core:dashboard")).status_code == 302


def test_deactivating_yourself_is_refused_on_the_page(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:user_deactivate", args=[administrator.pk]), {"version": 1}
    )

    assert response.status_code == 200
    assert "You cannot deactivate your own account" in error_summary(body(response))
    administrator.refresh_from_db()
    assert administrator.is_active is True


# Posts, organisations, closure days -------------------------------------------------------------


def test_add_a_post(client, administrator, local_authority, police):
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:post_create"), {"title": "Designated Officer", "organisation": police.pk}
    )

    assert response["Location"] == reverse("accounts:post_list")
    post = Post.objects.get(title="Designated Officer")
    assert post.local_authority == local_authority
    assert post.organisation == police
    assert "Designated Officer" in body(client.get(reverse("accounts:post_list")))


def test_add_a_post_with_a_title_in_use_shows_the_error(client, administrator, head_of_safeguards):
    client.force_login(administrator)

    response = client.post(reverse("accounts:post_create"), {"title": "Head of Service Safeguards"})
    text = body(response)

    assert inline_error(text, "id_title") == (
        "Error: There is already a post called Head of Service Safeguards"
    )
    assert Post.objects.count() == 1


def test_retire_a_post(client, administrator, head_of_safeguards):
    client.force_login(administrator)

    client.post(reverse("accounts:post_retire", args=[head_of_safeguards.pk]), {"version": 1})

    head_of_safeguards.refresh_from_db()
    assert head_of_safeguards.is_retired is True
    assert "Retired" in body(client.get(reverse("accounts:post_list")))


def test_rename_an_organisation(client, administrator, police):
    client.force_login(administrator)

    client.post(
        reverse("accounts:organisation_update", args=[police.pk]),
        {"version": 1, "name": "West Midlands Police (Solihull)", "kind": "police"},
    )

    police.refresh_from_db()
    assert police.name == "West Midlands Police (Solihull)"
    assert police.version == 2


def test_add_an_organisation_without_a_kind_shows_the_error(client, administrator):
    client.force_login(administrator)

    response = client.post(reverse("accounts:organisation_create"), {"name": "Solihull College"})

    assert "Choose what kind of organisation it is" in error_summary(body(response))
    assert not Organisation.objects.exists()


def test_add_and_remove_a_closure_day(client, administrator, local_authority):
    client.force_login(administrator)

    client.post(
        reverse("accounts:closure_day_create"),
        {
            "falls_on-day": "29",
            "falls_on-month": "12",
            "falls_on-year": "2026",
            "kind": "extra_closure",
            "reason": "Council closed",
        },
    )
    day = ClosureDay.objects.get()
    assert day.local_authority == local_authority
    assert "29 December 2026" in body(client.get(reverse("accounts:closure_day_list")))

    client.post(reverse("accounts:closure_day_remove", args=[day.pk]), {})

    assert not ClosureDay.objects.exists()


def test_add_a_closure_day_on_a_weekend_shows_the_error(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:closure_day_create"),
        {
            "falls_on-day": "26",
            "falls_on-month": "12",
            "falls_on-year": "2026",
            "kind": "extra_closure",
            "reason": "x",
        },
    )

    assert "Choose a weekday: weekends are never working days" in error_summary(body(response))
    assert not ClosureDay.objects.exists()


def test_closure_days_for_every_authority_are_shown_but_cannot_be_removed(client, administrator):
    national = ClosureDay.objects.create(falls_on=WEEKDAY, kind="extra_closure", reason="National")
    client.force_login(administrator)

    text = body(client.get(reverse("accounts:closure_day_list")))

    assert "National" in text
    assert reverse("accounts:closure_day_remove", args=[national.pk]) not in text
    assert (
        client.post(reverse("accounts:closure_day_remove", args=[national.pk])).status_code == 404
    )
    assert ClosureDay.objects.exists()


# The sign-in record -----------------------------------------------------------------------------


def _event(user, kind, minutes_ago, **fields):
    return SignInEvent.objects.create(
        kind=kind,
        username=user.username,
        user=user,
        local_authority_id=user.local_authority_id,
        occurred_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )


def test_sign_in_record_shows_this_authority_newest_first(client, administrator, viewer, outsider):
    _event(viewer, SignInEvent.Kind.SIGNED_IN, 30, ip_address="192.0.2.1")
    _event(viewer, SignInEvent.Kind.FAILED, 10, ip_address="192.0.2.2")
    _event(outsider, SignInEvent.Kind.SIGNED_IN, 5, ip_address="203.0.113.9")
    client.force_login(administrator)

    text = body(client.get(reverse("accounts:sign_in_event_list")))

    assert "192.0.2.1" in text and "192.0.2.2" in text
    assert text.index("192.0.2.2") < text.index("192.0.2.1")
    assert "203.0.113.9" not in text
    assert "Failed sign-in" in text


def test_sign_in_record_filters_by_kind(client, administrator, viewer):
    _event(viewer, SignInEvent.Kind.SIGNED_IN, 30, ip_address="192.0.2.1")
    _event(viewer, SignInEvent.Kind.FAILED, 10, ip_address="192.0.2.2")
    client.force_login(administrator)

    text = body(client.get(reverse("accounts:sign_in_event_list"), {"kind": "failed"}))

    assert "192.0.2.2" in text
    assert "192.0.2.1" not in text


def test_sign_in_record_pages(client, administrator, viewer, django_assert_max_num_queries):
    for minutes in range(SIGN_IN_EVENTS_PER_PAGE + 3):
        _event(viewer, SignInEvent.Kind.SIGNED_IN, minutes + 1)
    client.force_login(administrator)

    with django_assert_max_num_queries(8):
        first = client.get(reverse("accounts:sign_in_event_list"))
    second = client.get(reverse("accounts:sign_in_event_list"), {"page": "2"})

    assert len(first.context["events"]) == SIGN_IN_EVENTS_PER_PAGE
    assert 'rel="next"' in body(first)
    total = SignInEvent.objects.count()  # the administrator's own sign-in is recorded too
    assert len(second.context["events"]) == total - SIGN_IN_EVENTS_PER_PAGE
    assert "Page 2 of 2" in body(second)
    assert client.get(reverse("accounts:sign_in_event_list"), {"page": "x"}).status_code == 200


def test_an_administrator_makes_a_partner_their_organisations_administrator(
    client, administrator, viewer, police
):
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user_update", args=[viewer.pk]),
        _user_form(viewer, organisation=police.pk, manages_organisation="on"),
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.is_organisation_administrator is True


def test_making_a_partner_an_improvement_lead_is_refused_on_the_page(
    client, administrator, viewer, police
):
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user_update", args=[viewer.pk]),
        _user_form(viewer, organisation=police.pk, role=User.Role.IMPROVEMENT_LEAD),
    )
    assert "can only be an action owner or a viewer" in error_summary(body(response))
    viewer.refresh_from_db()
    assert viewer.organisation is None
    assert viewer.role == User.Role.VIEWER
