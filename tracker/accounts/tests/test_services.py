import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.models import Organisation, Post, User
from tracker.accounts.services import organisation_get_or_create, post_get_or_create, user_create
from tracker.accounts.tests.factories import PostFactory, UserFactory

# post_get_or_create ------------------------------------------------------------------------------


def test_post_get_or_create_creates_a_new_post(local_authority, police):
    post = post_get_or_create(
        local_authority=local_authority, title="Designated Safeguarding Lead", organisation=police
    )

    assert post.pk is not None
    assert post.local_authority == local_authority
    assert post.title == "Designated Safeguarding Lead"
    assert post.organisation == police


def test_post_get_or_create_tidies_spaces_in_the_title(local_authority):
    post = post_get_or_create(local_authority=local_authority, title="  Head  of\tService  ")

    assert post.title == "Head of Service"


def test_post_get_or_create_finds_the_existing_post_whatever_the_case(
    local_authority, head_of_safeguards
):
    found = post_get_or_create(local_authority=local_authority, title="head of service  SAFEGUARDS")

    assert found == head_of_safeguards
    assert Post.objects.filter(local_authority=local_authority).count() == 1


def test_post_get_or_create_keeps_authorities_apart(
    local_authority, other_local_authority, head_of_safeguards
):
    post = post_get_or_create(
        local_authority=other_local_authority, title="Head of Service Safeguards"
    )

    assert post != head_of_safeguards
    assert post.local_authority == other_local_authority
    assert Post.objects.count() == 2


def test_post_get_or_create_records_history(local_authority):
    post = post_get_or_create(local_authority=local_authority, title="Principal Social Worker")

    assert post.history.count() == 1
    assert post.history.first().history_type == "+"


# organisation_get_or_create ----------------------------------------------------------------------


def test_organisation_get_or_create_creates_a_new_organisation(local_authority):
    organisation = organisation_get_or_create(
        local_authority=local_authority, name="Birmingham and Solihull ICB", kind="health"
    )

    assert organisation.pk is not None
    assert organisation.local_authority == local_authority
    assert organisation.kind == Organisation.Kind.HEALTH


def test_organisation_get_or_create_returns_the_existing_one_unchanged(local_authority, police):
    found = organisation_get_or_create(
        local_authority=local_authority, name="West Midlands Police", kind="other"
    )

    assert found == police
    assert found.kind == Organisation.Kind.POLICE
    assert Organisation.objects.count() == 1


def test_organisation_get_or_create_keeps_authorities_apart(other_local_authority, police):
    organisation = organisation_get_or_create(
        local_authority=other_local_authority, name="West Midlands Police", kind="police"
    )

    assert organisation != police
    assert organisation.local_authority == other_local_authority


# user_create -------------------------------------------------------------------------------------


def test_user_create_makes_a_user_of_one_authority_with_posts(
    local_authority, head_of_safeguards, police
):
    other_post = PostFactory(local_authority=local_authority, title="Service Manager")

    user = user_create(
        local_authority=local_authority,
        username="jsmith",
        password="a long pass phrase",
        first_name="Jo",
        last_name="Smith",
        email="jo.smith@example.org",
        role=User.Role.ACTION_OWNER,
        job_title="Head of Service",
        organisation=police,
        posts=[head_of_safeguards, other_post],
    )

    user.refresh_from_db()
    assert user.local_authority == local_authority
    assert user.role == User.Role.ACTION_OWNER
    assert user.organisation == police
    assert user.job_title == "Head of Service"
    assert set(user.posts.all()) == {head_of_safeguards, other_post}
    assert user.check_password("a long pass phrase") is True
    assert user.is_staff is False
    assert user.is_superuser is False
    assert str(user) == "Jo Smith"


def test_user_create_defaults_to_a_viewer_with_no_posts(local_authority):
    user = user_create(local_authority=local_authority, username="reader", password="pw")

    assert user.role == User.Role.VIEWER
    assert user.can_edit_plans is False
    assert user.posts.count() == 0


def test_user_create_does_not_store_the_password_in_clear(local_authority):
    user = user_create(local_authority=local_authority, username="reader", password="secret pw")

    assert user.password != "secret pw"
    assert user.history.first().history_type == "+"


def test_user_create_refuses_an_unknown_role_and_writes_nothing(local_authority):
    before = User.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        user_create(local_authority=local_authority, username="x", password="pw", role="superhero")

    assert "role" in excinfo.value.message_dict
    assert User.objects.count() == before


def test_user_create_refuses_a_username_already_taken_and_writes_nothing(local_authority):
    UserFactory(local_authority=local_authority, username="taken")
    before = User.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        user_create(local_authority=local_authority, username="taken", password="pw")

    assert excinfo.value.message_dict["username"] == ["A user with that username already exists."]
    assert User.objects.count() == before


def test_user_create_refuses_an_invalid_email_and_writes_nothing(local_authority):
    before = User.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        user_create(
            local_authority=local_authority, username="x", password="pw", email="not-an-email"
        )

    assert "email" in excinfo.value.message_dict
    assert User.objects.count() == before


def test_user_create_allows_no_local_authority_for_a_superuser(db):
    user = user_create(
        local_authority=None,
        username="root",
        password="pw",
        role=User.Role.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )

    assert user.local_authority is None
    assert user.is_superuser is True


def test_user_create_refuses_posts_and_organisation_of_another_authority(
    local_authority, other_local_authority
):
    from django.core.exceptions import ValidationError

    from tracker.accounts.models import User
    from tracker.accounts.services import user_create
    from tracker.accounts.tests.factories import OrganisationFactory, PostFactory

    foreign_post = PostFactory(local_authority=other_local_authority)
    foreign_organisation = OrganisationFactory(local_authority=other_local_authority)
    with pytest.raises(ValidationError) as excinfo:
        user_create(
            local_authority=local_authority,
            username="crossed",
            password="a long enough password",
            posts=[foreign_post],
            organisation=foreign_organisation,
        )
    assert excinfo.value.message_dict == {
        "organisation": ["Choose an organisation of the user's local authority"],
        "posts": ["Choose posts of the user's local authority"],
    }
    assert not User.objects.filter(username="crossed").exists()


def test_user_set_password_changes_the_password(action_owner):
    from tracker.accounts.services import user_set_password

    user_set_password(user=action_owner, password="a new long password")
    action_owner.refresh_from_db()
    assert action_owner.check_password("a new long password") is True
