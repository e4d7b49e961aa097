"""The calendar page, the page to manage a calendar link, and the calendar feed itself."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from tracker.accounts.access import council_authority_for_user, require_not_adviser
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core import data_version
from tracker.core.dates import month_start
from tracker.core.links import absolute_url
from tracker.schedule import selectors, services
from tracker.schedule.access import calendar_feed_get_by_token, calendar_feed_live_for_user
from tracker.schedule.forms import CalendarFilterForm, parse_month
from tracker.schedule.ical import calendar_document

MONTHS_SHOWN = 3
FEED_MONTHS_BEFORE = 3
FEED_MONTHS_AFTER = 18


def _month_param(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Refused here, before the cache is read: a partner's people never see the council's
    # calendar, and an adviser sees only the authority they opened while it lets them in.
    local_authority = council_authority_for_user(user=request.user)
    today = timezone.localdate()
    first = parse_month(request.GET.get("from"), default=today)
    after = month_start(first, MONTHS_SHOWN)
    form = CalendarFilterForm(request.GET if "kind" in request.GET else None)
    kinds = form.kinds() if form.is_bound else None
    # The month tables (about half the time reading the events, half writing their rows) are
    # kept until the authority's structure changes: every record they show is one of the
    # authority's own (its actions, inspections, programme, boards and risks; no national
    # data), each written through a model whose writes move the version on, so a change shows
    # at once. No progress entry or BRAG is shown, so progress that leaves an action's status
    # and next review date as they were leaves them kept. They are the same for every member
    # of the council (`selectors.calendar_events` is not given the user), so they are kept
    # for the authority rather than each user; the first month, the kinds shown and the day
    # (what is overdue) are in the key. The filter form and the month links follow the
    # request and are not kept.
    # Every kind ticked shows what nothing ticked shows: one entry for both.
    every_kind = kinds is None or set(kinds) >= set(selectors.KINDS)
    shown = "" if every_kind else ",".join(sorted(kinds or ()))
    body = data_version.cached(
        "calendar",
        local_authority_id=local_authority.pk,
        version=data_version.STRUCTURE,
        parts=[first.isoformat(), shown, today.isoformat()],
        make=lambda: _calendar_body(local_authority.pk, first, kinds, today),
    )
    kept = [("kind", kind) for kind in kinds or ()]

    def link(day: datetime.date) -> str:
        return "?" + urlencode([("from", _month_param(day)), *kept])

    return render(
        request,
        "schedule/calendar.html",
        {
            "local_authority": local_authority,
            "form": form,
            "body": body,
            "from_month": _month_param(first),
            "first_month": first,
            "last_month": month_start(first, MONTHS_SHOWN - 1),
            "previous_url": link(month_start(first, -MONTHS_SHOWN)),
            "next_url": link(after),
        },
    )


def _calendar_body(
    local_authority_id: int,
    first: datetime.date,
    kinds: list[str] | None,
    today: datetime.date,
) -> str:
    after = month_start(first, MONTHS_SHOWN)
    events = selectors.calendar_events(
        local_authority_id=local_authority_id,
        start=first,
        end=after - datetime.timedelta(days=1),
        today=today,
        kinds=kinds,
    )
    # Without the request, as the dashboard's: the month tables have no form and no token, so
    # the same HTML can be served again. A SafeString, so the page does not escape it again.
    return render_to_string(
        "schedule/_calendar_body.html",
        {"months": selectors.calendar_months(events, start=first, months=MONTHS_SHOWN)},
    )


def _feed_url(token: str) -> str:
    return absolute_url(reverse("schedule:feed", args=[token]))


@require_GET
def feed_manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    # A calendar link acts without a session, so never for the authority an adviser opened.
    require_not_adviser(user=request.user)
    feed = calendar_feed_live_for_user(user=request.user)
    return render(
        request,
        "schedule/feed_manage.html",
        {
            "local_authority": local_authority,
            "feed": feed,
            "feed_url": _feed_url(feed.token) if feed else "",
        },
    )


@require_POST
def feed_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_not_adviser(user=request.user)
    replacing = calendar_feed_live_for_user(user=request.user) is not None
    services.calendar_feed_create(user=request.user)
    messages.success(
        request,
        "New calendar link made. The old link has stopped working."
        if replacing
        else "Calendar link made",
    )
    return redirect("schedule:feed_manage")


@require_POST
def feed_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed = calendar_feed_live_for_user(user=request.user)
    if feed is not None:
        services.calendar_feed_revoke(user=request.user, feed=feed)
        messages.success(request, "Calendar link stopped")
    return redirect("schedule:feed_manage")


# Calendar programs such as Outlook cannot sign in: the secret token in the address is the
# credential, and it can be revoked from the page above.
@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    calendar_feed = calendar_feed_get_by_token(token=token)
    user = calendar_feed.user
    today = timezone.localdate()
    start = month_start(today, -FEED_MONTHS_BEFORE)
    end = month_start(today, FEED_MONTHS_AFTER + 1) - datetime.timedelta(days=1)
    events = selectors.calendar_events_for_user(user=user, start=start, end=end)
    document = calendar_document(
        name=f"Improvement Tracker – {user.local_authority}",
        events=events,
        absolute_url=absolute_url,
        stamped_at=timezone.now(),
    )
    response = HttpResponse(document, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="improvement-tracker.ics"'
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, max_age=900)
    return response
