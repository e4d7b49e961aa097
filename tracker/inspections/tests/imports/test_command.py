"""`manage.py import_ofsted_report`: the command-line contract, and saving."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tracker.inspections.imports.ofsted_report import parse_report
from tracker.inspections.models import Inspection, Judgement, Recommendation

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ofsted-reports"
SOLIHULL_2019 = str(FIXTURES / "solihull-ilacs-published-2020-01-09.pdf")
BARNSLEY_2023 = str(FIXTURES / "barnsley-ilacs-short-published-2023-10-27.pdf")
CONTRACT_KEYS = [
    "file",
    "local_authority",
    "framework",
    "kind",
    "inspection_start",
    "inspection_end",
    "lead_inspector",
    "judgements",
    "recommendations",
    "warnings",
]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _run(*args: str) -> tuple[list[dict], str, CommandError | None]:
    out, err = StringIO(), StringIO()
    failure = None
    try:
        call_command("import_ofsted_report", *args, stdout=out, stderr=err)
    except CommandError as error:
        failure = error
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), failure


def test_dry_run_json_prints_one_object_a_line_for_each_file_in_order():
    paths = [str(path) for path in sorted(FIXTURES.glob("*.pdf"))]
    lines, _, failure = _run(*paths, "--dry-run", "--json")
    assert failure is None
    assert [line["file"] for line in lines] == paths
    for path, line in zip(paths, lines, strict=True):
        assert list(line)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert line["framework"] in {"ILACS", "SIF"}
        assert line["kind"] in {"standard", "short", "sif"}
        assert ISO_DATE.fullmatch(line["inspection_start"])
        assert ISO_DATE.fullmatch(line["inspection_end"])
        assert all(set(j) == {"area", "grade", "text"} for j in line["judgements"])
        assert all(set(r) == {"number", "text"} for r in line["recommendations"])
        assert line["warnings"] == []
        expected = parse_report(Path(path).read_bytes())
        assert [(j["area"], j["grade"], j["text"]) for j in line["judgements"]] == [
            (j.area, j.grade, j.text) for j in expected.judgements
        ]
        assert [r["text"] for r in line["recommendations"]] == [
            r.text for r in expected.recommendations
        ]


def test_dry_run_json_for_the_solihull_2019_report():
    (line,), _, _ = _run(SOLIHULL_2019, "--dry-run", "--json")
    assert line["local_authority"] == "Solihull Metropolitan Borough Council"
    assert (line["framework"], line["kind"]) == ("ILACS", "standard")
    assert (line["inspection_start"], line["inspection_end"]) == ("2019-11-11", "2019-11-22")
    assert line["lead_inspector"] == "Peter McEntee"
    assert line["judgements"][-1] == {
        "area": "overall",
        "grade": "requires_improvement",
        "text": "Requires improvement",
    }
    assert line["recommendations"][8] == {
        "number": 9,
        "text": "Consideration of the need for homeless 16- and 17-year-olds to be cared for, and "
        "to be made aware of that option, by the local authority.",
    }


@pytest.mark.django_db
def test_a_file_that_is_not_a_report_gets_an_error_line_and_the_others_are_still_read(tmp_path):
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("Minutes of the meeting")
    missing = str(tmp_path / "missing.pdf")
    lines, _, failure = _run(str(not_pdf), SOLIHULL_2019, missing, "--dry-run", "--json")
    assert lines[0] == {"file": str(not_pdf), "error": "The selected file must be a PDF"}
    assert lines[1]["file"] == SOLIHULL_2019
    assert len(lines[1]["recommendations"]) == 10
    assert lines[2] == {
        "file": missing,
        "error": "The file could not be opened: No such file or directory",
    }
    assert str(failure) == "2 of 3 files could not be imported"
    assert Inspection.objects.count() == 0


def test_the_command_exits_non_zero_when_a_file_fails(tmp_path):
    not_pdf = tmp_path / "notes.txt"
    not_pdf.write_bytes(b"\x00\x01")
    completed = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "import_ofsted_report",
            SOLIHULL_2019,
            str(not_pdf),
            "--dry-run",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 1
    lines = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [line["file"] for line in lines] == [SOLIHULL_2019, str(not_pdf)]
    assert lines[1] == {"file": str(not_pdf), "error": "The selected file must be a PDF"}


def test_dry_run_without_json_describes_each_report():
    out = StringIO()
    call_command("import_ofsted_report", SOLIHULL_2019, "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Solihull Metropolitan Borough Council, ILACS standard, 2019-11-11 to 2019-11-22" in text
    assert "  10. The focus on and response to private fostering arrangements." in text


@pytest.mark.django_db
def test_saving_needs_a_local_authority(local_authority):
    with pytest.raises(CommandError, match="Give --local-authority to save the reports"):
        call_command("import_ofsted_report", SOLIHULL_2019, stdout=StringIO())
    with pytest.raises(CommandError, match="No single local authority is called “Nowhere”"):
        call_command(
            "import_ofsted_report", SOLIHULL_2019, "--local-authority", "Nowhere", stdout=StringIO()
        )
    assert Inspection.objects.count() == 0


@pytest.mark.django_db
def test_saving_a_report_creates_the_inspection_judgements_and_recommendations(local_authority):
    (line,), _, failure = _run(SOLIHULL_2019, "--local-authority", "solihull", "--json")
    assert failure is None
    inspection = Inspection.objects.get(pk=line["inspection_id"])
    assert inspection.local_authority == local_authority
    assert (inspection.kind, inspection.framework) == ("standard", "ILACS")
    assert (inspection.started_on, inspection.ended_on) == (
        datetime.date(2019, 11, 11),
        datetime.date(2019, 11, 22),
    )
    assert inspection.lead_inspector == "Peter McEntee"
    assert list(Judgement.objects.filter(inspection=inspection).values_list("area", "grade")) == [
        ("impact_of_leaders", "requires_improvement"),
        ("help_and_protection", "requires_improvement"),
        ("children_in_care_and_care_leavers", "good"),
        ("overall", "requires_improvement"),
    ]
    recommendations = Recommendation.objects.filter(inspection=inspection).order_by("number")
    assert [r.number for r in recommendations] == list(range(1, 11))
    assert recommendations[2].text == (
        "The practice and impact of ‘threshold’ visits on children and families should be reviewed."
    )
    assert line["saved"].startswith("ILACS standard inspection, 11 November 2019 to 22 November")


@pytest.mark.django_db
def test_saving_the_same_report_twice_is_refused(local_authority):
    out = StringIO()
    call_command("import_ofsted_report", SOLIHULL_2019, "--local-authority", "Solihull", stdout=out)
    assert "saved ILACS standard inspection, 11 November 2019 to 22 November 2019" in out.getvalue()
    lines, _, failure = _run(SOLIHULL_2019, "--local-authority", "Solihull", "--json")
    assert lines == [
        {
            "file": SOLIHULL_2019,
            "error": "This report has already been imported: ILACS standard inspection, "
            "11 November 2019 to 22 November 2019",
        }
    ]
    assert failure is not None
    assert Inspection.objects.count() == 1
    assert Recommendation.objects.count() == 10


@pytest.mark.django_db
def test_another_authoritys_report_is_refused_unless_allowed(local_authority):
    lines, _, failure = _run(BARNSLEY_2023, "--local-authority", "Solihull", "--json")
    assert lines[0]["error"].startswith(
        "The report is about Barnsley, not Solihull Metropolitan Borough Council"
    )
    assert failure is not None
    assert Inspection.objects.count() == 0
    lines, _, failure = _run(
        BARNSLEY_2023, "--local-authority", "Solihull", "--allow-other-authority", "--json"
    )
    assert failure is None
    assert Inspection.objects.get().kind == "short"
    assert Recommendation.objects.count() == 4


@pytest.mark.django_db
def test_each_file_is_saved_in_its_own_transaction(local_authority, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing else")
    lines, _, failure = _run(
        SOLIHULL_2019,
        str(broken),
        str(FIXTURES / "solihull-ilacs-published-2023-01-13.pdf"),
        "--local-authority",
        "Solihull",
        "--json",
    )
    assert ["inspection_id" in line for line in lines] == [True, False, True]
    assert lines[1]["error"].startswith("The selected file could not be read")
    assert str(failure) == "1 of 3 files could not be imported"
    assert Inspection.objects.count() == 2
    assert Recommendation.objects.count() == 19
