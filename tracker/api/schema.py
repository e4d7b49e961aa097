"""The OpenAPI description of the API (drf-spectacular): what each endpoint is for, its
filters, the one error shape as a component, and the ETag and If-Match headers of the
concurrency check. `postprocess` adds what every operation shares, so that no endpoint can
forget it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from tracker.api import serializers
from tracker.api.errors import ERROR_SHAPE_DOC

View = TypeVar("View", bound=Callable[..., Any])


# drf-spectacular registers extensions in an untyped __init_subclass__.
class SessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The signed-in session: its cookie, and the CSRF token on every write."""

    target_class = "tracker.api.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The session of someone signed in to the Improvement Tracker. "
            "Writes also need the CSRF token in an X-CSRFToken header.",
        }


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """A personal API token, made under "Your account", read-only or read-and-write."""

    target_class = "tracker.accounts.tokens.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (it_...), made under Your account, API tokens. "
            "A read-only token is refused every write (403).",
        }


PARTNERS_REFUSED = (
    " The council's own: refused (403) to people of partner organisations, as the pages are."
)

PLAN_FILTER = [
    OpenApiParameter("plan", OpenApiTypes.INT, description="Only this plan's (its id)."),
]
ACTION_FILTERS = [
    *PLAN_FILTER,
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=["not_started", "in_progress", "completed", "business_as_usual", "verified"],
        description="Only actions with this delivery status.",
    ),
    OpenApiParameter(
        "brag",
        OpenApiTypes.STR,
        enum=["blue", "green", "amber", "red", ""],
        description='Only actions with this BRAG rating ("" for not rated).',
    ),
    OpenApiParameter(
        "overdue",
        OpenApiTypes.BOOL,
        description="true: only actions past their due date and not complete; false: the others.",
    ),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="Only actions changed at or after this moment (ISO 8601, with time zone).",
    ),
]


def _decorate(**operations: Any) -> Callable[[View], View]:
    return extend_schema_view(**operations)


def list_endpoint(
    tag: str, *, council_only: bool = False, filters: Sequence[OpenApiParameter] = ()
) -> Callable[[View], View]:
    """A paged list of a kind of record."""
    note = PARTNERS_REFUSED if council_only else ""
    return _decorate(
        get=extend_schema(
            tags=[tag], parameters=list(filters), description="A page of the list." + note
        )
    )


def detail_endpoint(tag: str, *, council_only: bool = False) -> Callable[[View], View]:
    """One record; another local authority's is 404."""
    note = PARTNERS_REFUSED if council_only else ""
    return _decorate(
        get=extend_schema(
            tags=[tag],
            description="One record, with its version as its ETag. Another local "
            "authority's id, or one of a plan not shared with you, is 404." + note,
        )
    )


def action_detail_endpoint() -> Callable[[View], View]:
    return _decorate(
        get=extend_schema(tags=["Actions"], description="One action, with its ETag."),
        patch=extend_schema(
            tags=["Actions"],
            summary="Change an action's due date",
            description="Re-baselines the action: a changed due date needs a reason, which "
            "the board sees, and the original due date is kept. Improvement leads and "
            "administrators only. Send the action's ETag in If-Match.",
            request=serializers.DueDateChangeSerializer,
            responses={200: serializers.ActionSerializer},
        ),
    )


def progress_endpoint() -> Callable[[View], View]:
    return _decorate(
        get=extend_schema(tags=["Actions"], description="An action's progress entries."),
        post=extend_schema(
            tags=["Actions"],
            summary="Record progress on an action",
            description="Appends a progress entry and makes its status and BRAG rating the "
            "action's own. The action's owners, its thematic lead and the improvement team "
            "only (a partner organisation's people on their organisation's actions). Send "
            "the action's ETag in If-Match; the answer's ETag is the action's new one.",
            request=serializers.ProgressUpdateCreateSerializer,
            responses={201: serializers.ProgressUpdateSerializer},
        ),
    )


def measure_values_endpoint() -> Callable[[View], View]:
    return _decorate(
        get=extend_schema(tags=["Measures"], description="A measure's values." + PARTNERS_REFUSED),
        post=extend_schema(
            tags=["Measures"],
            summary="Record a measure's value for a period",
            description="The period must end on a period end of the measure's frequency and "
            "not be in the future; a period already recorded is corrected on the measure's "
            "page. Improvement leads and administrators only. Send the measure's ETag in "
            "If-Match.",
            request=serializers.MeasureValueCreateSerializer,
            responses={201: serializers.MeasureValueSerializer},
        ),
    )


# The error shape, as a component ------------------------------------------------------------------


ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERRORS = {
    "400": "The request is not valid: each error names the field at fault.",
    "401": "Not signed in.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such record, or not one you can see (another local authority's, or of a plan "
    "not shared with your organisation).",
    "409": "The record as it is now does not allow this (a plan merged into another is read-only).",
    "412": "The If-Match ETag is not the record's version now: someone else changed it.",
    "415": "The request body is not JSON.",
    "428": "If-Match is missing: read the record first and send its ETag.",
}
READ_ERRORS = ("400", "401", "403", "404")
WRITE_ERRORS = ("400", "401", "403", "404", "409", "412", "415", "428")
ETAG_HEADER = {
    "ETag": {
        "description": 'The record\'s version, such as "3": send it back in If-Match to change it.',
        "schema": {"type": "string"},
    }
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "The ETag of the record as you read it. Without it the answer is 428; if "
    "it is not the record's version now, 412.",
    "schema": {"type": "string", "pattern": '^"[0-9]+"$'},
}


def postprocess(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Adds the error responses, ETag and If-Match to every operation, and the error shape as
    the `Error` component (a drf-spectacular postprocessing hook)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorItem"] = {
        "type": "object",
        "properties": {
            "field": {"type": "string", "nullable": True},
            "code": {"type": "string"},
            "message": {"type": "string"},
        },
        "required": ["field", "code", "message"],
    }
    components["Error"] = {
        "type": "object",
        "description": ERROR_SHAPE_DOC,
        "properties": {
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItem"}}
        },
        "required": ["errors"],
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            is_write = method in {"post", "patch", "put", "delete"}
            responses = operation.setdefault("responses", {})
            for code in WRITE_ERRORS if is_write else READ_ERRORS:
                responses.setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
            is_detail = operation.get("operationId", "").endswith("_retrieve")
            if is_write or is_detail:
                for code in ("200", "201"):
                    if code in responses:
                        responses[code].setdefault("headers", {}).update(ETAG_HEADER)
            if is_write:
                operation.setdefault("parameters", []).append(IF_MATCH)
    return result
