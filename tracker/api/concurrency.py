"""ETags and If-Match: a record's `version` travels as its ETag, and every write names the
version it was made from."""

from __future__ import annotations

import re

from rest_framework.request import Request

from tracker.api.errors import PreconditionFailed, PreconditionRequired

ETAG = re.compile(r'^\s*(?:W/)?"(?P<version>\d+)"\s*$')


def etag_for(version: int) -> str:
    """The ETag of a record at a version: `"3"`."""
    return f'"{version}"'


def expected_version(request: Request) -> int:
    """The version the request's `If-Match` names: 428 without one, 412 for one that names no
    version this API ever sent (such as `*`)."""
    header = request.headers.get("If-Match", "")
    if not header.strip():
        raise PreconditionRequired()
    found = ETAG.match(header)
    if found is None:
        raise PreconditionFailed()
    return int(found.group("version"))


def require_current(*, current: int, expected: int) -> None:
    """412 when the record moved on since the ETag the request names."""
    if current != expected:
        raise PreconditionFailed()
