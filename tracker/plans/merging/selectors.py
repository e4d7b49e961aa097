"""Reads for merging plans: where each source section would go, and what would move."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Model, Q

from tracker.plans.merging.relations import Treatment, relations_to
from tracker.plans.models import (
    Action,
    DueDateChange,
    ExpectedOutcome,
    Plan,
    PlanMerge,
    PlanPartnerAccess,
    ProgressUpdate,
    Section,
    Theme,
)

# A choice of where a source section goes, as the preview's select sends it.
NEW_UNDER_THEME = "theme"  # a new section under a theme of the target
NEW_UNDER_MOVED_THEME = "move-theme"  # a new section under its own theme, moved with its lead
INTO_SECTION = "section"  # into a section the target already has
NEW_WITHOUT_THEME = "no-theme"

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "all",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "within",
    ]
)


def words(text: str) -> set[str]:
    """The words of a title that say what it is about: lower case, stop words and words of
    fewer than three letters left out."""
    return {
        word
        for word in re.findall(r"[a-z0-9]+", text.lower())
        if len(word) > 2 and word not in STOP_WORDS
    }


def choice(kind: str, pk: int | None = None) -> str:
    """The value of a destination in the preview's select: "theme:12", "no-theme"."""
    return kind if pk is None else f"{kind}:{pk}"


def parse_choice(value: str) -> tuple[str, int | None]:
    """A select's value as (kind, id); ("", None) when it is not one."""
    kind, _, pk = value.partition(":")
    if kind == NEW_WITHOUT_THEME and not pk:
        return kind, None
    if kind in {NEW_UNDER_THEME, NEW_UNDER_MOVED_THEME, INTO_SECTION} and pk.isdigit():
        return kind, int(pk)
    return "", None


@dataclass(frozen=True)
class TargetTheme:
    pk: int
    name: str
    section_titles: tuple[str, ...]


@dataclass(frozen=True)
class SourceSection:
    """A section of a source plan and what it holds."""

    pk: int
    plan_id: int
    plan_title: str
    number: int
    title: str
    theme_id: int | None
    theme_name: str
    actions: int
    outcomes: int

    @property
    def label(self) -> str:
        return f"{self.plan_title}: {self.number}. {self.title}"


@dataclass
class MergePreview:
    """What a merge would do: each source section with the suggested destination and the
    choices, and the counts of what would move."""

    sources: list[Plan]
    target: Plan | None
    sections: list[SourceSection]
    suggestions: dict[int, str]
    choices: list[tuple[str, str]]
    counts: dict[str, int] = field(default_factory=dict)
    # Partner organisations a source plan is shared with and the target is not: the merge
    # shares the target with them, so their people keep seeing the actions they own.
    partners_to_share: list[str] = field(default_factory=list)

    @property
    def choice_labels(self) -> dict[str, str]:
        return dict(self.choices)


def suggest_destination(
    *,
    section_title: str,
    theme_name: str,
    theme_id: int | None,
    target_themes: Sequence[TargetTheme],
) -> str:
    """Where a source section goes unless the officer says otherwise: always a new section,
    under the target's theme of the same name (whatever the case); failing that, the theme
    whose name and sections' titles share most words with the section's title and theme;
    failing that, the target's first theme; a target with no themes takes the section's own
    theme with its lead (or none)."""
    if theme_name:
        for theme in target_themes:
            if theme.name.strip().lower() == theme_name.strip().lower():
                return choice(NEW_UNDER_THEME, theme.pk)
    wanted = words(section_title) | words(theme_name)
    best: tuple[int, int] | None = None
    for position, theme in enumerate(target_themes):
        overlap = len(wanted & (words(theme.name) | words(" ".join(theme.section_titles))))
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, position)
    if best is not None:
        return choice(NEW_UNDER_THEME, target_themes[best[1]].pk)
    if target_themes:
        return choice(NEW_UNDER_THEME, target_themes[0].pk)
    if theme_id is not None:
        return choice(NEW_UNDER_MOVED_THEME, theme_id)
    return choice(NEW_WITHOUT_THEME)


def _grouped(queryset: Iterable[dict[str, int]], key: str) -> dict[int, int]:
    return {row[key]: row["n"] for row in queryset}


def plan_merge_counts(*, plans: Sequence[Plan]) -> dict[str, int]:
    """How many records the plans hold, by kind: what a merge of them moves. A fixed number
    of queries (one for each kind), whatever the size of the plans."""
    ids = [plan.pk for plan in plans]
    counts = {
        "sections": Section.objects.filter(plan_id__in=ids).count(),
        "actions": Action.objects.filter(plan_id__in=ids).count(),
        "expected outcomes": ExpectedOutcome.objects.filter(section__plan_id__in=ids).count(),
        "progress updates": ProgressUpdate.objects.filter(action__plan_id__in=ids).count(),
        "due date changes": DueDateChange.objects.filter(action__plan_id__in=ids).count(),
    }
    for to, path in ((Action, "plan_id__in"), (ExpectedOutcome, "section__plan_id__in")):
        for relation in relations_to(to, Treatment.FOLLOWS):
            if relation.model in (ProgressUpdate, DueDateChange):
                continue
            counts[_count_name(relation.model, relation.field)] = _count_links(
                relation.model, relation.field, f"{relation.field}__{path}", ids
            )
    moved: tuple[tuple[type[Model], str], ...] = (
        (Plan, "pk__in"),
        (Theme, "plan_id__in"),
        (Section, "plan_id__in"),
    )
    for owner, path in moved:
        for relation in relations_to(owner, Treatment.MOVES):
            counts[_count_name(relation.model, relation.field)] = _count_links(
                relation.model, relation.field, f"{relation.field}__{path}", ids
            )
    return counts


def _count_name(model: type[Model], field_name: str) -> str:
    """ "risk links (mitigating actions)", for the counts' keys."""
    noun = str(model._meta.verbose_name)
    label = str(model._meta.get_field(field_name).verbose_name)  # type: ignore[union-attr]
    return f"{noun} links ({label})"


def _count_links(model: type[Model], field_name: str, lookup: str, ids: list[int]) -> int:
    """The links of `model` through `field_name` to the plans' records: a row for each link
    of a many-to-many, a record for a foreign key."""
    queryset = model._default_manager.filter(Q(**{lookup: ids}))
    return queryset.aggregate(n=Count(field_name))["n"] or 0


def plan_merge_preview(*, sources: Sequence[Plan], target: Plan | None) -> MergePreview:
    """Each source section with its suggested destination in the target, the destinations
    to choose from and the counts of what would move. At most eight queries and the counts'
    fixed number, whatever the size of the plans."""
    source_ids = [plan.pk for plan in sources]
    titles = {plan.pk: plan.title for plan in sources}
    actions = _grouped(
        Action.objects.filter(plan_id__in=source_ids)
        .values("section_id")
        .annotate(n=Count("pk"))
        .order_by(),
        "section_id",
    )
    outcomes = _grouped(
        ExpectedOutcome.objects.filter(section__plan_id__in=source_ids)
        .values("section_id")
        .annotate(n=Count("pk"))
        .order_by(),
        "section_id",
    )
    order = {pk: position for position, pk in enumerate(source_ids)}
    sections = sorted(
        (
            SourceSection(
                pk=row.pk,
                plan_id=row.plan_id,
                plan_title=titles[row.plan_id],
                number=row.number,
                title=row.title,
                theme_id=row.theme_id,
                theme_name=row.theme.name if row.theme else "",
                actions=actions.get(row.pk, 0),
                outcomes=outcomes.get(row.pk, 0),
            )
            for row in Section.objects.filter(plan_id__in=source_ids).select_related("theme")
        ),
        key=lambda s: (order[s.plan_id], s.number, s.pk),
    )
    target_themes: list[TargetTheme] = []
    target_sections: list[tuple[int, int, str, str]] = []
    if target is not None:
        section_rows = list(
            Section.objects.filter(plan=target)
            .order_by("number", "pk")
            .values_list("pk", "number", "title", "theme_id", "theme__name")
        )
        by_theme: dict[int, list[str]] = {}
        for _pk, _number, title, theme_id, _name in section_rows:
            if theme_id is not None:
                by_theme.setdefault(theme_id, []).append(title)
        target_themes = [
            TargetTheme(pk=pk, name=name, section_titles=tuple(by_theme.get(pk, ())))
            for pk, name in Theme.objects.filter(plan=target)
            .order_by("position", "name")
            .values_list("pk", "name")
        ]
        target_sections = [
            (pk, number, title, name or "no theme")
            for pk, number, title, _theme_id, name in section_rows
        ]
    target_name = target.title if target is not None else "the new plan"
    choices = [
        (choice(NEW_UNDER_THEME, theme.pk), f"A new section under {theme.name}")
        for theme in target_themes
    ]
    taken = {theme.name.strip().lower() for theme in target_themes}
    source_themes = Counter[tuple[int, str, str]]()
    for section in sections:
        if section.theme_id is not None and section.theme_name.strip().lower() not in taken:
            source_themes[(section.theme_id, section.theme_name, section.plan_title)] += 1
    choices += [
        (
            choice(NEW_UNDER_MOVED_THEME, pk),
            f"A new section under {name}, moved from {plan_title} with its lead",
        )
        for pk, name, plan_title in source_themes
    ]
    choices.append((choice(NEW_WITHOUT_THEME), f"A new section of {target_name}, no theme"))
    choices += [
        (choice(INTO_SECTION, pk), f"Into section {number}. {title} ({theme})")
        for pk, number, title, theme in target_sections
    ]
    suggestions = {
        section.pk: suggest_destination(
            section_title=section.title,
            theme_name=section.theme_name,
            theme_id=section.theme_id,
            target_themes=target_themes,
        )
        for section in sections
    }
    return MergePreview(
        sources=list(sources),
        target=target,
        sections=sections,
        suggestions=suggestions,
        choices=choices,
        counts=plan_merge_counts(plans=sources),
        partners_to_share=partners_to_share(sources=sources, target=target),
    )


def partners_to_share(*, sources: Sequence[Plan], target: Plan | None) -> list[str]:
    """The partner organisations a source plan is shared with and the target is not, by name.
    One query."""
    plans = [*sources, *([target] if target is not None else [])]
    names: dict[int, str] = {}
    on_target: set[int] = set()
    for organisation_id, name, plan_id in PlanPartnerAccess.objects.filter(
        plan__in=plans, withdrawn_at__isnull=True
    ).values_list("organisation_id", "organisation__name", "plan_id"):
        names[organisation_id] = name
        if target is not None and plan_id == target.pk:
            on_target.add(organisation_id)
    return sorted((n for pk, n in names.items() if pk not in on_target), key=str.lower)


@dataclass(frozen=True)
class MergeSummary:
    """A merge as the target plan's page lists it."""

    merge: PlanMerge
    sources: list[Plan]


def plan_merges_into(*, plan: Plan) -> list[MergeSummary]:
    """The merges that brought other plans into this one, newest first, with their source
    plans (two queries)."""
    merges = list(
        PlanMerge.objects.filter(target=plan)
        .select_related("merged_by")
        .prefetch_related("sources")
    )
    return [MergeSummary(merge=m, sources=list(m.sources.all())) for m in merges]


def plans_to_merge(*, local_authority_id: int) -> list[Plan]:
    """The authority's plans that can be merged or merged into: those not merged already,
    by title (one query)."""
    return list(
        Plan.objects.filter(local_authority_id=local_authority_id, merged_into__isnull=True)
        .only("pk", "title")
        .order_by("title", "pk")
    )
