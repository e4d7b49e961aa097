import datetime

import pytest

from tracker.inspections.models import Inspection, JudgementArea
from tracker.inspections.rules import framework_for_kind, judgement_areas_for


def test_judgement_areas_for_ilacs_before_2023_judges_care_and_care_leavers_together():
    areas = judgement_areas_for(framework="ILACS", started_on=datetime.date(2022, 10, 31))

    assert areas == (
        JudgementArea.IMPACT_OF_LEADERS,
        JudgementArea.HELP_AND_PROTECTION,
        JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        JudgementArea.OVERALL,
    )


def test_judgement_areas_for_ilacs_from_2023_judges_care_leavers_separately():
    areas = judgement_areas_for(framework="ILACS", started_on=datetime.date(2023, 3, 6))

    assert areas == (
        JudgementArea.IMPACT_OF_LEADERS,
        JudgementArea.HELP_AND_PROTECTION,
        JudgementArea.CHILDREN_IN_CARE,
        JudgementArea.CARE_LEAVERS,
        JudgementArea.OVERALL,
    )


@pytest.mark.parametrize(
    ("started_on", "rows"),
    [
        (datetime.date(2022, 12, 31), 4),
        (datetime.date(2023, 1, 1), 5),
        (datetime.date(2023, 1, 2), 5),
    ],
)
def test_judgement_areas_for_ilacs_changes_on_1_january_2023(started_on, rows):
    assert len(judgement_areas_for(framework="ILACS", started_on=started_on)) == rows


def test_judgement_areas_for_ilacs_without_a_date_uses_the_older_table():
    assert len(judgement_areas_for(framework="ILACS", started_on=None)) == 4


def test_judgement_areas_for_sif_has_its_own_headings():
    areas = judgement_areas_for(framework="SIF", started_on=datetime.date(2016, 1, 1))

    assert areas == (
        JudgementArea.SIF_HELP_AND_PROTECTION,
        JudgementArea.SIF_LOOKED_AFTER,
        JudgementArea.SIF_ADOPTION,
        JudgementArea.SIF_CARE_LEAVERS,
        JudgementArea.SIF_LEADERSHIP,
        JudgementArea.OVERALL,
        JudgementArea.LSCB,
    )


@pytest.mark.parametrize("framework", ["JTAI", "other", "nonsense"])
def test_judgement_areas_for_frameworks_without_graded_judgements(framework):
    assert judgement_areas_for(framework=framework, started_on=datetime.date(2024, 1, 1)) == ()


@pytest.mark.parametrize(
    ("kind", "framework"),
    [
        (Inspection.Kind.ILACS_STANDARD, Inspection.Framework.ILACS),
        (Inspection.Kind.ILACS_SHORT, Inspection.Framework.ILACS),
        (Inspection.Kind.FOCUSED_VISIT, Inspection.Framework.ILACS),
        (Inspection.Kind.MONITORING_VISIT, Inspection.Framework.ILACS),
        (Inspection.Kind.JTAI, Inspection.Framework.JTAI),
        (Inspection.Kind.SIF, Inspection.Framework.SIF),
        (Inspection.Kind.OTHER, Inspection.Framework.OTHER),
        ("unknown", Inspection.Framework.OTHER),
    ],
)
def test_framework_for_kind(kind, framework):
    assert framework_for_kind(kind) == framework
