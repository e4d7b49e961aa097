"""Turn request input and selector results into what templates show."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from tracker.core.formatting import format_date
from tracker.plans.models import Brag, DeliveryStatus
from tracker.plans.selectors import ActionRow, PlanFilters


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def plan_filters_from_query(query: QueryDict) -> PlanFilters:
    """Filters from the plan page's query string. Unknown values are ignored, never an error."""
    status = query.get("status", "")
    brag = query.get("brag", "")
    return PlanFilters(
        status=status if status in DeliveryStatus.values else "",
        brag=brag if brag in Brag.values or brag == "none" else "",
        owner_post_id=_int_or_none(query.get("owner")),
        theme_id=_int_or_none(query.get("theme")),
        overdue=query.get("overdue") in {"1", "on", "true", "yes"},
        query=" ".join(query.get("q", "").split())[:200],
    )


# The BRAG tag -----------------------------------------------------------------------------------

# GOV.UK tag colours; Amber uses the orange tag. The hidden words give the meaning to screen
# readers, since colour alone must not carry it (WCAG 1.4.1).
_BRAG_TAGS: dict[str, SafeString] = {
    brag: format_html(
        '<strong class="govuk-tag govuk-tag--{} app-brag">{}<span class="govuk-visually-hidden">'
        "{}</span></strong>",
        colour,
        label,
        hidden,
    )
    for brag, colour, label, hidden in (
        ("blue", "blue", "Blue", ": complete"),
        ("green", "green", "Green", ": on track"),
        ("amber", "orange", "Amber", ": at risk"),
        ("red", "red", "Red", ": off track"),
        ("", "grey", "Not rated", ""),
    )
}


def brag_tag_html(brag: str) -> SafeString:
    """The BRAG rating as a GOV.UK tag: Blue (complete), Green, Amber, Red or Not rated."""
    return _BRAG_TAGS.get(brag or "", _BRAG_TAGS[""])


# The plan page's action rows -------------------------------------------------------------------
#
# The plan page shows every action of the plan: 400 rows at a large authority, 2,000 in the
# stress tier. Rendered by the template language, each row cost about 60 template nodes and 30
# variable look-ups; joined here from Python strings, with every value escaped by the same
# function Django's templates use, the rows come out byte for byte as the template made them
# (`tracker/plans/tests/test_plan_rows.py` compares the two on hostile text), several times
# faster (`bench/rows.py` measures the choices).

_ROW_START = '\n              <tr class="govuk-table__row">\n                '
_ROW_END = "\n              </tr>\n            "
_NO_PROGRESS = '<br><span class="govuk-body-s app-secondary-text">No progress recorded</span>'
_OVERDUE = '<br><span class="app-overdue">Overdue</span>'


def _action_row_html(row: ActionRow) -> str:
    reference = escape(row.reference)
    if row.latest_on:
        latest = (
            '\n                  <details class="govuk-details app-details--compact">'
            '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
            f'Latest progress<span class="govuk-visually-hidden"> on action {reference}</span>, '
            f"{escape(format_date(row.latest_on))}</span></summary>"
            '<div class="govuk-details__text app-pre-wrap">'
            f"{escape(str(row.latest_narrative))}</div></details>"
        )
    else:
        latest = _NO_PROGRESS
    who = "".join(f"<li>{escape(name)}</li>" for name in row.who)
    if row.owner_note:
        who += f'<li class="app-secondary-text">{escape(row.owner_note)}</li>'
    due = escape(format_date(row.due_on) or "No date")
    if row.is_rebaselined:
        due += (
            '<br><span class="app-secondary-text">Re-baselined from '
            f"{escape(format_date(row.original_due_on))}</span>"
        )
    return (
        f"{_ROW_START}"
        '<td class="govuk-table__cell app-col-ref"><a class="govuk-link '
        f'govuk-!-font-weight-bold" href="{escape(row.url)}">{reference}</a></td>'
        '\n                <td class="govuk-table__cell"><span class="app-pre-wrap">'
        f"{escape(row.description)}</span>{latest}</td>"
        '\n                <td class="govuk-table__cell" data-label="Who">'
        f'<ul class="govuk-list govuk-!-margin-bottom-0 app-who">{who}</ul></td>'
        f'\n                <td class="govuk-table__cell" data-label="Due">{due}</td>'
        '\n                <td class="govuk-table__cell" data-label="Status">'
        f"{escape(str(row.status_label))}{_OVERDUE if row.is_overdue else ''}</td>"
        '\n                <td class="govuk-table__cell" data-label="BRAG">'
        f"{brag_tag_html(row.brag)}</td>"
        f"{_ROW_END}"
    )


def action_rows_html(rows: Iterable[ActionRow]) -> SafeString:
    """The plan page's table rows (`<tr>` … `</tr>`) of these actions, every value escaped."""
    return mark_safe("".join([_action_row_html(row) for row in rows]))  # noqa: S308 (escaped above)
