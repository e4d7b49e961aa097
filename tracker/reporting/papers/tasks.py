"""Background jobs of reporting, run by the django-tasks worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from tracker.reporting.papers import services


@task()
def generate_board_paper(paper_id: int) -> str:
    """Make a queued board paper; safe to run twice (only a paper waiting to start is made)."""
    return services.board_paper_generate(paper_id=paper_id).status
