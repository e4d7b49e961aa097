"""Factories for measures, targets and values (made with the ORM, not the services)."""

import datetime
from decimal import Decimal

import factory

from tracker.accounts.tests.factories import LocalAuthorityFactory
from tracker.performance.models import Direction, Frequency, Measure, MeasureValue, Target, Unit


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    reference = factory.Sequence(lambda n: f"M{n:03d}")
    name = factory.Sequence(lambda n: f"Measure {n}")
    unit = Unit.PERCENTAGE
    direction = Direction.LOWER_IS_BETTER
    frequency = Frequency.MONTHLY
    tolerance = Decimal("2")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    measure = factory.SubFactory(MeasureFactory)
    value = Decimal("20")
    applies_from = datetime.date(2026, 4, 1)


class MeasureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureValue

    measure = factory.SubFactory(MeasureFactory)
    period_end = datetime.date(2026, 10, 31)
    value = Decimal("23.5")
