"""Template tags for plans: the BRAG tag, and the rows built in Python of the plan page, the
action page's progress timeline and the dashboard's lists of actions."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tracker.core.formatting import format_date
from tracker.core.govuk import render_component
from tracker.plans import presenters
from tracker.plans.models import Action, Plan
from tracker.plans.selectors import ActionRow, ProgressEntry, SectionBlock

register = template.Library()


@register.simple_tag
def brag_tag(brag: str) -> SafeString:
    """The BRAG rating as a GOV.UK tag: Blue (complete), Green, Amber, Red or Not rated."""
    return presenters.brag_tag_html(brag)


@register.simple_tag
def action_rows(rows: Iterable[ActionRow]) -> SafeString:
    """The plan page's table rows of these actions (see `presenters.action_rows_html`)."""
    return presenters.action_rows_html(rows)


@register.simple_tag
def action_list_rows(actions: Iterable[Action]) -> SafeString:
    """A dashboard list's table rows (see `presenters.action_list_rows_html`)."""
    return presenters.action_list_rows_html(actions)


@register.simple_tag
def progress_timeline(
    entries: Iterable[ProgressEntry], *, can_record_progress: bool, progress_url: str
) -> SafeString:
    """An action's progress entries as timeline items (see `presenters.progress_timeline_html`)."""
    return presenters.progress_timeline_html(
        entries, correct_url=progress_url if can_record_progress else None
    )


@register.simple_tag
def plan_sections(
    blocks: Iterable[SectionBlock],
    *,
    can_edit: bool,
    add_action_url: str,
    filtered: bool,
    progress_marked: bool = False,
) -> SafeString:
    """The plan page's sections with their actions (see `presenters.plan_sections_html`)."""
    return presenters.plan_sections_html(
        blocks,
        can_edit=can_edit,
        add_action_url=add_action_url,
        filtered=filtered,
        progress_marked=progress_marked,
    )


@register.simple_tag
def merged_plan_banner(plan: Plan) -> SafeString:
    """A GOV.UK notification banner on a plan merged into another: where its content went,
    and a link to the plan as it stood just before the merge."""
    if plan.merged_into is None:
        return SafeString("")
    target = plan.merged_into
    when = timezone.localtime(plan.merged_at) if plan.merged_at else None
    html = format_html(
        '<p class="govuk-notification-banner__heading">This plan was merged into '
        '<a class="govuk-notification-banner__link" href="{}">{}</a>{}. It is read-only: '
        "make changes there.</p>"
        '<p class="govuk-body"><a class="govuk-notification-banner__link" href="{}?before-merge">'
        "See this plan as it stood just before the merge</a></p>",
        target.get_absolute_url(),
        target.title,
        f" on {format_date(when)}" if when else "",
        reverse("plans:plan_as_at", args=[plan.pk]),
    )
    return render_component("govukNotificationBanner", {"html": html, "titleText": "Merged"})
