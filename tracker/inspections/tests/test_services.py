import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.inspections.models import Grade, Inspection, Judgement, JudgementArea, Recommendation
from tracker.inspections.services import (
    JudgementInput,
    inspection_create,
    inspection_update,
    recommendation_create,
    recommendation_update,
)
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory

STALE_INSPECTION = (
    "This inspection was changed by someone else while you were editing it. "
    "Check the changes and try again."
)
STALE_RECOMMENDATION = (
    "This recommendation was changed by someone else while you were editing it. "
    "Check the changes and try again."
)

ILACS_2022 = [
    JudgementInput(JudgementArea.IMPACT_OF_LEADERS, Grade.REQUIRES_IMPROVEMENT),
    JudgementInput(JudgementArea.HELP_AND_PROTECTION, Grade.INADEQUATE),
    JudgementInput(JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS, Grade.REQUIRES_IMPROVEMENT),
    JudgementInput(JudgementArea.OVERALL, Grade.INADEQUATE),
]
ILACS_2023 = [
    JudgementInput(JudgementArea.IMPACT_OF_LEADERS, Grade.GOOD),
    JudgementInput(JudgementArea.HELP_AND_PROTECTION, Grade.GOOD),
    JudgementInput(JudgementArea.CHILDREN_IN_CARE, Grade.OUTSTANDING),
    JudgementInput(JudgementArea.CARE_LEAVERS, Grade.REQUIRES_IMPROVEMENT, "Requires improvement"),
    JudgementInput(JudgementArea.OVERALL, Grade.GOOD),
]


def create(user, local_authority, **overrides):
    kwargs = {
        "user": user,
        "local_authority": local_authority,
        "kind": Inspection.Kind.ILACS_STANDARD,
        "framework": Inspection.Framework.ILACS,
        "started_on": datetime.date(2022, 10, 31),
        "ended_on": datetime.date(2022, 11, 11),
        "published_on": datetime.date(2023, 1, 13),
        "lead_inspector": "Victoria Horsefield",
        "judgements": ILACS_2022,
    }
    kwargs.update(overrides)
    return inspection_create(**kwargs)


def update(user, inspection, **overrides):
    kwargs = {
        "user": user,
        "inspection": inspection,
        "expected_version": inspection.version,
        "kind": inspection.kind,
        "framework": inspection.framework,
        "started_on": inspection.started_on,
        "ended_on": inspection.ended_on,
        "published_on": inspection.published_on,
        "lead_inspector": inspection.lead_inspector,
        "summary": inspection.summary,
        "judgements": [
            JudgementInput(j.area, j.grade, j.text) for j in inspection.judgements.all()
        ],
    }
    kwargs.update(overrides)
    return inspection_update(**kwargs)


def rows(inspection):
    return list(inspection.judgements.order_by("position").values_list("area", "grade", "position"))


# inspection_create -------------------------------------------------------------------------------


def test_inspection_create_ilacs_before_2023_with_4_judgements(improvement_lead, local_authority):
    inspection = create(
        improvement_lead,
        local_authority,
        lead_inspector="  Victoria Horsefield ",
        summary=" Services for children need to improve. ",
    )

    inspection.refresh_from_db()
    assert inspection.local_authority == local_authority
    assert inspection.version == 1
    assert inspection.lead_inspector == "Victoria Horsefield"
    assert inspection.summary == "Services for children need to improve."
    assert rows(inspection) == [
        ("impact_of_leaders", "requires_improvement", 0),
        ("help_and_protection", "inadequate", 1),
        ("children_in_care_and_care_leavers", "requires_improvement", 2),
        ("overall", "inadequate", 3),
    ]


def test_inspection_create_ilacs_from_2023_with_5_judgements(improvement_lead, local_authority):
    inspection = create(
        improvement_lead,
        local_authority,
        started_on=datetime.date(2023, 3, 6),
        ended_on=datetime.date(2023, 3, 17),
        published_on=datetime.date(2023, 5, 2),
        judgements=ILACS_2023,
    )

    assert inspection.judgements.count() == 5
    assert [j.area for j in inspection.judgements.all()] == [
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
        "overall",
    ]


def test_inspection_create_fills_grade_as_printed_from_the_grade(improvement_lead, local_authority):
    inspection = create(
        improvement_lead,
        local_authority,
        started_on=datetime.date(2023, 3, 6),
        ended_on=datetime.date(2023, 3, 17),
        published_on=None,
        judgements=ILACS_2023,
    )

    texts = dict(inspection.judgements.values_list("area", "text"))
    assert texts["overall"] == "Good"
    assert texts["children_in_care"] == "Outstanding"
    assert texts["care_leavers"] == "Requires improvement"


def test_inspection_create_records_history_with_the_user(improvement_lead, local_authority):
    inspection = create(improvement_lead, local_authority)

    assert inspection.history.count() == 1
    assert inspection.history.first().history_type == "+"
    assert inspection.history.first().history_user == improvement_lead
    judgement = inspection.judgements.get(area="overall")
    assert judgement.history.first().history_user == improvement_lead


def test_inspection_create_visit_without_judgements(improvement_lead, local_authority):
    inspection = create(
        improvement_lead,
        local_authority,
        kind=Inspection.Kind.JTAI,
        framework=Inspection.Framework.JTAI,
        published_on=None,
        judgements=[],
    )

    assert inspection.judgements.count() == 0
    assert inspection.framework == "JTAI"


def test_inspection_create_allows_a_one_day_visit(improvement_lead, local_authority):
    inspection = create(
        improvement_lead,
        local_authority,
        kind=Inspection.Kind.FOCUSED_VISIT,
        started_on=datetime.date(2024, 5, 1),
        ended_on=datetime.date(2024, 5, 1),
        published_on=None,
        judgements=[],
    )

    assert inspection.started_on == inspection.ended_on


def test_inspection_create_rejects_care_leavers_on_a_2022_ilacs_inspection(
    improvement_lead, local_authority
):
    before = Inspection.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            judgements=[*ILACS_2022, JudgementInput(JudgementArea.CARE_LEAVERS, Grade.GOOD)],
        )

    assert excinfo.value.message_dict["judgements"] == [
        "“The experiences and progress of care leavers” is not a judgement of this framework "
        "on these dates"
    ]
    assert Inspection.objects.count() == before
    assert Judgement.objects.count() == 0


def test_inspection_create_rejects_the_combined_row_from_2023(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            started_on=datetime.date(2023, 3, 6),
            ended_on=datetime.date(2023, 3, 17),
            published_on=None,
            judgements=[
                JudgementInput(JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS, Grade.GOOD)
            ],
        )

    assert excinfo.value.message_dict["judgements"] == [
        "“The experiences and progress of children in care and care leavers” is not a judgement "
        "of this framework on these dates"
    ]
    assert Inspection.objects.count() == 0


def test_inspection_create_rejects_end_before_start(improvement_lead, local_authority):
    InspectionFactory(local_authority=local_authority)
    before = Inspection.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            started_on=datetime.date(2022, 11, 11),
            ended_on=datetime.date(2022, 10, 31),
        )

    assert excinfo.value.message_dict["ended_on"] == [
        "The end date must be the same as or after the start date"
    ]
    assert Inspection.objects.count() == before
    assert Judgement.objects.count() == 0


def test_inspection_create_rejects_publication_before_the_start(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        create(improvement_lead, local_authority, published_on=datetime.date(2022, 10, 1))

    assert excinfo.value.message_dict["published_on"] == [
        "The publication date must be the same as or after the start date"
    ]
    assert Inspection.objects.count() == 0


def test_inspection_create_rejects_a_duplicate_area(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            judgements=[*ILACS_2022, JudgementInput(JudgementArea.OVERALL, Grade.GOOD)],
        )

    assert excinfo.value.message_dict["judgements"] == [
        "“Overall effectiveness” is judged more than once"
    ]
    assert Inspection.objects.count() == 0
    assert Judgement.objects.count() == 0


def test_inspection_create_rejects_an_unknown_grade(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            judgements=[JudgementInput(JudgementArea.OVERALL, "excellent")],
        )

    assert excinfo.value.message_dict["judgements"] == [
        "Select a grade for “Overall effectiveness”"
    ]
    assert Inspection.objects.count() == 0


def test_inspection_create_rejects_judgements_on_a_visit(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            kind=Inspection.Kind.JTAI,
            framework=Inspection.Framework.JTAI,
            judgements=[JudgementInput(JudgementArea.OVERALL, Grade.GOOD)],
        )

    assert excinfo.value.message_dict["judgements"] == [
        "This kind of inspection makes no graded judgements"
    ]
    assert Inspection.objects.count() == 0


def test_inspection_create_says_once_that_a_visit_makes_no_judgements(
    improvement_lead, local_authority
):
    """The error summary lists each problem once, however many rows were given."""
    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            kind=Inspection.Kind.JTAI,
            framework=Inspection.Framework.JTAI,
            judgements=ILACS_2022,
        )

    assert excinfo.value.message_dict["judgements"] == [
        "This kind of inspection makes no graded judgements"
    ]
    assert Inspection.objects.count() == 0


def test_inspection_create_rejects_unknown_kind_and_framework_together(
    improvement_lead, local_authority
):
    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            kind="inspection",
            framework="Ofsted",
            ended_on=datetime.date(2022, 1, 1),
            judgements=[],
        )

    assert excinfo.value.message_dict == {
        "kind": ["Select what kind of inspection, visit, review or notice it is"],
        "framework": ["Select the framework"],
        "ended_on": ["The end date must be the same as or after the start date"],
    }
    assert Inspection.objects.count() == 0


# inspection_update -------------------------------------------------------------------------------


@pytest.fixture
def inspection(improvement_lead, local_authority):
    return create(improvement_lead, local_authority)


def test_inspection_update_changes_details_and_moves_the_version(administrator, inspection):
    updated = update(
        administrator,
        inspection,
        kind=Inspection.Kind.ILACS_SHORT,
        lead_inspector=" Someone Else ",
        summary=" New summary ",
        published_on=datetime.date(2023, 1, 20),
    )

    updated.refresh_from_db()
    assert updated.kind == Inspection.Kind.ILACS_SHORT
    assert updated.lead_inspector == "Someone Else"
    assert updated.summary == "New summary"
    assert updated.published_on == datetime.date(2023, 1, 20)
    assert updated.version == 2


def test_inspection_update_records_history_with_the_user(administrator, inspection):
    update(administrator, inspection, lead_inspector="Someone Else")

    inspection.refresh_from_db()
    assert inspection.history.count() == 2
    latest = inspection.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == administrator
    assert latest.lead_inspector == "Someone Else"


def test_inspection_update_refuses_a_stale_version_and_writes_nothing(administrator, inspection):
    update(administrator, inspection, lead_inspector="First editor")
    history_before = inspection.history.count()

    with pytest.raises(ConcurrentEditError, match=re.escape(STALE_INSPECTION)):
        update(
            administrator,
            inspection,
            expected_version=1,
            lead_inspector="Second editor",
            judgements=[JudgementInput(JudgementArea.OVERALL, Grade.GOOD)],
        )

    inspection.refresh_from_db()
    assert inspection.lead_inspector == "First editor"
    assert inspection.version == 2
    assert inspection.history.count() == history_before
    assert inspection.judgements.count() == 4


def test_inspection_update_without_expected_version_skips_the_check(administrator, inspection):
    updated = update(administrator, inspection, expected_version=None, lead_inspector="X")

    assert updated.lead_inspector == "X"


def test_inspection_update_replaces_the_judgements(administrator, inspection):
    update(
        administrator,
        inspection,
        started_on=datetime.date(2023, 3, 6),
        ended_on=datetime.date(2023, 3, 17),
        published_on=datetime.date(2023, 5, 2),
        judgements=ILACS_2023,
    )

    assert rows(inspection) == [
        ("impact_of_leaders", "good", 0),
        ("help_and_protection", "good", 1),
        ("children_in_care", "outstanding", 2),
        ("care_leavers", "requires_improvement", 3),
        ("overall", "good", 4),
    ]
    assert not inspection.judgements.filter(area="children_in_care_and_care_leavers").exists()


def test_inspection_update_changes_a_grade_in_place(administrator, inspection):
    overall = inspection.judgements.get(area="overall")

    update(
        administrator,
        inspection,
        judgements=[
            *ILACS_2022[:3],
            JudgementInput(JudgementArea.OVERALL, Grade.REQUIRES_IMPROVEMENT),
        ],
    )

    overall.refresh_from_db()
    assert overall.grade == Grade.REQUIRES_IMPROVEMENT
    assert overall.text == "Requires improvement to be good"
    assert overall.history.first().history_user == administrator


def test_inspection_update_removes_judgements_left_out(administrator, inspection):
    update(administrator, inspection, judgements=ILACS_2022[:2])

    assert [area for area, _, _ in rows(inspection)] == ["impact_of_leaders", "help_and_protection"]


def test_inspection_update_with_the_stored_rows_writes_no_judgement_history(
    administrator, inspection
):
    judgement_history = Judgement.history.count()

    update(administrator, inspection)

    assert Judgement.history.count() == judgement_history


def test_inspection_update_leaves_unchanged_judgements_alone(administrator, inspection):
    """Saving again with the same grades and no "grade as printed" must not add history.

    The create service fills a blank "grade as printed" with the grade's label, so the same
    input given again must count as unchanged.
    """
    judgement_history = Judgement.history.count()

    update(administrator, inspection, judgements=ILACS_2022)

    assert Judgement.history.count() == judgement_history


def test_inspection_update_rejects_invalid_judgements_and_writes_nothing(administrator, inspection):
    with pytest.raises(ValidationError) as excinfo:
        update(
            administrator,
            inspection,
            lead_inspector="Changed",
            judgements=[*ILACS_2022, JudgementInput(JudgementArea.CARE_LEAVERS, Grade.GOOD)],
        )

    assert "judgements" in excinfo.value.message_dict
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "Victoria Horsefield"
    assert inspection.version == 1
    assert inspection.judgements.count() == 4


def test_inspection_update_rejects_end_before_start_and_writes_nothing(administrator, inspection):
    with pytest.raises(ValidationError) as excinfo:
        update(administrator, inspection, ended_on=datetime.date(2022, 10, 1))

    assert excinfo.value.message_dict["ended_on"] == [
        "The end date must be the same as or after the start date"
    ]
    inspection.refresh_from_db()
    assert inspection.ended_on == datetime.date(2022, 11, 11)
    assert inspection.version == 1


# recommendation_create ---------------------------------------------------------------------------


def test_recommendation_create_keeps_the_words(improvement_lead, inspection):
    recommendation = recommendation_create(
        user=improvement_lead,
        inspection=inspection,
        number=1,
        text="  The quality of supervision so that it supports social workers.\n",
    )

    assert recommendation.text == "The quality of supervision so that it supports social workers."
    assert recommendation.kind == Recommendation.Kind.RECOMMENDATION
    assert recommendation.version == 1
    assert recommendation.history.first().history_user == improvement_lead


def test_recommendation_create_same_number_of_a_different_kind_is_allowed(
    improvement_lead, inspection
):
    RecommendationFactory(inspection=inspection, number=1)

    apa = recommendation_create(
        user=improvement_lead,
        inspection=inspection,
        number=1,
        text="Area for priority action",
        kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
    )

    assert apa.number == 1


def test_recommendation_create_same_number_on_another_inspection_is_allowed(
    improvement_lead, local_authority, inspection
):
    RecommendationFactory(inspection=inspection, number=1)
    second = InspectionFactory(local_authority=local_authority)

    recommendation = recommendation_create(
        user=improvement_lead, inspection=second, number=1, text="Words"
    )

    assert recommendation.inspection == second


def test_recommendation_create_refuses_a_number_clash_and_writes_nothing(
    improvement_lead, inspection
):
    RecommendationFactory(inspection=inspection, number=2)

    with pytest.raises(ValidationError) as excinfo:
        recommendation_create(user=improvement_lead, inspection=inspection, number=2, text="Words")

    assert excinfo.value.message_dict["number"] == [
        "This inspection already has a recommendation numbered 2"
    ]
    assert Recommendation.objects.count() == 1


def test_recommendation_create_clash_message_for_an_area_for_priority_action(
    improvement_lead, inspection
):
    RecommendationFactory(
        inspection=inspection, number=1, kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION
    )

    with pytest.raises(ValidationError) as excinfo:
        recommendation_create(
            user=improvement_lead,
            inspection=inspection,
            number=1,
            text="Words",
            kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
        )

    assert excinfo.value.message_dict["number"] == [
        "This inspection already has an area for priority action numbered 1"
    ]


def test_recommendation_create_refuses_empty_text_zero_and_unknown_kind(
    improvement_lead, inspection
):
    with pytest.raises(ValidationError) as excinfo:
        recommendation_create(
            user=improvement_lead, inspection=inspection, number=0, text="   ", kind="wish"
        )

    assert excinfo.value.message_dict == {
        "text": ["Enter the recommendation as the report words it"],
        "number": ["The number must be a whole number between 1 and 999"],
        "kind": ["Select what kind of recommendation this is"],
    }
    assert Recommendation.objects.count() == 0


def test_recommendation_create_refuses_a_number_too_big_to_store(improvement_lead, inspection):
    with pytest.raises(ValidationError) as excinfo:
        recommendation_create(
            user=improvement_lead,
            inspection=inspection,
            number=10**20,
            text="Act",
            kind="recommendation",
        )

    assert excinfo.value.message_dict == {
        "number": ["The number must be a whole number between 1 and 999"]
    }
    assert Recommendation.objects.count() == 0


# recommendation_update ---------------------------------------------------------------------------


@pytest.fixture
def recommendation(improvement_lead, inspection):
    return recommendation_create(user=improvement_lead, inspection=inspection, number=1, text="Old")


def test_recommendation_update_changes_it_and_moves_the_version(administrator, recommendation):
    updated = recommendation_update(
        user=administrator,
        recommendation=recommendation,
        expected_version=1,
        number=3,
        text=" New words ",
        kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
    )

    updated.refresh_from_db()
    assert updated.number == 3
    assert updated.text == "New words"
    assert updated.kind == Recommendation.Kind.AREA_FOR_PRIORITY_ACTION
    assert updated.version == 2
    assert updated.history.first().history_user == administrator


def test_recommendation_update_may_keep_its_own_number(administrator, recommendation):
    updated = recommendation_update(
        user=administrator,
        recommendation=recommendation,
        expected_version=1,
        number=1,
        text="Reworded",
        kind=Recommendation.Kind.RECOMMENDATION,
    )

    assert updated.number == 1


def test_recommendation_update_refuses_a_clash_with_another(
    administrator, inspection, recommendation
):
    RecommendationFactory(inspection=inspection, number=2)

    with pytest.raises(ValidationError) as excinfo:
        recommendation_update(
            user=administrator,
            recommendation=recommendation,
            expected_version=1,
            number=2,
            text="Old",
            kind=Recommendation.Kind.RECOMMENDATION,
        )

    assert excinfo.value.message_dict["number"] == [
        "This inspection already has a recommendation numbered 2"
    ]
    recommendation.refresh_from_db()
    assert recommendation.number == 1
    assert recommendation.version == 1


def test_recommendation_update_refuses_a_stale_version_and_writes_nothing(
    administrator, recommendation
):
    with pytest.raises(ConcurrentEditError, match=re.escape(STALE_RECOMMENDATION)):
        recommendation_update(
            user=administrator,
            recommendation=recommendation,
            expected_version=7,
            number=1,
            text="Sneaky",
            kind=Recommendation.Kind.RECOMMENDATION,
        )

    recommendation.refresh_from_db()
    assert recommendation.text == "Old"
    assert recommendation.history.count() == 1


# Sources other than inspections, and who issued them --------------------------------------------


def test_a_source_with_no_issuing_body_gets_its_kinds(improvement_lead, local_authority):
    jtai = create(
        improvement_lead,
        local_authority,
        kind=Inspection.Kind.JTAI,
        framework=Inspection.Framework.JTAI,
        judgements=[],
    )
    ilacs = create(
        improvement_lead,
        local_authority,
        started_on=datetime.date(2019, 1, 7),
        ended_on=datetime.date(2019, 1, 18),
        published_on=None,
    )

    assert jtai.issued_by == ["ofsted", "cqc", "hmicfrs", "hmi_probation"]
    assert ilacs.issued_by == ["ofsted"]


def test_a_national_review_is_recorded_with_the_panel(improvement_lead, local_authority):
    review = create(
        improvement_lead,
        local_authority,
        kind=Inspection.Kind.NATIONAL_REVIEW,
        framework=Inspection.Framework.OTHER,
        started_on=datetime.date(2022, 5, 26),
        ended_on=datetime.date(2022, 5, 26),
        published_on=None,
        lead_inspector="",
        judgements=[],
        issued_by=["review_panel", "dfe", "review_panel"],
    )

    review.refresh_from_db()
    assert review.issued_by == ["dfe", "review_panel"]
    assert review.issued_by_in_words == "the DfE and the Child Safeguarding Practice Review Panel"
    assert review.milestones.count() == 0


def test_a_source_that_is_not_an_inspection_makes_no_graded_judgements(
    improvement_lead, local_authority
):
    with pytest.raises(ValidationError) as excinfo:
        create(
            improvement_lead,
            local_authority,
            kind=Inspection.Kind.PEER_REVIEW,
            framework=Inspection.Framework.OTHER,
        )

    assert "judgements" in excinfo.value.message_dict
    assert Inspection.objects.count() == 0


def test_an_unknown_issuing_body_is_refused_in_plain_words(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        create(improvement_lead, local_authority, issued_by=["ofsted", "the_mayor"])

    assert excinfo.value.message_dict["issued_by"] == [
        "Select who issued it: “the_mayor” is not one of the bodies listed"
    ]
    assert Inspection.objects.count() == 0


def test_changing_the_issuing_bodies_keeps_the_history(administrator, improvement_lead, inspection):
    update(administrator, inspection, issued_by=["ofsted", "dfe"])

    inspection.refresh_from_db()
    assert inspection.issued_by == ["ofsted", "dfe"]
    history = list(inspection.history.order_by("history_date", "history_id"))
    assert [row.issued_by for row in history] == [["ofsted"], ["ofsted", "dfe"]]
    assert history[-1].history_user == administrator


def test_clearing_the_issuing_bodies_gives_the_kinds_again(administrator, inspection):
    update(administrator, inspection, issued_by=["dfe"])
    inspection.refresh_from_db()

    update(administrator, inspection, issued_by=[])

    inspection.refresh_from_db()
    assert inspection.issued_by == ["ofsted"]


def test_a_stale_change_of_issuing_bodies_is_refused_and_writes_nothing(administrator, inspection):
    stale_version = inspection.version
    update(administrator, inspection, issued_by=["ofsted", "dfe"])

    with pytest.raises(ConcurrentEditError):
        update(administrator, inspection, expected_version=stale_version, issued_by=["peer"])

    inspection.refresh_from_db()
    assert inspection.issued_by == ["ofsted", "dfe"]
