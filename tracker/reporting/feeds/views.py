"""The feed for Power BI and Excel, and the page that explains it.

The feed's addresses take an API token alone (`Authorization: Bearer …`): no session, no
sign-in page, no CSRF (they only answer GET), so an analyst's scheduled refresh runs without
anyone there. A request without a good token is refused (401) with a plain message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from tracker.accounts.access import local_authority_for_user
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.models import User
from tracker.accounts.tokens.authentication import TokenAuthentication, TokenScopePermission
from tracker.reporting.documents.csv_export import build_feed_csv
from tracker.reporting.documents.spreadsheet import Cell
from tracker.reporting.feeds import columns, selectors
from tracker.reporting.feeds.columns import FeedTable

READERS: dict[str, Callable[..., selectors.Rows]] = {
    columns.ACTIONS.slug: selectors.feed_actions,
    columns.MEASURE_VALUES.slug: selectors.feed_measure_values,
    columns.RISKS.slug: selectors.feed_risks,
}
TABLES = {table.slug: table for table in columns.TABLES}


class _AnyAccept(BaseContentNegotiation):
    """The feed answers CSV or JSON as its address says, whatever the program accepts;
    refusals are JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, str(renderer.media_type)


def _csv_cell(value: selectors.FeedCell) -> Cell:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return str(value)
    return value


def _json_cell(value: selectors.FeedCell) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]  # a date, as ISO 8601
    return value


class FeedView(APIView):
    """One table of the feed, as CSV or JSON."""

    authentication_classes: ClassVar[list[Any]] = [TokenAuthentication]  # type: ignore[misc]
    permission_classes: ClassVar[list[Any]] = [IsAuthenticated, TokenScopePermission]  # type: ignore[misc]
    renderer_classes: ClassVar[list[Any]] = [JSONRenderer]  # type: ignore[misc]
    content_negotiation_class = _AnyAccept
    throttle_classes: ClassVar[list[Any]] = []  # type: ignore[misc]
    http_method_names: ClassVar[list[str]] = ["get", "head", "options"]  # type: ignore[misc]
    # Not part of the API's OpenAPI description: the feed documents its columns at /feeds/v1/.
    schema = None
    table = ""
    output = "csv"

    def get(self, request: Request) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        table: FeedTable = TABLES[self.table]
        rows = READERS[self.table](user=user)
        if self.output == "csv":
            content = build_feed_csv(
                table.names, [[_csv_cell(value) for value in row] for row in rows]
            )
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            filename = f"{table.slug}-{timezone.localdate().isoformat()}.csv"
            response["Content-Disposition"] = f'inline; filename="{filename}"'
        else:
            records = [
                dict(zip(table.names, (_json_cell(value) for value in row), strict=True))
                for row in rows
            ]
            response = HttpResponse(
                json.dumps(records, ensure_ascii=False), content_type="application/json"
            )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


def feed_view(table: FeedTable, output: str) -> Callable[..., HttpResponse]:
    """The view of one table in one format, open to a token alone."""
    view = FeedView.as_view(table=table.slug, output=output)
    return login_not_required(view)


@require_GET
def feed_guide(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the feed holds and how to connect Power BI or Excel to it."""
    local_authority_for_user(user=request.user)
    tables = [
        {
            "table": table,
            "csv_url": request.build_absolute_uri(reverse(f"feeds:{table.slug}_csv")),
            "json_url": request.build_absolute_uri(reverse(f"feeds:{table.slug}_json")),
            "id": f"table-{table.slug}",
        }
        for table in columns.TABLES
        if not (table.council_only and request.user.is_partner)
    ]
    return render(request, "reporting/feeds/guide.html", {"tables": tables})
