"""Background jobs of monitoring visit packs, run by the django-tasks worker."""

from __future__ import annotations

from django_tasks import task

from tracker.reporting.packs import services


@task()
def generate_visit_pack(pack_id: int) -> str:
    """Make a queued visit pack; safe to run twice (only a pack waiting to start is made)."""
    return services.visit_pack_generate(pack_id=pack_id).status
