"""Writes for monitoring visit packs: asking for one, and making it (run by the task queue),
as board papers are made (`tracker.reporting.papers.services`)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.access import require_plan_editor
from tracker.accounts.models import User
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans.models import Plan, Theme
from tracker.reporting.documents.data import VisitPackData
from tracker.reporting.generation import generated_documents_fail_stalled
from tracker.reporting.models import VisitPack
from tracker.reporting.packs import rules, selectors

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "The pack could not be made. Try again. If it fails again, tell the improvement team "
    "the date and time you tried."
)
CHANGED_MESSAGE = (
    "The pack could not be made because the plan changed after it was asked for: {problem}. "
    "Ask for a new pack."
)

Progress = Callable[[int, str], None]


def visit_pack_filename(*, visit_on: datetime.date, format: str) -> str:
    """A safe file name: monitoring-visit-pack-2027-03-12.pdf."""
    return f"monitoring-visit-pack-{visit_on.isoformat()}.{VisitPack.Format(format).value}"


def _answered_ids(plan: Plan) -> set[int]:
    return {r.pk for r in selectors.plan_recommendations(plan=plan)}


@transaction.atomic
def visit_pack_request(
    *,
    plan: Plan,
    user: User,
    format: str,
    focus: str,
    recommendations: Collection[Recommendation] = (),
    themes: Collection[Theme] = (),
    inspection: Inspection | None = None,
    visit_on: datetime.date | None = None,
    visit_title: str = "",
) -> VisitPack:
    """Ask for a monitoring visit pack. The pack is queued and made in the background once
    this commits. What may be asked for is `rules.visit_pack_request_validate`.

    Only improvement leads and administrators of the plan's local authority prepare for a
    visit; everyone in the authority may read and download the packs made.
    """
    require_plan_editor(user=user)
    if user.local_authority_id != plan.local_authority_id:
        raise PermissionDenied("You cannot make packs for this plan.")
    visit_on, visit_title = rules.visit_pack_request_validate(
        plan=plan,
        format=format,
        focus=focus,
        recommendations=recommendations,
        themes=themes,
        answered_recommendation_ids=_answered_ids(plan),
        inspection=inspection,
        visit_on=visit_on,
        visit_title=visit_title,
    )
    pack = VisitPack(
        local_authority_id=plan.local_authority_id,
        plan=plan,
        inspection=inspection,
        visit_title=visit_title,
        visit_on=visit_on,
        focus=focus,
        format=format,
        requested_by=user,
        filename=visit_pack_filename(visit_on=visit_on, format=format),
    )
    pack._change_reason = "Requested"  # type: ignore[attr-defined]
    pack.save()
    if focus == VisitPack.Focus.RECOMMENDATIONS:
        pack.recommendations.set(recommendations)
    else:
        pack.themes.set(themes)
    pack_id = pack.pk
    transaction.on_commit(lambda: _enqueue(pack_id))
    return pack


def _enqueue(pack_id: int) -> None:
    from tracker.reporting.packs.tasks import generate_visit_pack

    generate_visit_pack.enqueue(pack_id)


# Making a pack --------------------------------------------------------------------------------


def build_visit_pack(
    *, data: VisitPackData, format: str, progress: Progress | None = None
) -> bytes:
    """The pack's bytes in a format (Word or tagged PDF). The builders are imported when used:
    python-docx costs a third of a second to import, which the other formats need not pay."""
    if format == VisitPack.Format.PDF:
        from tracker.reporting.documents.pdf import build_visit_pack_pdf

        return build_visit_pack_pdf(data, on_progress=progress)
    from tracker.reporting.documents.word import build_visit_pack_word

    return build_visit_pack_word(data)


def _set_progress(pack_id: int, percent: int, message: str) -> None:
    """Saved at once, outside any transaction, so the status page sees it while the pack is
    being made. No history record: progress is not a change anyone reviews."""
    VisitPack.objects.filter(pk=pack_id, status=VisitPack.Status.RUNNING).update(
        progress_percent=max(0, min(100, int(percent))), progress_message=message[:200]
    )


def _fetch(pack_id: int) -> VisitPack:
    return VisitPack.objects.select_related("plan").defer("content").get(pk=pack_id)


def _record(pack_id: int, reason: str) -> VisitPack:
    """The pack as saved by a conditional update, with a history record of the change."""
    pack = _fetch(pack_id)
    pack._change_reason = reason  # type: ignore[attr-defined]
    pack.save(update_fields=["updated_at"])
    return pack


def visit_packs_fail_stalled(
    *, plan: Plan | None = None, pack_id: int | None = None, now: datetime.datetime | None = None
) -> int:
    """Mark failed the packs whose job has died (`VisitPack.stalled`), so the pages say so and
    offer to make the pack again. Returns how many were marked."""
    now = now or timezone.now()
    packs = VisitPack.objects.all()
    if plan is not None:
        packs = packs.filter(plan=plan)
    if pack_id is not None:
        packs = packs.filter(pk=pack_id)
    return generated_documents_fail_stalled(
        documents=packs, now=now, message=FAILED_MESSAGE, record=_record, label="Visit pack"
    )


def visit_pack_generate(*, pack_id: int, now: datetime.datetime | None = None) -> VisitPack:
    """Make a queued pack: check its focus again, build its data, write the document, store
    the bytes.

    Claimed with a conditional update (waiting to start → being made), so two workers never
    both make it; a pack not waiting to start is left alone. A focus no longer valid (a theme
    deleted since, say) fails the pack with that reason; any other failure fails it with a
    general message (the traceback goes to the log). Never raises.
    """
    started = timezone.now()
    visit_packs_fail_stalled(now=started)
    claimed = VisitPack.objects.filter(pk=pack_id, status=VisitPack.Status.QUEUED).update(
        status=VisitPack.Status.RUNNING,
        started_at=started,
        progress_percent=5,
        progress_message="Collecting the plan's data",
        error_message="",
        updated_at=started,
    )
    if not claimed:
        return _fetch(pack_id)
    pack = _record(pack_id, "Started")
    try:
        recommendations = list(pack.recommendations.all())
        themes = list(pack.themes.all())
        rules.visit_pack_request_validate(
            plan=pack.plan,
            format=pack.format,
            focus=pack.focus,
            recommendations=recommendations,
            themes=themes,
            answered_recommendation_ids=_answered_ids(pack.plan),
            inspection=None,
            visit_on=pack.visit_on,
            visit_title=pack.visit_title,
        )
    except ValidationError as error:
        problem = "; ".join(error.messages).rstrip(".").lower()
        logger.warning("Visit pack %s no longer valid: %s", pack.pk, problem)
        return _finish(pack_id=pack.pk, error=CHANGED_MESSAGE.format(problem=problem))
    try:
        data = selectors.visit_pack_data(pack=pack, now=now)
        _set_progress(pack.pk, 20, "Writing the document")

        def progress(percent: int, message: str = "Writing the document") -> None:
            _set_progress(pack.pk, 20 + int(percent * 0.79), message)

        content = build_visit_pack(data=data, format=pack.format, progress=progress)
    except Exception:
        logger.exception("Visit pack %s could not be made", pack.pk)
        return _finish(pack_id=pack.pk, error=FAILED_MESSAGE)
    try:
        return _finish(pack_id=pack.pk, content=content)
    except Exception:
        logger.exception("Visit pack %s was made but could not be saved", pack.pk)
        return _finish(pack_id=pack.pk, error=FAILED_MESSAGE)


@transaction.atomic
def _finish(*, pack_id: int, content: bytes | None = None, error: str = "") -> VisitPack:
    """Ready or failed, only if the pack is still being made."""
    now = timezone.now()
    values: dict[str, object]
    if error:
        values = {"status": VisitPack.Status.FAILED, "error_message": error, "progress_message": ""}
    else:
        values = {
            "status": VisitPack.Status.READY,
            "content": content,
            "progress_percent": 100,
            "progress_message": "Ready",
        }
    finished = VisitPack.objects.filter(pk=pack_id, status=VisitPack.Status.RUNNING).update(
        **values, finished_at=now, updated_at=now
    )
    if finished:
        return _record(pack_id, "Failed" if error else "Made")
    return _fetch(pack_id)
