"""`python manage.py plan_coverage --plan ID [--json]`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tracker.performance.coverage.rules import GapKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from tracker.performance.coverage import selectors
    from tracker.performance.tests.coverage.conftest import TODAY

    monkeypatch.setattr(selectors.timezone, "localdate", lambda: TODAY)


def _run(*args):
    out = StringIO()
    call_command("plan_coverage", *args, stdout=out)
    return out.getvalue()


def test_plan_coverage_json_is_one_object_with_plan_gaps_and_totals(small_plan):
    p = small_plan

    data = json.loads(_run("--plan", str(p.plan.pk), "--json"))

    assert set(data) == {"plan", "gaps", "totals"}
    assert data["plan"] == p.plan.pk
    assert list(data["gaps"]) == list(GapKind.values)
    assert data["gaps"] == {
        "recommendation_unanswered": [{"id": p.rec2.pk, "reference": "Recommendation 2"}],
        "action_without_outcome": [{"id": p.a21.pk, "reference": "2.1"}],
        "outcome_without_measure": [{"id": p.o2.pk, "reference": "Section 1, outcome 2"}],
        "measure_value_missing": [{"id": p.m2.pk, "reference": "CIN-02"}],
        "measure_off_target": [{"id": p.m1.pk, "reference": "CIN-01"}],
        "completed_without_evidence": [
            {"id": p.a13.pk, "reference": "1.3"},
            {"id": p.a14.pk, "reference": "1.4"},
        ],
        "verified_without_backing": [{"id": p.a14.pk, "reference": "1.4"}],
    }
    assert data["totals"]["gaps"] == 8
    assert data["totals"]["completed_without_evidence"] == {"count": 2, "of": 3, "percent": 67}
    assert set(data["totals"]) == {"gaps", *GapKind.values}


def test_plan_coverage_without_json_is_a_readable_summary(small_plan):
    text = _run("--plan", str(small_plan.plan.pk))

    assert text.startswith(f"Ofsted action plan (plan {small_plan.plan.pk}): 8 gaps")
    assert "Completed action with no evidence: 2 of 3 completed actions (67%)" in text
    assert "  1.3: Action 1.3" in text


def test_plan_coverage_of_an_unknown_plan_is_an_error(db):
    with pytest.raises(CommandError, match="There is no plan with id 999999"):
        _run("--plan", "999999", "--json")
