"""Turn request input and selector results into what templates show."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from html import escape

from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from tracker.core.formatting import format_date, format_datetime
from tracker.plans.models import Action, Brag, DeliveryStatus
from tracker.plans.selectors import ActionRow, PlanFilters, ProgressEntry, SectionBlock


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
_STATUS_HTML = {value: escape(str(label)) for value, label in DeliveryStatus.choices}
# The same few hundred dates recur across a plan's rows: each is formatted once.
_date = functools.lru_cache(maxsize=4096)(format_date)


def _latest_progress_html(
    reference: str, latest_on: datetime.date | None, narrative: str | None
) -> str:
    """A row's latest progress: its date and words in a details element, or "No progress
    recorded". `reference` is already escaped."""
    if not latest_on:
        return _NO_PROGRESS
    return (
        '\n                  <details class="govuk-details app-details--compact">'
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        f'Latest progress<span class="govuk-visually-hidden"> on action {reference}</span>, '
        f"{_date(latest_on)}</span></summary>"
        '<div class="govuk-details__text app-pre-wrap">'
        f"{escape(str(narrative))}</div></details>"
    )


# The plan page kept under the authority's structure version (`views.plan_detail`) holds this
# marker where each row's latest progress goes, and the progress is filled in when the page is
# served (`fill_latest_progress`): recording progress, the commonest write, then costs one
# query of the plan's latest entries rather than the whole page worked out again. The marker
# is an HTML comment; a person's text is escaped (`<` becomes `&lt;`), so none can hold one.
_PROGRESS_MARKER = "<!--latest-progress:{}-->"
_PROGRESS_MARKERS = re.compile(r"<!--latest-progress:(\d+)-->")


def fill_latest_progress(
    html: str, latest: dict[int, tuple[str, datetime.date | None, str | None]]
) -> SafeString:
    """The page with each row's marker replaced by its latest progress; `latest` is each
    action's reference, latest entry's date and words by id
    (`selectors.plan_latest_progress`). A marker of an action not in `latest` (none: the page
    is worked out again when an action comes or goes) shows "No progress recorded"."""

    def progress(match: re.Match[str]) -> str:
        reference, latest_on, narrative = latest.get(int(match[1]), ("", None, None))
        return _latest_progress_html(escape(reference), latest_on, narrative)

    return mark_safe(_PROGRESS_MARKERS.sub(progress, html))  # noqa: S308 (escaped above)


def _action_row_html(row: ActionRow, *, progress_marked: bool = False) -> str:
    # Escaped: every text a person typed. Not escaped: dates (digits and month names, from
    # `format_date`), the row's address (reversed from ids) and the fixed labels above.
    reference = escape(row.reference)
    if progress_marked:
        latest = _PROGRESS_MARKER.format(row.pk)
    else:
        latest = _latest_progress_html(reference, row.latest_on, row.latest_narrative)
    who = "".join([f"<li>{escape(name)}</li>" for name in row.who])
    if row.owner_note:
        who += f'<li class="app-secondary-text">{escape(row.owner_note)}</li>'
    due = _date(row.due_on) or "No date"
    if row.is_rebaselined:
        due += (
            '<br><span class="app-secondary-text">Re-baselined from '
            f"{_date(row.original_due_on)}</span>"
        )
    status = _STATUS_HTML.get(row.status) or escape(str(row.status_label))
    return (
        f"{_ROW_START}"
        '<td class="govuk-table__cell app-col-ref"><a class="govuk-link '
        f'govuk-!-font-weight-bold" href="{row.url}">{reference}</a></td>'
        '\n                <td class="govuk-table__cell"><span class="app-pre-wrap">'
        f"{escape(row.description)}</span>{latest}</td>"
        '\n                <td class="govuk-table__cell" data-label="Who">'
        f'<ul class="govuk-list govuk-!-margin-bottom-0 app-who">{who}</ul></td>'
        f'\n                <td class="govuk-table__cell" data-label="Due">{due}</td>'
        '\n                <td class="govuk-table__cell" data-label="Status">'
        f"{status}{_OVERDUE if row.is_overdue else ''}</td>"
        '\n                <td class="govuk-table__cell" data-label="BRAG">'
        f"{brag_tag_html(row.brag)}</td>"
        f"{_ROW_END}"
    )


def action_rows_html(rows: Iterable[ActionRow]) -> SafeString:
    """The plan page's table rows (`<tr>` … `</tr>`) of these actions, every value escaped."""
    return mark_safe("".join([_action_row_html(row) for row in rows]))  # noqa: S308 (escaped above)


# The dashboard's lists of actions ---------------------------------------------------------------
#
# "Your actions" and "Overdue actions": up to two lists of the dashboard's limit, worked out again
# after any progress in the authority (the dashboard shows each action's BRAG). Built here as
# the plan rows are, byte for byte what `plans/_action_rows.html`'s loop made
# (`tracker/plans/tests/test_dashboard_rows.py`).


def _action_list_row_html(action: Action) -> str:
    plan_title = escape(action.plan.title)
    status = _STATUS_HTML.get(action.status) or escape(action.get_status_display())
    if action.is_overdue:
        status += _OVERDUE
    description = escape(Truncator(action.description).words(18, truncate=" …"))
    return (
        '\n      <tr class="govuk-table__row">'
        '\n        <td class="govuk-table__cell"><a class="govuk-link" '
        f'href="{escape(action.get_absolute_url())}">{escape(action.reference)}'
        f'<span class="govuk-visually-hidden"> in {plan_title}</span></a> {description}</td>'
        f'\n        <td class="govuk-table__cell">{plan_title}</td>'
        f'\n        <td class="govuk-table__cell">{_date(action.due_on) or "No date"}</td>'
        f'\n        <td class="govuk-table__cell">{status}\n</td>'
        f'\n        <td class="govuk-table__cell">{brag_tag_html(action.brag)}</td>'
        "\n      </tr>\n    "
    )


def action_list_rows_html(actions: Iterable[Action]) -> SafeString:
    """The table rows of a dashboard list of actions (read with their plans), every value
    escaped."""
    return mark_safe("".join([_action_list_row_html(action) for action in actions]))  # noqa: S308


# The action page's progress timeline -----------------------------------------------------------
#
# An action is updated every week or month for years: the timeline is the longest part of the
# action page (75 entries on a two-year-old action, hundreds on older ones), and the page is
# the one officers open most. Built here as the plan rows are, byte for byte what the template
# loop made (`tracker/plans/tests/test_progress_timeline.py`).


def _progress_entry_html(entry: ProgressEntry, correct_url: str | None) -> str:
    recorded = format_date(entry.recorded_on)
    corrects = (
        f" (corrects the entry of {format_date(entry.corrects_recorded_on)})"
        if entry.corrects_recorded_on is not None
        else ""
    )
    correct = (
        '<p class="govuk-body-s"><a class="govuk-link" '
        f'href="{correct_url}?corrects={entry.pk}">Correct this entry'
        f'<span class="govuk-visually-hidden"> of {recorded}</span></a></p>'
        if correct_url is not None
        else ""
    )
    return (
        '\n      <li class="app-timeline__item">'
        '\n        <h3 class="govuk-heading-s govuk-!-margin-bottom-1">'
        f"{recorded}: {escape(entry.status_label)}{corrects}</h3>"
        f'\n        <p class="app-timeline__meta">{brag_tag_html(entry.brag)} Recorded by '
        f"{escape(entry.author_name or 'unknown')} on {format_datetime(entry.created_at)}</p>"
        f'\n        <p class="govuk-body app-pre-wrap">{escape(entry.narrative)}</p>'
        f"\n        {correct}"
        "\n      </li>\n    "
    )


def progress_timeline_html(
    entries: Iterable[ProgressEntry], *, correct_url: str | None
) -> SafeString:
    """The `<li>` items of an action's progress timeline, newest first, every value escaped.
    `correct_url` is the progress form's address, for a link to correct each entry; None
    for a reader who may not record progress."""
    url = None if correct_url is None else escape(correct_url)
    return mark_safe(  # noqa: S308 (escaped above)
        "".join([_progress_entry_html(entry, url) for entry in entries])
    )


# The plan page's sections ------------------------------------------------------------------------

_TABLE_HEAD = (
    '\n        <table class="govuk-table app-table--actions app-table--stacked">'
    '\n          <caption class="govuk-table__caption govuk-visually-hidden">Actions for section '
    "{number} ({shown} of {total})</caption>"
    '\n          <thead class="govuk-table__head">'
    '\n            <tr class="govuk-table__row">'
    '\n              <th scope="col" class="govuk-table__header app-col-ref">Ref</th>'
    '\n              <th scope="col" class="govuk-table__header app-col-action">Action</th>'
    '\n              <th scope="col" class="govuk-table__header app-col-who">Who</th>'
    '\n              <th scope="col" class="govuk-table__header app-col-due">Due</th>'
    '\n              <th scope="col" class="govuk-table__header app-col-status">Status</th>'
    '\n              <th scope="col" class="govuk-table__header app-col-brag">BRAG</th>'
    "\n            </tr>"
    "\n          </thead>"
    '\n          <tbody class="govuk-table__body">'
    "\n            "
)
_TABLE_END = "\n          </tbody>\n        </table>\n      "
_NO_ACTIONS = '\n        <p class="govuk-body">No actions yet.</p>\n      '


def _section_meta_html(block: SectionBlock, *, can_edit: bool, add_action_url: str) -> str:
    section = block.section
    answers = ""
    if block.recommendations:
        answered = "; ".join(
            f"{escape(str(r.get_kind_display()).lower())} {r.number} of the "
            f"{escape(str(r.inspection))}"
            for r in block.recommendations
        )
        answers = f"Answers {answered}."
    theme = f"Theme: {escape(section.theme.name)}." if section.theme else ""
    if section.priority_area is not None:
        area = section.priority_area
        theme += f" Priority area: {escape(area.name)}" + (
            "." if area.plan_id == section.plan_id else f" of the {escape(area.plan.title)}."
        )
    if section.origin_plan is not None:
        # Moved here by a plan merge: where it came from (`merging.services.plan_merge`).
        theme += (
            f" Moved from section {escape(section.origin_section_title)} of the "
            f"{escape(section.origin_plan.title)}."
        )
    links = ""
    if can_edit:
        links = (
            f'<a class="govuk-link" href="{escape(block.change_url)}">Change section '
            f'{section.number}</a> · <a class="govuk-link" href="{escape(add_action_url)}'
            f'?section={section.pk}">Add an action to section {section.number}</a>'
        )
    return (
        '\n        <p class="govuk-body-s app-plan-section__meta">'
        f'\n          <span class="app-secondary-text">{answers}'
        f"\n          {theme}</span>"
        f"\n          {links}"
        "\n        </p>\n      "
    )


def _section_html(
    block: SectionBlock,
    *,
    can_edit: bool,
    add_action_url: str,
    filtered: bool,
    progress_marked: bool = False,
) -> str:
    section = block.section
    number = section.number
    parts = [
        f'\n    <section class="app-plan-section" aria-labelledby="section-{number}">'
        f'\n      <h2 class="govuk-heading-m" id="section-{number}">{number}. '
        f"{escape(section.title)}</h2>\n      "
    ]
    if (
        block.recommendations
        or section.theme
        or section.priority_area_id
        or section.origin_plan_id
        or can_edit
    ):
        parts.append(_section_meta_html(block, can_edit=can_edit, add_action_url=add_action_url))
    parts.append("\n      ")
    parts.extend(
        '\n        <div class="govuk-inset-text">'
        '\n          <span class="govuk-!-font-weight-bold">'
        f"{escape(str(r.get_kind_display()))} {r.number}:</span> {escape(r.text)}"
        "\n        </div>\n      "
        for r in block.quoted_recommendations
    )
    parts.append("\n      ")
    if section.aim:
        parts.append(
            '<p class="govuk-body app-pre-wrap"><span class="govuk-!-font-weight-bold">Aim:'
            f"</span> {escape(section.aim)}</p>"
        )
    parts.append("\n      ")
    if block.outcomes and not filtered:
        outcomes = "".join([f"<li>{escape(outcome)}</li>" for outcome in block.outcomes])
        parts.append(
            '\n        <details class="govuk-details app-details--compact '
            'govuk-!-margin-bottom-2">'
            '\n          <summary class="govuk-details__summary">'
            '<span class="govuk-details__summary-text">Expected outcomes'
            f'<span class="govuk-visually-hidden"> of section {number}</span> '
            f"({len(block.outcomes)})</span></summary>"
            '\n          <div class="govuk-details__text">'
            f'\n            <ul class="govuk-list govuk-list--bullet">{outcomes}</ul>'
            "\n          </div>\n        </details>\n      "
        )
    parts.append("\n      ")
    if block.actions:
        parts.append(
            _TABLE_HEAD.format(number=number, shown=len(block.actions), total=block.summary.total)
        )
        parts.extend(
            [_action_row_html(row, progress_marked=progress_marked) for row in block.actions]
        )
        parts.append(_TABLE_END)
    elif not filtered:
        parts.append(_NO_ACTIONS)
    parts.append("\n    </section>\n  ")
    return "".join(parts)


def plan_sections_html(
    blocks: Iterable[SectionBlock],
    *,
    can_edit: bool,
    add_action_url: str,
    filtered: bool,
    progress_marked: bool = False,
) -> SafeString:
    """The plan page's sections, each with its heading, what it answers, its theme, aim,
    expected outcomes and its table of actions, every value a person typed escaped: the
    markup `plans/plan_detail.html` made with a template loop, byte for byte. With
    `progress_marked`, each row's latest progress is a marker for `fill_latest_progress`."""
    html = "".join(
        [
            _section_html(
                block,
                can_edit=can_edit,
                add_action_url=add_action_url,
                filtered=filtered,
                progress_marked=progress_marked,
            )
            for block in blocks
        ]
    )
    return mark_safe(html)  # noqa: S308 (every value escaped above)
