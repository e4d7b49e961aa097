"""The dashboard's lists of actions ("Your actions", "Overdue actions"), built in Python
(`presenters.action_list_rows_html`), come out byte for byte as the template loop that rendered
them did, hostile text, long descriptions, overdue and undated actions included."""

from __future__ import annotations

import datetime

import pytest
from django.template import engines
from django.urls import reverse

from tracker.plans import presenters, services
from tracker.plans.models import Action

HOSTILE = '<script>alert("x")</script> & \'quoted\' "double" &amp; <b>bold</b>'

# The row loop of plans/_action_rows.html as it was before the rows were built in Python.
TEMPLATE_ROWS = """{% load plans %}{% for action in actions %}
      <tr class="govuk-table__row">
        <td class="govuk-table__cell"><a class="govuk-link" href="{{ action.get_absolute_url }}">{{ action.reference }}<span class="govuk-visually-hidden"> in {{ action.plan.title }}</span></a> {{ action.description|truncatewords:18 }}</td>
        <td class="govuk-table__cell">{{ action.plan.title }}</td>
        <td class="govuk-table__cell">{{ action.due_on|uk_date|default:"No date" }}</td>
        <td class="govuk-table__cell">{% include "components/_status.html" %}</td>
        <td class="govuk-table__cell">{% brag_tag action.brag %}</td>
      </tr>
    {% endfor %}"""  # noqa: E501

LONG = " ".join(f"word{n}" for n in range(30)) + f" {HOSTILE}"


@pytest.fixture
def listed(plan, section, improvement_lead):
    """Actions in every state a list shows them in, under a plan with a hostile title."""
    plan.title = f"Plan {HOSTILE}"
    plan.save()
    overdue = services.action_create(
        user=improvement_lead,
        section=section,
        reference='1.1"><script>',
        description=f"Short {HOSTILE}",
        due_on=datetime.date(2020, 3, 31),
    )
    services.action_record_progress(
        user=improvement_lead,
        action=overdue,
        expected_version=overdue.version,
        narrative="Started",
        status="in_progress",
        brag="red",
    )
    services.action_create(
        user=improvement_lead, section=section, reference="1.2", description=LONG, due_on=None
    )
    done = services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.3",
        description="Done\nacross two lines",
        due_on=datetime.date(2020, 1, 1),
    )
    services.action_record_progress(
        user=improvement_lead,
        action=done,
        expected_version=done.version,
        narrative="Finished",
        status="completed",
    )
    return list(Action.objects.filter(plan=plan).select_related("plan").order_by("reference"))


@pytest.mark.django_db
def test_rows_match_the_template_byte_for_byte(listed):
    expected = engines["django"].from_string(TEMPLATE_ROWS).render({"actions": listed})

    assert presenters.action_list_rows_html(listed) == expected


@pytest.mark.django_db
def test_rows_escape_every_field_and_show_each_state(listed):
    html = presenters.action_list_rows_html(listed)

    assert "<script>" not in html
    assert "<b>" not in html
    assert "1.1&quot;&gt;&lt;script&gt;" in html
    assert "Plan &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "word17 …" in html and "word18" not in html  # 18 words, then an ellipsis
    assert '<span class="app-overdue">Overdue</span>' in html
    assert "No date" in html
    assert html.count('<tr class="govuk-table__row">') == 3


@pytest.mark.django_db
def test_the_dashboard_lists_the_rows(client, improvement_lead, listed):
    client.force_login(improvement_lead)
    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 200
    content = response.content.decode()
    overdue = [action for action in listed if action.is_overdue]
    assert presenters.action_list_rows_html(overdue) in content
    assert HOSTILE not in content
