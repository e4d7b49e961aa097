"""The dates an inspection sets: regulatory milestones, one pure function per named rule.

Each rule's docstring quotes the rule, and each milestone carries the rule's wording so an
officer can see where a date comes from. Where the published frameworks leave a date open (a
monitoring visit's month, a re-inspection's timing) the milestone is a window and its wording
says it is an estimate. Working days are English working days (`tracker.core.working_days`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tracker.core.dates import add_months
from tracker.core.formatting import format_date
from tracker.core.working_days import (
    NO_CLOSURES,
    Closures,
    add_working_days,
    working_days_between,
)
from tracker.inspections.models import Grade, Inspection

# The ILACS framework issued in December 2022 states the 30-working-day action planning visit.
ILACS_DECEMBER_2022_FRAMEWORK_FROM = datetime.date(2022, 12, 1)
MONITORING_VISITS_EXPECTED = (6, 8)
DFE_REVIEWS_LISTED = 4  # two years of six-monthly reviews; the notice is reviewed until lifted

GRADED_KINDS = (Inspection.Kind.ILACS_STANDARD, Inspection.Kind.ILACS_SHORT)


@dataclass(frozen=True)
class DerivedMilestone:
    """A date (or a window of dates) an inspection sets, named with the rule it comes from."""

    key: str
    name: str
    rule: str
    on: datetime.date | None = None
    earliest: datetime.date | None = None
    latest: datetime.date | None = None

    @property
    def is_window(self) -> bool:
        return self.on is None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "name": self.name}
        if self.on is not None:
            data["date"] = self.on.isoformat()
        else:
            assert self.earliest is not None and self.latest is not None  # noqa: S101
            data["earliest"] = self.earliest.isoformat()
            data["latest"] = self.latest.isoformat()
        data["rule"] = self.rule
        return data


# --- ILACS standard and short inspections ---------------------------------------------------


def action_planning_visit(
    published_on: datetime.date, *, closures: Closures = NO_CLOSURES
) -> DerivedMilestone:
    """“As per the Ofsted ILACS Framework issued in December 2022, an action planning visit is
    required to be undertaken between Ofsted and the Local Authority within 30 working days of
    the final inspection report being issued.” (Applies when the overall judgement is
    inadequate.)"""
    rule = (
        "ILACS framework (December 2022): when the overall judgement is inadequate, Ofsted and "
        "the local authority hold an action planning visit within 30 working days of the final "
        "report being published."
    )
    if published_on < ILACS_DECEMBER_2022_FRAMEWORK_FROM:
        rule += (
            " This report was published before that framework, whose timescale may have "
            "differed: check with Ofsted."
        )
    return DerivedMilestone(
        key="action_planning_visit",
        name="Action planning visit",
        rule=rule,
        on=add_working_days(published_on, 30, closures=closures),
    )


def draft_action_plan_due(
    published_on: datetime.date, *, closures: Closures = NO_CLOSURES
) -> DerivedMilestone:
    """The draft action plan is discussed at the action planning visit (“Discuss the draft
    action plan” is one of its purposes), so it is needed by that visit's latest date."""
    return DerivedMilestone(
        key="draft_action_plan_due",
        name="Draft action plan due",
        rule=(
            "The draft action plan is discussed at the action planning visit, so it is needed "
            "by the latest date for that visit (30 working days after publication). Ofsted "
            "confirms the visit's real date."
        ),
        on=add_working_days(published_on, 30, closures=closures),
    )


def action_plan_due(
    published_on: datetime.date, *, closures: Closures = NO_CLOSURES
) -> DerivedMilestone:
    """“The local authority sends Ofsted its action plan within 70 working days of the report's
    publication.” (Stockton-on-Tees: report published 9 May 2023, plan due 16 August 2023.)"""
    return DerivedMilestone(
        key="action_plan_due",
        name="Action plan due",
        rule=(
            "ILACS: the local authority sends Ofsted its action plan responding to the "
            "report's recommendations within 70 working days of the report's publication."
        ),
        on=add_working_days(published_on, 70, closures=closures),
    )


def monitoring_visits(published_on: datetime.date, *, count: int = 8) -> list[DerivedMilestone]:
    """“Typically, Inadequate authorities are inspected by Ofsted again 2.5 years after the
    Inadequate inspection. During this period there are a number of monitoring visits (between
    6 - 8) by inspectors.” Visits are quarterly; the month of the first is agreed at the action
    planning visit, so each visit is a three-month window, the first 3 to 6 months after
    publication."""
    low, high = MONITORING_VISITS_EXPECTED
    milestones = []
    for number in range(1, count + 1):
        optional = number > low
        milestones.append(
            DerivedMilestone(
                key=f"monitoring_visit_{number}",
                name=f"Monitoring visit {number}" + (" (if needed)" if optional else ""),
                rule=(
                    f"An inadequate authority has quarterly monitoring visits, usually {low} to "
                    f"{high} before it is re-inspected. The month of the first is confirmed at "
                    "the action planning visit; these quarters are an estimate."
                ),
                earliest=add_months(published_on, 3 * number),
                latest=add_months(published_on, 3 * number + 3) - datetime.timedelta(days=1),
            )
        )
    return milestones


def reinspection_window(published_on: datetime.date) -> DerivedMilestone:
    """“Typically, Inadequate authorities are inspected by Ofsted again 2.5 years after the
    Inadequate inspection.” Shown as 27 to 33 months after publication."""
    return DerivedMilestone(
        key="reinspection",
        name="Re-inspection (standard inspection)",
        rule=(
            "An inadequate authority is usually re-inspected with a standard inspection about "
            "2.5 years after the judgement. The window, 27 to 33 months after publication, is "
            "an estimate; Ofsted announces the inspection only shortly before it starts."
        ),
        earliest=add_months(published_on, 27),
        latest=add_months(published_on, 33),
    )


def next_inspection_window(
    ended_on: datetime.date, grade: str, *, counted_from_publication: bool = False
) -> DerivedMilestone:
    """“A standard or short inspection every three years, within six months either side of the
    anniversary.” Good and outstanding authorities get a short inspection; an authority that
    requires improvement to be good gets a standard inspection."""
    is_short = grade in (Grade.GOOD, Grade.OUTSTANDING)
    kind = "short" if is_short else "standard"
    judged = "good or outstanding" if is_short else "requires improvement to be good"
    anniversary = add_months(ended_on, 36)
    counted_from = "the end of its last inspection"
    if counted_from_publication:
        counted_from = "its last report's publication (the inspection's end date was not given)"
    return DerivedMilestone(
        key="next_inspection",
        name=f"Next inspection ({kind} inspection)",
        rule=(
            f"ILACS: an authority judged {judged} has a {kind} inspection about every three "
            f"years, within six months either side of the anniversary of {counted_from} "
            f"({anniversary.day} {anniversary:%B %Y}). Focused visits may come in between."
        ),
        earliest=add_months(anniversary, -6),
        latest=add_months(anniversary, 6),
    )


# --- Focused visits and JTAIs ----------------------------------------------------------------


def focused_visit_draft_plan_due(
    published_on: datetime.date,
    *,
    has_areas_for_priority_action: bool | None,
    closures: Closures = NO_CLOSURES,
) -> DerivedMilestone:
    """“After a focused visit with areas for priority action, a draft within 20 working days.”"""
    rule = (
        "ILACS: when a focused visit finds areas for priority action, the local authority sends "
        "Ofsted a draft plan (Statement of Action) within 20 working days, counted here from the "
        "letter's publication; check the letter for the exact start."
    )
    if has_areas_for_priority_action is None:
        rule += " Only if the letter names areas for priority action."
    return DerivedMilestone(
        key="focused_visit_draft_plan_due",
        name="Draft plan for the areas for priority action due",
        rule=rule,
        on=add_working_days(published_on, 20, closures=closures),
    )


def jtai_statement_of_action_due(
    published_on: datetime.date, *, closures: Closures = NO_CLOSURES
) -> DerivedMilestone:
    """“The local authority and its partners send a written Statement of Action within 70
    working days of the JTAI letter's publication.” The timescale is the one for inspection
    action plans; the letter states the one that applies."""
    return DerivedMilestone(
        key="jtai_statement_of_action_due",
        name="Written Statement of Action due",
        rule=(
            "JTAI: the local authority and its partners send the inspectorates a written "
            "Statement of Action responding to the findings, usually within 70 working days of "
            "the letter's publication. The letter states the timescale that applies: check it."
        ),
        on=add_working_days(published_on, 70, closures=closures),
    )


# --- Department for Education ----------------------------------------------------------------


def dfe_reviews(
    notice_on: datetime.date, *, count: int = DFE_REVIEWS_LISTED
) -> list[DerivedMilestone]:
    """“DfE reviews at least every six months under an improvement notice” (or a statutory
    direction). The first review is due six months after the notice, then every six months
    until it is lifted; the next `count` are listed."""
    return [
        DerivedMilestone(
            key=f"dfe_review_{number}",
            name=f"DfE review {number}",
            rule=(
                "Under an improvement notice or statutory direction the Department for "
                "Education reviews progress at least every six months from the date of the "
                "notice until it is lifted. This is the latest date for the review."
            ),
            on=add_months(notice_on, 6 * number),
        )
        for number in range(1, count + 1)
    ]


# --- All of an inspection's milestones ---------------------------------------------------------


def milestones_for(
    *,
    kind: str,
    published_on: datetime.date | None,
    grade: str | None = None,
    ended_on: datetime.date | None = None,
    statutory_notice_on: datetime.date | None = None,
    has_areas_for_priority_action: bool | None = None,
    closures: Closures = NO_CLOSURES,
) -> list[DerivedMilestone]:
    """Every milestone an inspection of this kind and outcome sets, in date order.

    `grade` is the overall effectiveness judgement. Without a publication date, only the
    next-inspection window (from the end of the inspection) and DfE reviews can be worked out.
    `has_areas_for_priority_action` None means not known yet: a focused visit's draft plan is
    then listed with a warning in its wording.
    """
    milestones: list[DerivedMilestone] = []
    if kind in GRADED_KINDS:
        if grade == Grade.INADEQUATE and published_on is not None:
            milestones.append(action_planning_visit(published_on, closures=closures))
            milestones.append(draft_action_plan_due(published_on, closures=closures))
            milestones.append(action_plan_due(published_on, closures=closures))
            milestones.extend(monitoring_visits(published_on))
            milestones.append(reinspection_window(published_on))
        elif grade in (Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.OUTSTANDING):
            if published_on is not None:
                milestones.append(action_plan_due(published_on, closures=closures))
            if ended_on is not None:
                milestones.append(next_inspection_window(ended_on, grade))
            elif published_on is not None:
                milestones.append(
                    next_inspection_window(published_on, grade, counted_from_publication=True)
                )
    elif kind == Inspection.Kind.FOCUSED_VISIT:
        if published_on is not None and has_areas_for_priority_action is not False:
            milestones.append(
                focused_visit_draft_plan_due(
                    published_on,
                    has_areas_for_priority_action=has_areas_for_priority_action,
                    closures=closures,
                )
            )
    elif kind == Inspection.Kind.JTAI and published_on is not None:
        milestones.append(jtai_statement_of_action_due(published_on, closures=closures))
    if statutory_notice_on is not None:
        milestones.extend(dfe_reviews(statutory_notice_on))
    return sorted(milestones, key=lambda m: m.on or m.earliest or datetime.date.min)


# --- Where a deadline stands today ---------------------------------------------------------------

DUE_SOON_WORKING_DAYS = 10


@dataclass(frozen=True)
class DeadlineStanding:
    """Where a deadline stands on a day: a short word for a GOV.UK tag, a sentence saying
    more, and the tag's colour class. The words carry the meaning; the colour only repeats it."""

    key: str  # "met", "passed", "due_today", "due_soon", "upcoming", "window_open"
    tag: str
    text: str
    tag_class: str


def _working_days(count: int) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


def deadline_standing(
    *,
    on: datetime.date | None,
    earliest: datetime.date | None,
    latest: datetime.date | None,
    met_on: datetime.date | None,
    today: datetime.date,
    closures: Closures = NO_CLOSURES,
) -> DeadlineStanding:
    """Rule: "a deadline recorded as met is met; otherwise it has passed once its date (or the
    last day of its window) is behind us; otherwise it is due in so many working days", with
    "due soon" within 10 working days and a window "open" between its first and last days.

    `on` is a deadline's date, or `earliest` and `latest` a window's first and last days."""
    if met_on is not None:
        return DeadlineStanding("met", "Met", f"Met on {format_date(met_on)}", "govuk-tag--green")
    last = on if on is not None else latest
    if last is None:
        return DeadlineStanding("upcoming", "Upcoming", "", "govuk-tag--grey")
    if last < today:
        return DeadlineStanding(
            "passed",
            "Passed",
            "Date passed, not recorded as met"
            if on is not None
            else "Window closed, not recorded as met",
            "govuk-tag--red",
        )
    if on is None and earliest is not None and earliest > today:
        opens = working_days_between(today, earliest, closures=closures)
        return DeadlineStanding(
            "upcoming", "Upcoming", f"Opens in {_working_days(opens)}", "govuk-tag--grey"
        )
    if on is None:
        left = working_days_between(today, last, closures=closures)
        closes = "Closes today" if left == 0 else f"Closes in {_working_days(left)}"
        return DeadlineStanding("window_open", "Window open", closes, "govuk-tag--yellow")
    if on == today:
        return DeadlineStanding("due_today", "Due today", "Due today", "govuk-tag--orange")
    left = working_days_between(today, on, closures=closures)
    if left <= DUE_SOON_WORKING_DAYS:
        text = f"Due in {_working_days(left)}" if left else "Due before the next working day"
        return DeadlineStanding("due_soon", "Due soon", text, "govuk-tag--yellow")
    return DeadlineStanding(
        "upcoming", "Upcoming", f"Due in {_working_days(left)}", "govuk-tag--grey"
    )
