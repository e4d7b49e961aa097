"""Reading the reports of a folder or a zip archive safely."""

from __future__ import annotations

import zipfile

import pytest

from tracker.inspections.national import sources
from tracker.inspections.national.sources import SourceError, source_open

PDF = b"%PDF-1.4 not really a report"


def _read(path):
    with source_open(path) as source:
        return {file.name: (file.data, file.problem) for file in source.files()}, source.ignored


def test_folder_is_read_with_its_folders_in_name_order(tmp_path):
    (tmp_path / "2023" / "north").mkdir(parents=True)
    (tmp_path / "b.pdf").write_bytes(PDF)
    (tmp_path / "2023" / "north" / "A.PDF").write_bytes(PDF)
    (tmp_path / "notes.txt").write_text("not a report")
    with source_open(tmp_path) as source:
        assert source.names == ["2023/north/A.PDF", "b.pdf"]
        assert source.ignored == 1


def test_folder_does_not_follow_links_out_of_it(tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(PDF)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "link.pdf").symlink_to(outside)
    files, ignored = _read(folder)
    assert files == {}
    assert ignored == 1


def test_zip_is_read_with_its_folders_and_only_pdfs(tmp_path):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("2021/sunderland.pdf", PDF)
        zipped.writestr("2023/solihull/report.pdf", PDF)
        zipped.writestr("2023/readme.txt", "hello")
    files, ignored = _read(archive)
    assert files == {"2021/sunderland.pdf": (PDF, ""), "2023/solihull/report.pdf": (PDF, "")}
    assert ignored == 1


@pytest.mark.parametrize("name", ["../escape.pdf", "/etc/report.pdf", "a/../../b.pdf", "C:/r.pdf"])
def test_zip_member_named_outside_the_archive_is_not_read(tmp_path, name):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(zipfile.ZipInfo(name), PDF)
    files, _ = _read(archive)
    assert files == {name: (b"", "The file's name points outside the archive: not read")}


def test_zip_member_too_large_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_REPORT_BYTES", 10)
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("big.pdf", PDF)
    files, _ = _read(archive)
    assert files["big.pdf"][0] == b""
    assert files["big.pdf"][1].startswith("The file is 0 MB; a report must be 0 MB or smaller")


def test_zip_member_that_inflates_like_a_bomb_is_not_read(tmp_path):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("bomb.pdf", b"\0" * 5_000_000)
    files, _ = _read(archive)
    assert files == {"bomb.pdf": (b"", "The file inflates far more than a PDF does: not read")}


def test_zip_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_MEMBERS", 2)
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for number in range(3):
            zipped.writestr(f"{number}.pdf", PDF)
    with pytest.raises(SourceError, match="The zip archive holds 3 files; at most 2 are read"):
        source_open(archive)


def test_a_single_pdf_is_read(tmp_path):
    report = tmp_path / "report.pdf"
    report.write_bytes(PDF)
    files, _ = _read(report)
    assert files == {"report.pdf": (PDF, "")}


def test_nothing_there_or_not_a_folder_or_zip(tmp_path):
    with pytest.raises(SourceError, match="There is no folder or file at"):
        source_open(tmp_path / "missing")
    other = tmp_path / "list.csv"
    other.write_text("a,b")
    with pytest.raises(SourceError, match="is neither a folder nor a zip archive"):
        source_open(other)
