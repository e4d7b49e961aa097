"""Panels that an app higher up adds to a page of an app below it.

An app imports only from the apps below it (docs/architecture.md), yet the action page must
show the evidence and verification that `tracker.performance` keeps, and the dashboard its
coverage counts. The lower app names a slot and renders whatever panels are registered for it;
the higher app registers a function for the slot in its `AppConfig.ready`. Each function makes
a fixed number of queries, whatever the size of the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# The slots and the keyword arguments their functions receive.
ACTION_PAGE = "action_page"  # request, action
PLAN_PAGE = "plan_page"  # request, plan
DASHBOARD = "dashboard"  # request, plans


@dataclass(frozen=True)
class Panel:
    """A template to include and the context it is given (as `panel`)."""

    template: str
    context: Mapping[str, Any]


PanelMaker = Callable[..., Panel | None]

_registry: dict[str, list[PanelMaker]] = {ACTION_PAGE: [], PLAN_PAGE: [], DASHBOARD: []}


def register(slot: str) -> Callable[[PanelMaker], PanelMaker]:
    """Register a function that makes a panel for `slot` (or None to show nothing)."""

    def decorator(maker: PanelMaker) -> PanelMaker:
        if maker not in _registry[slot]:
            _registry[slot].append(maker)
        return maker

    return decorator


def panels_for(slot: str, **kwargs: Any) -> list[Panel]:
    """The panels of a slot, in the order their apps registered them."""
    return [panel for maker in _registry[slot] if (panel := maker(**kwargs)) is not None]
