"""Reading evidence for one record and counting it for many."""

from __future__ import annotations

import datetime

import pytest

from tracker.performance.evidence import selectors, services

pytestmark = pytest.mark.django_db


def _note(user, to, title="Visit"):
    return services.evidence_add_note(
        user=user, evidence_of=to, title=title, dated_on=datetime.date(2026, 11, 2), note="Seen"
    )


def test_evidence_for_action_leaves_out_withdrawn_unless_asked(improvement_lead, action):
    kept = _note(improvement_lead, action, "Kept")
    withdrawn = _note(improvement_lead, action, "Withdrawn")
    services.evidence_withdraw(user=improvement_lead, evidence=withdrawn, reason="Wrong")

    assert selectors.evidence_for_action(action=action) == [kept]
    assert set(selectors.evidence_for_action(action=action, include_withdrawn=True)) == {
        kept,
        withdrawn,
    }


def test_evidence_for_each_kind_of_record(improvement_lead, outcome, measure_value, audit):
    on_outcome = _note(improvement_lead, outcome)
    on_value = _note(improvement_lead, measure_value)
    on_audit = _note(improvement_lead, audit)
    assert selectors.evidence_for_outcome(outcome=outcome) == [on_outcome]
    assert selectors.evidence_for_value(value=measure_value) == [on_value]
    assert selectors.evidence_for_audit(audit=audit) == [on_audit]


def test_evidence_counts_for_actions_in_one_query(
    improvement_lead, action, not_owned_action, django_assert_num_queries
):
    _note(improvement_lead, action)
    _note(improvement_lead, action)
    withdrawn = _note(improvement_lead, not_owned_action)
    services.evidence_withdraw(user=improvement_lead, evidence=withdrawn, reason="Wrong")

    with django_assert_num_queries(1):
        counts = selectors.evidence_counts_for_actions([action.pk, not_owned_action.pk])

    assert counts == {action.pk: 2}


def test_evidence_counts_for_outcomes_values_and_audits(
    improvement_lead, outcome, measure_value, audit
):
    _note(improvement_lead, outcome)
    _note(improvement_lead, measure_value)
    _note(improvement_lead, audit)
    assert selectors.evidence_counts_for_outcomes([outcome.pk]) == {outcome.pk: 1}
    assert selectors.evidence_counts_for_values([measure_value.pk]) == {measure_value.pk: 1}
    assert selectors.evidence_counts_for_audits([audit.pk]) == {audit.pk: 1}


def test_evidence_for_actions_in_one_query(
    improvement_lead, action, not_owned_action, django_assert_num_queries
):
    first = _note(improvement_lead, action)
    second = _note(improvement_lead, not_owned_action)
    with django_assert_num_queries(1):
        found = selectors.evidence_for_actions([action.pk, not_owned_action.pk])
        names = {pk: [piece.added_by.username for piece in pieces] for pk, pieces in found.items()}
    assert found == {action.pk: [first], not_owned_action.pk: [second]}
    assert names == {action.pk: ["lead"], not_owned_action.pk: ["lead"]}
