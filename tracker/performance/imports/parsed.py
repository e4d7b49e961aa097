"""Measure values as read from a file, before any checking: each with the place it came from.

Every value keeps where it came from ("row 12", "row 12, column D (Oct 2026)") so that each
problem found later can say where to look. Everything converts to and from plain JSON, so the
values can wait in the session between the preview and the officer's confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from tracker.plans.imports.common import ImportRefused, Problem

LONG = "long"  # one row per measure and period
WIDE = "wide"  # the monthly pack: one row per measure, one column per month
LAYOUT_NAMES = {
    LONG: "one row for each measure and period",
    WIDE: "one row for each measure, one column for each month",
}


@dataclass
class ParsedValue:
    """One value as written: which measure, which period, the value and its comparators.

    In the wide layout the period is the month of the value's column ("2026-10").
    """

    place: str
    reference: str = ""
    name: str = ""
    period: str = ""
    value: str = ""
    statistical_neighbours: str = ""
    england: str = ""
    region: str = ""
    note: str = ""

    @property
    def measure_text(self) -> str:
        """How the file names the measure, for messages."""
        return self.reference or self.name


_VALUE_FIELDS = tuple(item.name for item in fields(ParsedValue))


@dataclass
class ParsedValues:
    """Everything read from one file, and anything worth saying about reading it."""

    format: str  # "xlsx" or "csv"
    filename: str
    layout: str  # LONG or WIDE
    sheet: str = ""
    header_row: int = 1
    values: list[ParsedValue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def layout_name(self) -> str:
        return LAYOUT_NAMES.get(self.layout, self.layout)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "filename": self.filename,
            "layout": self.layout,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "values": [[getattr(value, name) for name in _VALUE_FIELDS] for value in self.values],
            "problems": [problem.to_dict() for problem in self.problems],
        }

    @classmethod
    def from_dict(cls, data: Any) -> ParsedValues:
        """The values back from `to_dict`; refuses anything else."""
        try:
            layout = str(data["layout"])
            if layout not in LAYOUT_NAMES:
                raise ValueError(layout)
            return cls(
                format=str(data["format"]),
                filename=str(data["filename"]),
                layout=layout,
                sheet=str(data["sheet"]),
                header_row=int(data["header_row"]),
                values=[
                    ParsedValue(**dict(zip(_VALUE_FIELDS, map(str, row), strict=True)))
                    for row in data["values"]
                ],
                problems=[Problem.from_dict(problem) for problem in data["problems"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ImportRefused("The import has expired. Upload the file again") from None
