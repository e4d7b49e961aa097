"""Who may add, withdraw and download evidence."""

from __future__ import annotations

import datetime

import pytest

from tracker.performance.evidence import services
from tracker.performance.evidence.access import (
    user_can_add_evidence,
    user_can_download_evidence,
    user_can_withdraw_evidence,
)

pytestmark = pytest.mark.django_db


def test_editors_add_evidence_to_anything(
    improvement_lead, administrator, action, not_owned_action, outcome, measure_value, audit
):
    for user in (improvement_lead, administrator):
        for thing in (action, not_owned_action, outcome, measure_value, audit):
            assert user_can_add_evidence(user=user, evidence_of=thing) is True


def test_action_owner_adds_evidence_to_their_own_action_only(
    action_owner, action, not_owned_action
):
    assert user_can_add_evidence(user=action_owner, evidence_of=action) is True
    assert user_can_add_evidence(user=action_owner, evidence_of=not_owned_action) is False


def test_thematic_lead_adds_evidence_to_their_themes_actions_only(
    thematic_lead, action, not_owned_action
):
    assert user_can_add_evidence(user=thematic_lead, evidence_of=action) is True
    assert user_can_add_evidence(user=thematic_lead, evidence_of=not_owned_action) is False


def test_only_editors_add_evidence_to_outcomes_values_and_audits(
    action_owner, thematic_lead, outcome, measure_value, audit
):
    for user in (action_owner, thematic_lead):
        for thing in (outcome, measure_value, audit):
            assert user_can_add_evidence(user=user, evidence_of=thing) is False


def test_viewer_adds_no_evidence(viewer, action):
    assert user_can_add_evidence(user=viewer, evidence_of=action) is False


def _note(user, action):
    return services.evidence_add_note(
        user=user,
        evidence_of=action,
        title="Visit",
        dated_on=datetime.date(2026, 11, 2),
        note="Seen",
    )


def test_the_person_who_added_it_and_editors_may_withdraw(
    action_owner, thematic_lead, improvement_lead, viewer, action
):
    evidence = _note(action_owner, action)
    assert user_can_withdraw_evidence(user=action_owner, evidence=evidence) is True
    assert user_can_withdraw_evidence(user=improvement_lead, evidence=evidence) is True
    # The thematic lead may add evidence to the action, but did not add this.
    assert user_can_withdraw_evidence(user=thematic_lead, evidence=evidence) is False
    assert user_can_withdraw_evidence(user=viewer, evidence=evidence) is False


def test_an_owner_who_no_longer_owns_the_action_may_not_withdraw_what_they_added(
    action_owner, head_of_safeguards, action
):
    evidence = _note(action_owner, action)
    action_owner.posts.remove(head_of_safeguards)
    assert user_can_withdraw_evidence(user=action_owner, evidence=evidence) is False


def test_withdrawn_evidence_is_downloadable_by_the_improvement_team_only(
    improvement_lead, administrator, action_owner, viewer, action
):
    evidence = _note(improvement_lead, action)
    assert user_can_download_evidence(user=viewer, evidence=evidence) is True
    withdrawn = services.evidence_withdraw(
        user=improvement_lead, evidence=evidence, reason="Superseded"
    )
    assert user_can_download_evidence(user=viewer, evidence=withdrawn) is False
    assert user_can_download_evidence(user=action_owner, evidence=withdrawn) is False
    assert user_can_download_evidence(user=improvement_lead, evidence=withdrawn) is True
    assert user_can_download_evidence(user=administrator, evidence=withdrawn) is True
