"""What every document made in the background shares (`models.GeneratedDocument`): board
papers (`papers/`) and monitoring visit packs (`packs/`)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from tracker.reporting.models import GeneratedDocument

logger = logging.getLogger(__name__)


def generated_documents_fail_stalled(
    *,
    documents: QuerySet[Any],
    now: datetime.datetime,
    message: str,
    record: Callable[[int, str], object],
    label: str,
) -> int:
    """Mark failed the `documents` whose job has died (`GeneratedDocument.stalled`: killed for
    using too much memory, say, or never started), with `message` for the officer and a
    history record through `record`. Each is marked only if still stalled, as the job may
    have finished since the list was read. Returns how many were marked (one query when there
    are none)."""
    model: type[GeneratedDocument] = documents.model
    failed = 0
    for pk in list(documents.filter(model.stalled(now=now)).values_list("pk", flat=True)):
        with transaction.atomic():
            marked = model._default_manager.filter(model.stalled(now=now), pk=pk).update(
                status=GeneratedDocument.Status.FAILED,
                error_message=message,
                progress_message="",
                finished_at=now,
                updated_at=now,
            )
            if marked:
                logger.error("%s %s took too long to make: marked failed", label, pk)
                record(pk, "Took too long: marked failed")
                failed += 1
    return failed
