"""The Statement of Action laid out once, as the same plain blocks as the board paper.

The multi-agency plan as the inspectorates expect it: a title page naming the sources it
answers and who issued them, a summary table per organisation, then one part per partner
organisation, the local authority first and the others in alphabetical order. An action owned
by several organisations appears in the part of each, marked as joint; an action no owner ties
to an organisation is the local authority's. `word.build_statement_word` and
`pdf.build_statement_pdf` write these blocks exactly as they write the board paper's. Nothing
here queries the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.core.formatting import format_date
from tracker.reporting.documents.data import StatementAction, StatementOfActionData
from tracker.reporting.documents.outline import (
    Cell,
    Part,
    Run,
    _Outline,
    clean_text,
    make_cell,
    source_sentence,
)

__all__ = [
    "OrganisationPart",
    "organisation_parts",
    "source_sentence",
    "statement_outline",
]

NO_ACTIONS = "The plan has no actions yet."
NO_SOURCES = "The plan is not linked to an inspection or review yet."
# The order BRAG is counted in: complete first, then on track, at risk, off track, not rated.
BRAG_ORDER = (("blue", "Blue"), ("green", "Green"), ("amber", "Amber"), ("red", "Red"))


@dataclass(frozen=True)
class OrganisationPart:
    """One organisation's part of the statement: its actions, and for each the other
    organisations it is shared with (empty unless the action is joint)."""

    organisation: str
    actions: tuple[tuple[StatementAction, tuple[str, ...]], ...]

    @property
    def total(self) -> int:
        return len(self.actions)

    @property
    def complete(self) -> int:
        return sum(1 for action, _ in self.actions if action.is_complete)

    @property
    def overdue(self) -> int:
        return sum(1 for action, _ in self.actions if action.is_overdue)

    @property
    def joint(self) -> int:
        return sum(1 for _, others in self.actions if others)

    def brag_count(self, brag: str) -> int:
        return sum(1 for action, _ in self.actions if action.brag == brag)


def action_organisations(action: StatementAction, local_authority: str) -> tuple[str, ...]:
    """The organisations an action is listed under, once each, in the statement's order: the
    local authority when no owner names an organisation."""
    names = tuple(dict.fromkeys(action.organisations)) or (local_authority,)
    return tuple(sorted(names, key=lambda name: _order(name, local_authority)))


def _order(name: str, local_authority: str) -> tuple[bool, str, str]:
    return (name != local_authority, name.casefold(), name)


def organisation_parts(data: StatementOfActionData) -> list[OrganisationPart]:
    """The statement's parts: the local authority's first (whenever it owns an action), then
    every other owning organisation alphabetically; each lists its actions in the plan's
    order, a joint action with the organisations it is shared with."""
    listed: dict[str, list[tuple[StatementAction, tuple[str, ...]]]] = {}
    for action in data.actions:
        names = action_organisations(action, data.local_authority)
        for name in names:
            others = tuple(other for other in names if other != name)
            listed.setdefault(name, []).append((action, others))
    order = sorted(listed, key=lambda name: _order(name, data.local_authority))
    return [OrganisationPart(name, tuple(listed[name])) for name in order]


def _due(action: StatementAction) -> Cell:
    if action.due_on is None:
        due = make_cell("No due date")
    elif action.is_rebaselined:
        was = format_date(action.original_due_on)
        due = make_cell(f"{format_date(action.due_on)} (was {was})")
    else:
        due = make_cell(format_date(action.due_on))
    return due + (make_cell("Overdue", bold=True) if action.is_overdue else ())


def _action_cell(action: StatementAction, others: tuple[str, ...]) -> Cell:
    lines: list[tuple[Run, ...]] = [((clean_text(action.description), False),)]
    if others:
        lines.append(((clean_text(f"Joint action with {_and(others)}"), True),))
    section = f"Section {action.section}"
    if action.priority_area:
        section += f" (priority area: {action.priority_area})"
    lines.append(((clean_text(section), False),))
    if action.moved_from:
        lines.append(((clean_text(f"Moved from {action.moved_from}"), False),))
    return tuple(lines)


def _and(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _answers(action: StatementAction) -> Cell:
    if not action.answers:
        return make_cell("Not linked to a recommendation")
    return tuple(
        ((clean_text(f"{label}: "), True), (clean_text(f"“{text}”"), False))
        for label, text in action.answers
    )


def _progress(action: StatementAction) -> Cell:
    lines = [line for line in clean_text(action.progress).split("\n") if line.strip()]
    if not lines:
        return make_cell("No progress recorded yet.")
    when = f"{format_date(action.progress_on)}: " if action.progress_on else ""
    return (((when, True), (lines[0], False)), *(((line, False),) for line in lines[1:]))


def _action_row(action: StatementAction, others: tuple[str, ...]) -> list[Cell]:
    who = make_cell(*action.who) + (make_cell(action.owner_note) if action.owner_note else ())
    return [
        make_cell(action.reference),
        _action_cell(action, others),
        _answers(action),
        who or make_cell("Not assigned"),
        _due(action),
        make_cell(action.status_label) + make_cell(f"BRAG: {action.brag_word}", bold=True),
        _progress(action),
    ]


def _count_cells(label: str, part: OrganisationPart, *, bold: bool = False) -> list[Cell]:
    return [
        make_cell(label, bold=bold),
        make_cell(str(part.total)),
        make_cell(str(part.joint)),
        make_cell(str(part.complete)),
        *(make_cell(str(part.brag_count(brag))) for brag, _ in BRAG_ORDER),
        make_cell(str(part.brag_count(""))),
        make_cell(str(part.overdue)),
    ]


def statement_outline(data: StatementOfActionData) -> list[Part]:
    """The whole statement as blocks in reading order, for Word and PDF."""
    outline = _Outline()
    outline.heading(data.title, 0)
    outline.paragraph(data.plan_title, "subtitle")
    outline.paragraph(data.local_authority, "lead")
    outline.heading("In response to", 1)
    outline.bullets([source_sentence(s) for s in data.sources], empty=NO_SOURCES)
    outline.paragraph(f"This statement shows the plan as it stood on {format_date(data.as_of)}.")
    outline.add_page_break()

    parts = organisation_parts(data)
    outline.heading("Summary by organisation", 1)
    if not parts:
        outline.paragraph(NO_ACTIONS)
    else:
        outline.paragraph(
            f"The plan has {len(data.actions)} "
            f"{'action' if len(data.actions) == 1 else 'actions'}. An action owned by several "
            "organisations is a joint action: it is counted, and listed, under each of them."
        )
        # Every action once; a joint action keeps its organisations, so that it counts as joint.
        every = OrganisationPart(
            "All actions",
            tuple(
                (action, names if len(names) > 1 else ())
                for action in data.actions
                for names in [action_organisations(action, data.local_authority)]
            ),
        )
        outline.table(
            caption="Actions by organisation",
            headers=[
                "Organisation",
                "Actions",
                "Joint",
                "Complete",
                *(word for _, word in BRAG_ORDER),
                "Not rated",
                "Overdue",
            ],
            rows=[
                *(_count_cells(part.organisation, part) for part in parts),
                _count_cells("All actions (each once)", every, bold=True),
            ],
            widths=[28, 8, 8, 9, 8, 8, 8, 8, 8, 8],
            row_headers=True,
        )

    outline.parts.append(Part(landscape=True))
    for number, part in enumerate(parts, 1):
        outline.heading(f"Part {number}: {part.organisation}", 1)
        joint = f", {part.joint} of them joint" if part.joint else ""
        outline.paragraph(
            f"{part.total} {'action' if part.total == 1 else 'actions'}{joint}: "
            f"{part.complete} complete, {part.overdue} overdue."
        )
        outline.table(
            caption=f"Actions of {part.organisation}",
            headers=["Ref", "Action", "Answers", "Who", "Due", "Status", "Latest progress"],
            rows=[_action_row(action, others) for action, others in part.actions],
            widths=[5, 22, 21, 12, 10, 9, 21],
        )
    return outline.parts
