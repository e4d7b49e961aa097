import factory

from tracker.accounts.models import LocalAuthority, Organisation, Post, User


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Borough Council {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Organisation.Kind.OTHER


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    title = factory.Sequence(lambda n: f"Head of Service {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Officer{n}")
    last_name = "Smith"
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    role = User.Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
