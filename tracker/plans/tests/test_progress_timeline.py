"""The action page's progress timeline, built in Python (`presenters.progress_timeline_html`) from
rows (`selectors.ProgressEntry`), comes out byte for byte as the template loop that rendered the
model instances did, hostile text, corrections and both kinds of reader included."""

from __future__ import annotations

import datetime

import pytest
from django.template import engines
from django.urls import reverse

from tracker.plans import presenters, selectors, services
from tracker.plans.models import ProgressUpdate

HOSTILE = '<script>alert("x")</script> & \'quoted\' "double" &amp; <b>bold</b>'

# The timeline loop of plans/_action_body.html as it was before the entries were built in
# Python, over model instances: the reference the Python entries must match.
TEMPLATE_TIMELINE = """{% load plans %}{% for update in updates %}
      <li class="app-timeline__item">
        <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{{ update.recorded_on|uk_date }}: {{ update.get_status_display }}{% if update.corrects %} (corrects the entry of {{ update.corrects.recorded_on|uk_date }}){% endif %}</h3>
        <p class="app-timeline__meta">{% brag_tag update.brag %} Recorded by {{ update.author_name|default:"unknown" }} on {{ update.created_at|uk_datetime }}</p>
        <p class="govuk-body app-pre-wrap">{{ update.narrative }}</p>
        {% if can_record_progress %}<p class="govuk-body-s"><a class="govuk-link" href="{{ progress_url }}?corrects={{ update.pk }}">Correct this entry<span class="govuk-visually-hidden"> of {{ update.recorded_on|uk_date }}</span></a></p>{% endif %}
      </li>
    {% endfor %}"""  # noqa: E501


def _record(action, user, **fields):
    action.refresh_from_db()
    return services.action_record_progress(
        user=user, action=action, expected_version=action.version, **fields
    )


@pytest.fixture
def hostile_timeline(action, improvement_lead):
    """Entries in every state the timeline shows: every BRAG, a correction, hostile text, an
    entry whose author's name was not kept."""
    first = _record(
        action,
        improvement_lead,
        narrative=f"Started {HOSTILE}\nsecond line",
        status="in_progress",
        brag="green",
        recorded_on=datetime.date(2026, 1, 5),
        author_name=f"Ann {HOSTILE}",
    )
    _record(
        action,
        improvement_lead,
        narrative="Slipping",
        status="in_progress",
        brag="amber",
        recorded_on=datetime.date(2026, 2, 5),
    )
    _record(
        action,
        improvement_lead,
        narrative="Wrong date before",
        status="not_started",
        brag="",
        recorded_on=datetime.date(2026, 3, 5),
        corrects=first,
    )
    _record(
        action,
        improvement_lead,
        narrative="Off track",
        status="in_progress",
        brag="red",
        recorded_on=datetime.date(2026, 4, 5),
    )
    _record(
        action,
        improvement_lead,
        narrative="Done",
        status="completed",
        recorded_on=datetime.date(2026, 5, 5),
    )
    ProgressUpdate.objects.filter(narrative="Slipping").update(author_name="")
    return action


def _expected(action, *, can_record_progress: bool, progress_url: str) -> str:
    updates = list(
        action.progress_updates.select_related("author", "corrects").order_by(
            "-recorded_on", "-created_at", "-pk"
        )
    )
    return (
        engines["django"]
        .from_string(TEMPLATE_TIMELINE)
        .render(
            {
                "updates": updates,
                "can_record_progress": can_record_progress,
                "progress_url": progress_url,
            }
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("can_record_progress", [True, False])
def test_timeline_matches_the_template_byte_for_byte(hostile_timeline, can_record_progress):
    action = hostile_timeline
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    entries = selectors.action_get_detail(action=action).updates
    assert len(entries) == 5

    html = presenters.progress_timeline_html(
        entries, correct_url=url if can_record_progress else None
    )

    assert html == _expected(action, can_record_progress=can_record_progress, progress_url=url)
    assert ("Correct this entry" in html) is can_record_progress


@pytest.mark.django_db
def test_timeline_escapes_every_field_and_shows_each_state(hostile_timeline):
    action = hostile_timeline
    html = presenters.progress_timeline_html(
        selectors.action_get_detail(action=action).updates, correct_url='/x/"><script>'
    )

    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&#x27;quoted&#x27;" in html
    assert "&amp;amp;" in html
    assert 'href="/x/&quot;&gt;&lt;script&gt;?corrects=' in html
    assert "(corrects the entry of 5 January 2026)" in html
    assert "Recorded by unknown on" in html
    assert "5 May 2026: Completed" in html
    for colour in ("blue", "green", "orange", "red", "grey"):
        assert f"govuk-tag--{colour}" in html


@pytest.mark.django_db
def test_entries_are_newest_first_with_an_unknown_status_shown_as_stored(hostile_timeline):
    action = hostile_timeline
    ProgressUpdate.objects.filter(narrative="Off track").update(status="paused_long_ago")

    entries = selectors.action_get_detail(action=action).updates

    assert [entry.recorded_on.month for entry in entries] == [5, 4, 3, 2, 1]
    assert entries[1].status_label == "paused_long_ago"
    assert entries[0].status_label == "Completed"
    assert entries[2].corrects_recorded_on == datetime.date(2026, 1, 5)
    assert entries[0].corrects_recorded_on is None


@pytest.mark.django_db
def test_action_page_shows_the_timeline_escaped(client, improvement_lead, hostile_timeline):
    action = hostile_timeline
    client.force_login(improvement_lead)

    response = client.get(reverse("plans:action_detail", args=[action.plan_id, action.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    url = reverse("plans:progress_create", args=[action.plan_id, action.pk])
    assert (
        '<ol class="app-timeline" reversed>\n    '
        + _expected(action, can_record_progress=True, progress_url=url)
        + "\n  </ol>"
    ) in content
    assert HOSTILE not in content
