"""How a merge treats every relation that points at a plan or something in it.

The plans app may not import the apps above it, so their relations are found through the
models' `_meta` and treated as this table says. A relation the table does not name fails
`tests/test_relations.py`: whoever adds one decides here whether it moves with the plan.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import ForeignObjectRel, Model

from tracker.plans.models import (
    Action,
    ExpectedOutcome,
    Plan,
    PriorityArea,
    ProgressUpdate,
    Section,
    Theme,
)


class Treatment(enum.Enum):
    """What happens to records that point at a source plan, theme or section."""

    # The merge service moves these records itself (sections, actions, themes...).
    MERGE_ITSELF = "moved by the merge itself"
    # Pointed at the target's plan, theme or section instead.
    MOVES = "moves with the plan to the target"
    # Points at a record (an action, an outcome, a progress entry) whose row moves, so it
    # follows without a change.
    FOLLOWS = "follows its record, which moves"
    # A record of what was said about the source plan (an issued paper, a meeting's agenda, a
    # submitted report): it stays with the source.
    STAYS = "stays with the source plan"


# The models a merge moves, whose incoming relations are classified below.
MOVED_MODELS: tuple[type[Model], ...] = (
    Plan,
    Theme,
    PriorityArea,
    Section,
    ExpectedOutcome,
    Action,
    ProgressUpdate,
)

T = Treatment
RELATIONS: dict[str, Treatment] = {
    # To a plan
    "plans.Theme.plan": T.MERGE_ITSELF,
    "plans.PriorityArea.plan": T.MERGE_ITSELF,
    "plans.Section.plan": T.MERGE_ITSELF,
    "plans.Action.plan": T.MERGE_ITSELF,
    "plans.Plan.merged_into": T.MERGE_ITSELF,
    "plans.PlanMerge.target": T.STAYS,
    "plans.PlanMerge.sources": T.STAYS,
    # The source's grants stay as the record of who saw it; the merge shares the target too.
    "plans.PlanPartnerAccess.plan": T.MERGE_ITSELF,
    "programme.Programme.plan": T.MOVES,
    "performance.Audit.plan": T.MOVES,
    "governance.Decision.plan": T.MOVES,
    "governance.Risk.plan": T.MOVES,
    "governance.AgendaItem.plan": T.STAYS,
    "reminders.UpdateCycle.plan": T.STAYS,
    "reporting.BoardPaper.plan": T.STAYS,
    "reporting.VisitPack.plan": T.STAYS,
    # To a theme
    "plans.Section.theme": T.MERGE_ITSELF,
    "programme.Project.themes": T.MOVES,
    "performance.Measure.themes": T.MOVES,
    "performance.Audit.themes": T.MOVES,
    "governance.Risk.theme": T.MOVES,
    "governance.HighlightReport.theme": T.STAYS,
    "reporting.VisitPack.themes": T.STAYS,
    # To a priority area
    "plans.Section.priority_area": T.MERGE_ITSELF,
    # To a section
    "plans.ExpectedOutcome.section": T.MERGE_ITSELF,
    "plans.Action.section": T.MERGE_ITSELF,
    "programme.Project.sections": T.MOVES,
    "performance.Measure.sections": T.MOVES,
    "performance.Audit.sections": T.MOVES,
    "governance.Decision.section": T.MOVES,
    "governance.Risk.section": T.MOVES,
    # To an expected outcome
    "performance.Measure.expected_outcomes": T.FOLLOWS,
    "performance.Evidence.expected_outcome": T.FOLLOWS,
    # To an action
    "plans.ProgressUpdate.action": T.FOLLOWS,
    "plans.DueDateChange.action": T.FOLLOWS,
    "performance.Finding.confirms_actions": T.FOLLOWS,
    "performance.Finding.resulting_action": T.FOLLOWS,
    "performance.Evidence.action": T.FOLLOWS,
    "performance.Verification.action": T.FOLLOWS,
    "governance.Decision.resulting_action": T.FOLLOWS,
    "governance.Risk.mitigating_actions": T.FOLLOWS,
    "governance.Risk.action": T.FOLLOWS,
    # To a progress entry
    "plans.ProgressUpdate.corrects": T.FOLLOWS,
}


@dataclass(frozen=True)
class Relation:
    """One relation pointing at `to`: `field` of `model` (a foreign key or many-to-many)."""

    key: str
    to: type[Model]
    model: type[Model]
    field: str
    many: bool


def incoming_relations() -> Iterator[Relation]:
    """Every relation from a domain model to a model a merge moves: history tables, link
    tables and hidden (`related_name="+"`) links aside."""
    for to in MOVED_MODELS:
        for rel in to._meta.related_objects:
            if not isinstance(rel, ForeignObjectRel) or rel.hidden:
                continue
            model = rel.related_model
            if not isinstance(model, type):
                continue
            if model._meta.auto_created or model.__name__.startswith("Historical"):
                continue
            field = rel.field
            yield Relation(
                key=f"{model._meta.label}.{field.name}",
                to=to,
                model=model,
                field=field.name,
                many=rel.many_to_many,
            )


def relations_to(to: type[Model], treatment: Treatment) -> list[Relation]:
    """The relations to `to` that the table treats as `treatment`, in a fixed order."""
    return [
        relation
        for relation in incoming_relations()
        if relation.to is to and RELATIONS.get(relation.key) is treatment
    ]


def unclassified() -> list[str]:
    """Relations the table does not name (a test keeps this empty)."""
    return sorted(
        relation.key for relation in incoming_relations() if relation.key not in RELATIONS
    )
