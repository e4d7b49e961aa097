"""`manage.py import_measure_values`: the same import from the command line."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from tracker.performance.models import MeasureValue
from tracker.performance.tests.imports.builders import csv_bytes, xlsx_bytes
from tracker.performance.tests.imports.conftest import in_force, recorded

pytestmark = pytest.mark.django_db

OCT = datetime.date(2025, 10, 31)
PACK = [
    ["Ref", "Measure", "Sep 2025", "Oct 2025", "Nov 2025"],
    ["CIN-03", "Re-referrals within 12 months", "20%", "21.5%", ""],
    ["WF-02", "Average social worker caseload", "18", "19", "n/a"],
]


@pytest.fixture
def pack(tmp_path, re_referrals, caseload):
    path = tmp_path / "October pack.xlsx"
    path.write_bytes(xlsx_bytes(PACK))
    return path


def _run(*args) -> str:
    out = StringIO()
    call_command("import_measure_values", *map(str, args), stdout=out)
    return out.getvalue()


def test_command_imports_the_pack_and_says_what_it_did(pack, re_referrals):
    recorded(re_referrals, OCT, "20")
    output = _run(pack, "--local-authority", "solihull", "--source", "Monthly pack")
    assert "Correct CIN-03 October 2025: 20 → 21.5 (row 2, column D (Oct 2025))" in output
    assert "Add WF-02 September 2025: 18" in output
    assert (
        "Imported from October pack.xlsx: 3 value(s) added, 1 corrected, 0 unchanged, "
        "2 blank or n/a passed over"
    ) in output
    assert in_force(re_referrals, OCT) == [Decimal("20.00"), Decimal("21.50")]
    assert MeasureValue.objects.count() == 5
    assert set(MeasureValue.objects.values_list("source", flat=True)) == {"", "Monthly pack"}


def test_command_prints_one_json_object(pack, re_referrals):
    recorded(re_referrals, OCT, "21.5")
    result = json.loads(_run(pack, "--local-authority", "Solihull", "--json"))
    assert result["ready"] is True
    assert result["saved"] is True
    assert result["layout"] == "wide"
    assert result["source"] == "Imported from October pack.xlsx"
    assert result["counts"] == {
        "added": 3,
        "corrected": 0,
        "unchanged": 1,
        "skipped": 2,
        "problems": 0,
    }
    assert result["problems"] == []
    assert result["values"][0] == {
        "place": "row 2, column C (Sep 2025)",
        "outcome": "add",
        "measure": "CIN-03",
        "measure_id": re_referrals.pk,
        "measure_text": "CIN-03",
        "period_end": "2025-09-30",
        "value": "20",
        "old_value": None,
        "statistical_neighbours": None,
        "england": None,
        "region": None,
        "problems": [],
    }
    assert [value["outcome"] for value in result["values"]] == [
        "add",
        "unchanged",
        "skipped",
        "add",
        "add",
        "skipped",
    ]


def test_command_dry_run_writes_nothing(pack):
    output = _run(pack, "--local-authority", "Solihull", "--dry-run")
    assert "Would import (dry run: nothing was saved)" in output
    assert MeasureValue.objects.count() == 0
    result = json.loads(_run(pack, "--local-authority", "Solihull", "--dry-run", "--json"))
    assert (result["ready"], result["saved"], result["counts"]["added"]) == (True, False, 4)
    assert MeasureValue.objects.count() == 0


def test_command_prints_every_problem_and_exits_non_zero_saving_nothing(
    tmp_path, re_referrals, caseload, capsys
):
    path = tmp_path / "pack.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["Reference", "Period end", "Value"],
                ["CIN-03", "2025-10-31", "20"],
                ["XYZ", "2025-10-31", "20"],
                ["WF-02", "2025-10-30", "lots"],
            ]
        )
    )
    # The command's exit closes the database connections; keep the test's transaction open.
    with (
        mock.patch("django.core.management.base.connections.close_all"),
        pytest.raises(SystemExit) as exit_status,
    ):
        execute_from_command_line(
            ["manage.py", "import_measure_values", str(path), "--local-authority", "Solihull"]
        )
    assert exit_status.value.code == 1
    captured = capsys.readouterr()
    assert "Problem: row 3: there is no measure ‘XYZ’ in your authority's scorecard" in captured.out
    assert "Problem: row 4: 30 October 2025 does not end a month of WF-02" in captured.out
    assert "Problem: row 4: ‘lots’ is not a number" in captured.out
    assert "3 problem(s) in pack.csv: nothing was imported" in captured.err
    assert MeasureValue.objects.count() == 0


def test_command_json_lists_problems_with_their_rows(tmp_path, re_referrals):
    path = tmp_path / "pack.csv"
    path.write_bytes(csv_bytes([["Reference", "Period end", "Value"], ["CIN-03", "x", "1"]]))
    out = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_measure_values",
            str(path),
            "--local-authority",
            "Solihull",
            "--json",
            stdout=out,
        )
    result = json.loads(out.getvalue())
    assert result["ready"] is False
    assert result["problems"] == [{"place": "row 2", "message": "‘x’ is not a date or a month"}]
    assert result["values"][0]["outcome"] == "problem"


def test_command_refuses_an_unknown_local_authority(pack):
    with pytest.raises(CommandError, match="There is no local authority called ‘Nowhere’"):
        _run(pack, "--local-authority", "Nowhere")
    assert MeasureValue.objects.count() == 0


def test_command_matches_only_the_named_authority_s_measures(pack, other_local_authority):
    with pytest.raises(CommandError, match="4 problem"):
        _run(pack, "--local-authority", "Elsewhere")
    assert MeasureValue.objects.count() == 0


def test_command_refuses_a_missing_or_unreadable_file(tmp_path, local_authority):
    with pytest.raises(CommandError, match="There is no file"):
        _run(tmp_path / "missing.xlsx", "--local-authority", "Solihull")
    path = tmp_path / "pack.xlsx"
    path.write_bytes(b"not a spreadsheet")
    with pytest.raises(CommandError, match=r"is not an Excel spreadsheet \(.xlsx\)"):
        _run(path, "--local-authority", "Solihull")
