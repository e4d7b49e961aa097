import factory

from tracker.accounts.tests.factories import LocalAuthorityFactory
from tracker.plans.models import Action, Plan, Section, Theme


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    kind = Plan.Kind.IMPROVEMENT_PLAN


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    section = factory.SubFactory(SectionFactory)
    plan = factory.SelfAttribute("section.plan")
    reference = factory.Sequence(lambda n: f"A{n}")
    description = factory.Sequence(lambda n: f"Action {n}")
