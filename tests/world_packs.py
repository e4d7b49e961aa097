"""The authorisation world's monitoring visit packs: one of each kind a URL takes an id of,
added to `authority.ids`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.authorisation_world import Authority
    from tracker.plans.models import Action, Plan, Section


def build(authority: Authority, *, plan: Plan, section: Section, action: Action) -> None:
    """Nothing yet."""
