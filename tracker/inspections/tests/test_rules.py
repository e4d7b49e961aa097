import datetime

import pytest

from tracker.inspections.models import (
    Inspection,
    IssuingBody,
    JudgementArea,
    issuing_bodies_in_words,
)
from tracker.inspections.rules import (
    OFSTED_REPORT_KINDS,
    framework_for_kind,
    issuing_bodies_for_kind,
    issuing_bodies_in_order,
    judgement_areas_for,
)

OTHER_SOURCE_KINDS = [
    Inspection.Kind.NATIONAL_REVIEW,
    Inspection.Kind.LOCAL_REVIEW,
    Inspection.Kind.IMPROVEMENT_NOTICE,
    Inspection.Kind.STATUTORY_DIRECTION,
    Inspection.Kind.PEER_REVIEW,
    Inspection.Kind.MOCK_INSPECTION,
    Inspection.Kind.SCRUTINY_REVIEW,
]


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


@pytest.mark.parametrize("kind", OTHER_SOURCE_KINDS)
def test_sources_that_are_not_inspections_belong_to_no_framework_and_make_no_judgements(kind):
    framework = framework_for_kind(kind)

    assert framework == Inspection.Framework.OTHER
    assert judgement_areas_for(framework=framework, started_on=datetime.date(2024, 1, 1)) == ()


def test_inspections_come_first_in_the_list_of_kinds_and_other_last():
    kinds = list(Inspection.Kind.values)

    assert kinds[: len(OFSTED_REPORT_KINDS)] == list(OFSTED_REPORT_KINDS)
    assert kinds[-1] == Inspection.Kind.OTHER
    assert set(kinds[len(OFSTED_REPORT_KINDS) : -1]) == set(OTHER_SOURCE_KINDS)


@pytest.mark.parametrize(
    ("kind", "bodies"),
    [
        (Inspection.Kind.ILACS_STANDARD, ["ofsted"]),
        (Inspection.Kind.ILACS_SHORT, ["ofsted"]),
        (Inspection.Kind.FOCUSED_VISIT, ["ofsted"]),
        (Inspection.Kind.MONITORING_VISIT, ["ofsted"]),
        (Inspection.Kind.SIF, ["ofsted"]),
        (Inspection.Kind.JTAI, ["ofsted", "cqc", "hmicfrs", "hmi_probation"]),
        (Inspection.Kind.NATIONAL_REVIEW, ["review_panel"]),
        (Inspection.Kind.LOCAL_REVIEW, ["safeguarding_partnership"]),
        (Inspection.Kind.IMPROVEMENT_NOTICE, ["dfe"]),
        (Inspection.Kind.STATUTORY_DIRECTION, ["dfe"]),
        (Inspection.Kind.PEER_REVIEW, ["peer"]),
        (Inspection.Kind.MOCK_INSPECTION, ["peer"]),
        (Inspection.Kind.SCRUTINY_REVIEW, ["scrutiny_committee"]),
        (Inspection.Kind.OTHER, []),
        ("unknown", []),
    ],
)
def test_issuing_bodies_for_kind(kind, bodies):
    assert list(issuing_bodies_for_kind(kind)) == bodies
    assert all(body in IssuingBody.values for body in bodies)


def test_issuing_bodies_are_kept_once_each_in_the_lists_order():
    assert issuing_bodies_in_order(["hmi_probation", "ofsted", "cqc", "ofsted"]) == [
        "ofsted",
        "cqc",
        "hmi_probation",
    ]


@pytest.mark.parametrize(
    ("codes", "words"),
    [
        ([], ""),
        (["ofsted"], "Ofsted"),
        (["ofsted", "dfe"], "Ofsted and the DfE"),
        (["ofsted", "cqc", "hmicfrs", "hmi_probation"], "Ofsted, CQC, HMICFRS and HMI Probation"),
        (["review_panel"], "the Child Safeguarding Practice Review Panel"),
    ],
)
def test_issuing_bodies_in_words(codes, words):
    assert issuing_bodies_in_words(codes) == words
