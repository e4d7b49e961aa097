"""The API's one shape for every error, and the exceptions only the API raises.

Every answer other than a success is JSON of one shape (`ERROR_SHAPE_DOC`):

    {"errors": [{"field": "narrative", "code": "required", "message": "Enter ..."}]}

`field` names the request field at fault (null when the error is about the whole request),
`code` is a stable word a program can branch on, and `message` is in plain words an officer
can act on. Services' `ValidationError`s keep their messages: keyed by field they are 400, and
a refusal naming no field (the record's state does not allow it) is 409; a record changed by
someone else meanwhile (`ConcurrentEditError`) is 412, as a stale `If-Match` is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tracker.core.errors import ConcurrentEditError

ERROR_SHAPE_DOC = (
    'Every error is `{"errors": [{"field": ..., "code": ..., "message": ...}]}`: `field` is '
    "the request field at fault, or null; `code` a stable word to branch on; `message` plain "
    "words to show a person."
)


class PreconditionRequired(exceptions.APIException):
    """A write without `If-Match`: the API will not overwrite a record blind."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "if_match_required"
    default_detail = (
        "Send the record's ETag in an If-Match header: read the record first, then send "
        "your change with the ETag you read, so that nobody else's change is overwritten."
    )


class PreconditionFailed(exceptions.APIException):
    """A write whose `If-Match` is not the record's version now (or a concurrent edit)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "concurrent_edit"
    default_detail = (
        "This record was changed by someone else since you read it. Read it again, check "
        "the changes and try again with its new ETag."
    )


class Conflict(exceptions.APIException):
    """A write the record's state does not allow now."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "This cannot be done to the record as it is now."


# DRF's own messages, in the service's words.
PLAIN_MESSAGES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: (
        "Send a personal API token (Authorization: Bearer it_...) or sign in: the API answers "
        "only to someone of the Improvement Tracker."
    ),
    exceptions.NotFound: "Not found: there is no such record, or it is not one you can see.",
    exceptions.ParseError: "The request body is not valid JSON.",
    exceptions.UnsupportedMediaType: (
        "Send the request body as JSON, with the header Content-Type: application/json."
    ),
}

NON_FIELD_KEYS = frozenset({"non_field_errors", "__all__"})


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, str | None]]:
    """A DRF error detail (a message, a list of them, or a mapping by field) as rows of the
    error shape; nested fields are named with dots (`owners.0`)."""
    if isinstance(detail, Mapping):
        rows = []
        for key, value in detail.items():
            name: str | None = str(key)
            if name in NON_FIELD_KEYS:
                name = None
            if field and name:
                name = f"{field}.{name}"
            rows += _flatten(value, name or field)
        return rows
    if isinstance(detail, list):
        return [row for item in detail for row in _flatten(item, field)]
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": field, "code": str(code), "message": str(detail)}]


def _as_api_exception(exc: Exception, context: Mapping[str, Any]) -> Exception:
    """Django's exceptions, and the services', as DRF's, keeping their messages."""
    if isinstance(exc, ConcurrentEditError):
        return PreconditionFailed(exc.messages[0])
    if isinstance(exc, DjangoValidationError) and not hasattr(exc, "error_dict"):
        # A refusal that names no field is about the record as it is now (a plan merged
        # into another is read-only), not about what was sent: 409.
        return Conflict(exc.messages[0], code=exc.code or "conflict")
    if isinstance(exc, DjangoValidationError):
        detail = get_error_detail(exc)
        renames: Mapping[str, str] = getattr(context.get("view"), "service_field_names", {})
        if isinstance(detail, dict):
            detail = {renames.get(key, key): value for key, value in detail.items()}
        return exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def error_response_data(exc: exceptions.APIException) -> dict[str, list[dict[str, str | None]]]:
    """The error shape for a DRF exception, with DRF's own messages in plain words."""
    plain = PLAIN_MESSAGES.get(type(exc))
    if plain is not None:
        return {"errors": [{"field": None, "code": str(exc.default_code), "message": plain}]}
    if isinstance(exc, exceptions.MethodNotAllowed):
        method = str(exc.detail).split('"')[1] if '"' in str(exc.detail) else "this method"
        message = f"This address does not take {method}."
        return {"errors": [{"field": None, "code": "method_not_allowed", "message": message}]}
    return {"errors": _flatten(exc.detail)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, answering every error in the one shape."""
    exc = _as_api_exception(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = error_response_data(exc)
    return response


API_PREFIX = "/api/"


def not_found_outside_routes(request: HttpRequest) -> JsonResponse | None:
    """For an address under the API's prefix that no route takes (an id that is not a whole
    number, say): the 404 in the one error shape, not the site's HTML page. None elsewhere."""
    if not request.path.startswith(API_PREFIX):
        return None
    return JsonResponse(
        error_response_data(exceptions.NotFound()), status=status.HTTP_404_NOT_FOUND
    )
