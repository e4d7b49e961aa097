"""Reads for the Statement of Action: the multi-agency plan as plain data, by organisation.

Every action of the plan as it stands today, with what it answers (quoted) and the
organisations that own it, in a fixed number of queries whatever the plan's size; the
builders in `tracker.reporting.documents` group it into parts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from tracker.accounts.models import Organisation
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans import rules
from tracker.plans.models import COMPLETE_STATUSES, Action, Brag, Plan, Section
from tracker.plans.selectors import moved_from, status_label
from tracker.reporting.documents.data import StatementAction, StatementOfActionData
from tracker.reporting.papers.selectors import plan_source_lines

__all__ = ["STATEMENT_TITLE", "statement_of_action_data"]

STATEMENT_TITLE = "Statement of Action"

_KIND_LABELS: dict[str, str] = dict(Recommendation.Kind.choices)
_SOURCE_KIND_LABELS: dict[str, str] = dict(Inspection.Kind.choices)
_LOCAL_AUTHORITY = Organisation.Kind.LOCAL_AUTHORITY


@dataclass(frozen=True)
class _Answer:
    pk: int
    source_id: int
    source_kind: str
    source_started_on: datetime.date
    kind: str
    number: int
    text: str


_ANSWER_FIELDS = (
    "recommendation_id",
    "recommendation__inspection_id",
    "recommendation__inspection__kind",
    "recommendation__inspection__started_on",
    "recommendation__kind",
    "recommendation__number",
    "recommendation__text",
)
_ANSWER_ORDER = (
    "recommendation__inspection__started_on",
    "recommendation__inspection_id",
    "recommendation__kind",
    "recommendation__number",
    "recommendation__pk",
)


def _answers_by_owner(
    rows: Iterable[tuple[int, int, int, str, datetime.date, str, int, str]],
) -> dict[int, list[_Answer]]:
    """(owner id, recommendation's fields...) rows as each owner's recommendations, in order;
    a recommendation answered by several owners is made once."""
    by_owner: dict[int, list[_Answer]] = defaultdict(list)
    made: dict[int, _Answer] = {}
    for owner_id, pk, source_id, source_kind, started_on, kind, number, text in rows:
        answer = made.get(pk)
        if answer is None:
            answer = made[pk] = _Answer(pk, source_id, source_kind, started_on, kind, number, text)
        by_owner[owner_id].append(answer)
    return by_owner


def _answer_label(answer: _Answer, *, several_sources: bool) -> str:
    """ "Area for priority action 1", naming the source when the plan answers several, as
    their numbers start again at 1."""
    label = f"{_KIND_LABELS.get(answer.kind, answer.kind)} {answer.number}"
    if several_sources:
        kind = _SOURCE_KIND_LABELS.get(answer.source_kind, answer.source_kind)
        label += f" ({kind}, {answer.source_started_on:%B %Y})"
    return label


def _organisation_name(name: str | None, kind: str | None, *, local_authority: str) -> str | None:
    """The part an owner's organisation puts an action in: the local authority for the
    authority's own organisation (its kind "Local authority"); None for no organisation."""
    if name is None:
        return None
    return local_authority if kind == _LOCAL_AUTHORITY else name


def _owners(
    plan: Plan, *, local_authority: str
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Every action's owners as the plan page names them (posts, organisations, people, each
    in the order given), and the organisations each owner ties it to: an organisation itself,
    a post's organisation, a person's organisation, or the local authority for a post or
    person of none (three queries)."""
    who: dict[int, list[str]] = defaultdict(list)
    organisations: dict[int, list[str]] = defaultdict(list)

    def tie(action_id: int, name: str | None, kind: str | None) -> None:
        organisations[action_id].append(
            _organisation_name(name, kind, local_authority=local_authority) or local_authority
        )

    posts = Action.owner_posts.through.objects.filter(action__plan=plan).order_by("pk")
    for action_id, title, name, kind in posts.values_list(
        "action_id", "post__title", "post__organisation__name", "post__organisation__kind"
    ):
        who[action_id].append(title)
        tie(action_id, name, kind)
    owning = Action.owner_organisations.through.objects.filter(action__plan=plan).order_by("pk")
    for action_id, name, kind in owning.values_list(
        "action_id", "organisation__name", "organisation__kind"
    ):
        who[action_id].append(name)
        tie(action_id, name, kind)
    people = Action.owner_users.through.objects.filter(action__plan=plan).order_by("pk")
    for action_id, first, last, username, name, kind in people.values_list(
        "action_id",
        "user__first_name",
        "user__last_name",
        "user__username",
        "user__organisation__name",
        "user__organisation__kind",
    ):
        who[action_id].append(f"{first} {last}".strip() or username)
        tie(action_id, name, kind)
    return who, organisations


def statement_of_action_data(
    *, plan: Plan, now: datetime.datetime | None = None
) -> StatementOfActionData:
    """The Statement of Action of a plan as it stands today: its sources and who issued them,
    and every action with its section, priority area, what it answers (its section's
    recommendations and those it is linked to), owners, organisations, due date, status,
    BRAG and latest progress. Nine queries whatever the plan's size."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plan = Plan.objects.select_related("local_authority").get(pk=plan.pk)
    local_authority = plan.local_authority.name
    sources = plan_source_lines(plan=plan)
    sections = {
        pk: (f"{number}. {title}", priority_area or "")
        for pk, number, title, priority_area in Section.objects.filter(plan=plan).values_list(
            "pk", "number", "title", "priority_area__name"
        )
    }
    own = _answers_by_owner(
        Section.recommendations.through.objects.filter(section__plan=plan)
        .order_by(*_ANSWER_ORDER)
        .values_list("section_id", *_ANSWER_FIELDS)
    )
    linked = _answers_by_owner(
        Action.linked_recommendations.through.objects.filter(action__plan=plan)
        .order_by(*_ANSWER_ORDER)
        .values_list("action_id", *_ANSWER_FIELDS)
    )
    who, organisations = _owners(plan, local_authority=local_authority)
    several = len({a.source_id for answers in (*own.values(), *linked.values()) for a in answers})
    labels: dict[int, tuple[str, str]] = {}

    def answer(item: _Answer) -> tuple[str, str]:
        if item.pk not in labels:
            labels[item.pk] = (_answer_label(item, several_sources=several > 1), item.text)
        return labels[item.pk]

    rows = (
        Action.objects.filter(plan=plan)
        .order_by("section__number", "position", "pk")
        .values_list(
            "pk",
            "section_id",
            "reference",
            "description",
            "owner_note",
            "due_on",
            "original_due_on",
            "status",
            "brag",
            "latest_update__recorded_on",
            "latest_update__narrative",
            "origin_reference",
            "origin_section_title",
            "origin_plan__title",
        )
    )
    actions = []
    for (
        pk,
        section_id,
        reference,
        description,
        owner_note,
        due_on,
        original_due_on,
        status,
        brag,
        progress_on,
        progress,
        origin_reference,
        origin_section,
        origin_plan,
    ) in rows:
        section, priority_area = sections.get(section_id, ("", ""))
        answered = list(own.get(section_id, ()))
        seen = {a.pk for a in answered}
        answered += [a for a in linked.get(pk, ()) if a.pk not in seen]
        actions.append(
            StatementAction(
                reference=reference,
                section=section,
                priority_area=priority_area,
                description=description,
                answers=tuple(answer(a) for a in answered),
                who=tuple(who.get(pk, ())),
                owner_note=owner_note,
                organisations=tuple(dict.fromkeys(organisations.get(pk, ()))),
                due_on=due_on,
                original_due_on=original_due_on,
                status_label=status_label(status),
                is_complete=status in COMPLETE_STATUSES,
                brag=brag,
                brag_word=Brag.word(brag),
                is_overdue=rules.is_overdue(status=status, due_on=due_on, today=today),
                progress_on=progress_on,
                progress=progress or "",
                moved_from=moved_from(
                    reference=origin_reference, section=origin_section, plan=origin_plan
                ),
            )
        )
    return StatementOfActionData(
        local_authority=local_authority,
        plan_title=plan.title,
        title=STATEMENT_TITLE,
        as_of=today,
        generated_at=now,
        sources=sources,
        actions=tuple(actions),
    )
