"""Records of the national inspection picture, made directly: the import is tested on real
reports in test_command.py."""

from __future__ import annotations

import datetime
import itertools

from tracker.inspections.national.models import (
    NationalAuthority,
    PublishedInspection,
    PublishedJudgement,
)
from tracker.inspections.national.register import AUTHORITIES

_fingerprints = itertools.count(1)


def national_authority(name: str) -> NationalAuthority:
    region = next(a.region for a in AUTHORITIES if a.name == name)
    return NationalAuthority.objects.create(name=name, region=region)


def published(
    authority: NationalAuthority,
    *,
    grade: str,
    ended_on: datetime.date,
    kind: str = "standard",
    published_on: datetime.date | None = None,
) -> PublishedInspection:
    inspection = PublishedInspection.objects.create(
        national_authority=authority,
        kind=kind,
        framework="SIF" if kind == "sif" else "ILACS",
        started_on=ended_on - datetime.timedelta(days=11),
        ended_on=ended_on,
        published_on=published_on,
        overall_grade=grade,
        source_fingerprint=f"{next(_fingerprints):064d}",
    )
    if grade:
        PublishedJudgement.objects.create(
            published_inspection=inspection, area="overall", grade=grade, position=3
        )
    return inspection
