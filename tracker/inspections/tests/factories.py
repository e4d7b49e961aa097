import datetime

import factory

from tracker.accounts.tests.factories import LocalAuthorityFactory
from tracker.inspections.models import Inspection, Recommendation


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    kind = Inspection.Kind.ILACS_STANDARD
    framework = Inspection.Framework.ILACS
    started_on = datetime.date(2022, 10, 31)
    ended_on = datetime.date(2022, 11, 11)
    published_on = datetime.date(2023, 1, 13)
    lead_inspector = "Victoria Horsefield"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    inspection = factory.SubFactory(InspectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Recommendation text {n}")
