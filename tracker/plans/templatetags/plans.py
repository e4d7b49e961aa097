"""Template tags for plans: the BRAG tag, and the plan page's action rows built in Python."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from tracker.plans import presenters
from tracker.plans.selectors import ActionRow, SectionBlock

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
def plan_sections(
    blocks: Iterable[SectionBlock], *, can_edit: bool, add_action_url: str, filtered: bool
) -> SafeString:
    """The plan page's sections with their actions (see `presenters.plan_sections_html`)."""
    return presenters.plan_sections_html(
        blocks, can_edit=can_edit, add_action_url=add_action_url, filtered=filtered
    )
