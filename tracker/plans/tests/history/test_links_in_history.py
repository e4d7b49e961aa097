"""Every history row of an action holds a copy of its links as they were, read in one query
(`tracker.core.history.HistoricalRecordsWithM2MInOneQuery`): the plan as it stood on a date is
rebuilt from these copies."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from simple_history.signals import (
    post_create_historical_m2m_records,
    pre_create_historical_m2m_records,
)

from tracker.accounts.tests.factories import OrganisationFactory, PostFactory
from tracker.inspections.tests.factories import RecommendationFactory
from tracker.plans import services
from tracker.plans.models import Action

pytestmark = pytest.mark.django_db


def _progress(user, action):
    action.refresh_from_db()
    services.action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative="Audit sample reviewed",
        status="in_progress",
        brag="green",
    )


def _live_links(action):
    return {
        "posts": set(action.owner_posts.values_list("pk", flat=True)),
        "users": set(action.owner_users.values_list("pk", flat=True)),
        "organisations": set(action.owner_organisations.values_list("pk", flat=True)),
        "recommendations": set(action.linked_recommendations.values_list("pk", flat=True)),
    }


def _links_in_newest_history(action):
    newest = action.history.first()
    return {
        "posts": {row.post_id for row in newest.owner_posts.all()},
        "users": {row.user_id for row in newest.owner_users.all()},
        "organisations": {row.organisation_id for row in newest.owner_organisations.all()},
        "recommendations": {row.recommendation_id for row in newest.linked_recommendations.all()},
    }


@pytest.fixture
def linked_actions(section, improvement_lead, action_owner, local_authority, inspection):
    """Two actions with links of every kind, none shared."""
    actions = []
    for number in (1, 2):
        actions.append(
            services.action_create(
                user=improvement_lead,
                section=section,
                reference=f"9.{number}",
                description=f"Linked action {number}",
                owner_posts=[PostFactory(local_authority=local_authority) for _ in range(number)],
                owner_users=[improvement_lead] if number == 1 else [action_owner],
                owner_organisations=[OrganisationFactory(local_authority=local_authority)],
                linked_recommendations=[
                    RecommendationFactory(inspection=inspection, number=10 * number + n)
                    for n in range(number)
                ],
            )
        )
    return actions


def test_each_save_copies_that_actions_own_links_into_its_history(improvement_lead, linked_actions):
    first, second = linked_actions
    # One after another, and again: the query read for one action is not another's.
    for action in (first, second, first, second):
        _progress(improvement_lead, action)
        assert _links_in_newest_history(action) == _live_links(action)
    assert _live_links(first) != _live_links(second)


def test_the_links_are_read_in_one_query_and_copied_in_the_database_one_insert_a_kind(
    improvement_lead, linked_actions
):
    action = linked_actions[0]
    action.refresh_from_db()
    connection = transaction.get_connection()
    with CaptureQueriesContext(connection) as queries:
        action._history_user = improvement_lead
        action.save()

    link_reads = [q["sql"] for q in queries if "UNION ALL" in q["sql"]]
    link_writes = [
        q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "plans_historicalaction_')
    ]
    assert len(link_reads) == 1
    assert len(link_writes) == 4
    assert all(" SELECT " in sql for sql in link_writes)
    assert _links_in_newest_history(action) == _live_links(action)
    # Each copy names the history row it belongs to, and only this action's links.
    newest = action.history.first()
    assert {row.action_id for row in newest.owner_posts.all()} == {action.pk}
    assert newest.owner_posts.count() == action.owner_posts.count()


def test_with_a_listener_the_links_are_read_in_one_query_and_written_one_insert_a_kind(
    improvement_lead, linked_actions
):
    action = linked_actions[0]
    action.refresh_from_db()
    heard = []

    def post(sender, created_rows, field, **kwargs):
        heard.append((field.name, len(created_rows)))

    post_create_historical_m2m_records.connect(post)
    try:
        with CaptureQueriesContext(transaction.get_connection()) as queries:
            action._history_user = improvement_lead
            action.save()
    finally:
        post_create_historical_m2m_records.disconnect(post)

    link_reads = [q["sql"] for q in queries if "UNION ALL" in q["sql"]]
    link_writes = [
        q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "plans_historicalaction_')
    ]
    assert len(link_reads) == 1
    assert len(link_writes) == 4
    assert dict(heard) == {name: len(ids) for name, ids in _plural_links(action).items()}
    assert _links_in_newest_history(action) == _live_links(action)


def _plural_links(action):
    live = _live_links(action)
    return {
        "owner_posts": live["posts"],
        "owner_users": live["users"],
        "owner_organisations": live["organisations"],
        "linked_recommendations": live["recommendations"],
    }


def test_an_action_without_links_writes_no_link_rows_but_sends_every_signal(
    improvement_lead, other_action
):
    sent = []

    def pre(sender, rows, field, **kwargs):
        sent.append(("pre", field.name, list(rows)))

    def post(sender, created_rows, field, **kwargs):
        sent.append(("post", field.name, list(created_rows)))

    pre_create_historical_m2m_records.connect(pre)
    post_create_historical_m2m_records.connect(post)
    try:
        _progress(improvement_lead, other_action)
    finally:
        pre_create_historical_m2m_records.disconnect(pre)
        post_create_historical_m2m_records.disconnect(post)

    fields = [field.name for field in Action.history.model._history_m2m_fields]
    assert sent == [(when, name, []) for name in fields for when in ("pre", "post")]
    assert _links_in_newest_history(other_action) == _live_links(other_action)


def test_only_the_kinds_of_link_an_action_has_are_copied(improvement_lead, action, other_action):
    """`action` is owned through a post and has no other link; `other_action` has none."""
    for record, kinds in ((action, 1), (other_action, 0)):
        record.refresh_from_db()
        with CaptureQueriesContext(transaction.get_connection()) as queries:
            record._history_user = improvement_lead
            record.save()
        link_writes = [
            q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "plans_historicalaction_')
        ]
        assert len(link_writes) == kinds
        assert _links_in_newest_history(record) == _live_links(record)
