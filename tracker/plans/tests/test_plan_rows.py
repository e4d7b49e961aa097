"""The plan page's sections and action rows, built in Python (`presenters.plan_sections_html`
and `action_rows_html`), come out byte for byte as the template that used to render them did,
hostile text included."""

from __future__ import annotations

import datetime

import pytest
from django.template import engines
from django.urls import reverse

from tracker.accounts.tests.factories import OrganisationFactory, PostFactory, UserFactory
from tracker.inspections.tests.factories import RecommendationFactory
from tracker.plans import presenters, selectors, services
from tracker.plans.selectors import PlanFilters

HOSTILE = '<script>alert("x")</script> & \'quoted\' "double" &amp; <b>bold</b>'

# The row loop of plans/plan_detail.html as it was before the rows were built in Python: the
# reference the Python rows must match.
TEMPLATE_ROWS = """{% load plans %}{% for action in actions %}
              <tr class="govuk-table__row">
                <td class="govuk-table__cell app-col-ref"><a class="govuk-link govuk-!-font-weight-bold" href="{{ action.url }}">{{ action.reference }}</a></td>
                <td class="govuk-table__cell"><span class="app-pre-wrap">{{ action.description }}</span>{% if action.latest_on %}
                  <details class="govuk-details app-details--compact"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Latest progress<span class="govuk-visually-hidden"> on action {{ action.reference }}</span>, {{ action.latest_on|uk_date }}</span></summary><div class="govuk-details__text app-pre-wrap">{{ action.latest_narrative }}</div></details>{% else %}<br><span class="govuk-body-s app-secondary-text">No progress recorded</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="Who"><ul class="govuk-list govuk-!-margin-bottom-0 app-who">{% for name in action.who %}<li>{{ name }}</li>{% endfor %}{% if action.owner_note %}<li class="app-secondary-text">{{ action.owner_note }}</li>{% endif %}</ul></td>
                <td class="govuk-table__cell" data-label="Due">{{ action.due_on|uk_date|default:"No date" }}{% if action.is_rebaselined %}<br><span class="app-secondary-text">Re-baselined from {{ action.original_due_on|uk_date }}</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="Status">{{ action.status_label }}{% if action.is_overdue %}<br><span class="app-overdue">Overdue</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="BRAG">{% brag_tag action.brag %}</td>
              </tr>
            {% endfor %}"""  # noqa: E501


# The section loop of plans/plan_detail.html as it was before the sections were built in Python.
TEMPLATE_SECTIONS = """{% load plans %}  {% for block in detail.sections %}
    <section class="app-plan-section" aria-labelledby="section-{{ block.section.number }}">
      <h2 class="govuk-heading-m" id="section-{{ block.section.number }}">{{ block.section.number }}. {{ block.section.title }}</h2>
      {% if block.recommendations or block.section.theme or can_edit %}
        <p class="govuk-body-s app-plan-section__meta">
          <span class="app-secondary-text">{% if block.recommendations %}Answers {% for recommendation in block.recommendations %}{{ recommendation.get_kind_display|lower }} {{ recommendation.number }} of the {{ recommendation.inspection }}{% if not forloop.last %}; {% endif %}{% endfor %}.{% endif %}
          {% if block.section.theme %}Theme: {{ block.section.theme.name }}.{% endif %}</span>
          {% if can_edit %}<a class="govuk-link" href="{{ block.change_url }}">Change section {{ block.section.number }}</a> · <a class="govuk-link" href="{{ add_action_url }}?section={{ block.section.pk }}">Add an action to section {{ block.section.number }}</a>{% endif %}
        </p>
      {% endif %}
      {% for recommendation in block.quoted_recommendations %}
        <div class="govuk-inset-text">
          <span class="govuk-!-font-weight-bold">{{ recommendation.get_kind_display }} {{ recommendation.number }}:</span> {{ recommendation.text }}
        </div>
      {% endfor %}
      {% if block.section.aim %}<p class="govuk-body app-pre-wrap"><span class="govuk-!-font-weight-bold">Aim:</span> {{ block.section.aim }}</p>{% endif %}
      {% if block.outcomes and not filters.is_active %}
        <details class="govuk-details app-details--compact govuk-!-margin-bottom-2">
          <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Expected outcomes<span class="govuk-visually-hidden"> of section {{ block.section.number }}</span> ({{ block.outcomes|length }})</span></summary>
          <div class="govuk-details__text">
            <ul class="govuk-list govuk-list--bullet">{% for outcome in block.outcomes %}<li>{{ outcome }}</li>{% endfor %}</ul>
          </div>
        </details>
      {% endif %}
      {% if block.actions %}
        <table class="govuk-table app-table--actions app-table--stacked">
          <caption class="govuk-table__caption govuk-visually-hidden">Actions for section {{ block.section.number }} ({{ block.actions|length }} of {{ block.summary.total }})</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header app-col-ref">Ref</th>
              <th scope="col" class="govuk-table__header app-col-action">Action</th>
              <th scope="col" class="govuk-table__header app-col-who">Who</th>
              <th scope="col" class="govuk-table__header app-col-due">Due</th>
              <th scope="col" class="govuk-table__header app-col-status">Status</th>
              <th scope="col" class="govuk-table__header app-col-brag">BRAG</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {% action_rows block.actions %}
          </tbody>
        </table>
      {% elif not filters.is_active %}
        <p class="govuk-body">No actions yet.</p>
      {% endif %}
    </section>
  {% empty %}
    {% if filters.is_active %}<p class="govuk-body">No actions match your filters.</p>{% else %}<p class="govuk-body">This plan has no sections yet.</p>{% endif %}
  {% endfor %}
"""  # noqa: E501


@pytest.fixture
def hostile_actions(local_authority, improvement_lead, section):
    """Actions with hostile text in every field a row shows, in every state a row can be in."""
    post = PostFactory(local_authority=local_authority, title=f"Post {HOSTILE}")
    organisation = OrganisationFactory(local_authority=local_authority, name=f"Org {HOSTILE}")
    person = UserFactory(
        local_authority=local_authority, first_name="<i>Ann", last_name="O'Neil & co</i>"
    )
    rebaselined = services.action_create(
        user=improvement_lead,
        section=section,
        reference='1.1"><script>',
        description=f"Describe {HOSTILE}\nsecond line",
        owner_posts=[post],
        owner_users=[person],
        owner_organisations=[organisation],
        owner_note=f"Note {HOSTILE}",
        starts_on=datetime.date(2020, 1, 5),
        due_on=datetime.date(2020, 3, 31),
    )
    services.action_update(
        user=improvement_lead,
        action=rebaselined,
        expected_version=rebaselined.version,
        section=section,
        reference=rebaselined.reference,
        description=rebaselined.description,
        owner_posts=[post],
        owner_users=[person],
        owner_organisations=[organisation],
        owner_note=rebaselined.owner_note,
        linked_recommendations=[],
        starts_on=rebaselined.starts_on,
        due_on=datetime.date(2020, 6, 30),
        due_date_change_reason="Staff left",
    )
    rebaselined.refresh_from_db()
    services.action_record_progress(
        user=improvement_lead,
        action=rebaselined,
        expected_version=rebaselined.version,
        narrative=f"Progress {HOSTILE}",
        status="in_progress",
        brag="amber",
        recorded_on=datetime.date(2020, 4, 1),
    )
    services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.2 & <b>",
        description=HOSTILE,
        due_on=None,
    )
    done = services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.3",
        description="Done",
        due_on=datetime.date(2020, 1, 1),
    )
    services.action_record_progress(
        user=improvement_lead,
        action=done,
        expected_version=done.version,
        narrative="Finished",
        status="completed",
        recorded_on=datetime.date(2020, 2, 1),
    )


@pytest.mark.django_db
def test_action_rows_html_matches_the_template_byte_for_byte(plan, hostile_actions):
    rows = selectors.plan_action_rows(plan=plan, today=datetime.date(2026, 12, 6))
    assert len(rows) == 3
    expected = engines["django"].from_string(TEMPLATE_ROWS).render({"actions": rows})

    assert presenters.action_rows_html(rows) == expected


@pytest.mark.django_db
def test_action_rows_html_escapes_every_field(plan, hostile_actions):
    html = presenters.action_rows_html(
        selectors.plan_action_rows(plan=plan, today=datetime.date(2026, 12, 6))
    )

    assert "<script>" not in html
    assert "<b>" not in html
    assert "<i>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&#x27;quoted&#x27;" in html
    assert "&amp;amp;" in html  # an ampersand already escaped in the data is escaped again
    assert 'href="/plans/' in html
    assert "1.1&quot;&gt;&lt;script&gt;" in html  # a reference cannot leave its attribute
    assert "Re-baselined from 31 March 2020" in html
    assert '<span class="app-overdue">Overdue</span>' in html
    assert "No progress recorded" in html
    assert "No date" in html


@pytest.mark.django_db
def test_plan_page_shows_the_rows_escaped(client, improvement_lead, plan, hostile_actions):
    client.force_login(improvement_lead)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    rows = selectors.plan_action_rows(plan=plan)
    assert presenters.action_rows_html(rows) in content
    assert HOSTILE not in content


NEW_SECTIONS = (
    "{% load plans %}  {% if detail.sections %}{% plan_sections detail.sections can_edit=can_edit "
    "add_action_url=add_action_url filtered=filters.is_active %}{% else %}\n"
    '    {% if filters.is_active %}<p class="govuk-body">No actions match your filters.</p>'
    '{% else %}<p class="govuk-body">This plan has no sections yet.</p>{% endif %}\n'
    "  {% endif %}\n"
)


@pytest.fixture
def hostile_section(plan, improvement_lead, inspection):
    """A section with hostile text in its title, aim, outcomes, theme and recommendation."""
    theme = services.theme_create(user=improvement_lead, plan=plan, name=f"Theme {HOSTILE}")
    recommendation = RecommendationFactory(inspection=inspection, number=7, text=HOSTILE)
    return services.section_create(
        user=improvement_lead,
        plan=plan,
        number=2,
        title=f"Title {HOSTILE}",
        aim=f"Aim {HOSTILE}\nsecond line",
        theme=theme,
        recommendations=[recommendation],
        expected_outcomes=[f"Outcome {HOSTILE}", "Plain"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("can_edit", [True, False])
@pytest.mark.parametrize("filters", [{}, {"status": "in_progress"}, {"query": "nothing-matches"}])
def test_plan_sections_html_matches_the_template_byte_for_byte(
    plan, hostile_actions, hostile_section, can_edit, filters
):
    chosen = PlanFilters(**filters)
    context = {
        "detail": selectors.plan_get_detail(
            plan=plan, filters=chosen, today=datetime.date(2026, 12, 6)
        ),
        "filters": chosen,
        "can_edit": can_edit,
        "add_action_url": reverse("plans:action_create", args=[plan.pk]),
        "plan": plan,
    }
    engine = engines["django"]

    new = engine.from_string(NEW_SECTIONS).render(context)

    assert new == engine.from_string(TEMPLATE_SECTIONS).render(context)
    assert "<script>" not in new


@pytest.mark.django_db
def test_plan_sections_html_for_a_plan_without_sections(plan):
    context = {
        "detail": selectors.plan_get_detail(plan=plan),
        "filters": PlanFilters(),
        "can_edit": True,
        "add_action_url": "/x/",
    }
    engine = engines["django"]

    new = engine.from_string(NEW_SECTIONS).render(context)

    assert new == engine.from_string(TEMPLATE_SECTIONS).render(context)
    assert "This plan has no sections yet." in new
