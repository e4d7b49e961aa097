"""The feed's tables, as plain rows in the order of `columns`: what the token's user may see,
in a fixed number of queries however many rows there are."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from tracker.accounts.access import council_authority_for_user, local_authority_for_user
from tracker.accounts.models import User
from tracker.governance.selectors import risk_register
from tracker.performance import rules as performance_rules
from tracker.performance.models import Measure, MeasureValue, Target
from tracker.plans.access import visible_plan_ids
from tracker.plans.models import COMPLETE_STATUSES, Action, Brag
from tracker.plans.selectors import status_label
from tracker.reporting.documents.spreadsheet import risk_register_table

FeedCell = str | int | bool | Decimal | datetime.date | None
Rows = list[tuple[FeedCell, ...]]


def _owners(*, user: User) -> dict[int, list[str]]:
    """Every visible action's owners as plain names, posts first (three queries)."""
    owners: dict[int, list[str]] = defaultdict(list)
    plan_ids = visible_plan_ids(user=user)
    posts = Action.owner_posts.through.objects.filter(action__plan_id__in=plan_ids)
    for action_id, title in posts.order_by("pk").values_list("action_id", "post__title"):
        owners[action_id].append(title)
    organisations = Action.owner_organisations.through.objects.filter(action__plan_id__in=plan_ids)
    for action_id, name in organisations.order_by("pk").values_list(
        "action_id", "organisation__name"
    ):
        owners[action_id].append(name)
    users = Action.owner_users.through.objects.filter(action__plan_id__in=plan_ids)
    people = users.order_by("pk").values_list(
        "action_id", "user__first_name", "user__last_name", "user__username"
    )
    for action_id, first, last, username in people:
        owners[action_id].append(f"{first} {last}".strip() or username)
    return owners


def feed_actions(*, user: User, today: datetime.date | None = None) -> Rows:
    """One row per action of the plans the user may see (partners: those shared with their
    organisation), with its latest progress update: four queries."""
    local_authority_for_user(user=user)
    today = today or timezone.localdate()
    actions = (
        Action.objects.filter(plan_id__in=visible_plan_ids(user=user))
        .select_related("plan", "section", "section__priority_area", "latest_update")
        .order_by("plan__title", "plan_id", "position", "pk")
    )
    owners = _owners(user=user)
    rows: Rows = []
    for action in actions:
        latest = action.latest_update
        section = action.section
        priority_area = section.priority_area
        rows.append(
            (
                action.plan_id,
                action.plan.title,
                f"{section.number}. {section.title}",
                priority_area.name if priority_area is not None else "",
                action.pk,
                action.reference,
                action.description,
                "; ".join(owners.get(action.pk, [])),
                action.due_on,
                status_label(action.status),
                Brag.word(action.brag),
                action.due_on is not None
                and action.status not in COMPLETE_STATUSES
                and action.due_on < today,
                latest.recorded_on if latest is not None else None,
                latest.narrative if latest is not None else "",
            )
        )
    return rows


def feed_measure_values(*, user: User) -> Rows:
    """One row per value in force of every measure of the user's authority, rated against
    the target for its period: two queries. Partners are refused (403), as on the pages."""
    local_authority = council_authority_for_user(user=user)
    targets: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    for measure_id, applies_from, target_value in Target.objects.filter(
        measure__local_authority=local_authority
    ).values_list("measure_id", "applies_from", "value"):
        targets[measure_id].append((applies_from, target_value))
    values = (
        MeasureValue.objects.filter(
            measure__local_authority=local_authority, correction__isnull=True
        )
        .select_related("measure")
        .order_by("measure__reference", "measure_id", "period_end")
    )
    rows: Rows = []
    for value in values:
        measure: Measure = value.measure
        target = performance_rules.target_for_period(
            targets.get(measure.pk, []), period_end=value.period_end
        )
        rag = performance_rules.rag_against_target(
            value=value.value,
            target=target,
            tolerance=measure.tolerance,
            direction=measure.direction,
        )
        rows.append(
            (
                measure.pk,
                measure.reference,
                measure.name,
                measure.get_unit_display(),
                measure.get_direction_display(),
                value.period_end,
                value.value,
                target,
                performance_rules.Rag.word(rag),
                value.statistical_neighbours,
                value.england,
                value.region,
            )
        )
    return rows


def feed_risks(*, user: User) -> Rows:
    """One row per risk of the register, as the register's CSV has it (for partners, the
    risks of the plans shared with them): two queries."""
    local_authority = local_authority_for_user(user=user)
    table = risk_register_table(risk_register(local_authority=local_authority, viewer=user))
    return [tuple(row) for row in table.rows]
