"""Writes for merging plans: everything of the source plans moves into the target in one
transaction, with its history, and the source plans become read-only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from tracker.accounts.models import User
from tracker.core.errors import check_version
from tracker.core.history import delete_with_history, save_changes, save_with_history
from tracker.core.models import VersionedModel
from tracker.plans.merging import selectors
from tracker.plans.merging.relations import Relation, Treatment, relations_to
from tracker.plans.models import (
    Action,
    ExpectedOutcome,
    Plan,
    PlanMerge,
    PlanPartnerAccess,
    PriorityArea,
    Section,
    Theme,
)
from tracker.plans.services import MOST_SECTION_NUMBER, plan_create, plan_merged_message

# Counts that must add up after a merge: records that move as they are. Sections do not (one
# merged into a section the target has is removed) nor do links re-pointed to a theme or
# section the record was linked to already (they are not doubled).
_KEPT_WHOLE = ("actions", "expected outcomes", "progress updates", "due date changes")


@dataclass(frozen=True)
class MergeResult:
    """What a merge did (or, for a dry run, would do)."""

    merge: PlanMerge | None
    target: Plan | None
    mapping: list[dict[str, Any]]
    counts: dict[str, int]
    dry_run: bool


class _DryRun(Exception):
    def __init__(self, result: MergeResult) -> None:
        self.result = result


def _save(obj: Model, user: User | None) -> None:
    """Save a record another part of the service holds, with history where it keeps one."""
    if isinstance(obj, VersionedModel):
        save_changes(obj, user=user)
    elif hasattr(type(obj), "history"):
        save_with_history(obj, user)
    else:
        obj.save()


def _repoint(*, relation: Relation, old: Model, new: Model, user: User | None) -> None:
    """Point every record that `relation` links to `old` at `new` instead, each saved with its
    history; a many-to-many link that is there already is not doubled."""
    manager = relation.model._default_manager
    for obj in manager.filter(**{relation.field: old}).distinct():
        if relation.many:
            links = getattr(obj, relation.field)
            links.remove(old)
            links.add(new)
        else:
            setattr(obj, relation.field, new)
        _save(obj, user)


def _refuse(
    *, user: User | None, sources: Sequence[Plan], target: Plan | None, new_title: str
) -> None:
    if user is not None and not user.can_edit_plans:
        raise PermissionDenied("Only improvement leads and administrators can merge plans.")
    errors: dict[str, list[str]] = {}
    if not sources:
        errors["sources"] = ["Choose the plans to merge"]
    elif len({plan.pk for plan in sources}) != len(sources):
        errors["sources"] = ["Choose each plan once"]
    if target is None and not new_title.strip():
        errors["target"] = ["Choose the plan to merge into, or enter the new plan's title"]
    if target is not None and any(plan.pk == target.pk for plan in sources):
        errors["target"] = [f"{target.title} cannot be merged into itself: choose another plan"]
    authorities = {plan.local_authority_id for plan in sources}
    if target is not None:
        authorities.add(target.local_authority_id)
    if user is not None and user.local_authority_id is not None:
        authorities.add(user.local_authority_id)
    if len(authorities) > 1:
        errors["sources"] = ["Choose plans of your own local authority"]
    if errors:
        raise ValidationError(errors)


def _lock(*, plans: Sequence[Plan], expected_versions: Mapping[int, int] | None) -> dict[int, Plan]:
    """The plans' current rows, locked, each checked against the version the officer saw and
    refused if merged meanwhile."""
    locked = {
        plan.pk: plan
        for plan in Plan.objects.select_for_update().filter(pk__in=[p.pk for p in plans])
    }
    for plan in plans:
        current = locked[plan.pk]
        check_version(
            thing="plan",
            current=current.version,
            expected=(expected_versions or {}).get(plan.pk),
        )
        if current.is_merged:
            raise ValidationError({"sources": [f"{current.title}: {plan_merged_message(current)}"]})
    return locked


def _reference(*, number: int, taken: set[str], start: int) -> tuple[str, int]:
    """The next free reference of a section ("11.3"), as the plans number their actions."""
    k = start
    while f"{number}.{k}" in taken:
        k += 1
    reference = f"{number}.{k}"
    taken.add(reference)
    return reference, k + 1


@transaction.atomic
def _merge(
    *,
    user: User | None,
    sources: Sequence[Plan],
    target: Plan | None,
    new_title: str,
    mapping: Mapping[int, str],
    expected_versions: Mapping[int, int] | None,
    dry_run: bool,
) -> MergeResult:
    locked = _lock(
        plans=[*sources, *([target] if target else [])], expected_versions=expected_versions
    )
    sources = [locked[plan.pk] for plan in sources]
    if target is not None:
        target = locked[target.pk]
    preview = selectors.plan_merge_preview(sources=sources, target=target)
    before_sources = preview.counts
    before_target = selectors.plan_merge_counts(plans=[target]) if target else {}

    # Where each section goes: the officer's choice, or the suggestion.
    chosen: dict[int, tuple[str, int | None]] = {}
    allowed = preview.choice_labels
    errors: dict[str, list[str]] = {}
    for row in preview.sections:
        value = mapping.get(row.pk, preview.suggestions[row.pk])
        if value not in allowed:
            errors[f"section_{row.pk}"] = [
                f"Choose where section {row.number} of {row.plan_title} goes"
            ]
            continue
        chosen[row.pk] = selectors.parse_choice(value)
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    if target is None:
        inspections = {i.pk: i for plan in sources for i in plan.inspections.all()}
        target = plan_create(
            user=user,
            local_authority=sources[0].local_authority,
            title=new_title,
            kind=Plan.Kind.IMPROVEMENT_PLAN,
            inspections=list(inspections.values()),
        )
        target_was_created = True
    else:
        target_was_created = False
        target.inspections.add(*{i for plan in sources for i in plan.inspections.all()})
    merge = PlanMerge(
        local_authority_id=target.local_authority_id,
        target=target,
        target_was_created=target_was_created,
        merged_by=user,
        merged_at=now,
    )
    save_with_history(merge, user)
    merge.sources.set(sources)
    titles = {plan.pk: plan.title for plan in sources}

    # Themes moved whole, with their leads.
    target_names = {
        name.strip().lower()
        for name in Theme.objects.filter(plan=target).values_list("name", flat=True)
    }
    position = Theme.objects.filter(plan=target).aggregate(p=Max("position"))["p"] or 0
    moved_themes: dict[int, Theme] = {}
    for kind, pk in chosen.values():
        if kind != selectors.NEW_UNDER_MOVED_THEME or pk is None or pk in moved_themes:
            continue
        theme = Theme.objects.select_for_update().get(pk=pk)
        if theme.name.strip().lower() in target_names:
            raise ValidationError(
                {"mapping": [f"{target.title} has a theme called {theme.name} already: choose it"]}
            )
        position += 1
        origin = theme.plan_id
        moved_themes[pk] = save_changes(
            theme, user=user, plan=target, position=position, origin_plan_id=origin, moved_in=merge
        )
        target_names.add(theme.name.strip().lower())

    # Sections, their outcomes and actions.
    themes = {theme.pk: theme for theme in Theme.objects.filter(plan=target)}
    target_sections = {s.pk: s for s in Section.objects.select_for_update().filter(plan=target)}
    number = max((s.number for s in target_sections.values()), default=0)
    taken = set(Action.objects.filter(plan=target).values_list("reference", flat=True))
    next_in_section: dict[int, int] = Counter(
        Action.objects.filter(plan=target).values_list("section_id", flat=True)
    )
    position_in_section = {
        row["section_id"]: row["p"]
        for row in Action.objects.filter(plan=target)
        .values("section_id")
        .annotate(p=Max("position"))
    }
    section_relations = relations_to(Section, Treatment.MOVES)
    theme_went: dict[int, Counter[int]] = {}
    record: list[dict[str, Any]] = []
    sections = {s.pk: s for s in Section.objects.select_for_update().filter(plan__in=sources)}
    for source_section in preview.sections:
        section = sections[source_section.pk]
        kind, pk = chosen[section.pk]
        origin_plan_id = section.plan_id
        origin_title = f"{section.number}. {section.title}"
        destination: Section
        if kind == selectors.INTO_SECTION:
            found = target_sections.get(pk) if pk is not None else None
            if found is None:
                raise ValidationError({f"section_{section.pk}": ["Choose a section of the plan"]})
            destination = found
        else:
            number += 1
            if number > MOST_SECTION_NUMBER:
                raise ValidationError(
                    {"mapping": [f"A plan has at most {MOST_SECTION_NUMBER} sections"]}
                )
            new_theme: Theme | None = None
            if kind == selectors.NEW_UNDER_THEME and pk is not None:
                new_theme = themes[pk]
            elif kind == selectors.NEW_UNDER_MOVED_THEME and pk is not None:
                new_theme = moved_themes[pk]
            destination = save_changes(
                section,
                user=user,
                plan=target,
                number=number,
                theme=new_theme,
                origin_plan_id=origin_plan_id,
                origin_section_title=origin_title,
                origin_reference=str(source_section.number),
                moved_in=merge,
            )
            target_sections[destination.pk] = destination
        if source_section.theme_id is not None and destination.theme_id is not None:
            theme_went.setdefault(source_section.theme_id, Counter())[destination.theme_id] += 1
        actions = list(
            Action.objects.select_for_update().filter(section=section).order_by("position", "pk")
        )
        start = next_in_section.get(destination.pk, 0) + 1
        place = position_in_section.get(destination.pk) or 0
        for action in actions:
            reference, start = _reference(number=destination.number, taken=taken, start=start)
            place += 1
            _move_action(
                action=action,
                user=user,
                plan=target,
                section=destination,
                reference=reference,
                position=place,
                origin_plan_id=origin_plan_id,
                origin_section_title=origin_title,
                merge=merge,
            )
        next_in_section[destination.pk] = start - 1
        position_in_section[destination.pk] = place
        if destination.pk != section.pk:
            _fold_section(
                section=section,
                into=destination,
                origin_title=origin_title,
                merge=merge,
                relations=section_relations,
                user=user,
            )
        record.append(
            {
                "source_plan": titles[origin_plan_id],
                "source_plan_id": origin_plan_id,
                "section": origin_title,
                "section_id": section.pk,
                "to_section": f"{destination.number}. {destination.title}",
                "to_section_id": destination.pk,
                "to_theme": destination.theme.name if destination.theme else "",
                "new_section": kind != selectors.INTO_SECTION,
                "actions": len(actions),
            }
        )

    # Themes that stay: what was linked to them goes where their sections went.
    theme_relations = relations_to(Theme, Treatment.MOVES)
    for theme in Theme.objects.filter(plan__in=sources):
        went = theme_went.get(theme.pk)
        destination_theme = themes.get(went.most_common(1)[0][0]) if went else None
        if destination_theme is None:
            destination_theme = next(
                (
                    t
                    for t in themes.values()
                    if t.name.strip().lower() == theme.name.strip().lower()
                ),
                None,
            )
        if destination_theme is not None:
            for relation in theme_relations:
                _repoint(relation=relation, old=theme, new=destination_theme, user=user)
        elif theme.name.strip().lower() not in target_names:
            # A theme none of whose sections moved anywhere, and that the target lacks: it
            # moves whole, with its lead and everything linked to it.
            position += 1
            origin = theme.plan_id
            themes[theme.pk] = save_changes(
                theme,
                user=user,
                plan=target,
                position=position,
                origin_plan_id=origin,
                moved_in=merge,
            )
            target_names.add(theme.name.strip().lower())

    _move_priority_areas(sources=sources, target=target, user=user)
    _share_with_source_partners(sources=sources, target=target, user=user)
    for relation in relations_to(Plan, Treatment.MOVES):
        for source in sources:
            _repoint(relation=relation, old=source, new=target, user=user)
    for source in sources:
        save_changes(source, user=user, merged_into=target, merged_at=now)

    after = selectors.plan_merge_counts(plans=[target])
    for name in _KEPT_WHOLE:
        expected = before_sources.get(name, 0) + before_target.get(name, 0)
        if after.get(name, 0) != expected:
            raise RuntimeError(f"Merge would lose or double {name}: {expected} → {after.get(name)}")
    merge.mapping = record
    merge.counts = before_sources
    save_with_history(merge, user)
    result = MergeResult(
        merge=None if dry_run else merge,
        target=None if dry_run else target,
        mapping=record,
        counts=before_sources,
        dry_run=dry_run,
    )
    if dry_run:
        raise _DryRun(result)
    return result


def _move_action(
    *,
    action: Action,
    user: User | None,
    plan: Plan,
    section: Section,
    reference: str,
    position: int,
    origin_plan_id: int,
    origin_section_title: str,
    merge: PlanMerge,
) -> None:
    """Move one action, its row kept (so its progress, evidence and links follow) and its
    history recording the move and where it came from."""
    save_changes(
        action,
        user=user,
        plan=plan,
        section=section,
        reference=reference,
        position=position,
        origin_plan_id=origin_plan_id,
        origin_section_title=origin_section_title,
        origin_reference=action.reference,
        moved_in=merge,
    )


def _fold_section(
    *,
    section: Section,
    into: Section,
    origin_title: str,
    merge: PlanMerge,
    relations: Sequence[Relation],
    user: User | None,
) -> None:
    """Move what a source section holds besides its actions into a section the target has:
    its outcomes, recommendations and links; then remove the empty section (its history
    keeps it)."""
    last = into.expected_outcomes.aggregate(p=Max("position"))["p"] or 0
    for offset, outcome in enumerate(ExpectedOutcome.objects.filter(section=section), start=1):
        outcome.section = into
        outcome.position = last + offset
        outcome.origin_plan_id = section.plan_id
        outcome.origin_section_title = origin_title
        outcome.moved_in = merge
        save_with_history(outcome, user)
    recommendations = list(section.recommendations.all())
    if recommendations:
        into.recommendations.add(*recommendations)
        save_changes(into, user=user)
    for relation in relations:
        _repoint(relation=relation, old=section, new=into, user=user)
    delete_with_history(section, user)


def _move_priority_areas(*, sources: Sequence[Plan], target: Plan, user: User | None) -> None:
    """The source plans' priority areas join the target's; one named as one of the target's
    has its linked sections linked to that one instead, and is removed."""
    existing = {
        area.name.strip().lower(): area for area in PriorityArea.objects.filter(plan=target)
    }
    position = len(existing)
    for area in PriorityArea.objects.filter(plan__in=sources).order_by("plan_id", "position"):
        same = existing.get(area.name.strip().lower())
        if same is None:
            position += 1
            existing[area.name.strip().lower()] = save_changes(
                area, user=user, plan=target, position=position
            )
            continue
        for section in Section.objects.filter(priority_area=area):
            save_changes(section, user=user, priority_area=same)
        delete_with_history(area, user)


def _share_with_source_partners(
    *, sources: Sequence[Plan], target: Plan, user: User | None
) -> None:
    """Share the target with every partner organisation a source plan is shared with, so their
    people keep seeing (and updating) the actions they own. The sources' grants stay, as the
    record of who could see them; a grant the target already has is not repeated."""
    on_target = set(
        PlanPartnerAccess.objects.filter(plan=target, withdrawn_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    for access in PlanPartnerAccess.objects.filter(
        plan__in=sources, withdrawn_at__isnull=True
    ).order_by("granted_at", "pk"):
        if access.organisation_id in on_target:
            continue
        on_target.add(access.organisation_id)
        save_with_history(
            PlanPartnerAccess(
                plan=target,
                organisation_id=access.organisation_id,
                granted_by=user,
                granted_at=timezone.now(),
            ),
            user,
        )


def plan_merge(
    *,
    user: User | None,
    sources: Sequence[Plan],
    target: Plan | None = None,
    new_title: str = "",
    mapping: Mapping[int, str] | None = None,
    expected_versions: Mapping[int, int] | None = None,
    dry_run: bool = False,
) -> MergeResult:
    """Merge the source plans into the target (or a new plan titled `new_title`).

    Each source section goes where `mapping` says (by section id, a destination as the
    preview's select gives it), else where `selectors.suggest_destination` suggests: a new
    section of the target under a theme, or into a section the target has. Its actions move
    with their progress, due date changes, evidence, verifications and links (their rows are
    kept, so every link follows and their history shows the move); references are numbered
    again as the target numbers them ("section.n"), the old one kept with the plan and
    section it came from. Links from other parts of the service move as `relations.RELATIONS`
    says. The source plans become read-only, naming the target.

    All or nothing: the plans are locked and checked against `expected_versions` (the
    versions the officer's preview showed); a plan merged already, a plan merged into itself,
    another authority's plan and anyone but an improvement lead or administrator are refused.
    `dry_run` works it all out and writes nothing.
    """
    _refuse(user=user, sources=sources, target=target, new_title=new_title)
    try:
        return _merge(
            user=user,
            sources=sources,
            target=target,
            new_title=new_title,
            mapping=mapping or {},
            expected_versions=expected_versions,
            dry_run=dry_run,
        )
    except _DryRun as done:
        return done.result
