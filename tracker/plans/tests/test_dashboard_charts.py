"""The dashboard's charts: progress by theme and BRAG over time, each with its numbers."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.plans import services
from tracker.plans.demo.dating import dated
from tracker.plans.history.selectors import default_chart_dates
from tracker.plans.tests.bulk import build_plan

pytestmark = pytest.mark.django_db


def _dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return response


def test_dashboard_draws_both_charts_with_text_alternatives_and_tables(
    client, improvement_lead, action, other_action
):
    services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        narrative="Audit tool drafted",
        status="in_progress",
        brag="amber",
    )

    response = _dashboard(client, improvement_lead)

    body = html.unescape(response.content.decode())
    plan = action.plan
    assert body.count('role="img"') == 2
    assert f'aria-labelledby="themes-{plan.pk}-title themes-{plan.pk}-desc"' in body
    assert (
        "Bar chart of the plan's actions in each of its 1 theme by BRAG rating. "
        "In all: 0 blue, 0 green, 1 amber, 0 red, 1 not rated." in body
    )
    assert "Today: 0 blue, 0 green, 1 amber, 0 red, 1 not rated." in body
    assert "Progress by theme: the numbers" in body
    assert "BRAG over time: the numbers" in body
    assert 'class="app-chart__bar app-chart__bar--amber"' in body
    assert "style=" not in body  # the Content Security Policy forbids inline styles
    card = response.context["cards"][0]
    assert card.theme_chart.rows == [("Workforce", [0, 0, 1, 0, 1, 2])]
    dates = default_chart_dates(today=timezone.localdate())
    assert len(card.over_time_chart.rows) == len(dates) == 7
    assert card.over_time_chart.rows[-1][1] == [0, 0, 1, 0, 1, 2]


def test_brag_over_time_chart_shows_past_counts(client, improvement_lead, section):
    month_end = default_chart_dates(today=timezone.localdate())[0]
    with dated(month_end - datetime.timedelta(days=3)):
        services.action_create(
            user=improvement_lead, section=section, reference="1.1", description="Old action"
        )
    services.action_create(
        user=improvement_lead, section=section, reference="1.2", description="New action"
    )

    response = _dashboard(client, improvement_lead)

    rows = response.context["cards"][0].over_time_chart.rows
    assert rows[0][1] == [0, 0, 0, 0, 1, 1]  # only the older action at the first month end
    assert rows[-1][1] == [0, 0, 0, 0, 2, 2]


def test_chart_bars_are_proportional(client, improvement_lead, plan, local_authority):
    themes = [
        services.theme_create(user=improvement_lead, plan=plan, name=name)
        for name in ("Leadership", "Front door")
    ]
    for number, (theme, actions) in enumerate(zip(themes, (10, 5), strict=True), start=1):
        section = services.section_create(
            user=improvement_lead, plan=plan, number=number, title=f"Section {number}", theme=theme
        )
        for n in range(actions):
            services.action_create(
                user=improvement_lead, section=section, reference=f"{number}.{n}", description="Do"
            )

    response = _dashboard(client, improvement_lead)

    chart = response.context["cards"][0].theme_chart
    widths = [sum(rect.width for rect in bar.rects) for bar in chart.bars]
    assert [bar.label for bar in chart.bars] == ["Leadership", "Front door"]
    assert [bar.total for bar in chart.bars] == [10, 5]
    assert widths == pytest.approx([370, 185], abs=0.5)
    body = response.content.decode()
    assert re.search(r'<text class="app-chart__count"[^>]*>\d+</text>', body)


@pytest.mark.parametrize("rows", [10, 400])
def test_dashboard_with_charts_queries_do_not_grow_with_plan_size(
    client, improvement_lead, local_authority, django_assert_max_num_queries, rows
):
    for size in (rows, rows + 1):
        build_plan(local_authority=local_authority, actions=size, owner=improvement_lead)
    client.force_login(improvement_lead)

    # The page itself, then the coverage panel (`tracker/performance/coverage/panels.py`).
    with django_assert_max_num_queries(21 + 14):
        response = client.get(reverse("core:dashboard"))

    assert response.status_code == 200
    assert len(response.context["cards"]) == 2
