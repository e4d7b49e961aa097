"""`record.history` on the plans' records: the stock simple-history manager, its class made
once per model rather than on every access (`HistoricalRecordsWithOneManagerClass`)."""

from __future__ import annotations

import pytest
from simple_history.manager import HistoryManager

from tracker.plans.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_an_actions_history_is_its_own_and_the_models_is_every_actions(action, other_action):
    assert set(action.history.values_list("id", flat=True)) == {action.pk}
    assert set(other_action.history.values_list("id", flat=True)) == {other_action.pk}
    assert set(Action.history.values_list("id", flat=True)) == {action.pk, other_action.pk}
    assert action.history.model is Action.history.model
    assert action.history.first().instance == action


def test_the_history_manager_class_is_made_once_per_model(action, other_action):
    assert isinstance(action.history, HistoryManager)
    assert type(action.history) is type(other_action.history) is type(Action.history)
    assert type(ProgressUpdate.history) is not type(Action.history)
    assert ProgressUpdate.history.model.__name__ == "HistoricalProgressUpdate"
