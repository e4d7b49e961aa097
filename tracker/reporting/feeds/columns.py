"""The feed's tables and their columns, with what each holds: the guide page lists these, and
the selectors give their cells in this order. Version 1: columns are only ever added at the
end, never renamed or removed, so a report built on them keeps working."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str


@dataclass(frozen=True)
class FeedTable:
    slug: str
    title: str
    one_row_per: str
    columns: tuple[Column, ...]
    council_only: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


ACTIONS = FeedTable(
    slug="actions",
    title="Actions",
    one_row_per="action of every plan you can see, with its latest progress update",
    columns=(
        Column("plan_id", "The plan's number in Improvement Tracker"),
        Column("plan", "The plan's title"),
        Column("section", "The section's number and title"),
        Column("priority_area", "The area for priority action the section answers, if any"),
        Column("action_id", "The action's number in Improvement Tracker"),
        Column("reference", "The action's reference in the plan, e.g. 2.3"),
        Column("description", "What is to be done"),
        Column("who", "The posts, organisations and people who own it, separated by '; '"),
        Column("due_on", "Due date, as YYYY-MM-DD (empty when none)"),
        Column("status", "Delivery status, e.g. In progress"),
        Column("brag", "BRAG rating: Blue, Green, Amber, Red or Not rated"),
        Column("is_overdue", "Yes when past its due date and not complete (true/false in JSON)"),
        Column("latest_progress_on", "The date the latest progress update describes"),
        Column("latest_progress", "The latest progress update's text"),
    ),
)

MEASURE_VALUES = FeedTable(
    slug="measures",
    title="Measures and their values",
    one_row_per="value of every measure (the value in force, after any correction)",
    council_only=True,
    columns=(
        Column("measure_id", "The measure's number in Improvement Tracker"),
        Column("measure_reference", "The measure's reference"),
        Column("measure", "The measure's name"),
        Column("unit", "Unit, e.g. Percentage"),
        Column("direction", "Whether higher or lower is better"),
        Column("period_end", "The last day of the period the value is for, as YYYY-MM-DD"),
        Column("value", "The value"),
        Column("target", "The target in force for the period (empty when none)"),
        Column("rag", "Rating against the target: Green, Amber, Red or Not rated"),
        Column("statistical_neighbours", "The statistical neighbours' average (if given)"),
        Column("england", "England's average (if given)"),
        Column("region", "The region's average (if given)"),
    ),
)

RISKS = FeedTable(
    slug="risks",
    title="Risks",
    one_row_per="risk in the risk register (for partners, risks of the plans shared with them)",
    columns=(
        Column("reference", "The risk's reference, e.g. R1"),
        Column("risk", "The risk"),
        Column("cause", "Its cause"),
        Column("consequence", "Its consequence"),
        Column("owner", "Who owns it"),
        Column("inherent_likelihood", "Likelihood before mitigation, 1 to 5"),
        Column("inherent_impact", "Impact before mitigation, 1 to 5"),
        Column("inherent_score", "Likelihood times impact before mitigation"),
        Column("residual_likelihood", "Likelihood after mitigation, 1 to 5"),
        Column("residual_impact", "Impact after mitigation, 1 to 5"),
        Column("residual_score", "Likelihood times impact after mitigation"),
        Column("residual_rating", "Rating of the residual score"),
        Column("mitigating_actions", "The actions that mitigate it, separated by '; '"),
        Column("review_on", "Review date, as YYYY-MM-DD"),
        Column("is_review_overdue", "Yes when the review date has passed, otherwise No"),
        Column("status", "Open or closed"),
    ),
)

TABLES = (ACTIONS, MEASURE_VALUES, RISKS)
