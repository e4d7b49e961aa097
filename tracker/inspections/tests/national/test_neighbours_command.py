"""`manage.py load_statistical_neighbours CSV`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tracker.inspections.national.models import StatisticalNeighbour

pytestmark = pytest.mark.django_db


def _run(path) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    failure = None
    try:
        call_command("load_statistical_neighbours", str(path), stdout=out, stderr=err)
    except CommandError as error:
        failure = error
    return out.getvalue(), err.getvalue(), failure


def test_loads_a_csv_of_neighbours(tmp_path):
    csv = tmp_path / "neighbours.csv"
    csv.write_text("\ufeffAuthority,Neighbour,Rank\nSolihull,Stockport,1\n\nSolihull,Coventry,2\n")
    out, _err, failure = _run(csv)
    assert failure is None
    assert out == "Loaded 2 statistical neighbours for 1 authorities\n"
    assert StatisticalNeighbour.objects.count() == 2


def test_a_csv_with_problems_loads_nothing(tmp_path):
    csv = tmp_path / "neighbours.csv"
    csv.write_text("authority,neighbour,rank\nSolihull,Stockport,1\nSolihull,Narnia,2\n")
    _out, err, failure = _run(csv)
    assert failure is not None
    assert failure.returncode == 1
    assert err.splitlines() == [
        "Nothing was loaded. Correct these lines and load the file again:",
        "  Line 3: “Narnia” is not an English local authority",
    ]
    assert StatisticalNeighbour.objects.count() == 0


def test_a_csv_without_the_headings_is_refused(tmp_path):
    csv = tmp_path / "neighbours.csv"
    csv.write_text("Solihull,Stockport,1\n")
    _out, _err, failure = _run(csv)
    assert str(failure) == "The first line must be the headings authority,neighbour,rank"


def test_a_file_that_is_not_utf8_text_is_refused(tmp_path):
    csv = tmp_path / "neighbours.csv"
    csv.write_bytes(b"\xff\xfe\x00\x00binary")
    _out, _err, failure = _run(csv)
    assert str(failure) == "The file is not text saved as UTF-8: save it as CSV UTF-8"
