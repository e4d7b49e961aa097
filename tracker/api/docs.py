"""The API's description: the OpenAPI 3 schema (for programs) and a page of its operations
(for people), drawn from the same schema on the server.

The page is ours rather than Swagger UI or Redoc: those run scripts from a CDN or from copied
assets, which the site's Content Security Policy and house rules forbid, and the DRF browsable
API needs inline scripts. A GOV.UK page drawn from the schema says the same and works with
JavaScript off."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


@method_decorator(login_not_required, name="dispatch")
class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, open to anyone: it describes the API, never a record."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []


@lru_cache(maxsize=1)
def api_schema() -> dict[str, Any]:
    """The API's OpenAPI schema, generated once per process."""
    # drf-spectacular's generator has no type hints.
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    schema: dict[str, Any] = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return schema


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    answers: str
    needs_if_match: bool


@dataclass(frozen=True)
class Group:
    tag: str
    operations: list[Operation]


def operation_groups(schema: dict[str, Any]) -> list[Group]:
    """The schema's operations, grouped by tag in the order the tags first appear."""
    groups: dict[str, list[Operation]] = {}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            tag = (operation.get("tags") or ["Other"])[0]
            parameters = operation.get("parameters", [])
            groups.setdefault(tag, []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    answers=", ".join(sorted(operation.get("responses", {}))),
                    needs_if_match=any(p.get("name") == "If-Match" for p in parameters),
                )
            )
    return [Group(tag=tag, operations=found) for tag, found in groups.items()]


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """A page of the API's operations, for the developers of the council's own systems."""
    schema = api_schema()
    return render(
        request,
        "api/docs.html",
        {"info": schema.get("info", {}), "groups": operation_groups(schema)},
    )
