"""Where an evidence file is stored, and what it may be."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath


def storage_name(*, local_authority_id: int, filename: str) -> str:
    """A random name under the authority's folder, keeping only a known, lower-case suffix:
    nothing the officer typed becomes part of a path."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ""
    return f"evidence/{local_authority_id}/{uuid.uuid4().hex}{suffix}"
