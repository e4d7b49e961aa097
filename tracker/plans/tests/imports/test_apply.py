"""`plan_import_apply`: the one write of an import, all of it or nothing."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.models import Post
from tracker.accounts.tests.factories import OrganisationFactory, PostFactory
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans import services
from tracker.plans.imports import guess_mapping, plan_from_sheet, read_upload
from tracker.plans.imports.apply import plan_import_apply
from tracker.plans.models import Action, ExpectedOutcome, Plan, ProgressUpdate, Section
from tracker.plans.tests.imports.builders import csv_bytes

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)
ROWS = [
    ["Ref", "Recommendation", "Action", "Who", "Due", "Status", "Progress", "Outcome"],
    [
        "1.1",
        "1. Quality assurance",
        "Audit cases",
        "Head of Service Children's Commissioning",
        "31/03/2026",
        "Green",
        "First audit done",
        "Audits are used",
    ],
    ["1.2", "", "Train staff", "West Midlands Police", "", "Completed and ongoing", "", ""],
    ["1.3", "", "Review files", "Team Manager Fostering", "", "Not started", "", ""],
    ["2.1", "2. Strategy meetings", "Meet on time", "", "", "Amber", "Started", ""],
]
COUNTED = (Plan, Section, ExpectedOutcome, Action, ProgressUpdate, Post)


def _parsed(rows=ROWS):
    workbook = read_upload(filename="plan.csv", data=csv_bytes(rows))
    return plan_from_sheet(workbook, guess_mapping(workbook))


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def _apply(local_authority, user, **overrides):
    kwargs = {
        "user": user,
        "local_authority": local_authority,
        "parsed": _parsed(),
        "title": "Imported plan",
        "kind": Plan.Kind.IMPROVEMENT_PLAN,
        "inspection": None,
        "status_choices": {},
        "recorded_on": datetime.date(2026, 1, 10),
        "next_review_on": datetime.date(2026, 4, 1),
        "today": TODAY,
    }
    kwargs.update(overrides)
    return plan_import_apply(**kwargs)


def test_apply_creates_the_plan_with_posts_partners_statuses_and_progress(
    local_authority, improvement_lead
):
    existing = PostFactory(
        local_authority=local_authority, title="Head of Service Children’s Commissioning"
    )
    police = OrganisationFactory(local_authority=local_authority, name="West Midlands Police")

    plan = _apply(local_authority, improvement_lead)

    assert (plan.title, plan.kind, plan.status) == ("Imported plan", "improvement_plan", "draft")
    assert [(s.number, s.title) for s in plan.sections.all()] == [
        (1, "Quality assurance"),
        (2, "Strategy meetings"),
    ]
    audit = plan.actions.get(reference="1.1")
    assert list(audit.owner_posts.all()) == [existing]  # straight and curly apostrophes match
    assert (audit.status, audit.brag, audit.due_on) == (
        "in_progress",
        "green",
        datetime.date(2026, 3, 31),
    )
    assert audit.latest_update.narrative == "First audit done"
    assert audit.latest_update.recorded_on == datetime.date(2026, 1, 10)
    assert audit.latest_update.author == improvement_lead
    train = plan.actions.get(reference="1.2")
    assert list(train.owner_organisations.all()) == [police]
    assert (train.status, train.brag, train.next_review_on) == (
        "business_as_usual",
        "blue",
        datetime.date(2026, 4, 1),
    )
    assert train.latest_update is None  # a status without progress words
    review = plan.actions.get(reference="1.3")
    assert [p.title for p in review.owner_posts.all()] == ["Team Manager Fostering"]
    assert review.status == "not_started"
    assert [o.text for o in plan.sections.get(number=1).expected_outcomes.all()] == [
        "Audits are used"
    ]
    assert plan.history.first().history_user == improvement_lead
    assert audit.history.first().history_user == improvement_lead


def test_apply_links_sections_to_the_inspections_recommendations_by_number(
    local_authority, improvement_lead
):
    inspection = InspectionFactory(local_authority=local_authority)
    first = RecommendationFactory(inspection=inspection, number=1, text="Quality assurance.")

    plan = _apply(local_authority, improvement_lead, inspection=inspection)

    assert list(plan.inspections.all()) == [inspection]
    assert list(plan.sections.get(number=1).recommendations.all()) == [first]
    assert list(plan.sections.get(number=2).recommendations.all()) == []


def test_a_failure_part_way_saves_nothing(local_authority, improvement_lead):
    before = _counts()
    calls = {"count": 0}
    real_action_create = services.action_create

    def failing_third_time(**kwargs):
        calls["count"] += 1
        if calls["count"] == 3:
            raise RuntimeError("the database went away")
        return real_action_create(**kwargs)

    with (
        mock.patch("tracker.plans.imports.apply.action_create", side_effect=failing_third_time),
        pytest.raises(RuntimeError),
    ):
        _apply(local_authority, improvement_lead)

    assert calls["count"] == 3
    assert _counts() == before  # not even the new post of the first action


def test_a_service_refusal_says_which_row_and_saves_nothing(local_authority, improvement_lead):
    before = _counts()
    real_action_create = services.action_create
    calls = {"count": 0}

    def refusing_second(**kwargs):
        calls["count"] += 1
        if calls["count"] == 2:
            raise ValidationError({"description": ["Enter what the action is"]})
        return real_action_create(**kwargs)

    with (
        mock.patch("tracker.plans.imports.apply.action_create", side_effect=refusing_second),
        pytest.raises(ValidationError) as refused,
    ):
        _apply(local_authority, improvement_lead)

    assert refused.value.messages == ["row 3: Enter what the action is"]
    assert _counts() == before


def test_apply_refuses_a_file_with_problems_or_unmapped_statuses(local_authority, improvement_lead):
    rows = [
        ["Action", "Status"],
        ["Audit cases", "Purple"],
        ["", "Green"],
    ]
    before = _counts()

    with pytest.raises(ValidationError) as refused:
        _apply(local_authority, improvement_lead, parsed=_parsed(rows))

    assert refused.value.messages == [
        "row 3: no action text",
        "Choose a status for ‘Purple’ (row 2)",
    ]
    assert _counts() == before


def test_apply_needs_a_review_date_for_business_as_usual(local_authority, improvement_lead):
    before = _counts()

    with pytest.raises(ValidationError) as refused:
        _apply(local_authority, improvement_lead, next_review_on=None)

    assert refused.value.message_dict == {
        "next_review_on": [
            "Enter the next review date: business as usual actions stay under routine monitoring"
        ]
    }
    assert _counts() == before


def test_apply_refuses_progress_dated_in_the_future(local_authority, improvement_lead):
    with pytest.raises(ValidationError) as refused:
        _apply(local_authority, improvement_lead, recorded_on=TODAY + datetime.timedelta(days=1))

    assert refused.value.message_dict == {
        "recorded_on": ["The date of the progress must be today or in the past"]
    }
    assert Plan.objects.count() == 0


def test_apply_refuses_another_authoritys_inspection(
    local_authority, other_local_authority, improvement_lead
):
    elsewhere = InspectionFactory(local_authority=other_local_authority)

    with pytest.raises(ValidationError, match="Choose an inspection of this local authority"):
        _apply(local_authority, improvement_lead, inspection=elsewhere)
    assert Plan.objects.count() == 0


def test_apply_uses_the_officers_status_choices_over_the_recognised_ones(
    local_authority, improvement_lead
):
    plan = _apply(local_authority, improvement_lead, status_choices={"Green": "in_progress:amber"})

    assert plan.actions.get(reference="1.1").brag == "amber"
