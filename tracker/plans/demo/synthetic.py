"""Deterministic synthetic local authorities for benchmarks and load tests.

This is bulk test data, not a service: rows go in with `bulk_create` in batches, without history
rows and without the services' one-at-a-time validation. The generator keeps the data consistent
with the sector rules itself (see `tracker.plans.rules`): Blue only on complete actions, a next
review date on every "business as usual" entry, and each action's status, BRAG, next review date
and `latest_update` taken from its newest progress update.

The same seed and the same `today` always give the same rows (primary keys and timestamps apart).
Data is written one local authority at a time, and within it a chunk of actions at a time, so
memory stays bounded however many authorities are made.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.inspections.models import Grade, Inspection, Judgement, Recommendation
from tracker.inspections.rules import judgement_areas_for
from tracker.plans import rules
from tracker.plans.models import (
    COMPLETE_STATUSES,
    Action,
    Brag,
    DeliveryStatus,
    DueDateChange,
    ExpectedOutcome,
    Plan,
    ProgressUpdate,
    Section,
    Theme,
)

_T = TypeVar("_T")

BATCH_SIZE = 2_000
ACTION_CHUNK = 250
SYNTHETIC_PASSWORD = "synthetic-data-only"  # noqa: S105 (documented, for local demos only)


@dataclasses.dataclass(frozen=True)
class AuthorityShape:
    """How big one synthetic local authority is."""

    name: str
    actions: int
    sections: int
    updates: int
    users: int
    seed: int


@dataclasses.dataclass(frozen=True)
class Tier:
    """A named data set of the benchmarks (`bench/README.md`, "The data sets")."""

    actions: int
    sections: int
    updates: int
    users: int


TIERS: dict[str, Tier] = {
    "S": Tier(actions=50, sections=8, updates=500, users=20),
    "L": Tier(actions=400, sections=40, updates=14_000, users=150),
    "X": Tier(actions=2_000, sections=100, updates=70_000, users=300),
}

NATIONAL_AUTHORITIES = 153
NATIONAL_ACTIONS = 50_000
NATIONAL_UPDATES_PER_ACTION = 40
NATIONAL_USERS = 20_000


@dataclasses.dataclass
class GenerationSummary:
    """What a run made."""

    authorities: int = 0
    sections: int = 0
    actions: int = 0
    updates: int = 0
    users: int = 0

    def add(self, shape: AuthorityShape) -> None:
        self.authorities += 1
        self.sections += shape.sections
        self.actions += shape.actions
        self.updates += shape.updates
        self.users += shape.users


# Words ------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Aisha", "Alan", "Amara", "Andrew", "Bethan", "Chloe", "Claire", "Daniel", "David", "Deborah",
    "Emma", "Farah", "Gareth", "Grace", "Hannah", "Imran", "James", "Jasmine", "Joanne", "Kate",
    "Kwame", "Laura", "Liam", "Marcus", "Mark", "Nadia", "Naomi", "Oliver", "Paul", "Priya",
    "Rachel", "Rebecca", "Richard", "Sarah", "Simon", "Sophie", "Stephen", "Tariq", "Yvonne", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Ahmed", "Bailey", "Bennett", "Brown", "Campbell", "Chowdhury", "Clarke", "Davies", "Edwards",
    "Evans", "Green", "Hall", "Hughes", "Hussain", "Jackson", "James", "Jones", "Khan", "Lewis",
    "Martin", "Mensah", "Morgan", "Murphy", "Okafor", "Patel", "Price", "Roberts", "Robinson",
    "Shah", "Singh", "Smith", "Taylor", "Thomas", "Thompson", "Walker", "Ward", "White",
    "Williams", "Wilson", "Wright",
)  # fmt: skip

SENIOR_POSTS = (
    ("Director of Children's Services", None),
    ("Assistant Director, Safeguarding and Family Support", None),
    ("Principal Social Worker", None),
    ("Improvement Programme Manager", None),
    ("Detective Chief Inspector, Public Protection", Organisation.Kind.POLICE),
    ("Designated Nurse for Safeguarding Children", Organisation.Kind.HEALTH),
    ("Head of the Virtual School", Organisation.Kind.EDUCATION),
    ("Business Manager, Safeguarding Partnership", Organisation.Kind.SAFEGUARDING_PARTNERSHIP),
)
POST_GRADES = ("Head of Service", "Service Manager", "Team Manager", "Practice Lead")
POST_AREAS = (
    "Safeguards", "Children in Care", "Care Leavers", "Front Door", "Early Help", "Fostering",
    "Adoption", "Quality Assurance", "Workforce Development", "Performance and Intelligence",
    "Commissioning", "Disabled Children", "Youth Justice", "Education Inclusion",
)  # fmt: skip

JUDGEMENT_GRADES = (Grade.REQUIRES_IMPROVEMENT, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)

RECOMMENDATIONS = (
    "The quality and impact of management oversight and supervision of social work practice.",
    "The timeliness and quality of assessments and plans for children in need of help and "
    "protection.",
    "The response to children who go missing from home or care, including return home interviews.",
    "The quality of pathway plans and the range of suitable accommodation for care leavers.",
    "The sufficiency of placements, so that children live close to home with their brothers "
    "and sisters.",
    "The use of performance information and quality assurance to understand practice.",
    "The consistency of the response at the front door, including the application of thresholds.",
    "The stability of the workforce and manageable caseloads for social workers.",
    "The recording of direct work with children, so that their wishes and feelings inform plans.",
    "The timeliness of decisions about permanence for children in care.",
)
THEMES = (
    "Leadership and governance",
    "Front door and early help",
    "Help and protection",
    "Children in care",
    "Care leavers",
    "Workforce and practice quality",
)
SECTION_TOPICS = (
    "Management oversight and supervision",
    "Assessment and planning",
    "Children who go missing",
    "Pathway planning for care leavers",
    "Placement sufficiency",
    "Quality assurance and performance",
    "The front door and thresholds",
    "Workforce stability",
    "The voice of the child",
    "Permanence planning",
    "Partnership working",
    "Domestic abuse",
    "Exploitation and contextual safeguarding",
    "Education of children in care",
    "Health of children in care",
)
OUTCOMES = (
    "Children receive help at the right time, from the right service.",
    "Every child has a current plan that is reviewed within timescales.",
    "Supervision is regular, reflective and recorded on the child's file.",
    "Audits show at least 80% of practice judged good or better.",
    "Care leavers live in suitable accommodation and are in education, employment or training.",
    "Children's wishes and feelings are recorded and inform their plans.",
    "Social worker turnover falls below the regional average.",
    "Return home interviews are offered within 72 hours.",
    "Partners share information promptly and apply thresholds consistently.",
    "Fewer children experience three or more placement moves in a year.",
)
ACTION_VERBS = (
    "Review", "Introduce", "Embed", "Audit", "Revise", "Develop", "Launch", "Train staff in",
    "Strengthen", "Commission", "Agree with partners", "Report to the improvement board on",
)  # fmt: skip
ACTION_OBJECTS = (
    "the supervision policy and its recording template",
    "the multi-agency threshold document",
    "the return home interview process",
    "the quality assurance framework and audit cycle",
    "the pathway planning toolkit for care leavers",
    "the placement sufficiency strategy",
    "the performance scorecard for the children's services leadership team",
    "the practice model across all teams",
    "the recruitment and retention offer for social workers",
    "the process for escalating missing episodes",
    "the permanence tracking meeting",
    "the direct work resources for children",
    "the strategy meeting arrangements with the police",
    "the health assessment pathway for children in care",
)
ACTION_PURPOSES = (
    "so that managers' decisions are clear on every child's file",
    "so that children get the right help first time",
    "so that risks are identified and acted on quickly",
    "so that leaders know the quality of practice",
    "so that care leavers are well prepared for adult life",
    "so that children live in stable homes close to their communities",
    "",
)
OWNER_NOTES = (
    "Supported by the Commissioning Officer",
    "With the Principal Social Worker",
    "Jointly with the Safeguarding Children Partnership",
    "Reporting through the Quality Assurance Board",
)
NARRATIVE: dict[str, tuple[str, ...]] = {
    DeliveryStatus.NOT_STARTED: (
        "Scoping has begun and a project group is being set up.",
        "Work is scheduled to start once the revised policy is agreed.",
        "Awaiting the outcome of the workforce review before this can start.",
    ),
    DeliveryStatus.IN_PROGRESS: (
        "A draft has been shared with team managers for comment.",
        "Training sessions have been delivered to two of the four locality teams.",
        "The audit of 30 case files is under way; early findings are mixed.",
        "Partners agreed the approach at the last operational group.",
        "Recruitment to two vacant posts has slowed progress this month.",
        "Performance data shows steady improvement but below target.",
        "The new template is live and compliance is being tracked weekly.",
    ),
    DeliveryStatus.COMPLETED: (
        "The work was signed off at the improvement board.",
        "All teams have been trained and the new process is in place.",
        "The final audit confirmed the change is in place across teams.",
    ),
    DeliveryStatus.BUSINESS_AS_USUAL: (
        "Now part of routine practice and monitored through the monthly scorecard.",
        "Handed over to the service manager; compliance is reviewed quarterly.",
    ),
    DeliveryStatus.VERIFIED: (
        "Dip sampling over three months confirmed the change is embedded.",
        "The independent review found consistent practice across all teams.",
    ),
}
NARRATIVE_TAILS = (
    "Next steps agreed at the service managers' meeting.",
    "Evidence is saved in the improvement plan evidence folder.",
    "Risks to delivery are reported in the highlight report.",
    "Feedback from children and families is being gathered.",
    "",
)


def _batched(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@functools.cache
def _password_hash() -> str:
    """One hash for every synthetic user: hashing thousands of passwords would take minutes."""
    return make_password(SYNTHETIC_PASSWORD)


def _place_name(name: str) -> str:
    place = re.sub(r"\s*\(.*\)$", "", name)
    place = re.sub(
        r"\s+(Metropolitan\s+)?(Borough\s+|City\s+|County\s+|District\s+)?Council$", "", place
    )
    return place.strip() or name


# Planning (pure Python) -------------------------------------------------------------------------


@dataclasses.dataclass
class _UpdatePlan:
    recorded_on: datetime.date
    status: str
    brag: str
    next_review_on: datetime.date | None
    narrative: str
    author_id: int | None
    author_name: str


@dataclasses.dataclass
class _ActionPlan:
    section_id: int
    reference: str
    position: int
    description: str
    owner_note: str
    post_ids: list[int]
    organisation_ids: list[int]
    user_ids: list[int]
    recommendation_ids: list[int]
    starts_on: datetime.date
    due_on: datetime.date | None
    original_due_on: datetime.date | None
    update_count: int
    updates: list[_UpdatePlan] = dataclasses.field(default_factory=list)


def _final_status(
    rng: random.Random,
    *,
    starts_on: datetime.date,
    due_on: datetime.date | None,
    count: int,
    today: datetime.date,
) -> str:
    """Where an action ends up: most actions past their due date are complete, not all."""
    if count == 0:
        return DeliveryStatus.NOT_STARTED
    if due_on is None:
        elapsed_share = 0.5
    else:
        duration = max((due_on - starts_on).days, 1)
        elapsed_share = (today - starts_on).days / duration
    chance_complete = 0.72 if elapsed_share >= 1 else 0.45 * elapsed_share**2
    if rng.random() < chance_complete:
        return rng.choices(
            (
                DeliveryStatus.COMPLETED,
                DeliveryStatus.BUSINESS_AS_USUAL,
                DeliveryStatus.VERIFIED,
            ),
            weights=(50, 35, 15),
        )[0]
    if count == 1 and rng.random() < 0.3:
        return DeliveryStatus.NOT_STARTED
    return DeliveryStatus.IN_PROGRESS


def _brag_for(rng: random.Random, *, status: str, previous: str, late: bool) -> str:
    if status in COMPLETE_STATUSES:
        return rules.brag_for(status=status, brag=Brag.BLUE)
    if status == DeliveryStatus.NOT_STARTED:
        return Brag.RED if late else rng.choice(("", Brag.GREEN))
    if previous in {Brag.GREEN, Brag.AMBER, Brag.RED} and rng.random() < 0.7:
        brag = previous
    else:
        brag = rng.choices((Brag.GREEN, Brag.AMBER, Brag.RED), weights=(55, 30, 15))[0]
    if late and brag == Brag.GREEN:
        brag = rng.choice((Brag.AMBER, Brag.RED))
    return brag


def _plan_updates(
    rng: random.Random,
    action: _ActionPlan,
    *,
    authors: Sequence[tuple[int, str]],
    today: datetime.date,
) -> None:
    """The action's progress entries, oldest first; the last one sets the action's state."""
    count = action.update_count
    if count == 0:
        return
    span = (today - action.starts_on).days  # entries fall between the start and yesterday
    days = sorted(rng.randrange(span) for _ in range(count))
    final = _final_status(
        rng, starts_on=action.starts_on, due_on=action.due_on, count=count, today=today
    )
    brag = ""
    for index, day in enumerate(days):
        recorded_on = action.starts_on + datetime.timedelta(days=day)
        if index == count - 1:
            status = final
        elif index == 0 and count > 2 and rng.random() < 0.3:
            status = DeliveryStatus.NOT_STARTED
        elif final == DeliveryStatus.VERIFIED and index == count - 2:
            status = DeliveryStatus.BUSINESS_AS_USUAL
        else:
            status = DeliveryStatus.IN_PROGRESS
        late = action.due_on is not None and recorded_on > action.due_on
        brag = _brag_for(rng, status=status, previous=brag, late=late)
        if status == DeliveryStatus.BUSINESS_AS_USUAL:
            next_review_on: datetime.date | None = recorded_on + datetime.timedelta(
                days=rng.choice((28, 56, 91))
            )
        elif status in {DeliveryStatus.IN_PROGRESS, DeliveryStatus.NOT_STARTED}:
            next_review_on = (
                recorded_on + datetime.timedelta(days=28) if rng.random() < 0.5 else None
            )
        else:
            next_review_on = None
        narrative = " ".join(
            part for part in (rng.choice(NARRATIVE[status]), rng.choice(NARRATIVE_TAILS)) if part
        )
        author_id, author_name = rng.choice(authors)
        action.updates.append(
            _UpdatePlan(
                recorded_on=recorded_on,
                status=status,
                brag=brag,
                next_review_on=next_review_on,
                narrative=narrative,
                author_id=author_id,
                author_name=author_name,
            )
        )


# Writing ----------------------------------------------------------------------------------------


def _make_people(
    rng: random.Random, *, local_authority: LocalAuthority, users: int
) -> tuple[list[Organisation], list[Post], list[User]]:
    place = local_authority.short_name or local_authority.name
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(local_authority=local_authority, name=name, kind=kind)
            for name, kind in (
                (f"{place} Council", Organisation.Kind.LOCAL_AUTHORITY),
                (f"{place} Police", Organisation.Kind.POLICE),
                (f"{place} Integrated Care Board", Organisation.Kind.HEALTH),
                (f"{place} Schools Partnership", Organisation.Kind.EDUCATION),
                (
                    f"{place} Safeguarding Children Partnership",
                    Organisation.Kind.SAFEGUARDING_PARTNERSHIP,
                ),
            )
        ]
    )
    by_kind = {organisation.kind: organisation for organisation in organisations}
    council = by_kind[Organisation.Kind.LOCAL_AUTHORITY]

    post_count = max(12, min(60, users // 5))
    combinations = [f"{grade}, {area}" for grade in POST_GRADES for area in POST_AREAS]
    rng.shuffle(combinations)
    titles: list[tuple[str, Organisation]] = [
        (title, by_kind[kind] if kind else council) for title, kind in SENIOR_POSTS
    ]
    titles += [(title, council) for title in combinations[: post_count - len(titles)]]
    posts = Post.objects.bulk_create(
        [
            Post(local_authority=local_authority, title=title, organisation=organisation)
            for title, organisation in titles
        ]
    )

    slug = slugify(local_authority.name)[:100]
    roles = (
        [User.Role.ADMINISTRATOR] * max(1, users // 75)
        + [User.Role.IMPROVEMENT_LEAD] * max(1, users // 30)
        + [User.Role.VIEWER] * max(1, users // 5)
    )
    roles += [User.Role.ACTION_OWNER] * (users - len(roles))
    roles = roles[:users]
    people: list[User] = []
    holdings: list[list[Post]] = []
    for index, role in enumerate(roles):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if role == User.Role.IMPROVEMENT_LEAD:
            held = [posts[3 if index % 2 else 1]]
        elif role == User.Role.ADMINISTRATOR:
            held = [posts[3]]
        elif role == User.Role.ACTION_OWNER:
            # Fill every post once before doubling up, so each post has a holder.
            held = [posts[index % len(posts)]]
            if rng.random() < 0.15:
                held.append(rng.choice(posts))
        else:
            held = [rng.choice(posts)] if rng.random() < 0.5 else []
        organisation = held[0].organisation if held else council
        people.append(
            User(
                username=f"{slug}-{index + 1:05d}",
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{index + 1}@{slug[:40]}.example".lower(),
                password=_password_hash(),
                local_authority=local_authority,
                organisation=organisation,
                role=role,
                job_title=held[0].title if held else "Viewer",
            )
        )
        holdings.append(list(dict.fromkeys(held)))
    people = User.objects.bulk_create(people, batch_size=BATCH_SIZE)
    User.posts.through.objects.bulk_create(
        [
            User.posts.through(user_id=person.pk, post_id=post.pk)
            for person, held in zip(people, holdings, strict=True)
            for post in held
        ],
        batch_size=BATCH_SIZE,
    )
    return organisations, posts, people


def _make_inspection(
    rng: random.Random, *, local_authority: LocalAuthority, today: datetime.date
) -> tuple[Inspection, list[Recommendation]]:
    started_on = today - datetime.timedelta(days=330 + rng.randrange(60))
    inspection = Inspection.objects.create(
        local_authority=local_authority,
        kind=Inspection.Kind.ILACS_STANDARD,
        framework=Inspection.Framework.ILACS,
        started_on=started_on,
        ended_on=started_on + datetime.timedelta(days=11),
        published_on=started_on + datetime.timedelta(days=46),
        lead_inspector=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, HMI",
        summary="Services for children and families require improvement to be good.",
    )
    areas = judgement_areas_for(framework=inspection.framework, started_on=started_on)
    Judgement.objects.bulk_create(
        [
            Judgement(
                inspection=inspection,
                area=area,
                grade=(grade := rng.choice(JUDGEMENT_GRADES)),
                text=Grade(grade).label,
                position=position,
            )
            for position, area in enumerate(areas, start=1)
        ]
    )
    texts = list(RECOMMENDATIONS)
    rng.shuffle(texts)
    recommendations = Recommendation.objects.bulk_create(
        [
            Recommendation(inspection=inspection, number=number, text=text)
            for number, text in enumerate(texts[:9], start=1)
        ]
    )
    return inspection, recommendations


def _make_plan(
    rng: random.Random,
    *,
    local_authority: LocalAuthority,
    inspection: Inspection,
    recommendations: Sequence[Recommendation],
    posts: Sequence[Post],
    people: Sequence[User],
    sections: int,
) -> tuple[Plan, list[Section]]:
    place = local_authority.short_name or local_authority.name
    plan = Plan.objects.create(
        local_authority=local_authority,
        title=f"{place} children's services improvement plan",
        kind=Plan.Kind.IMPROVEMENT_PLAN,
        status=Plan.Status.PUBLISHED,
        introduction="This plan responds to the ILACS inspection and the areas it asked us to "
        "improve. It is overseen by the improvement board.",
        owner_description="The Director of Children's Services",
    )
    plan.inspections.add(inspection)
    leads = [person for person in people if person.role != User.Role.VIEWER] or list(people)
    themes = Theme.objects.bulk_create(
        [
            Theme(
                plan=plan,
                name=name,
                description=f"Everything the plan does about {name.lower()}.",
                lead=rng.choice(leads),
                lead_post=rng.choice(posts),
                position=position,
            )
            for position, name in enumerate(THEMES, start=1)
        ]
    )
    made = Section.objects.bulk_create(
        [
            Section(
                plan=plan,
                number=number,
                title=f"{SECTION_TOPICS[(number - 1) % len(SECTION_TOPICS)]}"
                + (f" ({(number - 1) // len(SECTION_TOPICS) + 1})" if number > 15 else ""),
                aim="To make sure that "
                + rng.choice(OUTCOMES)[0].lower()
                + rng.choice(OUTCOMES)[1:],
                theme=themes[(number - 1) * len(themes) // sections],
            )
            for number in range(1, sections + 1)
        ],
        batch_size=BATCH_SIZE,
    )
    Section.recommendations.through.objects.bulk_create(
        [
            Section.recommendations.through(
                section_id=section.pk,
                recommendation_id=recommendations[index % len(recommendations)].pk,
            )
            for index, section in enumerate(made)
        ],
        batch_size=BATCH_SIZE,
    )
    ExpectedOutcome.objects.bulk_create(
        [
            ExpectedOutcome(section=section, text=text, position=position)
            for section in made
            for position, text in enumerate(rng.sample(OUTCOMES, rng.randint(3, 5)), start=1)
        ],
        batch_size=BATCH_SIZE,
    )
    return plan, made


def _spread(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """Deal `total` items over len(weights) bins, in proportion to the weights."""
    if total == 0:
        return [0] * len(weights)
    if not any(weights):
        weights = [1.0] * len(weights)
    counts = Counter(rng.choices(range(len(weights)), weights=weights, k=total))
    return [counts[index] for index in range(len(weights))]


def _plan_actions(
    rng: random.Random,
    *,
    sections: Sequence[Section],
    recommendations: Sequence[Recommendation],
    organisations: Sequence[Organisation],
    posts: Sequence[Post],
    actions: int,
    updates: int,
    today: datetime.date,
) -> list[_ActionPlan]:
    if actions >= len(sections):
        per_section = [
            1 + extra for extra in _spread(rng, actions - len(sections), [1.0] * len(sections))
        ]
    else:
        per_section = [1] * actions + [0] * (len(sections) - actions)
    partners = [o for o in organisations if o.kind != Organisation.Kind.LOCAL_AUTHORITY]
    planned: list[_ActionPlan] = []
    for section, count in zip(sections, per_section, strict=True):
        for position in range(1, count + 1):
            starts_on = today + datetime.timedelta(days=rng.randint(-540, 45))
            due_on: datetime.date | None = starts_on + datetime.timedelta(days=rng.randint(30, 365))
            if rng.random() < 0.02:
                due_on = None  # "ongoing" actions with no end date exist in real plans
            original_due_on = due_on
            if due_on is not None and rng.random() < 0.1:
                original_due_on = due_on - datetime.timedelta(days=rng.randint(30, 120))
                original_due_on = max(original_due_on, starts_on)
            linked = (
                [rng.choice(recommendations).pk] if recommendations and rng.random() < 0.1 else []
            )
            planned.append(
                _ActionPlan(
                    section_id=section.pk,
                    reference=f"{section.number}.{position}",
                    position=position,
                    description=" ".join(
                        part
                        for part in (
                            rng.choice(ACTION_VERBS),
                            rng.choice(ACTION_OBJECTS),
                            rng.choice(ACTION_PURPOSES),
                        )
                        if part
                    )
                    + ".",
                    owner_note=rng.choice(OWNER_NOTES) if rng.random() < 0.15 else "",
                    post_ids=[post.pk for post in rng.sample(posts, rng.randint(1, 3))],
                    organisation_ids=[rng.choice(partners).pk] if rng.random() < 0.2 else [],
                    user_ids=[],
                    recommendation_ids=linked,
                    starts_on=starts_on,
                    due_on=due_on,
                    original_due_on=original_due_on,
                    update_count=0,
                )
            )
    # Actions running longer have more progress entries; actions not started yet have none.
    weights = [float(max(0, (today - action.starts_on).days)) for action in planned]
    if not any(weights):
        # Every action starts in the future: let them all have started yesterday.
        for action in planned:
            action.starts_on = min(action.starts_on, today - datetime.timedelta(days=1))
        weights = [1.0] * len(planned)
    for action, count in zip(planned, _spread(rng, updates, weights), strict=True):
        action.update_count = count
    return planned


def _write_actions(
    rng: random.Random,
    *,
    plan: Plan,
    planned: Sequence[_ActionPlan],
    authors_by_post: dict[int, list[tuple[int, str]]],
    fallback_authors: Sequence[tuple[int, str]],
    changed_by_id: int,
    today: datetime.date,
) -> None:
    """Write one chunk of actions with their owners and progress, then point each at its newest."""
    for action in planned:
        authors = [a for post_id in action.post_ids for a in authors_by_post.get(post_id, [])]
        _plan_updates(rng, action, authors=authors or fallback_authors, today=today)
    rows = []
    for action in planned:
        last = action.updates[-1] if action.updates else None
        rows.append(
            Action(
                plan_id=plan.pk,
                section_id=action.section_id,
                reference=action.reference,
                position=action.position,
                description=action.description,
                owner_note=action.owner_note,
                starts_on=action.starts_on,
                due_on=action.due_on,
                original_due_on=action.original_due_on,
                status=last.status if last else DeliveryStatus.NOT_STARTED,
                brag=last.brag if last else "",
                next_review_on=last.next_review_on if last else None,
            )
        )
    rows = Action.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    through = Action.owner_posts.through
    through.objects.bulk_create(
        [
            through(action_id=row.pk, post_id=post_id)
            for row, action in zip(rows, planned, strict=True)
            for post_id in action.post_ids
        ],
        batch_size=BATCH_SIZE,
    )
    by_organisation = Action.owner_organisations.through
    by_organisation.objects.bulk_create(
        [
            by_organisation(action_id=row.pk, organisation_id=organisation_id)
            for row, action in zip(rows, planned, strict=True)
            for organisation_id in action.organisation_ids
        ],
        batch_size=BATCH_SIZE,
    )
    linked = Action.linked_recommendations.through
    linked.objects.bulk_create(
        [
            linked(action_id=row.pk, recommendation_id=recommendation_id)
            for row, action in zip(rows, planned, strict=True)
            for recommendation_id in action.recommendation_ids
        ],
        batch_size=BATCH_SIZE,
    )
    DueDateChange.objects.bulk_create(
        [
            DueDateChange(
                action_id=row.pk,
                previous_due_on=action.original_due_on,
                new_due_on=action.due_on,
                reason="Agreed at the improvement board: dependent work was delayed.",
                changed_by_id=changed_by_id,
            )
            for row, action in zip(rows, planned, strict=True)
            if action.original_due_on != action.due_on
        ],
        batch_size=BATCH_SIZE,
    )
    # Entries go in oldest first, so the newest entry also has the highest id and created_at,
    # matching ProgressUpdate's ordering (-recorded_on, -created_at, -pk) on equal dates.
    entries = [
        ProgressUpdate(
            action_id=row.pk,
            recorded_on=update.recorded_on,
            author_id=update.author_id,
            author_name=update.author_name,
            narrative=update.narrative,
            status=update.status,
            brag=update.brag,
            next_review_on=update.next_review_on,
        )
        for row, action in zip(rows, planned, strict=True)
        for update in action.updates
    ]
    latest: dict[int, int] = {}
    for batch in _batched(entries, BATCH_SIZE):
        for entry in ProgressUpdate.objects.bulk_create(batch):
            latest[entry.action_id] = entry.pk
    changed = [row for row in rows if row.pk in latest]
    for row in changed:
        row.latest_update_id = latest[row.pk]
    Action.objects.bulk_update(changed, ["latest_update"], batch_size=500)


def _generate(shape: AuthorityShape, *, today: datetime.date) -> LocalAuthority:
    rng = random.Random(shape.seed)  # noqa: S311 (repeatable test data, not secrets)
    with transaction.atomic():
        local_authority = LocalAuthority.objects.create(
            name=shape.name, short_name=_place_name(shape.name)
        )
        organisations, posts, people = _make_people(
            rng, local_authority=local_authority, users=shape.users
        )
        inspection, recommendations = _make_inspection(
            rng, local_authority=local_authority, today=today
        )
        plan, sections = _make_plan(
            rng,
            local_authority=local_authority,
            inspection=inspection,
            recommendations=recommendations,
            posts=posts,
            people=people,
            sections=shape.sections,
        )
        planned = _plan_actions(
            rng,
            sections=sections,
            recommendations=recommendations,
            organisations=organisations,
            posts=posts,
            actions=shape.actions,
            updates=shape.updates,
            today=today,
        )
        holders = User.posts.through.objects.filter(
            user__local_authority=local_authority
        ).values_list("post_id", "user_id")
        names = {person.pk: str(person) for person in people}
        authors_by_post: dict[int, list[tuple[int, str]]] = {}
        for post_id, user_id in sorted(holders):
            authors_by_post.setdefault(post_id, []).append((user_id, names[user_id]))
        leads = [
            (person.pk, str(person))
            for person in people
            if person.role in {User.Role.IMPROVEMENT_LEAD, User.Role.ADMINISTRATOR}
        ]
        for chunk in _batched(planned, ACTION_CHUNK):
            _write_actions(
                rng,
                plan=plan,
                planned=chunk,
                authors_by_post=authors_by_post,
                fallback_authors=leads,
                changed_by_id=leads[0][0],
                today=today,
            )
            for action in chunk:
                action.updates.clear()  # keep memory bounded on big authorities
    return local_authority


def generate_authority(
    *,
    name: str,
    actions: int = 400,
    sections: int = 40,
    updates: int = 14_000,
    users: int = 150,
    seed: int = 0,
    today: datetime.date | None = None,
) -> LocalAuthority:
    """Make one local authority with its people, one inspection and one published plan.

    The plan has six themes, `sections` sections (each answering a recommendation) and
    `actions` actions carrying `updates` progress entries in all. Dates are spread around
    `today` (the local date by default), so some actions are overdue and some are not.
    """
    if users < 4:
        raise ValueError("A synthetic local authority needs at least 4 users, one of each role")
    if sections < 1 or actions < 1:
        raise ValueError("A synthetic plan needs at least one section and one action")
    shape = AuthorityShape(
        name=name, actions=actions, sections=sections, updates=updates, users=users, seed=seed
    )
    return _generate(shape, today=today or timezone.localdate())


def tier_name(tier: str, seed: int) -> str:
    """The local authority name a tier is generated under."""
    return f"Synthetic {tier} Borough Council (seed {seed})"


def generate_tier(
    *, tier: str, seed: int = 0, name: str | None = None, today: datetime.date | None = None
) -> LocalAuthority:
    """Make the local authority of tier S, L or X (see `bench/README.md`)."""
    shape = TIERS[tier]
    return generate_authority(
        name=name or tier_name(tier, seed),
        actions=shape.actions,
        sections=shape.sections,
        updates=shape.updates,
        users=shape.users,
        seed=seed,
        today=today,
    )


def national_shapes(*, scale: float = 1.0, seed: int = 0) -> list[AuthorityShape]:
    """The authorities of tier N: 153 of mixed sizes, about 50,000 actions and 2 million updates.

    `scale` keeps that fraction of the authorities (at least one), each at its full size, so a
    scaled run still has realistic plans; the smaller set is a prefix of the full one.
    """
    if not 0 < scale <= 1:
        raise ValueError("The scale must be more than 0 and at most 1")
    rng = random.Random(seed * 1_000_003 + 153)  # noqa: S311 (repeatable test data)
    raw = [rng.lognormvariate(0, 0.6) for _ in range(NATIONAL_AUTHORITIES)]
    total = sum(raw)
    shapes = []
    for index, weight in enumerate(raw, start=1):
        actions = max(40, min(2_000, round(NATIONAL_ACTIONS * weight / total)))
        shapes.append(
            AuthorityShape(
                name=f"Synthetic National {index:03d} Council (seed {seed})",
                actions=actions,
                sections=max(3, round(actions / rng.uniform(8, 12))),
                updates=round(actions * NATIONAL_UPDATES_PER_ACTION * rng.uniform(0.75, 1.25)),
                users=max(20, round(NATIONAL_USERS * weight / total * rng.uniform(0.8, 1.2))),
                seed=seed * 1_000 + index,
            )
        )
    return shapes[: max(1, round(NATIONAL_AUTHORITIES * scale))]


def generate_national(
    *,
    scale: float = 1.0,
    seed: int = 0,
    today: datetime.date | None = None,
    progress: Callable[[AuthorityShape, GenerationSummary], None] | None = None,
) -> GenerationSummary:
    """Make tier N one local authority (and one transaction) at a time."""
    today = today or timezone.localdate()
    summary = GenerationSummary()
    for shape in national_shapes(scale=scale, seed=seed):
        _generate(shape, today=today)
        summary.add(shape)
        if progress is not None:
            progress(shape, summary)
    return summary


def data_fingerprint(local_authority: LocalAuthority) -> str:
    """A hash of an authority's generated rows, leaving out ids and timestamps."""
    digest = hashlib.sha256()

    def feed(rows: object) -> None:
        for row in rows:  # type: ignore[attr-defined]
            digest.update(repr(row).encode())

    la = local_authority
    feed([(la.name, la.short_name)])
    feed(la.organisations.order_by("name").values_list("name", "kind"))
    feed(la.posts.order_by("title").values_list("title", "organisation__name"))
    feed(
        la.users.order_by("username").values_list(
            "username", "first_name", "last_name", "role", "organisation__name", "job_title"
        )
    )
    feed(
        User.posts.through.objects.filter(user__local_authority=la)
        .order_by("user__username", "post__title")
        .values_list("user__username", "post__title")
    )
    feed(
        Judgement.objects.filter(inspection__local_authority=la)
        .order_by("position")
        .values_list("area", "grade", "inspection__started_on")
    )
    feed(
        Recommendation.objects.filter(inspection__local_authority=la)
        .order_by("number")
        .values_list("number", "text")
    )
    feed(Theme.objects.filter(plan__local_authority=la).values_list("name", "lead__username"))
    feed(
        Section.objects.filter(plan__local_authority=la)
        .order_by("number", "recommendations__number")
        .values_list("number", "title", "aim", "theme__name", "recommendations__number")
    )
    feed(
        ExpectedOutcome.objects.filter(section__plan__local_authority=la)
        .order_by("section__number", "position")
        .values_list("section__number", "position", "text")
    )
    feed(
        Action.objects.filter(plan__local_authority=la)
        .order_by("section__number", "position")
        .values_list(
            "reference",
            "description",
            "owner_note",
            "starts_on",
            "due_on",
            "original_due_on",
            "status",
            "brag",
            "next_review_on",
            "latest_update__recorded_on",
        )
    )
    feed(
        Action.owner_posts.through.objects.filter(action__plan__local_authority=la)
        .order_by("action__reference", "post__title")
        .values_list("action__reference", "post__title")
    )
    feed(
        Action.owner_organisations.through.objects.filter(action__plan__local_authority=la)
        .order_by("action__reference", "organisation__name")
        .values_list("action__reference", "organisation__name")
    )
    feed(
        ProgressUpdate.objects.filter(action__plan__local_authority=la)
        .order_by("action__reference", "recorded_on", "pk")
        .values_list(
            "action__reference",
            "recorded_on",
            "status",
            "brag",
            "next_review_on",
            "narrative",
            "author__username",
        )
        .iterator(chunk_size=5_000)
    )
    return digest.hexdigest()
