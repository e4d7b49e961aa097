"""`manage.py import_plan`: the same import from the command line."""

from __future__ import annotations

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from tracker.accounts.models import Post
from tracker.inspections.tests.factories import RecommendationFactory
from tracker.plans.demo.ilacs_2019 import RECOMMENDATIONS, status_for_progress
from tracker.plans.imports import parse_word_plan
from tracker.plans.imports.validate import ReferenceData, check_plan
from tracker.plans.models import Plan
from tracker.plans.tests.imports.builders import csv_bytes, seed_plan_docx, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "Ofsted ILACS action plan.docx"
    path.write_bytes(seed_plan_docx())
    return path


@pytest.fixture
def seed_statuses():
    """--status for every wording the importer does not recognise, read as the demo does."""
    checked = check_plan(parse_word_plan(seed_plan_docx()), reference=ReferenceData())
    return [
        f"--status={wording.text}={':'.join(status_for_progress(wording.text))}"
        for wording in checked.unmapped
    ]


def _run(*args):
    out = StringIO()
    call_command("import_plan", *map(str, args), stdout=out)
    return out.getvalue()


def test_dry_run_says_what_would_be_created_and_saves_nothing(
    local_authority, seed_file, seed_statuses
):
    output = _run(seed_file, "--local-authority", "Solihull", "--dry-run", *seed_statuses)

    assert "Would create ‘Ofsted ILACS action plan’: 10 sections, 51 actions" in output
    assert "  1. Quality assurance and audit arrangements" in output
    assert "Who: Head of Service Safeguards (new)  Status: Completed (Blue)" in output
    assert "Dry run: nothing was saved." in output
    assert Plan.objects.count() == 0
    assert Post.objects.count() == 0


def test_import_creates_the_plan_linked_to_the_inspection(
    local_authority, inspection, seed_file, seed_statuses
):
    for number, text in enumerate(RECOMMENDATIONS, start=1):
        RecommendationFactory(inspection=inspection, number=number, text=text)

    output = _run(
        seed_file,
        "--local-authority",
        "Solihull Metropolitan Borough Council",
        "--title",
        "Action plan 2020",
        "--inspection-id",
        inspection.pk,
        "--progress-as-at",
        "2021-06-30",
        "--next-review",
        "2021-09-30",
        *seed_statuses,
    )

    plan = Plan.objects.get()
    assert f"Created ‘Action plan 2020’: 10 sections, 51 actions (plan {plan.pk})" in output
    assert plan.title == "Action plan 2020"
    assert list(plan.inspections.all()) == [inspection]
    assert plan.sections.get(number=6).title == RECOMMENDATIONS[5]
    assert plan.actions.filter(status="business_as_usual").count() == 14


def test_unmapped_statuses_and_problems_are_listed_with_their_places_and_fail(
    local_authority, seed_file
):
    out = StringIO()
    with pytest.raises(CommandError, match="5 status wording\\(s\\) to map: nothing was imported"):
        call_command("import_plan", str(seed_file), "--local-authority", "Solihull", stdout=out)

    assert (
        "Status to map: ‘Completed and next Audit in summer 2021’ (table 4, row 2)"
        in out.getvalue()
    )
    assert Plan.objects.count() == 0


def test_problems_exit_non_zero_from_the_command_line(local_authority, tmp_path, capsys):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([["Ref", "Action"], ["1", "Audit"], ["2", ""]]))

    # run_from_argv closes every database connection when the command ends, which would end
    # the test's own transaction on PostgreSQL.
    with (
        mock.patch("django.core.management.base.connections.close_all"),
        pytest.raises(SystemExit) as exit_status,
    ):
        execute_from_command_line(
            ["manage.py", "import_plan", str(path), "--local-authority", "Solihull", "--dry-run"]
        )

    assert exit_status.value.code == 1
    captured = capsys.readouterr()
    assert "Problem: row 3: no action text" in captured.out
    assert "1 problem(s) and 0 status wording(s) to map: nothing was imported" in captured.err
    assert Plan.objects.count() == 0


def test_json_output_and_column_choices_for_spreadsheets(local_authority, tmp_path):
    path = tmp_path / "plan.xlsx"
    rows = [
        ["Ref", "Task detail", "Lead officer", "RAG"],
        ["1.1", "Audit cases", "Principal Social Worker", "Amber"],
    ]
    path.write_bytes(xlsx_bytes(rows))

    output = _run(path, "--local-authority", "solihull", "--column", "Task detail=action", "--json")

    result = json.loads(output)
    plan = Plan.objects.get()
    assert result["ready"] is True
    assert result["plan_id"] == plan.pk
    assert result["new_posts"] == ["Principal Social Worker"]
    assert result["sections"][0]["actions"][0] == {
        "reference": "1.1",
        "place": "row 2",
        "description": "Audit cases",
        "owners": ["Principal Social Worker"],
        "new_owners": ["Principal Social Worker"],
        "owner_note": "",
        "due_on": None,
        "progress": "",
        "status": "in_progress:amber",
    }
    assert plan.actions.get().brag == "amber"


def test_column_letters_and_none_can_be_given(local_authority, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(
        csv_bytes([["Action", "Who", "Notes"], ["Audit", "Principal Social Worker", "x"]])
    )

    output = _run(
        path, "--local-authority", "Solihull", "--column", "B=none", "--dry-run", "--json"
    )

    assert json.loads(output)["sections"][0]["actions"][0]["owners"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--local-authority", "Nowhere"], "There is no local authority called ‘Nowhere’"),
        (["--local-authority", "Solihull", "--inspection-id", "999"], "has no inspection 999"),
        (["--local-authority", "Solihull", "--status", "Done=finished"], "not a status choice"),
        (["--local-authority", "Solihull", "--status", "Done"], "Write --status as TEXT=VALUE"),
    ],
)
def test_bad_arguments_are_refused(local_authority, seed_file, args, message):
    with pytest.raises(CommandError, match=message):
        _run(seed_file, *args)


def test_a_malformed_file_is_refused_with_the_same_message_as_the_pages(local_authority, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"not a zip at all")

    with pytest.raises(CommandError, match=r"not a Word document \(.docx\)"):
        _run(path, "--local-authority", "Solihull")
