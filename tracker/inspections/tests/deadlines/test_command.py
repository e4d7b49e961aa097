"""`manage.py inspection_deadlines`: the rules from the command line."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from tracker.core.models import ClosureDay

pytestmark = pytest.mark.django_db


def _run(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("inspection_deadlines", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_command_prints_stockton_action_plan_due_as_json():
    lines = _run(
        "--kind", "standard", "--published", "2023-05-09", "--grade", "requires_improvement",
        "--end", "2023-03-17", "--json",
    )  # fmt: skip
    assert lines[0] == {
        "key": "action_plan_due",
        "name": "Action plan due",
        "date": "2023-08-16",
        "rule": lines[0]["rule"],
    }
    assert "70 working days" in lines[0]["rule"]
    assert lines[1]["key"] == "next_inspection"
    assert (lines[1]["earliest"], lines[1]["latest"]) == ("2025-09-17", "2026-09-17")
    assert "date" not in lines[1]


def test_command_solihull_inadequate_with_improvement_notice():
    lines = _run(
        "--kind", "standard", "--published", "2023-01-13", "--grade", "inadequate",
        "--end", "2022-11-11", "--notice", "2022-11-01", "--json",
    )  # fmt: skip
    by_key = {line["key"]: line for line in lines}
    assert by_key["action_planning_visit"]["date"] == "2023-02-24"
    assert by_key["action_plan_due"]["date"] == "2023-04-25"
    assert by_key["monitoring_visit_1"]["earliest"] == "2023-04-13"
    assert by_key["reinspection"]["latest"] == "2025-10-13"
    assert by_key["dfe_review_1"]["date"] == "2023-05-01"
    assert all({"name", "rule"} <= line.keys() for line in lines)


def test_command_focused_visit_and_jtai():
    [focused] = _run(
        "--kind", "focused_visit", "--published", "2022-12-02", "--areas-for-priority-action",
        "--json",
    )  # fmt: skip
    assert focused["date"] == "2023-01-04"
    [jtai] = _run("--kind", "jtai", "--published", "2022-02-07", "--json")
    assert jtai["date"] == "2022-05-19"
    assert _run("--kind", "monitoring_visit", "--published", "2023-06-01", "--json") == []


def test_command_counts_the_closures_table():
    ClosureDay.objects.create(
        falls_on=datetime.date(2023, 6, 1),
        kind=ClosureDay.Kind.EXTRA_CLOSURE,
        reason="Local closure",
    )
    [line, _] = _run("--kind", "short", "--published", "2023-05-09", "--grade", "good", "--json")
    assert line["date"] == "2023-08-17"


def test_command_without_json_prints_uk_dates():
    out = io.StringIO()
    call_command("inspection_deadlines", "--kind", "jtai", "--published", "2022-02-07", stdout=out)
    assert "Written Statement of Action due: 19 May 2022" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "sif", "--published", "2023-01-13"], "--kind must be one of standard, short"),
        (["--kind", "standard", "--published", "13/01/2023", "--grade", "good"], "YYYY-MM-DD"),
        (["--kind", "standard", "--published", "2023-02-30", "--grade", "good"], "YYYY-MM-DD"),
        (["--kind", "standard", "--published", "2023-01-13"], "--grade is needed"),
        (
            ["--kind", "standard", "--published", "2023-01-13", "--grade", "poor"],
            "--grade must be one of outstanding",
        ),
        (
            [
                "--kind",
                "short",
                "--published",
                "2023-01-13",
                "--grade",
                "good",
                "--end",
                "2023-02-01",
            ],
            "--end must be on or before --published",
        ),
    ],
)
def test_command_refuses_bad_input_with_status_2(args, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("inspection_deadlines", *args, "--json")
    assert raised.value.returncode == 2


def test_command_line_exits_2_with_a_one_line_message(capsys):
    utility = ManagementUtility(
        ["manage.py", "inspection_deadlines", "--kind", "standard", "--published", "2023-01-13"]
    )
    with pytest.raises(SystemExit) as raised:
        utility.execute()
    assert raised.value.code == 2
    assert "--grade is needed for a standard inspection" in capsys.readouterr().err


def test_command_line_missing_kind_exits_2(capsys):
    utility = ManagementUtility(["manage.py", "inspection_deadlines", "--published", "2023-01-13"])
    with pytest.raises(SystemExit) as raised:
        utility.execute()
    assert raised.value.code == 2
    assert "--kind" in capsys.readouterr().err
