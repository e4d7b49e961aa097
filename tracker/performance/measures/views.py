"""Pages for the measures scorecard, a measure, its targets and its values."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.formatting import format_date
from tracker.core.forms import submit_form
from tracker.performance import rules
from tracker.performance.access import (
    measure_get_for_user,
    measure_value_get_for_user,
    target_get_for_user,
)
from tracker.performance.evidence.access import user_can_add_evidence_beyond_actions
from tracker.performance.evidence.selectors import evidence_for_values
from tracker.performance.measures import charts, presenters, selectors, services
from tracker.performance.measures.access import require_measure_editor, user_can_edit_measures
from tracker.performance.measures.forms import (
    MeasureForm,
    MeasureRetireForm,
    TargetForm,
    TargetRemoveForm,
    ValueCorrectForm,
    ValueForm,
)
from tracker.performance.measures.rules import TREND_RULE, TREND_RULE_NAME
from tracker.performance.models import Frequency, Measure, MeasureValue, period_label

RULES = {
    "rag_rule_name": rules.RAG_RULE_NAME,
    "rag_rule": rules.RAG_RULE,
    "trend_rule_name": TREND_RULE_NAME,
    "trend_rule": TREND_RULE,
    "period_rule": rules.PERIOD_RULE,
}


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 10 else None


def _filters(query: QueryDict, choices: selectors.ScorecardFilterChoices) -> dict[str, Any]:
    """The scorecard's filters from the query string; anything not offered is ignored."""
    theme = query.get("theme", "")
    section = query.get("section", "")
    rag = query.get("rag", "")
    frequency = query.get("frequency", "")
    return {
        "theme": theme if theme in {value for value, _ in choices.themes} else "",
        "section": section if section in {value for value, _ in choices.sections} else "",
        "rag": rag if rag in {value for value, _ in choices.rags} else "",
        "frequency": frequency if frequency in Frequency.values else "",
    }


def measure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    choices = selectors.scorecard_filter_choices(local_authority=local_authority)
    filters = _filters(request.GET, choices)
    rows = selectors.scorecard_for_authority(
        local_authority=local_authority,
        theme_id=_int_or_none(filters["theme"]),
        section_id=_int_or_none(filters["section"]),
        rag=filters["rag"] or None,
        frequency=filters["frequency"] or None,
    )
    context = {
        "local_authority": local_authority,
        "rows": [presenters.scorecard_line(row) for row in rows],
        "choices": choices,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "retired": selectors.retired_measures_for_authority(local_authority=local_authority),
        "can_edit": user_can_edit_measures(user=request.user),
        **RULES,
    }
    return render(request, "performance/measure_list.html", context)


def measure_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    require_measure_editor(user=request.user)
    form = MeasureForm(
        request.POST or None, initial={"tolerance": "0"}, local_authority=local_authority
    )
    saved = submit_form(
        request,
        form,
        lambda: services.measure_create(
            user=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message=lambda measure: f"{measure.name} added to the scorecard",
        to=lambda measure: measure,
    )
    return saved or render(request, "performance/measure_form.html", {"form": form})


def measure_detail(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    measure = measure_get_for_user(user=request.user, measure_id=measure_id)
    detail = selectors.measure_get_detail(measure=measure)
    periods = presenters.period_lines(detail)
    evidence = evidence_for_values(line.current.value.pk for line in periods)
    context = {
        "measure": measure,
        "detail": detail,
        "summary_rows": presenters.measure_summary_rows(detail),
        "periods": [(line, evidence.get(line.current.value.pk, [])) for line in periods],
        "can_add_evidence": user_can_add_evidence_beyond_actions(user=request.user),
        "targets": presenters.target_lines(detail),
        "chart": charts.measure_trend_chart(detail),
        "can_edit": user_can_edit_measures(user=request.user) and measure.retired_on is None,
        **RULES,
    }
    return render(request, "performance/measure_detail.html", context)


def measure_update(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    measure = measure_get_for_user(user=request.user, measure_id=measure_id)
    require_measure_editor(user=request.user)
    initial = {
        "version": measure.version,
        "reference": measure.reference,
        "name": measure.name,
        "definition": measure.definition,
        "unit": measure.unit,
        "direction": measure.direction,
        "frequency": measure.frequency,
        "source": measure.source,
        "tolerance": measure.tolerance,
        "expected_outcomes": [outcome.pk for outcome in measure.expected_outcomes.all()],
        "sections": [section.pk for section in measure.sections.all()],
        "themes": [theme.pk for theme in measure.themes.all()],
    }
    form = MeasureForm(
        request.POST or None, initial=initial, local_authority=measure.local_authority
    )
    saved = submit_form(
        request,
        form,
        lambda: services.measure_update(
            user=request.user,
            measure=measure,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Measure updated",
        to=lambda measure: measure,
    )
    context = {"form": form, "measure": measure}
    return saved or render(request, "performance/measure_form.html", context)


def measure_retire(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    measure = measure_get_for_user(user=request.user, measure_id=measure_id)
    require_measure_editor(user=request.user)
    form = MeasureRetireForm(
        request.POST if request.method == "POST" else None, initial={"version": measure.version}
    )
    saved = submit_form(
        request,
        form,
        lambda: services.measure_retire(
            user=request.user, measure=measure, expected_version=form.cleaned_data["version"]
        ),
        message=lambda measure: f"{measure.name} is retired",
        to=lambda measure: measure,
    )
    context = {"form": form, "measure": measure}
    return saved or render(request, "performance/measure_retire.html", context)


def target_create(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    measure = measure_get_for_user(user=request.user, measure_id=measure_id)
    require_measure_editor(user=request.user)
    form = TargetForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.target_set(
            user=request.user,
            measure=measure,
            value=form.cleaned_data["value"],
            applies_from=form.cleaned_data["applies_from"],
            note=form.cleaned_data["note"],
        ),
        message=lambda target: (
            f"Target of {presenters.format_value(target.value, unit=measure.unit)} set from "
            f"{format_date(target.applies_from)}"
        ),
        to=lambda target: measure.get_absolute_url() + "#targets",
    )
    context = {"form": form, "measure": measure}
    return saved or render(request, "performance/target_form.html", context)


def target_remove(
    request: AuthenticatedHttpRequest, measure_id: int, target_id: int
) -> HttpResponse:
    target = target_get_for_user(user=request.user, measure_id=measure_id, target_id=target_id)
    require_measure_editor(user=request.user)
    measure = target.measure
    form = TargetRemoveForm(request.POST if request.method == "POST" else None)
    description = (
        f"{presenters.format_value(target.value, unit=measure.unit)} from "
        f"{format_date(target.applies_from)}"
    )
    saved = submit_form(
        request,
        form,
        lambda: services.target_remove(user=request.user, target=target),
        message=f"Target of {description} removed",
        to=lambda _: measure.get_absolute_url() + "#targets",
    )
    context = {"form": form, "measure": measure, "target": target, "description": description}
    return saved or render(request, "performance/target_remove.html", context)


def value_create(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    measure = measure_get_for_user(user=request.user, measure_id=measure_id)
    require_measure_editor(user=request.user)
    form = ValueForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.measure_value_record(
            user=request.user,
            measure=measure,
            source=form.cleaned_data["source"] or "Typed in",
            **{
                name: form.cleaned_data[name]
                for name in (
                    "period_end",
                    "value",
                    "statistical_neighbours",
                    "england",
                    "region",
                    "note",
                )
            },
        ),
        message=lambda value: _value_message(measure, value, "recorded"),
        to=lambda value: measure.get_absolute_url() + "#values",
    )
    context = {"form": form, "measure": measure, "period_rule": rules.PERIOD_RULE}
    return saved or render(request, "performance/value_form.html", context)


def _value_message(measure: Measure, value: MeasureValue, verb: str) -> str:
    period = period_label(frequency=measure.frequency, period_end=value.period_end)
    return f"{presenters.format_value(value.value, unit=measure.unit)} {verb} for {period}"


def value_correct(
    request: AuthenticatedHttpRequest, measure_id: int, value_id: int
) -> HttpResponse:
    value = measure_value_get_for_user(user=request.user, measure_id=measure_id, value_id=value_id)
    require_measure_editor(user=request.user)
    measure = value.measure
    initial = {
        "value": value.value,
        "statistical_neighbours": value.statistical_neighbours,
        "england": value.england,
        "region": value.region,
    }
    form = ValueCorrectForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: services.measure_value_correct(
            user=request.user,
            value=value,
            new_value=form.cleaned_data["value"],
            statistical_neighbours=form.cleaned_data["statistical_neighbours"],
            england=form.cleaned_data["england"],
            region=form.cleaned_data["region"],
            reason=form.cleaned_data["reason"],
            source="Typed in",
        ),
        message=lambda correction: _value_message(measure, correction, "recorded as a correction"),
        to=lambda correction: measure.get_absolute_url() + "#values",
    )
    context = {
        "form": form,
        "measure": measure,
        "value": value,
        "period": period_label(frequency=measure.frequency, period_end=value.period_end),
        "current": presenters.format_value(value.value, unit=measure.unit),
        "is_corrected": selectors.measure_value_is_corrected(value=value),
        "detail_url": reverse("performance:measure_detail", args=[measure.pk]),
    }
    return saved or render(request, "performance/value_correct.html", context)
