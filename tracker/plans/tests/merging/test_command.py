"""`manage.py merge_plans`: the same merge from the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tracker.plans.models import Action, PlanMerge
from tracker.plans.tests.factories import PlanFactory


def _run(*args):
    out = io.StringIO()
    call_command("merge_plans", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_merge_plans_dry_run_prints_json_and_changes_nothing(source, target):
    before = list(Action.objects.order_by("pk").values_list("pk", "plan_id", "reference"))

    data = json.loads(_run(source.pk, "--into", target.pk, "--dry-run", "--json"))

    assert data["dry_run"] is True
    assert data["counts"]["actions"] == 5
    assert data["counts"]["progress updates"] == 5
    assert [row["section"] for row in data["mapping"]] == [
        "1. Training for social workers",
        "2. Joint working in the MASH",
    ]
    assert data["mapping"][0]["to_theme"] == "Workforce"
    assert data["merge"] is None
    assert list(Action.objects.order_by("pk").values_list("pk", "plan_id", "reference")) == before
    assert not PlanMerge.objects.exists()


def test_merge_plans_merges(source, target):
    data = json.loads(_run(source.pk, "--into", target.pk, "--json"))

    assert data["dry_run"] is False
    assert data["target"] == target.pk
    assert PlanMerge.objects.get().pk == data["merge"]
    assert Action.objects.filter(plan=target).count() == 6
    with pytest.raises(CommandError, match=r"The plans were not merged: .*This plan was merged"):
        _run(source.pk, "--into", target.pk)
    assert PlanMerge.objects.count() == 1


def test_merge_plans_into_a_new_plan_prints_what_moved(source, second_source):
    text = _run(source.pk, second_source.pk, "--new-title", "One plan")

    assert "JTAI Statement of Action, 1. Training for social workers → a new section" in text
    assert "actions: 6" in text
    assert "Merged into One plan." in text


def test_merge_plans_refuses_missing_and_foreign_plans(source, other_local_authority):
    with pytest.raises(CommandError, match="There is no plan with the id 999999"):
        _run(999999, "--into", source.pk)
    other = PlanFactory(local_authority=other_local_authority)
    with pytest.raises(CommandError, match="Choose plans of your own local authority"):
        _run(other.pk, "--into", source.pk)
    assert not PlanMerge.objects.exists()
