"""The adviser's portfolio, and opening one of its authorities."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tracker.accounts.access import (
    ADVISER_AUTHORITY_SESSION_KEY,
    adviser_authority_to_open,
    require_adviser,
)
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.reporting.portfolio import selectors


@dataclass(frozen=True)
class Link:
    text: str
    url: str


def _open_url(row: selectors.PortfolioRow, to: str) -> str:
    opened = reverse("reporting:adviser_open", args=[row.local_authority.pk])
    return f"{opened}?{urlencode({'next': to})}"


def _links(row: selectors.PortfolioRow) -> list[Link]:
    """Where the adviser goes from a row: the authority's home page, its newest plan, and
    that plan's board papers and monitoring visit packs (the authority's own pages)."""
    links = [Link("Home page", _open_url(row, reverse("core:dashboard")))]
    if row.plan is not None:
        plan_id = row.plan.pk
        links += [
            Link("Plan", _open_url(row, reverse("plans:plan_detail", args=[plan_id]))),
            Link(
                "Board papers",
                _open_url(row, reverse("reporting:board_paper_list", args=[plan_id])),
            ),
            Link(
                "Visit packs",
                _open_url(row, reverse("reporting:visit_pack_list", args=[plan_id])),
            ),
        ]
    return links


def adviser_portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An adviser's home: each authority that lets them in, with the figures they watch."""
    require_adviser(user=request.user)
    rows = selectors.adviser_portfolio(adviser=request.user)
    context = {"rows": [(row, _links(row)) for row in rows], "nav_section": "portfolio"}
    return render(request, "reporting/portfolio/portfolio.html", context)


def adviser_open(request: AuthenticatedHttpRequest, local_authority_id: int) -> HttpResponse:
    """Open an authority that lets the adviser in, then go to its page asked for (`next`, a
    path of this service) or its home page. The session remembers the authority; the access
    helpers check its grant again on every request (decision 0020)."""
    local_authority = adviser_authority_to_open(
        user=request.user, local_authority_id=local_authority_id
    )
    request.session[ADVISER_AUTHORITY_SESSION_KEY] = local_authority.pk
    to = request.GET.get("next", "")
    if not to.startswith("/") or not url_has_allowed_host_and_scheme(
        to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        to = reverse("core:dashboard")
    return redirect(to)
