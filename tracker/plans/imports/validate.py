"""Check a parsed plan against the local authority's posts and the linked inspection.

`check_plan` is pure: it finds every problem at once (each with its place), numbers the
sections, gives unnumbered actions references, splits "Who" into posts (marking the new ones),
and reads each status wording, recognised or chosen by the officer. The preview shows its
result; `plan_import_apply` runs it again before writing anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from tracker.accounts.models import LocalAuthority, Organisation, Post
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans.imports.common import (
    STATUS_CHOICE_LABELS,
    Problem,
    name_key,
    read_due_date,
    recognise_status,
    shorten,
    split_owners,
    unique,
)
from tracker.plans.imports.parsed import ParsedPlan
from tracker.plans.models import DeliveryStatus
from tracker.plans.services import MOST_SECTION_NUMBER

# The database's limits, said in the officer's words.
MAX_SECTION_NUMBER = MOST_SECTION_NUMBER
MAX_SECTION_TITLE = 500
MAX_REFERENCE = 20
MAX_POST_TITLE = 200
MAX_OWNER_NOTE = 300


@dataclass(frozen=True)
class ReferenceData:
    """What the file is checked against: the authority's posts and partner organisations (by
    `name_key`) and the linked inspection's recommendations (by number)."""

    posts: Mapping[str, str] = field(default_factory=dict)
    organisations: Mapping[str, str] = field(default_factory=dict)
    recommendations: Mapping[int, str] = field(default_factory=dict)


def reference_data_for(
    *, local_authority: LocalAuthority, inspection: Inspection | None
) -> ReferenceData:
    """The authority's posts and organisations, and the inspection's recommendations."""
    posts = Post.objects.filter(local_authority=local_authority).values_list("title", flat=True)
    organisations = Organisation.objects.filter(local_authority=local_authority).values_list(
        "name", flat=True
    )
    recommendations: dict[int, str] = {}
    if inspection is not None:
        recommendations = dict(
            inspection.recommendations.filter(kind=Recommendation.Kind.RECOMMENDATION).values_list(
                "number", "text"
            )
        )
    return ReferenceData(
        posts={name_key(title): title for title in posts},
        organisations={name_key(name): name for name in organisations},
        recommendations=recommendations,
    )


@dataclass(frozen=True)
class Owner:
    name: str
    kind: str  # "post" or "organisation"
    is_new: bool = False


@dataclass
class CheckedAction:
    place: str
    reference: str
    description: str
    owners: list[Owner]
    owner_note: str
    progress: str
    status_wording: str
    due_on: datetime.date | None
    choice: str | None = None  # "status:brag", once recognised or chosen

    @property
    def status_label(self) -> str:
        if not self.status_wording:
            return "Not started"
        return STATUS_CHOICE_LABELS.get(self.choice or "", "Not recognised: choose below")


@dataclass
class CheckedSection:
    place: str
    number: int
    title: str
    recommendation_number: int | None
    outcomes: list[str]
    actions: list[CheckedAction] = field(default_factory=list)


@dataclass
class StatusWording:
    """One status wording in the file, the actions that use it, and what it maps to."""

    text: str
    places: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    recognised: str | None = None
    chosen: str | None = None

    @property
    def choice(self) -> str | None:
        return self.chosen or self.recognised


@dataclass
class CheckedPlan:
    parsed: ParsedPlan
    sections: list[CheckedSection]
    problems: list[Problem]
    wordings: list[StatusWording]

    @property
    def blocking_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_blocking]

    @property
    def unmapped(self) -> list[StatusWording]:
        return [wording for wording in self.wordings if wording.choice is None]

    @property
    def is_ready(self) -> bool:
        return not self.blocking_problems and not self.unmapped

    @property
    def actions(self) -> list[CheckedAction]:
        return [action for section in self.sections for action in section.actions]

    @property
    def new_posts(self) -> list[str]:
        return unique(
            owner.name for action in self.actions for owner in action.owners if owner.is_new
        )

    @property
    def needs_review_date(self) -> bool:
        """Whether any action will be business as usual, which needs a next review date."""
        return any(
            (action.choice or "").startswith(f"{DeliveryStatus.BUSINESS_AS_USUAL}:")
            for action in self.actions
        )


def _title_key(text: str) -> str:
    return name_key(text).strip(" .\"'“”")


def _numbers(parsed: ParsedPlan, reference: ReferenceData, problems: list[Problem]) -> list[int]:
    """Each section's number: as written, else the recommendation whose words it repeats, else
    the next free number. A number written twice is a problem."""
    by_text = {_title_key(text): number for number, text in reference.recommendations.items()}
    numbers: list[int | None] = []
    first_place: dict[int, str] = {}
    for section in parsed.sections:
        number = section.number
        if number is None and section.title:
            number = by_text.get(_title_key(section.title))
        if number is not None and not 1 <= number <= MAX_SECTION_NUMBER:
            problems.append(
                Problem(
                    section.place, f"the recommendation number must be 1 to {MAX_SECTION_NUMBER}"
                )
            )
            number = None
        elif number is not None and number in first_place:
            problems.append(
                Problem(
                    section.place,
                    f"recommendation {number} appears twice (also at {first_place[number]})",
                )
            )
            number = None
        if number is not None:
            first_place[number] = section.place
        numbers.append(number)
    next_free = max(first_place, default=0) + 1
    assigned: list[int] = []
    for index, number in enumerate(numbers):
        if number is None:
            while next_free in first_place:
                next_free += 1
            number = next_free
            first_place[number] = parsed.sections[index].place
        assigned.append(number)
    return assigned


def _owners(
    who: str, place: str, reference: ReferenceData, problems: list[Problem]
) -> tuple[list[Owner], str]:
    split = split_owners(who)
    owners = []
    for title in split.titles:
        key = name_key(title)
        if key in reference.organisations:
            owners.append(Owner(reference.organisations[key], "organisation"))
        elif key in reference.posts:
            owners.append(Owner(reference.posts[key], "post"))
        elif len(title) > MAX_POST_TITLE:
            problems.append(
                Problem(
                    place,
                    f"‘{shorten(title)}’ is too long for a post title "
                    f"({MAX_POST_TITLE} characters at most)",
                )
            )
        else:
            owners.append(Owner(title, "post", is_new=True))
    if len(split.note) > MAX_OWNER_NOTE:
        problems.append(
            Problem(
                place,
                f"the note about who, ‘{shorten(split.note)}’, is longer than "
                f"{MAX_OWNER_NOTE} characters",
            )
        )
    return owners, split.note[:MAX_OWNER_NOTE]


def check_plan(
    parsed: ParsedPlan,
    *,
    reference: ReferenceData,
    status_choices: Mapping[str, str] | None = None,
) -> CheckedPlan:
    """Every problem with a parsed plan, and the plan as it would be created.

    `status_choices` maps a status wording to a choice from STATUS_CHOICES: the officer's
    answer for a wording that is not recognised, or a correction of one that is.
    """
    choices = {
        wording: choice
        for wording, choice in (status_choices or {}).items()
        if choice in STATUS_CHOICE_LABELS
    }
    problems = list(parsed.problems)
    numbers = _numbers(parsed, reference, problems)
    sections: list[CheckedSection] = []
    wordings: dict[str, StatusWording] = {}

    written: dict[str, str] = {}
    for parsed_section in parsed.sections:
        for action in parsed_section.actions:
            if not action.reference:
                continue
            if len(action.reference) > MAX_REFERENCE:
                problems.append(
                    Problem(
                        action.place,
                        f"the reference ‘{shorten(action.reference)}’ is longer than "
                        f"{MAX_REFERENCE} characters",
                    )
                )
            elif action.reference in written:
                problems.append(
                    Problem(
                        action.place,
                        f"the reference {action.reference} is used twice "
                        f"(also at {written[action.reference]})",
                    )
                )
            else:
                written[action.reference] = action.place
    taken = set(written)

    for parsed_section, number in zip(parsed.sections, numbers, strict=True):
        recommendation = reference.recommendations.get(number)
        title = parsed_section.title or recommendation or ""
        if not title:
            title = f"Recommendation {number}"
            problems.append(
                Problem(
                    parsed_section.place,
                    f"no recommendation text, so the section is called ‘{title}’"
                    + (
                        ""
                        if reference.recommendations
                        else ". Link the inspection to use the report’s words"
                    ),
                    is_blocking=False,
                )
            )
        if len(title) > MAX_SECTION_TITLE:
            problems.append(
                Problem(
                    parsed_section.place,
                    f"the recommendation text is longer than {MAX_SECTION_TITLE} characters; "
                    "shorten it",
                )
            )
        if reference.recommendations and recommendation is None:
            problems.append(
                Problem(
                    parsed_section.place,
                    f"the inspection has no recommendation {number}, so this section is not "
                    "linked to one",
                    is_blocking=False,
                )
            )
        section = CheckedSection(
            place=parsed_section.place,
            number=number,
            title=title[:MAX_SECTION_TITLE],
            recommendation_number=number if recommendation is not None else None,
            outcomes=unique(parsed_section.outcomes),
        )
        sections.append(section)
        position = 0
        for action in parsed_section.actions:
            position += 1
            reference_text = action.reference
            if not reference_text or len(reference_text) > MAX_REFERENCE:
                while f"{number}.{position}" in taken:
                    position += 1
                reference_text = f"{number}.{position}"
                taken.add(reference_text)
            owners, note = _owners(action.who, action.place, reference, problems)
            due = read_due_date(action.due)
            due_on = due.on
            if due.problem:
                problems.append(Problem(action.due_place or action.place, due.problem))
            elif action.due and due_on is None:
                problems.append(
                    Problem(
                        action.due_place or action.place,
                        f"‘{shorten(action.due, 40)}’ is not a date, so the action will have no "
                        "due date",
                        is_blocking=False,
                    )
                )
            wording = action.status_wording
            checked = CheckedAction(
                place=action.place,
                reference=reference_text,
                description=action.description,
                owners=owners,
                owner_note=note,
                progress=action.progress,
                status_wording=wording,
                due_on=due_on,
            )
            if wording:
                entry = wordings.get(wording)
                if entry is None:
                    entry = wordings[wording] = StatusWording(
                        text=wording,
                        recognised=recognise_status(wording),
                        chosen=choices.get(wording),
                    )
                entry.places.append(action.place)
                entry.references.append(reference_text)
                checked.choice = entry.choice
            section.actions.append(checked)

    if not any(section.actions for section in sections) and not any(
        problem.is_blocking for problem in problems
    ):
        problems.append(Problem("", "The file has no actions to import"))
    return CheckedPlan(
        parsed=parsed, sections=sections, problems=problems, wordings=list(wordings.values())
    )
