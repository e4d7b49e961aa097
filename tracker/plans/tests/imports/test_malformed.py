"""Files that must be refused, with a clear message, before any reader inflates or parses them."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import pytest

from tracker.plans.imports import ImportRefused, read_upload
from tracker.plans.imports.common import MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES
from tracker.plans.tests.imports.builders import seed_plan_docx, xlsx_bytes, zip_bomb


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refused(filename: str, data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_upload(filename=filename, data=data)
    return refused.value.message


@pytest.fixture
def readers_never_called():
    """Fail the test if python-docx or openpyxl is asked to open the file."""
    with (
        mock.patch("docx.Document", side_effect=AssertionError("docx opened")) as word,
        mock.patch("openpyxl.load_workbook", side_effect=AssertionError("xlsx opened")) as excel,
    ):
        yield
    assert not word.called
    assert not excel.called


def test_a_docx_that_is_not_a_zip_is_refused(readers_never_called):
    assert _refused("plan.docx", b"Action, Who, Progress\n") == (
        "The selected file is not a Word document (.docx)"
    )


def test_an_xlsx_that_is_not_a_zip_is_refused(readers_never_called):
    assert _refused("plan.xlsx", b"PK but not really a zip") == (
        "The selected file is not an Excel spreadsheet (.xlsx)"
    )


def test_a_spreadsheet_renamed_docx_is_refused(readers_never_called):
    assert _refused("plan.docx", xlsx_bytes([["Action"], ["Audit"]])) == (
        "The selected file is not a Word document (.docx)"
    )


def test_an_old_or_password_protected_office_file_is_refused_with_what_to_do(
    readers_never_called,
):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert _refused("plan.docx", ole) == (
        "The selected file is password protected or in the older Word 97-2003 (.doc) format. "
        "Remove the password, or save it as a Word document (.docx), and try again"
    )


def test_a_truncated_docx_is_refused():
    data = seed_plan_docx()
    message = _refused("plan.docx", data[: len(data) // 2])
    assert message == "The selected file is not a Word document (.docx)"


def test_a_zip_bomb_is_refused_before_it_is_inflated(readers_never_called):
    data = zip_bomb(entry="word/document.xml", size=MAX_UNCOMPRESSED_BYTES + 1024 * 1024)

    assert len(data) < 200 * 1024  # a small file ...
    assert _refused("plan.docx", data) == (  # ... that would unpack to more than the limit
        "The selected file unpacks to more than 50 MB, so it cannot be imported. Remove pictures "
        "or unused sheets and try again"
    )


def test_an_entry_that_inflates_too_far_is_refused_even_under_the_total(readers_never_called):
    data = zip_bomb(entry="xl/workbook.xml", size=20 * 1024 * 1024)

    assert "unpacks to more than 50 MB" in _refused("plan.xlsx", data)


def test_a_zip_of_thousands_of_entries_is_refused(readers_never_called):
    entries = {f"word/media/{index}.xml": b"<a/>" for index in range(2_001)}
    entries["word/document.xml"] = b"<w:document/>"

    assert "unpacks to more than 50 MB" in _refused("plan.docx", _zip(entries))


def test_xml_with_a_document_type_declaration_is_refused(readers_never_called):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
    )
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": laughs})

    assert _refused("plan.docx", data) == (
        "The selected Word document (.docx) contains XML that is not allowed (a document type "
        "declaration), so it cannot be imported"
    )


def test_a_docx_whose_xml_is_broken_is_refused_as_damaged():
    data = _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<not xml"})

    assert _refused("plan.docx", data) == (
        "The selected Word document (.docx) is damaged and cannot be read"
    )


def test_an_xlsx_whose_xml_is_broken_is_refused_as_damaged():
    data = _zip({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"<not xml"})

    assert _refused("plan.xlsx", data) == (
        "The selected Excel spreadsheet (.xlsx) is damaged and cannot be read"
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(readers_never_called):
    too_big = bytes(MAX_UPLOAD_BYTES + 1)

    for filename in ("plan.docx", "plan.xlsx", "plan.csv"):
        assert _refused(filename, too_big) == "The selected file must be smaller than 10 MB"


def test_an_empty_file_is_refused():
    assert _refused("plan.csv", b"") == "The selected file is empty"


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("plan.pdf", "The selected file must be a Word document (.docx), .xlsx or .csv file"),
        ("plan.doc", "The selected file is in the older Word 97-2003 (.doc) format."),
        ("plan.xls", "Save the spreadsheet as an Excel workbook (.xlsx) and try again"),
    ],
)
def test_other_kinds_of_file_are_refused_by_name(filename, message):
    assert _refused(filename, b"anything").startswith(message)


def test_a_spreadsheet_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr("tracker.plans.imports.spreadsheet.MAX_ROWS", 10)
    data = xlsx_bytes([["Action"], *([f"Action {n}"] for n in range(11))])

    assert _refused("plan.xlsx", data) == (
        "The selected file has more than 10 rows with something in them, so it cannot be "
        "imported. Remove the rows that are not part of the plan"
    )


def test_a_csv_with_an_enormous_cell_is_refused():
    data = b'Action,Who\n"' + b"x" * 200_000 + b'",y\n'

    assert "cannot be read after row 1" in _refused("plan.csv", data)
