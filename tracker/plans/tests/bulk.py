"""Build a plan of any size quickly for query-count tests."""

from __future__ import annotations

import datetime

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.plans.models import Action, Plan, ProgressUpdate, Section


def build_plan(
    *, local_authority: LocalAuthority, actions: int, owner: User, sections: int = 10
) -> Plan:
    """A plan of `actions` actions over `sections` sections, with owners and a progress entry."""
    plan = Plan.objects.create(
        local_authority=local_authority, title=f"Plan of {actions}", kind="improvement_plan"
    )
    post = Post.objects.create(local_authority=local_authority, title=f"Head of Service {actions}")
    organisation = Organisation.objects.create(
        local_authority=local_authority, name=f"Police {actions}", kind="police"
    )
    owner.posts.add(post)
    section_rows = Section.objects.bulk_create(
        Section(plan=plan, number=n + 1, title=f"Section {n + 1}") for n in range(sections)
    )
    today = datetime.date.today()  # noqa: DTZ011
    action_rows = Action.objects.bulk_create(
        Action(
            plan=plan,
            section=section_rows[n % sections],
            reference=f"{n % sections + 1}.{n}",
            position=n,
            description=f"Audit action {n}",
            due_on=today - datetime.timedelta(days=n - actions // 2),
            status="in_progress",
            brag=["green", "amber", "red"][n % 3],
        )
        for n in range(actions)
    )
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=a,
            recorded_on=today,
            narrative=f"Progress on {a.reference}",
            status="in_progress",
            brag=a.brag,
        )
        for a in action_rows
    )
    for action_row, update in zip(action_rows, updates, strict=True):
        action_row.latest_update = update
    Action.objects.bulk_update(action_rows, ["latest_update"])
    Action.owner_posts.through.objects.bulk_create(
        Action.owner_posts.through(action_id=a.pk, post_id=post.pk) for a in action_rows
    )
    Action.owner_organisations.through.objects.bulk_create(
        Action.owner_organisations.through(action_id=a.pk, organisation_id=organisation.pk)
        for a in action_rows[::2]
    )
    return plan
