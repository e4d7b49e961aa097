"""The synthetic data generator of bench/: right sizes, repeatable, true to the rules."""

from __future__ import annotations

import contextlib
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.inspections.models import Inspection, Judgement, Recommendation
from tracker.plans import rules
from tracker.plans.demo import synthetic
from tracker.plans.models import (
    COMPLETE_STATUSES,
    Action,
    Brag,
    ExpectedOutcome,
    Plan,
    ProgressUpdate,
    Section,
    Theme,
)

TODAY = datetime.date(2026, 11, 22)


class _RollBack(Exception):
    pass


def _fingerprint_of_fresh_run(*, seed: int) -> str:
    with contextlib.suppress(_RollBack), transaction.atomic():
        local_authority = synthetic.generate_tier(tier="S", seed=seed, today=TODAY)
        fingerprint = synthetic.data_fingerprint(local_authority)
        raise _RollBack
    return fingerprint


@pytest.fixture
def tier_s(db):
    return synthetic.generate_tier(tier="S", today=TODAY)


@pytest.mark.django_db
def test_generate_tier_s_makes_the_requested_counts(tier_s):
    plan = Plan.objects.get(local_authority=tier_s)
    assert plan.kind == Plan.Kind.IMPROVEMENT_PLAN
    assert plan.status == Plan.Status.PUBLISHED
    assert Action.objects.filter(plan=plan).count() == 50
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 500
    assert Section.objects.filter(plan=plan).count() == 8
    assert Theme.objects.filter(plan=plan).count() == 6
    assert User.objects.filter(local_authority=tier_s).count() == 20
    # Every role of an authority's own people (an adviser belongs to no authority).
    assert set(User.objects.filter(local_authority=tier_s).values_list("role", flat=True)) == (
        set(User.Role.values) - {User.Role.ADVISER}
    )
    assert Post.objects.filter(local_authority=tier_s).count() == 12
    assert set(
        Organisation.objects.filter(local_authority=tier_s).values_list("kind", flat=True)
    ) >= {"police", "health", "education", "safeguarding_partnership"}
    inspection = Inspection.objects.get(local_authority=tier_s)
    assert list(plan.inspections.all()) == [inspection]
    assert Judgement.objects.filter(inspection=inspection).count() >= 4
    assert Recommendation.objects.filter(inspection=inspection).count() == 9


@pytest.mark.django_db
def test_generate_tier_s_links_sections_outcomes_and_owners(tier_s):
    sections = Section.objects.filter(plan__local_authority=tier_s)
    assert all(section.recommendations.count() == 1 for section in sections)
    assert all(3 <= section.expected_outcomes.count() <= 5 for section in sections)
    assert ExpectedOutcome.objects.filter(section__in=sections).exists()
    actions = Action.objects.filter(plan__local_authority=tier_s).prefetch_related("owner_posts")
    assert all(1 <= len(action.owner_posts.all()) <= 3 for action in actions)
    assert {action.reference for action in actions} == {
        f"{action.section.number}.{action.position}" for action in actions
    }


def test_generate_tier_same_seed_gives_same_data(db):
    first = _fingerprint_of_fresh_run(seed=7)
    assert _fingerprint_of_fresh_run(seed=7) == first
    assert _fingerprint_of_fresh_run(seed=8) != first


@pytest.mark.django_db
def test_generate_tier_gives_each_action_the_state_of_its_newest_update(tier_s):
    newest: dict[int, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(action__plan__local_authority=tier_s):
        newest.setdefault(update.action_id, update)  # default ordering puts the newest first
    actions = Action.objects.filter(plan__local_authority=tier_s)
    for action in actions:
        update = newest.get(action.pk)
        if update is None:
            assert action.latest_update_id is None
            assert (action.status, action.brag) == ("not_started", "")
            continue
        assert action.latest_update_id == update.pk
        assert (action.status, action.brag, action.next_review_on) == (
            update.status,
            update.brag,
            update.next_review_on,
        )
    assert sum(1 for action in actions if action.latest_update_id) > 40


@pytest.mark.django_db
def test_generate_tier_keeps_blue_for_complete_and_review_dates_for_business_as_usual(tier_s):
    actions = list(Action.objects.filter(plan__local_authority=tier_s))
    updates = list(ProgressUpdate.objects.filter(action__plan__local_authority=tier_s))
    for row in [*actions, *updates]:
        assert (
            rules.status_brag_problems(
                status=row.status, brag=row.brag, next_review_on=row.next_review_on
            )
            == {}
        )
    assert {a.status for a in actions if a.brag == Brag.BLUE} <= COMPLETE_STATUSES
    assert all(a.brag == Brag.BLUE for a in actions if a.status in COMPLETE_STATUSES)
    assert all(update.recorded_on < TODAY for update in updates)


@pytest.mark.django_db
def test_generate_tier_makes_some_actions_overdue_and_some_not(tier_s):
    actions = Action.objects.filter(plan__local_authority=tier_s)
    overdue = actions.overdue(today=TODAY).count()
    assert 0 < overdue < actions.count()
    assert actions.filter(due_on__gte=TODAY).exists()
    assert actions.filter(status__in=COMPLETE_STATUSES).exists()


def test_national_shapes_are_about_the_national_size_and_scale_down():
    shapes = synthetic.national_shapes()
    assert len(shapes) == 153
    assert 45_000 <= sum(shape.actions for shape in shapes) <= 55_000
    assert 1_800_000 <= sum(shape.updates for shape in shapes) <= 2_200_000
    assert 18_000 <= sum(shape.users for shape in shapes) <= 22_000
    assert synthetic.national_shapes(scale=0.1) == shapes[:15]


@pytest.mark.django_db
def test_generate_national_writes_each_authority_in_full():
    summary = synthetic.generate_national(scale=0.005, seed=3, today=TODAY)
    shape = synthetic.national_shapes(scale=0.005, seed=3)[0]
    assert summary.authorities == 1
    local_authority = LocalAuthority.objects.get(name=shape.name)
    assert Action.objects.filter(plan__local_authority=local_authority).count() == shape.actions
    assert (
        ProgressUpdate.objects.filter(action__plan__local_authority=local_authority).count()
        == shape.updates
    )


@pytest.mark.django_db
def test_generate_synthetic_data_command_reports_what_it_made():
    out = StringIO()
    call_command("generate_synthetic_data", "--tier", "S", "--seed", "4", stdout=out)
    assert "Made tier S (seed 4)" in out.getvalue()
    assert "50 actions, 500 progress updates" in out.getvalue()
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_synthetic_data", "--tier", "S", "--seed", "4", stdout=out)
    with pytest.raises(CommandError, match="tier N only"):
        call_command("generate_synthetic_data", "--tier", "S", "--scale", "0.5", stdout=out)
