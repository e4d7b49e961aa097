"""The Statement of Action as Word or PDF, made while the officer waits.

Made in the request, unlike board papers: the demo's largest plan (51 actions) takes about
0.3 s as PDF and 0.1 s as Word, the selector a fixed nine queries, and the statement is not
kept as a record (`docs/decisions/0010-statement-of-action-made-while-you-wait.md`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.plans.access import plan_get_for_user
from tracker.reporting.documents.pdf import build_statement_pdf
from tracker.reporting.documents.word import build_statement_word
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers.views import _attachment
from tracker.reporting.statements.selectors import statement_of_action_data

BUILDERS = {"docx": build_statement_word, "pdf": build_statement_pdf}


@require_GET
def statement_of_action(
    request: AuthenticatedHttpRequest, plan_id: int, format: str
) -> HttpResponse:
    """The plan's Statement of Action as it stands now, to whoever may download the plan's
    other exports (the same access helper as the plan's CSV)."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    data = statement_of_action_data(plan=plan)
    return _attachment(
        BUILDERS[format](data),
        filename=f"statement-of-action-{plan.pk}-{data.as_of.isoformat()}.{format}",
        content_type=BoardPaper.CONTENT_TYPES[format],
    )
