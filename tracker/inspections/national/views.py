"""Pages of the national inspection picture: every authority's latest judgement, and one
authority's history. Read-only; for everyone in a council, never for partner organisations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core import data_version
from tracker.inspections.national import presenters, selectors
from tracker.inspections.national.access import (
    national_authority_get_for_user,
    national_reader_authority,
)
from tracker.inspections.national.charts import distribution_chart
from tracker.inspections.national.register import REGIONS, region_in_words

if TYPE_CHECKING:
    from tracker.accounts.models import LocalAuthority


@require_GET
def national_picture(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = national_reader_authority(user=request.user)
    filters = presenters.PictureFilters.from_query(request.GET)
    today = timezone.localdate()
    # Everything below the heading is the same for everyone of an authority (their own row
    # marked) and changes only with the national record or the authority's name, so it is kept
    # under the record's version and the authority's structure version (progress leaves it
    # as it is), for each day (the windows of the next inspections) and each choice
    # of the filters, which are few: anything not understood is dropped from them.
    body = data_version.cached(
        "national-picture",
        local_authority_id=local_authority.pk if local_authority else None,
        scopes=[data_version.NATIONAL],
        version=data_version.STRUCTURE,
        parts=[today.isoformat(), filters.region, filters.grade, filters.sort, filters.descending],
        make=lambda: _national_picture_body(local_authority, filters, today),
    )
    return render(
        request,
        "inspections/national_picture.html",
        {"local_authority": local_authority, "body": body},
    )


def _national_picture_body(
    local_authority: LocalAuthority | None, filters: presenters.PictureFilters, today: date
) -> str:
    picture = selectors.national_picture_get(local_authority=local_authority, today=today)
    own = picture.own
    region_summary = neighbour_summary = ""
    own_region = region_in_words(own.authority.region if own else "")
    if own is not None:
        region_summary = presenters.standing_summary(
            own, picture.region, f"other authorities in {own_region}"
        )
        neighbour_summary = presenters.standing_summary(
            own, picture.neighbours, "statistical neighbours"
        )
    # Rendered without the request, as the dashboard's body: nothing in it depends on it (the
    # filters are a GET form, with no token).
    return render_to_string(
        "inspections/_national_picture_body.html",
        {
            "local_authority": local_authority,
            "picture": picture,
            "filters": filters,
            "rows": presenters.picture_rows(picture.standings, filters),
            "headers": presenters.sort_headers(filters),
            "chart": distribution_chart(presenters.distribution(picture.standings)),
            "region_rows": [presenters.picture_row(s) for s in picture.region],
            "neighbour_rows": [presenters.picture_row(s) for s in picture.neighbours],
            "region_summary": region_summary,
            "own_region": own_region,
            "region_caption": f"Authorities in {own_region}",
            "neighbour_summary": neighbour_summary,
            "regions": REGIONS,
            "grade_choices": presenters.GRADE_CHOICES,
        },
    )


@require_GET
def national_authority(
    request: AuthenticatedHttpRequest, national_authority_id: int
) -> HttpResponse:
    authority, local_authority = national_authority_get_for_user(
        user=request.user, national_authority_id=national_authority_id
    )
    history = selectors.national_authority_history_get(
        authority=authority, local_authority=local_authority, today=timezone.localdate()
    )
    return render(
        request,
        "inspections/national_authority.html",
        {
            "authority": authority,
            "history": history,
            "current": presenters.picture_row(history.standing),
            "neighbour_rows": [presenters.picture_row(s) for s in history.neighbours],
        },
    )
