"""The API's lists: each starts from the access helpers the pages use, so a partner
organisation's people see only what hangs off the plans shared with them, and the council's
own records (inspections, measures, meetings, highlight reports) only the council's people.

Each is lazy and names related records only by id: a page of a list costs the same queries
however long the list is."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from tracker.accounts.access import local_authority_id_for_user, require_council_member
from tracker.accounts.models import User
from tracker.governance.models import HighlightReport, Meeting, Risk
from tracker.inspections.models import Inspection, Recommendation
from tracker.performance.models import Measure, MeasureValue
from tracker.plans.access import plans_visible_to, visible_plan_ids
from tracker.plans.models import Action, Plan, ProgressUpdate, Section, Theme


def api_plans(*, user: User) -> QuerySet[Plan]:
    """The plans the user may see (`plans_visible_to`)."""
    return plans_visible_to(user=user).order_by("pk")


def api_themes(*, user: User, plan_id: int | None = None) -> QuerySet[Theme]:
    """The themes of the plans the user may see, of one plan if asked."""
    themes = Theme.objects.filter(plan_id__in=visible_plan_ids(user=user))
    if plan_id is not None:
        themes = themes.filter(plan_id=plan_id)
    return themes.order_by("plan_id", "position", "pk")


def api_sections(*, user: User, plan_id: int | None = None) -> QuerySet[Section]:
    """The sections of the plans the user may see, of one plan if asked."""
    sections = Section.objects.filter(plan_id__in=visible_plan_ids(user=user))
    if plan_id is not None:
        sections = sections.filter(plan_id=plan_id)
    return sections.order_by("plan_id", "number", "pk")


def api_actions(
    *,
    user: User,
    plan_id: int | None = None,
    status: str = "",
    brag: str | None = None,
    is_overdue: bool | None = None,
    updated_since: datetime.datetime | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Action]:
    """The actions of the plans the user may see, filtered: by plan, status, BRAG rating
    (`""` for not rated), overdue or not (past their due date and not complete), and
    changed since a moment."""
    actions = Action.objects.filter(plan_id__in=visible_plan_ids(user=user))
    if plan_id is not None:
        actions = actions.filter(plan_id=plan_id)
    if status:
        actions = actions.filter(status=status)
    if brag is not None:
        actions = actions.filter(brag=brag)
    if is_overdue is not None:
        overdue = Action.objects.overdue(today=today or timezone.localdate())
        pks = overdue.values("pk")
        actions = actions.filter(pk__in=pks) if is_overdue else actions.exclude(pk__in=pks)
    if updated_since is not None:
        actions = actions.filter(updated_at__gte=updated_since)
    return actions.order_by("plan_id", "pk")


def api_progress_updates(*, action: Action) -> QuerySet[ProgressUpdate]:
    """An action's progress entries, oldest first (the caller has checked the action)."""
    return ProgressUpdate.objects.filter(action=action).order_by("recorded_on", "pk")


def api_inspections(*, user: User) -> QuerySet[Inspection]:
    """The authority's inspections: the council's own (403 for a partner)."""
    require_council_member(user=user)
    return Inspection.objects.filter(
        local_authority_id=local_authority_id_for_user(user=user)
    ).order_by("pk")


def api_recommendations(*, inspection: Inspection) -> QuerySet[Recommendation]:
    """An inspection's recommendations (the caller has checked the inspection)."""
    return Recommendation.objects.filter(inspection=inspection).order_by("pk")


def api_measures(*, user: User) -> QuerySet[Measure]:
    """The authority's measures: the council's own scorecard (403 for a partner)."""
    require_council_member(user=user)
    return Measure.objects.filter(
        local_authority_id=local_authority_id_for_user(user=user)
    ).order_by("pk")


def api_measure_values(*, measure: Measure) -> QuerySet[MeasureValue]:
    """A measure's values, corrections included, oldest period first."""
    return MeasureValue.objects.filter(measure=measure).order_by("period_end", "pk")


def api_risks(*, user: User) -> QuerySet[Risk]:
    """The authority's risks; for a partner only those tied to a plan shared with it."""
    risks = Risk.objects.filter(local_authority_id=local_authority_id_for_user(user=user))
    if user.is_partner:
        risks = risks.filter(plan_id__in=visible_plan_ids(user=user))
    return risks.order_by("pk")


def api_meetings(*, user: User) -> QuerySet[Meeting]:
    """The meetings of the authority's boards: the council's own (403 for a partner)."""
    require_council_member(user=user)
    meetings = Meeting.objects.filter(
        board__local_authority_id=local_authority_id_for_user(user=user)
    )
    return meetings.order_by("held_on", "pk")


def api_highlight_reports(*, user: User) -> QuerySet[HighlightReport]:
    """The highlight reports to the authority's boards: the council's own (403 for a
    partner)."""
    require_council_member(user=user)
    reports = HighlightReport.objects.filter(
        meeting__board__local_authority_id=local_authority_id_for_user(user=user)
    )
    return reports.order_by("meeting_id", "pk")
