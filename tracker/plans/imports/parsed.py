"""A plan as read from a file, before any checking: sections and actions with their places.

Every piece keeps where it came from ("table 3, row 4", "row 12") so that each problem found
later can say where to look. Everything converts to and from plain JSON, so the plan can wait in
the session between the preview and the officer's confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.plans.imports.common import ImportRefused, Problem, status_wording_key


@dataclass
class ParsedAction:
    """One action row, as written."""

    place: str
    description: str
    reference: str = ""
    who: str = ""
    progress: str = ""
    status: str = ""  # a Status or RAG column's wording; empty when the file has none
    due: str = ""  # the due date as written (spreadsheet dates come as ISO 8601)
    due_place: str = ""

    @property
    def status_wording(self) -> str:
        """What the action's status is read from: its Status cell, else its progress."""
        return status_wording_key(self.status) or status_wording_key(self.progress)


@dataclass
class ParsedSection:
    """One recommendation (or other heading) of the plan, with its actions and outcomes."""

    place: str
    number: int | None
    title: str
    outcomes: list[str] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedPlan:
    """Everything read from one file, and the problems met reading it."""

    format: str  # "docx", "xlsx" or "csv"
    filename: str
    title: str
    sections: list[ParsedSection] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(section.actions) for section in self.sections)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "filename": self.filename,
            "title": self.title,
            "sections": [
                {
                    "place": section.place,
                    "number": section.number,
                    "title": section.title,
                    "outcomes": list(section.outcomes),
                    "actions": [vars(action).copy() for action in section.actions],
                }
                for section in self.sections
            ],
            "problems": [problem.to_dict() for problem in self.problems],
        }

    @classmethod
    def from_dict(cls, data: Any) -> ParsedPlan:
        """The plan back from `to_dict`; refuses anything else."""
        try:
            return cls(
                format=str(data["format"]),
                filename=str(data["filename"]),
                title=str(data["title"]),
                sections=[
                    ParsedSection(
                        place=str(section["place"]),
                        number=None if section["number"] is None else int(section["number"]),
                        title=str(section["title"]),
                        outcomes=[str(outcome) for outcome in section["outcomes"]],
                        actions=[
                            ParsedAction(**{key: str(value) for key, value in action.items()})
                            for action in section["actions"]
                        ],
                    )
                    for section in data["sections"]
                ],
                problems=[Problem.from_dict(problem) for problem in data["problems"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ImportRefused("The import has expired. Upload the file again") from None
