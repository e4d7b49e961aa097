"""Reads for plans, actions and the dashboard.

Each selector fetches with a fixed number of queries, whatever the plan's size: related rows
come through `select_related`/`prefetch_related` and counts through one grouped query.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Count,
    F,
    Field,
    IntegerField,
    Max,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import get_m2m_reverse_field_name

from tracker.accounts.models import Organisation, Post, User
from tracker.core.formatting import format_date, format_datetime
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans import rules
from tracker.plans.access import plans_visible_to, visible_plan_ids
from tracker.plans.models import (
    COMPLETE_STATUSES,
    Action,
    ActionQuerySet,
    Brag,
    DeliveryStatus,
    DueDateChange,
    ExpectedOutcome,
    Plan,
    PriorityArea,
    ProgressUpdate,
    Section,
    Theme,
)

STATUS_ORDER = list(DeliveryStatus.values)
BRAG_ORDER = [Brag.BLUE, Brag.GREEN, Brag.AMBER, Brag.RED, ""]


@dataclass
class ProgressSummary:
    """Counts of actions by delivery status and BRAG, and how many are overdue."""

    total: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_brag: Counter[str] = field(default_factory=Counter)
    overdue: int = 0

    @property
    def complete(self) -> int:
        return sum(self.by_status[s] for s in COMPLETE_STATUSES)

    @property
    def percent_complete(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0

    def status_rows(self) -> list[tuple[str, int]]:
        return [(DeliveryStatus(s).label, self.by_status[s]) for s in STATUS_ORDER]

    def brag_rows(self) -> list[tuple[str, str, int]]:
        return [(b, Brag(b).label if b else "Not rated", self.by_brag[b]) for b in BRAG_ORDER]

    def add(self, *, status: str, brag: str, count: int, overdue: int) -> None:
        self.total += count
        self.by_status[status] += count
        self.by_brag[brag] += count
        self.overdue += overdue

    def include(self, other: ProgressSummary) -> None:
        """Add another summary's counts to this one (a plan's sections, a priority area's)."""
        self.total += other.total
        self.by_status.update(other.by_status)
        self.by_brag.update(other.by_brag)
        self.overdue += other.overdue


def _summaries(
    actions: QuerySet[Action], *, key: str, today: datetime.date
) -> dict[int, ProgressSummary]:
    """One grouped query: a ProgressSummary per value of `key` (plan_id or section_id)."""
    overdue = Q(due_on__lt=today) & ~Q(status__in=COMPLETE_STATUSES)
    rows = actions.values(key, "status", "brag").annotate(
        count=Count("pk"), overdue=Count("pk", filter=overdue)
    )
    summaries: dict[int, ProgressSummary] = defaultdict(ProgressSummary)
    for row in rows.order_by():
        summaries[row[key]].add(
            status=row["status"], brag=row["brag"], count=row["count"], overdue=row["overdue"]
        )
    return summaries


def _action_queryset() -> ActionQuerySet:
    """Actions with everything a table row shows, in a fixed number of queries."""
    return (
        Action.objects.select_related("latest_update", "section")
        .prefetch_related(
            Prefetch("owner_posts", queryset=Post.objects.only("id", "title")),
            Prefetch(
                "owner_users",
                queryset=User.objects.only("id", "first_name", "last_name", "username"),
            ),
            Prefetch("owner_organisations", queryset=Organisation.objects.only("id", "name")),
        )
        .order_by("section__number", "position", "pk")
    )


# Plans list and dashboard -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectionHeading:
    """What the dashboard shows of a section: read as plain values, not a model instance."""

    pk: int
    plan_id: int
    number: int
    title: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True, slots=True)
class ThemeHeading:
    """A theme as the dashboard shows it: its name and the plan page filtered to it."""

    pk: int | None
    name: str
    url: str

    @property
    def label(self) -> str:
        return self.name


@dataclass
class PlanOverview:
    """What the dashboard shows of a plan. Its size is bounded whatever the plan's: a row per
    theme (a plan has a handful) and at most `SECTIONS_BEHIND_LIMIT` sections."""

    plan: Plan
    summary: ProgressSummary
    themes: list[tuple[ThemeHeading, ProgressSummary]]
    sections_behind: list[tuple[SectionHeading, ProgressSummary]] = field(default_factory=list)
    section_count: int = 0


def open_plans(*, local_authority_id: int | None) -> QuerySet[Plan]:
    """The authority's plans that records can still be tied to: all but those merged into
    another (read-only, their content moved; `tracker.plans.merging`)."""
    return Plan.objects.filter(local_authority_id=local_authority_id, merged_into__isnull=True)


def progress_summaries_for_plans(
    *, plans: Iterable[Plan], today: datetime.date | None = None
) -> dict[int, ProgressSummary]:
    """Each plan's counts of actions by status and BRAG and its overdue actions, keyed by plan
    id (the plans list's and the dashboard's counts). One grouped query, however many plans."""
    summaries = _summaries(
        Action.objects.filter(plan__in=list(plans)),
        key="plan_id",
        today=today or timezone.localdate(),
    )
    return dict(summaries)


def plan_list_for_user(*, user: User) -> list[tuple[Plan, ProgressSummary]]:
    """The plans the user may see (`access.plans_visible_to`: their authority's, or those
    shared with their partner organisation), newest first, each with its progress summary."""
    plans = list(plans_visible_to(user=user).order_by("-created_at"))
    summaries = _summaries(
        Action.objects.filter(plan__in=plans), key="plan_id", today=timezone.localdate()
    )
    return [(plan, summaries.get(plan.pk, ProgressSummary())) for plan in plans]


@dataclass
class Dashboard:
    plans: list[PlanOverview]
    overdue_actions: list[Action]
    overdue_total: int
    my_actions: list[Action]
    my_actions_total: int


DASHBOARD_LIST_LIMIT = 25
# The sections "most behind" a plan card lists; the plan page shows every section.
SECTIONS_BEHIND_LIMIT = 5


def actions_owned_by(*, user: User) -> QuerySet[Action]:
    """Actions the user owns: named on them, through a post they hold, or their organisation.

    Three semi-joins on the owner tables, rather than one query outer-joining all three, so
    the database reads only the user's own rows whatever the plan's size.
    """
    named = Action.owner_users.through.objects.filter(user_id=user.pk).values("action_id")
    by_post = Action.owner_posts.through.objects.filter(post__holders=user).values("action_id")
    ownership = Q(pk__in=named) | Q(pk__in=by_post)
    if user.organisation_id is not None:
        by_organisation = Action.owner_organisations.through.objects.filter(
            organisation_id=user.organisation_id
        ).values("action_id")
        ownership |= Q(pk__in=by_organisation)
    return Action.objects.filter(ownership, plan_id__in=visible_plan_ids(user=user))


def _theme_overviews(
    plans: list[Plan], plan_urls: dict[int, str], today: datetime.date
) -> dict[int, PlanOverview]:
    """Each plan's counts in all and by theme: one grouped query by plan, theme, status and
    BRAG (a few dozen rows whatever the plan's size) and one for the themes' names.

    Actions of sections with no theme are counted under "No theme"."""
    overviews = {
        plan.pk: PlanOverview(plan=plan, summary=ProgressSummary(), themes=[]) for plan in plans
    }
    by_theme: dict[tuple[int, int | None], ProgressSummary] = defaultdict(ProgressSummary)
    overdue = Q(due_on__lt=today) & ~Q(status__in=COMPLETE_STATUSES)
    rows = (
        Action.objects.filter(plan__in=plans)
        .values_list("plan_id", "section__theme_id", "status", "brag")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=overdue))
        .order_by()
    )
    for plan_id, theme_id, status, brag, count, overdue_count in rows:
        for summary in (overviews[plan_id].summary, by_theme[plan_id, theme_id]):
            summary.add(status=status, brag=brag, count=count, overdue=overdue_count)
    themes = Theme.objects.filter(plan__in=plans).order_by("plan", "position", "name")
    for pk, plan_id, name in themes.values_list("pk", "plan_id", "name"):
        heading = ThemeHeading(pk=pk, name=name, url=f"{plan_urls[plan_id]}?theme={pk}")
        overviews[plan_id].themes.append((heading, by_theme.pop((plan_id, pk), ProgressSummary())))
    for (plan_id, theme_id), summary in by_theme.items():
        if theme_id is None:
            heading = ThemeHeading(pk=None, name="No theme", url=plan_urls[plan_id])
            overviews[plan_id].themes.append((heading, summary))
    return overviews


def _sections_behind(
    overviews: dict[int, PlanOverview], plan_urls: dict[int, str], today: datetime.date
) -> None:
    """Each plan's sections most behind, worst first: most overdue actions, then most rated
    Red, then Amber; only sections with an overdue or Red action. One query, ranked per plan
    by the database (a window function), so at most `SECTIONS_BEHIND_LIMIT` rows a plan
    whatever the plan's size; and one grouped count of each plan's sections."""
    late = Q(actions__due_on__lt=today) & ~Q(actions__status__in=COMPLETE_STATUSES)
    ranked = (
        Section.objects.filter(plan__in=list(overviews))
        .annotate(
            overdue=Count("actions", filter=late),
            red=Count("actions", filter=Q(actions__brag=Brag.RED)),
            amber=Count("actions", filter=Q(actions__brag=Brag.AMBER)),
        )
        .filter(Q(overdue__gt=0) | Q(red__gt=0))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("plan_id"),
                order_by=[F("overdue").desc(), F("red").desc(), F("amber").desc(), F("number")],
            )
        )
        .filter(rank__lte=SECTIONS_BEHIND_LIMIT)
        .order_by("plan_id", "rank")
        .values_list("pk", "plan_id", "number", "title")
    )
    behind = list(ranked)
    counts = _summaries(
        Action.objects.filter(section_id__in=[pk for pk, *_rest in behind]),
        key="section_id",
        today=today,
    )
    for pk, plan_id, number, title in behind:
        heading = SectionHeading(
            pk=pk,
            plan_id=plan_id,
            number=number,
            title=title,
            url=f"{plan_urls[plan_id]}#section-{number}",
        )
        overviews[plan_id].sections_behind.append((heading, counts.get(pk, ProgressSummary())))
    sizes = Section.objects.filter(plan__in=list(overviews)).values_list("plan_id")
    for plan_id, count in sizes.annotate(count=Count("pk")).order_by():
        overviews[plan_id].section_count = count


def dashboard_for_user(*, user: User, today: datetime.date | None = None) -> Dashboard:
    """The home page: each plan's counts in all and by theme, its sections most behind, the
    overdue actions and the user's own actions; closed plans and plans merged into another
    are left out. A fixed number of queries and a bounded
    number of rows, however many sections and actions a plan has (issue 11): the plan page
    shows every section.
    """
    today = today or timezone.localdate()
    plans = list(
        plans_visible_to(user=user)
        .filter(merged_into__isnull=True)
        .exclude(status=Plan.Status.CLOSED)
        .order_by("-created_at")
    )
    plan_urls = {plan.pk: reverse("plans:plan_detail", args=[plan.pk]) for plan in plans}
    overviews = _theme_overviews(plans, plan_urls, today)
    _sections_behind(overviews, plan_urls, today)

    # The lists show each action's reference, description, plan, due date, status and BRAG:
    # no owners, no progress.
    scoped = Action.objects.filter(plan__in=plans)
    overdue = scoped.overdue(today).order_by("due_on", "pk")
    mine = Action.objects.filter(pk__in=actions_owned_by(user=user).filter(plan__in=plans))
    mine = mine.exclude(status__in=COMPLETE_STATUSES).order_by("due_on", "pk")
    return Dashboard(
        plans=list(overviews.values()),
        overdue_actions=list(overdue.select_related("plan")[:DASHBOARD_LIST_LIMIT]),
        overdue_total=overdue.count(),
        my_actions=list(mine.select_related("plan")[:DASHBOARD_LIST_LIMIT]),
        my_actions_total=mine.count(),
    )


# Plan detail ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFilters:
    """What the plan page is filtered by. Empty means everything."""

    status: str = ""
    brag: str = ""
    owner_post_id: int | None = None
    theme_id: int | None = None
    overdue: bool = False
    query: str = ""

    @property
    def is_active(self) -> bool:
        return bool(
            self.status
            or self.brag
            or self.owner_post_id
            or self.theme_id
            or self.overdue
            or self.query
        )


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One row of the plan's Action / Who / Due / Status / Latest progress table."""

    pk: int
    section_id: int
    reference: str
    description: str
    who: tuple[str, ...]
    owner_note: str
    due_on: datetime.date | None
    original_due_on: datetime.date | None
    status: str
    status_label: str
    brag: str
    is_overdue: bool
    latest_on: datetime.date | None
    latest_narrative: str | None
    url: str
    # Where the action came from when a merge moved it ("1.2 in section 1. Governance of the
    # JTAI Statement of Action 2022"); empty for an action always in its plan.
    moved_from: str = ""

    @property
    def is_rebaselined(self) -> bool:
        return self.original_due_on is not None and self.due_on != self.original_due_on

    def __getitem__(self, name: str) -> Any:
        """`row[name]` is `row.name`. A template's `{{ row.name }}` tries `row[name]` first;
        answering it spares an exception for every field of every row of the plan page."""
        return getattr(self, name)


def _owners_by_action(plan: Plan) -> dict[int, list[str]]:
    """Every action's owners as plain names, posts first, in the order they were given:
    three small queries of tuples rather than thousands of model instances."""
    owners: dict[int, list[str]] = defaultdict(list)
    posts = Action.owner_posts.through.objects.filter(action__plan=plan).order_by("pk")
    for action_id, title in posts.values_list("action_id", "post__title"):
        owners[action_id].append(title)
    organisations = Action.owner_organisations.through.objects.filter(action__plan=plan)
    for action_id, name in organisations.order_by("pk").values_list(
        "action_id", "organisation__name"
    ):
        owners[action_id].append(name)
    users = Action.owner_users.through.objects.filter(action__plan=plan).order_by("pk")
    people = users.values_list("action_id", "user__first_name", "user__last_name", "user__username")
    for action_id, first, last, username in people:
        owners[action_id].append(f"{first} {last}".strip() or username)
    return owners


_STATUS_LABELS = dict(DeliveryStatus.choices)


def status_label(status: str) -> str:
    """The delivery status as officers read it ("In progress")."""
    return str(_STATUS_LABELS.get(status, status))


def owners_by_action(*, plan: Plan) -> dict[int, list[str]]:
    """Every action's owners today as plain names (three queries)."""
    return _owners_by_action(plan)


def _url_template(name: str, plan: Plan) -> str:
    """A page of the plan's address with `{}` for the last id: one `reverse` for many rows."""
    sentinel = 987654321
    return reverse(name, args=[plan.pk, sentinel]).replace(str(sentinel), "{}")


def action_url_template(plan: Plan) -> str:
    """The action page's address with `{}` for the action's id: one `reverse` for many rows."""
    return _url_template("plans:action_detail", plan)


def plan_action_rows(*, plan: Plan, today: datetime.date | None = None) -> list[ActionRow]:
    """Every action of the plan exactly as the plan page shows it, in plan order."""
    return _action_rows(plan=plan, filters=PlanFilters(), today=today or timezone.localdate())


def _action_rows(*, plan: Plan, filters: PlanFilters, today: datetime.date) -> list[ActionRow]:
    actions = _filtered(Action.objects.filter(plan=plan), filters, today)
    values = actions.order_by("section__number", "position", "pk").values_list(
        "pk",
        "section_id",
        "reference",
        "description",
        "owner_note",
        "due_on",
        "original_due_on",
        "status",
        "brag",
        "latest_update__recorded_on",
        "latest_update__narrative",
        "origin_reference",
        "origin_section_title",
        "origin_plan__title",
    )
    owners = _owners_by_action(plan)
    url = action_url_template(plan)
    return [
        ActionRow(
            pk=pk,
            section_id=section_id,
            reference=reference,
            description=description,
            who=tuple(owners.get(pk, ())),
            owner_note=owner_note,
            due_on=due_on,
            original_due_on=original_due_on,
            status=status,
            status_label=_STATUS_LABELS[status],
            brag=brag,
            is_overdue=rules.is_overdue(status=status, due_on=due_on, today=today),
            latest_on=latest_on,
            latest_narrative=latest_narrative,
            url=url.format(pk),
            moved_from=moved_from(
                reference=origin_reference, section=origin_section, plan=origin_plan
            ),
        )
        for (
            pk,
            section_id,
            reference,
            description,
            owner_note,
            due_on,
            original_due_on,
            status,
            brag,
            latest_on,
            latest_narrative,
            origin_reference,
            origin_section,
            origin_plan,
        ) in values
    ]


def plan_latest_progress(*, plan: Plan) -> dict[int, tuple[str, datetime.date | None, str | None]]:
    """Each action of the plan's reference and its latest entry's date and words, by id: what
    the plan page kept under the structure version fills in (`presenters.fill_latest_progress`),
    read as `_action_rows` reads it. One query."""
    rows = Action.objects.filter(plan=plan).values_list(
        "pk", "reference", "latest_update__recorded_on", "latest_update__narrative"
    )
    return {pk: (reference, on, narrative) for pk, reference, on, narrative in rows}


def moved_from(*, reference: str, section: str, plan: str | None) -> str:
    """Where a merge moved an action from, as its page and the papers say it ("1.2 in
    section 1. Governance of the JTAI Statement of Action 2022"); empty when it never moved."""
    if not plan:
        return ""
    return f"{reference} in section {section} of {plan}"


@dataclass
class SectionBlock:
    section: Section
    recommendations: list[Recommendation]
    actions: list[ActionRow]
    outcomes: list[str]
    summary: ProgressSummary
    change_url: str = ""

    @property
    def quoted_recommendations(self) -> list[Recommendation]:
        """Recommendations whose words the section title does not already repeat."""
        title = " ".join(self.section.title.split()).rstrip(".").casefold()
        return [
            r
            for r in self.recommendations
            if " ".join(r.text.split()).rstrip(".").casefold() != title
        ]


@dataclass
class PlanDetail:
    plan: Plan
    sections: list[SectionBlock]
    themes: list[Theme]
    owner_posts: list[Post]
    summary: ProgressSummary
    shown: int
    inspections: list[Any]
    priority_areas: list[PriorityAreaRollup] = field(default_factory=list)


@dataclass
class LinkedSection:
    """A section linked to a priority area, with its plan and its own actions' counts."""

    section: Section
    summary: ProgressSummary


@dataclass
class PriorityAreaRollup:
    """A priority area of a plan with everything linked to it: the linked sections (of any
    plan of the authority) and the counts of all their actions together."""

    priority_area: PriorityArea
    sections: list[LinkedSection]
    summary: ProgressSummary

    def brag_counts(self) -> list[tuple[str, int]]:
        """(word, count) for each rating in the order the product shows BRAG, in words."""
        return [(Brag.word(b), self.summary.by_brag[b]) for b in ROLLUP_BRAG_ORDER]


# Blue (complete) first, then the ratings that need attention, then those not rated.
ROLLUP_BRAG_ORDER = [Brag.BLUE, Brag.RED, Brag.AMBER, Brag.GREEN, ""]
ROLLUP_BRAG_WORDS = ["Blue (complete)", "Red", "Amber", "Green", "Not rated"]


def plan_priority_area_rollup(
    *, plan: Plan, today: datetime.date | None = None, viewer: User | None = None
) -> list[PriorityAreaRollup]:
    """Each priority area of the plan with the roll-up of the sections linked to it.

    Three queries whatever the size of the plans: the priority areas; the linked sections
    with their plans; and one grouped query over the linked sections' actions, counted by
    section, status and BRAG (areas add up their sections' counts). A plan without priority
    areas costs the first query only.
    """
    today = today or timezone.localdate()
    areas = list(plan.priority_areas.order_by("position", "name"))
    if not areas:
        return []
    linked_sections = Section.objects.filter(priority_area__plan=plan)
    linked_actions = Action.objects.filter(section__priority_area__plan=plan)
    if viewer is not None and viewer.is_partner:
        linked_sections = linked_sections.filter(plan_id__in=visible_plan_ids(user=viewer))
        linked_actions = linked_actions.filter(plan_id__in=visible_plan_ids(user=viewer))
    sections = list(
        linked_sections.select_related("plan").order_by("plan__title", "plan_id", "number")
    )
    by_section = _summaries(linked_actions, key="section_id", today=today)
    linked: dict[int | None, list[LinkedSection]] = defaultdict(list)
    for section in sections:
        linked[section.priority_area_id].append(
            LinkedSection(section=section, summary=by_section.get(section.pk, ProgressSummary()))
        )
    rollups = []
    for area in areas:
        total = ProgressSummary()
        for item in linked.get(area.pk, []):
            total.include(item.summary)
        rollups.append(
            PriorityAreaRollup(priority_area=area, sections=linked.get(area.pk, []), summary=total)
        )
    return rollups


def _filtered(
    actions: ActionQuerySet, filters: PlanFilters, today: datetime.date
) -> ActionQuerySet:
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.brag:
        actions = actions.filter(brag="" if filters.brag == "none" else filters.brag)
    if filters.owner_post_id:
        actions = actions.filter(
            pk__in=Action.objects.filter(owner_posts=filters.owner_post_id).values("pk")
        )
    if filters.theme_id:
        actions = actions.filter(section__theme_id=filters.theme_id)
    if filters.overdue:
        actions = actions.overdue(today)
    if filters.query:
        words = filters.query.split()
        for word in words[:8]:
            actions = actions.filter(
                Q(description__icontains=word)
                | Q(reference__iexact=word)
                | Q(latest_update__narrative__icontains=word)
                | Q(owner_note__icontains=word)
            )
    return actions


def plan_get_detail(
    *,
    plan: Plan,
    filters: PlanFilters | None = None,
    today: datetime.date | None = None,
    viewer: User | None = None,
) -> PlanDetail:
    """The plan as the council's own document lays it out, filtered, in a fixed number of
    queries: sections with their recommendations and outcomes, then their actions."""
    filters = filters or PlanFilters()
    today = today or timezone.localdate()
    sections = list(
        plan.sections.select_related("theme", "priority_area__plan", "origin_plan")
        .prefetch_related(
            # Into a list (`to_attr`): `.all()` on a prefetched manager copies its queryset.
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("inspection").order_by(
                    "kind", "number"
                ),
                to_attr="recommendation_list",
            ),
        )
        .order_by("number")
    )
    if filters.theme_id:
        sections = [s for s in sections if s.theme_id == filters.theme_id]
    # Outcomes as plain text, in the order the model gives them.
    outcomes: dict[int, list[str]] = defaultdict(list)
    in_order = ExpectedOutcome.objects.filter(section__plan=plan).order_by("position", "pk")
    for section_id, text in in_order.values_list("section_id", "text"):
        outcomes[section_id].append(text)
    summaries = _summaries(Action.objects.filter(plan=plan), key="section_id", today=today)
    actions = _action_rows(plan=plan, filters=filters, today=today)
    by_section: dict[int, list[ActionRow]] = defaultdict(list)
    for action in actions:
        by_section[action.section_id].append(action)
    change_url = _url_template("plans:section_update", plan)
    blocks = [
        SectionBlock(
            section=section,
            recommendations=section.recommendation_list,
            actions=by_section.get(section.pk, []),
            outcomes=outcomes.get(section.pk, []),
            summary=summaries.get(section.pk, ProgressSummary()),
            change_url=change_url.format(section.pk),
        )
        for section in sections
    ]
    if filters.is_active:
        blocks = [b for b in blocks if b.actions]
    total = ProgressSummary()
    for summary in summaries.values():
        total.include(summary)
    return PlanDetail(
        plan=plan,
        sections=blocks,
        themes=list(plan.themes.select_related("lead", "lead_post")),
        owner_posts=list(
            Post.objects.filter(actions__plan=plan).distinct().order_by("title").only("id", "title")
        ),
        summary=total,
        shown=len(actions),
        inspections=list(plan.inspections.all()),
        priority_areas=plan_priority_area_rollup(plan=plan, today=today, viewer=viewer),
    )


# A plan from an inspection ----------------------------------------------------------------------

SECTION_TITLE_LENGTH = 500
_ANSWERED_KINDS = (
    Recommendation.Kind.RECOMMENDATION,
    Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
)


@dataclass(frozen=True)
class SectionOutline:
    """A section a plan started from an inspection will have."""

    number: int
    title: str
    recommendation: Recommendation


@dataclass(frozen=True)
class PlanOutline:
    """What "Start a plan from these recommendations" will create, before it is created."""

    inspection: Inspection
    title: str
    kind: str
    sections: list[SectionOutline]
    existing_plans: list[Plan]

    @property
    def kind_label(self) -> str:
        return str(Plan.Kind(self.kind).label)


def _section_title(text: str) -> str:
    """The recommendation's words, whitespace tidied, cut at a word if too long for a title."""
    title = " ".join(text.split())
    if len(title) <= SECTION_TITLE_LENGTH:
        return title
    return title[: SECTION_TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def plan_outline_for_inspection(*, inspection: Inspection) -> PlanOutline:
    """The draft plan that answers an inspection: one section per recommendation, numbered as
    the recommendation and titled with its words, then one per area for priority action.

    Areas for priority action are numbered as they are when the inspection has no
    recommendations (a focused visit), and after the last recommendation otherwise, since a
    plan's section numbers are unique.
    """
    answered = list(
        inspection.recommendations.filter(kind__in=_ANSWERED_KINDS).order_by("number", "pk")
    )
    recommendations = [r for r in answered if r.kind == Recommendation.Kind.RECOMMENDATION]
    priority = [r for r in answered if r.kind == Recommendation.Kind.AREA_FOR_PRIORITY_ACTION]
    sections = [
        SectionOutline(number=r.number, title=_section_title(r.text), recommendation=r)
        for r in recommendations
    ]
    after = max((r.number for r in recommendations), default=0)
    sections += [
        SectionOutline(
            number=after + index if recommendations else r.number,
            title=_section_title(r.text),
            recommendation=r,
        )
        for index, r in enumerate(priority, start=1)
    ]
    is_statement = inspection.kind == Inspection.Kind.JTAI or bool(priority and not recommendations)
    kind = Plan.Kind.STATEMENT_OF_ACTION if is_statement else Plan.Kind.OFSTED_ACTION_PLAN
    return PlanOutline(
        inspection=inspection,
        title=f"{Plan.Kind(kind).label}: {inspection}",
        kind=kind,
        sections=sections,
        existing_plans=list(inspection.plans.order_by("-created_at")),
    )


# Action detail ----------------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    at: datetime.datetime
    user: str
    kind: str
    changes: list[tuple[str, str, str]]


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    """One entry of an action's progress timeline: what the action page shows of it."""

    pk: int
    recorded_on: datetime.date
    status: str
    brag: str
    narrative: str
    author_name: str
    created_at: datetime.datetime
    # The date of the entry this one corrects; None when it corrects none.
    corrects_recorded_on: datetime.date | None

    @property
    def status_label(self) -> str:
        """As `get_status_display` reads it: the label, or the value itself if unknown."""
        return str(_STATUS_LABELS.get(self.status, self.status))


_STATUS_LABELS = dict(DeliveryStatus.choices)


@dataclass
class ActionDetail:
    action: Action
    updates: list[ProgressEntry]
    due_date_changes: list[DueDateChange]
    history: list[HistoryEntry]
    linked_recommendations: list[Recommendation]


HISTORY_LIMIT = 50
_HISTORY_KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


_HISTORY_M2M_FIELDS = (
    "owner_posts",
    "owner_users",
    "owner_organisations",
    "linked_recommendations",
)
_HISTORY_HIDDEN_FIELDS = {"version", "updated_at", "latest_update"}


def _m2m_snapshots(
    records: list[Any], model: type[Model]
) -> dict[str, tuple[dict[int, frozenset[int]], dict[int, str]]]:
    """For each many-to-many field, the ids linked at every history record and their names:
    one query for the links of every field together, and one a field that has any for their
    names, however many records (simple-history's own diff runs two a pair)."""
    snapshots: dict[str, tuple[dict[int, frozenset[int]], dict[int, str]]] = {}
    if not records:
        return snapshots
    history_ids = [record.history_id for record in records]
    m2m_fields = {name: model._meta.get_field(name) for name in _HISTORY_M2M_FIELDS}
    # Each field's historical links as (field's position, history id, linked id), in one
    # UNION ALL: on the action page this was eight queries, a fifth of its time.
    parts = [
        getattr(records[0], name)
        .model.objects.filter(history_id__in=history_ids)
        .annotate(field_position=Value(position, output_field=IntegerField()))
        .values_list("field_position", "history_id", f"{get_m2m_reverse_field_name(m2m_field)}_id")
        .order_by()
        for position, (name, m2m_field) in enumerate(m2m_fields.items())
    ]
    linked: dict[str, dict[int, set[int]]] = {name: defaultdict(set) for name in m2m_fields}
    names_in_order = list(m2m_fields)
    for position, history_id, target_id in parts[0].union(*parts[1:], all=True):
        linked[names_in_order[position]][history_id].add(target_id)
    for name, m2m_field in m2m_fields.items():
        ids = set().union(*linked[name].values())
        related = cast(type[Model], m2m_field.related_model)
        names = (
            {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)} if ids else {}
        )
        snapshots[name] = (
            {history_id: frozenset(linked[name].get(history_id, ())) for history_id in history_ids},
            names,
        )
    return snapshots


def _field_label(model: type[Model], name: str) -> str:
    try:
        label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # a field since removed keeps its raw name
        label = name
    return label[0].upper() + label[1:]


def _group_edits(records: list[Any]) -> list[list[Any]]:
    """Records (newest first) grouped into edits. One save writes a record for the row and one
    for each many-to-many field it sets; they share the row's `version`, which every save
    moves on."""
    groups: list[list[Any]] = []
    for record in records:
        head = groups[-1][0] if groups else None
        if (
            head is not None
            and head.history_user_id == record.history_user_id
            and head.version == record.version
        ):
            groups[-1].append(record)
        else:
            groups.append([record])
    return groups


NOT_SET = "Not set"
NO_LINKS = "None"
REMOVED_RECORD = "(removed)"


def _model_field(model: type[Model], name: str) -> Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: its raw value is all there is
        return None
    return field if isinstance(field, Field) else None


def _foreign_key_names(model: type[Model], deltas: Iterable[Any]) -> dict[str, dict[Any, str]]:
    """The names of the records foreign keys pointed at, before and after each change, by
    field: one query a foreign key that changed, however many records."""
    ids: dict[str, set[Any]] = defaultdict(set)
    for delta in deltas:
        for change in delta.changes:
            field = _model_field(model, change.field)
            if field is not None and field.many_to_one:
                ids[change.field].update(v for v in (change.old, change.new) if v is not None)
    names: dict[str, dict[Any, str]] = {}
    for name, values in ids.items():
        related = cast(type[Model], model._meta.get_field(name).related_model)
        names[name] = {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=values)}
    return names


def _show(field: Field[Any, Any] | None, value: Any, names: dict[Any, str]) -> str:
    """A recorded value as an officer reads it: a choice's label ("In progress"), a linked
    record's name, a date in UK style, "Not set" for nothing."""
    if value is None or value == "":
        return NOT_SET
    if field is not None and field.many_to_one:
        return names.get(value, REMOVED_RECORD)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


def _show_linked(ids: frozenset[int], names: dict[int, str]) -> str:
    return "; ".join(sorted(names.get(i, REMOVED_RECORD) for i in ids)) or NO_LINKS


def _history_entries(records: Iterable[Any], model: type[Model]) -> list[HistoryEntry]:
    """Who changed what and when, newest first, one entry an edit, from simple-history.

    Values read as on the forms: choices by their labels ("Not started" → "In progress"),
    linked records (sections, posts, people, organisations) by name, dates in UK style and
    "Not set" for an empty value."""
    records = list(records)
    m2m = _m2m_snapshots(records, model)
    groups = _group_edits(records)
    edits: list[tuple[Any, Any, bool, Any]] = []
    for index, group in enumerate(groups):
        newer = group[0]
        older = groups[index + 1][0] if index + 1 < len(groups) else None
        created = group[-1].history_type == "+"
        delta = None
        if older is not None and not created:
            delta = newer.diff_against(
                older, excluded_fields=list(_HISTORY_M2M_FIELDS), foreign_keys_are_objs=False
            )
        edits.append((newer, older, created, delta))
    fk_names = _foreign_key_names(model, (delta for *_, delta in edits if delta is not None))

    entries: list[HistoryEntry] = []
    for newer, older, created, delta in edits:
        changes: list[tuple[str, str, str]] = []
        if delta is not None:
            for change in delta.changes:
                if change.field in _HISTORY_HIDDEN_FIELDS:
                    continue
                field = _model_field(model, change.field)
                names = fk_names.get(change.field, {})
                changes.append(
                    (
                        _field_label(model, change.field),
                        _show(field, change.old, names),
                        _show(field, change.new, names),
                    )
                )
            for name, (linked, linked_names) in m2m.items():
                before, after = linked[older.history_id], linked[newer.history_id]
                if before != after:
                    changes.append(
                        (
                            _field_label(model, name),
                            _show_linked(before, linked_names),
                            _show_linked(after, linked_names),
                        )
                    )
        if not created and not changes and older is not None:
            continue
        entries.append(
            HistoryEntry(
                at=newer.history_date,
                user=str(newer.history_user) if newer.history_user else "System",
                kind="Created" if created else _HISTORY_KIND.get(newer.history_type, "Changed"),
                changes=changes,
            )
        )
    return entries


def action_progress_stamp(*, action: Action) -> tuple[int, str]:
    """How many progress entries the action has and when the latest change to one was made:
    with the action's own version and time of change, what tells that its page changed while
    its authority's structure did not (`views.action_detail`). One query on the entries' index.
    """
    stamp = ProgressUpdate.objects.filter(action_id=action.pk).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    changed = stamp["changed"]
    return stamp["count"], changed.isoformat() if changed is not None else ""


def action_get_detail(*, action: Action) -> ActionDetail:
    """An action with its progress timeline, re-baselining and change history."""
    # Rows, not model instances: an action can have hundreds of entries, and the page shows
    # these few columns of each (the author's name as it was kept, not the account).
    updates = [
        ProgressEntry(*row)
        for row in action.progress_updates.order_by(
            "-recorded_on", "-created_at", "-pk"
        ).values_list(
            "pk",
            "recorded_on",
            "status",
            "brag",
            "narrative",
            "author_name",
            "created_at",
            "corrects__recorded_on",
        )
    ]
    records = action.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )[: HISTORY_LIMIT + 1]
    return ActionDetail(
        action=action,
        updates=updates,
        due_date_changes=list(action.due_date_changes.select_related("changed_by")),
        history=_history_entries(records, Action)[:HISTORY_LIMIT],
        linked_recommendations=list(action.linked_recommendations.order_by("number")),
    )
