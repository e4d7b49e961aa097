"""`manage.py import_ofsted_reports`: the repository's real reports, and generated cases
(duplicates, a bad file in the middle, a zip with folders)."""

from __future__ import annotations

import shutil
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tracker.inspections.national.models import (
    NationalAuthority,
    PublishedInspection,
    PublishedJudgement,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ofsted-reports"
REPORTS = sorted(FIXTURES.glob("*.pdf"))


def _run(*args: str) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    failure = None
    try:
        call_command("import_ofsted_reports", *args, stdout=out, stderr=err)
    except CommandError as error:
        failure = error
    return out.getvalue(), err.getvalue(), failure


def test_imports_every_report_of_a_folder(tmp_path):
    out, err, failure = _run(str(FIXTURES))
    assert failure is None, err
    assert "5 reports imported\n0 already held, skipped\n0 could not be imported" in out
    assert sorted(NationalAuthority.objects.values_list("name", "region")) == [
        ("Barnsley", "Yorkshire and the Humber"),
        ("Solihull", "West Midlands"),
        ("Sunderland", "North East"),
    ]
    solihull = PublishedInspection.objects.filter(national_authority__name="Solihull")
    assert sorted(solihull.values_list("kind", "overall_grade")) == [
        ("sif", "requires_improvement"),
        ("standard", "inadequate"),
        ("standard", "requires_improvement"),
    ]
    barnsley = PublishedInspection.objects.get(national_authority__name="Barnsley")
    assert barnsley.kind == "short"
    assert barnsley.source_name == "barnsley-ilacs-short-published-2023-10-27.pdf"
    # The 2023 framework judges children in care and care leavers separately: five rows.
    assert barnsley.judgements.count() == 5
    # The README beside the reports is passed over.
    assert "1 other file (not PDFs) passed over" in out


def test_importing_again_skips_every_report_held(tmp_path):
    _run(str(FIXTURES))
    out, _err, failure = _run(str(FIXTURES))
    assert failure is None
    assert "0 reports imported\n5 already held, skipped" in out
    assert PublishedInspection.objects.count() == 5


def test_duplicates_in_one_import_are_held_once(tmp_path):
    (tmp_path / "copy").mkdir()
    report = FIXTURES / "sunderland-ilacs-published-2021-08-20.pdf"
    shutil.copy(report, tmp_path / "sunderland.pdf")
    shutil.copy(report, tmp_path / "copy" / "sunderland-again.pdf")
    out, _err, failure = _run(str(tmp_path))
    assert failure is None
    assert "1 report imported\n1 already held, skipped" in out
    assert PublishedInspection.objects.count() == 1


def test_a_bad_file_in_the_middle_is_listed_and_the_others_are_held(tmp_path):
    shutil.copy(REPORTS[0], tmp_path / "a.pdf")
    (tmp_path / "b-broken.pdf").write_bytes(b"%PDF-1.4\nthis is not a whole PDF")
    (tmp_path / "c-letter.pdf").write_bytes(b"Dear Sir, not a PDF at all")
    shutil.copy(REPORTS[-1], tmp_path / "d.pdf")
    out, err, failure = _run(str(tmp_path))
    assert failure is not None
    assert failure.returncode == 1
    assert str(failure) == "2 of 4 reports could not be imported"
    assert "2 reports imported\n0 already held, skipped\n2 could not be imported" in out
    lines = err.splitlines()
    assert lines[0] == "These reports could not be imported:"
    assert lines[1].startswith("  b-broken.pdf: ")
    assert lines[2].startswith("  c-letter.pdf: ")
    assert all(len(line) > 20 for line in lines[1:])
    assert PublishedInspection.objects.count() == 2


def test_a_zip_with_folders(tmp_path):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for report in REPORTS:
            zipped.write(report, f"reports/{report.name[:4]}/{report.name}")
        zipped.writestr("../../escape.pdf", b"%PDF")
        zipped.writestr("reports/index.html", "<p>list</p>")
    out, err, failure = _run(str(archive))
    assert failure is not None
    assert "5 reports imported" in out
    assert "  ../../escape.pdf: The file's name points outside the archive: not read" in err
    assert PublishedInspection.objects.filter(
        source_name="reports/sund/sunderland-ilacs-published-2021-08-20.pdf"
    ).exists()


def test_dry_run_saves_nothing(tmp_path):
    out, _err, failure = _run(str(FIXTURES), "--dry-run")
    assert failure is None
    assert "5 reports would be imported" in out
    assert "Nothing was saved (--dry-run)" in out
    assert NationalAuthority.objects.count() == 0
    assert PublishedInspection.objects.count() == 0


def test_dry_run_counts_reports_held(tmp_path):
    _run(str(FIXTURES))
    out, _err, _failure = _run(str(FIXTURES), "--dry-run")
    assert "0 reports would be imported\n5 already held, skipped" in out


def test_a_source_that_cannot_be_read_exits_with_status_two(tmp_path):
    _out, _err, failure = _run(str(tmp_path / "missing"))
    assert failure is not None
    assert failure.returncode == 2
    assert str(failure).startswith("There is no folder or file at")


def test_no_report_is_half_saved(tmp_path, monkeypatch):
    """A failure while a report's judgements are written leaves nothing of that report."""
    shutil.copy(FIXTURES / "sunderland-ilacs-published-2021-08-20.pdf", tmp_path / "s.pdf")
    calls = {"count": 0}
    original = PublishedJudgement.objects.create

    def fail_on_third(**kwargs):
        calls["count"] += 1
        if calls["count"] == 3:
            raise RuntimeError("the disk is full")
        return original(**kwargs)

    monkeypatch.setattr(PublishedJudgement.objects, "create", fail_on_third)
    with pytest.raises(RuntimeError, match="the disk is full"):
        _run(str(tmp_path))
    assert PublishedInspection.objects.count() == 0
    assert PublishedJudgement.objects.count() == 0
    assert NationalAuthority.objects.count() == 0


class _Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_counted_on_a_terminal():
    err = _Terminal()
    call_command("import_ofsted_reports", str(FIXTURES), "--dry-run", stdout=StringIO(), stderr=err)
    assert "\rReading report 1 of 5" in err.getvalue()
    assert "\rReading report 5 of 5" in err.getvalue()


def test_no_progress_counter_when_not_on_a_terminal():
    err = StringIO()
    call_command("import_ofsted_reports", str(FIXTURES), "--dry-run", stdout=StringIO(), stderr=err)
    assert "Reading report" not in err.getvalue()
