"""Merging plans: everything moves once, with its history and where it came from; all or
nothing; refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tracker.accounts.models import Organisation
from tracker.accounts.tests.factories import OrganisationFactory
from tracker.core.errors import ConcurrentEditError
from tracker.plans import services
from tracker.plans.merging import selectors
from tracker.plans.merging import services as merging
from tracker.plans.merging.services import plan_merge
from tracker.plans.models import (
    Action,
    ExpectedOutcome,
    Plan,
    PlanMerge,
    PlanPartnerAccess,
    ProgressUpdate,
    Section,
    Theme,
)
from tracker.plans.partners.services import plan_partner_grant
from tracker.plans.tests.factories import PlanFactory


def _snapshot(*plans):
    """Every record of the plans, by kind, as (id, plan) pairs."""
    ids = [plan.pk for plan in plans]
    return {
        "actions": sorted(Action.objects.filter(plan_id__in=ids).values_list("pk", flat=True)),
        "outcomes": sorted(
            ExpectedOutcome.objects.filter(section__plan_id__in=ids).values_list("pk", flat=True)
        ),
        "progress": sorted(
            ProgressUpdate.objects.filter(action__plan_id__in=ids).values_list("pk", flat=True)
        ),
    }


def test_plan_merge_moves_everything_once_and_counts_match(improvement_lead, source, target):
    before = _snapshot(source, target)
    counts_before = selectors.plan_merge_counts(plans=[source])

    result = plan_merge(user=improvement_lead, sources=[source], target=target)

    assert _snapshot(target) == before
    assert _snapshot(source) == {"actions": [], "outcomes": [], "progress": []}
    assert result.counts == counts_before
    assert result.counts["actions"] == 5
    assert result.counts["progress updates"] == 5
    assert result.counts["expected outcomes"] == 2
    after = selectors.plan_merge_counts(plans=[target])
    assert after["actions"] == 6
    assert after["sections"] == 3
    references = list(
        Action.objects.filter(plan=target).order_by("reference").values_list("reference", flat=True)
    )
    assert references == ["1.1", "2.1", "2.2", "3.1", "3.2", "3.3"]
    assert len(set(references)) == len(references)


def test_plan_merge_suggests_themes_by_name_then_words_then_the_first(source, target):
    preview = selectors.plan_merge_preview(sources=[source], target=target)
    workforce = Theme.objects.get(plan=target, name="Workforce")
    by_title = {s.title: preview.suggestions[s.pk] for s in preview.sections}
    # "workforce" matches "Workforce" whatever the case; the MASH section shares no word with
    # a theme, so it goes under the first.
    assert by_title == {
        "Training for social workers": f"theme:{workforce.pk}",
        "Joint working in the MASH": f"theme:{workforce.pk}",
    }


def test_suggest_destination_uses_shared_words():
    themes = [
        selectors.TargetTheme(pk=1, name="Workforce", section_titles=()),
        selectors.TargetTheme(pk=2, name="Front door", section_titles=("The MASH and triage",)),
    ]
    assert (
        selectors.suggest_destination(
            section_title="Joint working in the MASH",
            theme_name="Partnership",
            theme_id=9,
            target_themes=themes,
        )
        == "theme:2"
    )
    assert (
        selectors.suggest_destination(
            section_title="Anything", theme_name="Else", theme_id=9, target_themes=[]
        )
        == "move-theme:9"
    )


def test_plan_merge_keeps_history_and_provenance(improvement_lead, source, target):
    action = Action.objects.get(plan=source, reference="1.2")
    result = plan_merge(user=improvement_lead, sources=[source], target=target)

    action.refresh_from_db()
    assert action.plan_id == target.pk
    assert action.reference == "2.2"
    assert action.origin_plan_id == source.pk
    assert action.origin_reference == "1.2"
    assert action.origin_section_title == "1. Training for social workers"
    assert action.moved_in_id == result.merge.pk
    history = list(action.history.order_by("history_date", "history_id"))
    assert [row.plan_id for row in history] == [source.pk, source.pk, target.pk]
    assert history[-1].history_user == improvement_lead
    assert history[-1].reference == "2.2"
    section = Section.objects.get(pk=action.section_id)
    assert section.plan_id == target.pk
    assert section.origin_plan_id == source.pk
    assert section.origin_reference == "1"
    assert section.history.filter(plan_id=source.pk).exists()
    # The progress entries are the same rows, still on the action.
    assert action.progress_updates.count() == 1
    assert action.latest_update_id == action.progress_updates.get().pk


def test_plan_merge_records_the_merge_and_makes_the_source_read_only(
    improvement_lead, source, target
):
    result = plan_merge(user=improvement_lead, sources=[source], target=target)

    merge = PlanMerge.objects.get()
    assert merge == result.merge
    assert list(merge.sources.all()) == [source]
    assert merge.target == target
    assert merge.merged_by == improvement_lead
    assert [row["section"] for row in merge.mapping] == [
        "1. Training for social workers",
        "2. Joint working in the MASH",
    ]
    assert merge.counts["actions"] == 5
    source.refresh_from_db()
    assert source.merged_into == target
    assert source.is_merged is True
    with pytest.raises(ValidationError, match="This plan was merged into Improvement plan 2026 on"):
        services.section_create(user=improvement_lead, plan=source, number=9, title="More")
    with pytest.raises(ValidationError, match="make changes there"):
        services.plan_update(
            user=improvement_lead,
            plan=source,
            expected_version=source.version,
            title="Renamed",
            kind=source.kind,
            status=source.status,
            inspections=[],
        )
    with pytest.raises(ValidationError, match="make changes there"):
        services.priority_area_create(user=improvement_lead, plan=source, name="Early help")
    with pytest.raises(ValidationError, match="make changes there"):
        services.theme_create(user=improvement_lead, plan=source, name="Early help")
    theme = source.themes.first()
    with pytest.raises(ValidationError, match="make changes there"):
        services.theme_update(
            user=improvement_lead,
            theme=theme,
            expected_version=theme.version,
            name="New",
            description="",
            lead=None,
            lead_post=None,
        )


def test_plan_merge_into_a_section_the_target_has(improvement_lead, source, target):
    second = Section.objects.get(plan=source, number=2)
    recruitment = Section.objects.get(plan=target, number=1)

    plan_merge(
        user=improvement_lead,
        sources=[source],
        target=target,
        mapping={second.pk: f"section:{recruitment.pk}"},
    )

    assert sorted(recruitment.actions.values_list("reference", flat=True)) == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
    ]
    outcome = recruitment.expected_outcomes.get()
    assert outcome.text == "Strategy meetings held"
    assert outcome.origin_section_title == "2. Joint working in the MASH"
    assert not Section.objects.filter(pk=second.pk).exists()
    assert Section.history.filter(id=second.pk, history_type="-").exists()


def test_plan_merge_moves_a_theme_with_its_lead_into_a_plan_without_themes(
    improvement_lead, source, second_source
):
    result = plan_merge(user=improvement_lead, sources=[source], target=second_source)

    themes = {theme.name: theme for theme in Theme.objects.filter(plan=second_source)}
    assert set(themes) == {"workforce", "Partnership working"}
    assert themes["Partnership working"].lead == improvement_lead
    assert themes["Partnership working"].origin_plan_id == source.pk
    assert {row["to_theme"] for row in result.mapping} == {"workforce", "Partnership working"}


def test_plan_merge_into_a_new_plan(improvement_lead, source, second_source, inspection):
    result = plan_merge(
        user=improvement_lead, sources=[source, second_source], new_title="One plan"
    )

    plan = result.target
    assert plan.title == "One plan"
    assert result.merge.target_was_created is True
    assert plan.actions.count() == 6
    assert plan.sections.count() == 3
    assert Plan.objects.filter(merged_into=plan).count() == 2


def test_plan_merge_dry_run_changes_nothing(improvement_lead, source, target):
    before = _snapshot(source), _snapshot(target)

    result = plan_merge(user=improvement_lead, sources=[source], target=target, dry_run=True)

    assert result.dry_run is True
    assert result.counts["actions"] == 5
    assert len(result.mapping) == 2
    assert (_snapshot(source), _snapshot(target)) == before
    assert not PlanMerge.objects.exists()
    source.refresh_from_db()
    assert source.merged_into is None


def test_plan_merge_failing_midway_changes_nothing(improvement_lead, source, target, monkeypatch):
    before = _snapshot(source), _snapshot(target)
    versions = dict(Action.objects.values_list("pk", "version"))
    move = merging._move_action
    moved = []

    def move_then_fail(**kwargs):
        if len(moved) == 2:
            raise RuntimeError("The database went away")
        moved.append(kwargs["action"].pk)
        move(**kwargs)

    monkeypatch.setattr(merging, "_move_action", move_then_fail)
    with pytest.raises(RuntimeError):
        plan_merge(user=improvement_lead, sources=[source], target=target)

    assert len(moved) == 2
    assert (_snapshot(source), _snapshot(target)) == before
    assert dict(Action.objects.values_list("pk", "version")) == versions
    assert not PlanMerge.objects.exists()
    assert not Action.history.filter(plan_id=target.pk, id__in=moved).exists()
    source.refresh_from_db()
    assert source.merged_into is None


def test_plan_merge_refuses_another_authoritys_plan(
    improvement_lead, source, other_local_authority
):
    other = PlanFactory(local_authority=other_local_authority)

    with pytest.raises(ValidationError, match="Choose plans of your own local authority"):
        plan_merge(user=improvement_lead, sources=[source], target=other)
    with pytest.raises(ValidationError, match="Choose plans of your own local authority"):
        plan_merge(user=improvement_lead, sources=[other], target=source)
    assert not PlanMerge.objects.exists()


def test_plan_merge_refuses_a_plan_merged_already(improvement_lead, source, target, second_source):
    plan_merge(user=improvement_lead, sources=[source], target=target)

    with pytest.raises(ValidationError, match="JTAI Statement of Action: This plan was merged"):
        plan_merge(user=improvement_lead, sources=[source], target=second_source)
    with pytest.raises(ValidationError, match="This plan was merged"):
        plan_merge(user=improvement_lead, sources=[second_source], target=source)


def test_plan_merge_refuses_bad_requests(improvement_lead, viewer, source, target):
    with pytest.raises(ValidationError, match="Choose the plans to merge"):
        plan_merge(user=improvement_lead, sources=[], target=target)
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        plan_merge(user=improvement_lead, sources=[source, target], target=target)
    with pytest.raises(ValidationError, match="enter the new plan's title"):
        plan_merge(user=improvement_lead, sources=[source])
    with pytest.raises(ValidationError, match="Choose where section 1 of JTAI"):
        first = Section.objects.get(plan=source, number=1)
        plan_merge(
            user=improvement_lead, sources=[source], target=target, mapping={first.pk: "theme:0"}
        )
    with pytest.raises(PermissionDenied):
        plan_merge(user=viewer, sources=[source], target=target)
    assert not PlanMerge.objects.exists()


def test_plan_merge_refuses_a_plan_changed_since_the_preview(improvement_lead, source, target):
    seen = {source.pk: source.version, target.pk: target.version}
    services.plan_update(
        user=improvement_lead,
        plan=target,
        expected_version=target.version,
        title="Renamed meanwhile",
        kind=target.kind,
        status=target.status,
        inspections=[],
    )

    with pytest.raises(ConcurrentEditError):
        plan_merge(user=improvement_lead, sources=[source], target=target, expected_versions=seen)
    assert not PlanMerge.objects.exists()


def test_plan_merge_moves_a_theme_without_sections_that_the_target_lacks(
    improvement_lead, source, target
):
    spare = services.theme_create(user=improvement_lead, plan=source, name="Voice of the child")

    plan_merge(user=improvement_lead, sources=[source], target=target)

    spare.refresh_from_db()
    assert spare.plan == target
    assert spare.origin_plan == source
    # The source's "workforce" matched the target's "Workforce": it stays, empty.
    assert list(source.themes.values_list("name", flat=True)) == [
        "workforce",
        "Partnership working",
    ]


def test_plan_merge_shares_the_target_with_the_sources_partners(
    improvement_lead, local_authority, source, target, second_source, django_assert_max_num_queries
):

    police = OrganisationFactory(
        local_authority=local_authority, name="Police", kind=Organisation.Kind.POLICE
    )
    health = OrganisationFactory(
        local_authority=local_authority, name="ICB", kind=Organisation.Kind.HEALTH
    )
    plan_partner_grant(user=improvement_lead, plan=source, organisation=police)
    plan_partner_grant(user=improvement_lead, plan=second_source, organisation=police)
    plan_partner_grant(user=improvement_lead, plan=second_source, organisation=health)
    plan_partner_grant(user=improvement_lead, plan=target, organisation=health)
    with django_assert_max_num_queries(1):
        shown = selectors.partners_to_share(sources=[source, second_source], target=target)
    assert shown == ["Police"]

    plan_merge(user=improvement_lead, sources=[source, second_source], target=target)

    in_force = PlanPartnerAccess.objects.filter(withdrawn_at__isnull=True)
    assert sorted(in_force.filter(plan=target).values_list("organisation__name", flat=True)) == [
        "ICB",
        "Police",
    ]
    # The sources keep theirs, as the record of who could see them.
    assert in_force.filter(plan=source).count() == 1
    assert in_force.filter(plan=second_source).count() == 2
    granted = in_force.get(plan=target, organisation=police)
    assert granted.granted_by == improvement_lead
    assert granted.history.count() == 1


def test_plan_merge_dry_run_shares_nothing(improvement_lead, local_authority, source, target):

    police = OrganisationFactory(
        local_authority=local_authority, name="Police", kind=Organisation.Kind.POLICE
    )
    plan_partner_grant(user=improvement_lead, plan=source, organisation=police)

    plan_merge(user=improvement_lead, sources=[source], target=target, dry_run=True)

    assert not PlanPartnerAccess.objects.filter(plan=target).exists()
