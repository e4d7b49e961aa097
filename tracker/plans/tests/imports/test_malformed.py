"""Files that must be refused, with a clear message, before any reader inflates or parses them."""

from __future__ import annotations

import io
import os
import zipfile
from unittest import mock

import pytest

from tracker.plans.imports import ImportRefused, read_upload
from tracker.plans.imports.common import (
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_ENTRIES,
)
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
        "The selected file is an Excel spreadsheet (.xlsx), not a Word document (.docx). "
        "Rename it to end .xlsx and try again"
    )


def test_a_zip_of_neither_kind_is_refused(readers_never_called):
    data = _zip({"[Content_Types].xml": b"<Types/>", "content.xml": b"<office/>"})

    assert _refused("plan.xlsx", data) == "The selected file is not an Excel spreadsheet (.xlsx)"


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


EXPANDS_TOO_MUCH = (
    "The selected file holds content that expands more than 100 times when unpacked, which no "
    "real document does, so it cannot be imported"
)
TOO_MANY_PARTS = (
    "The selected file is made of more than 2,000 parts, far more than a plan needs, so it "
    "cannot be imported. Check it is the right file"
)


@pytest.mark.parametrize(
    ("filename", "entry"), [("plan.xlsx", "xl/workbook.xml"), ("plan.docx", "word/document.xml")]
)
def test_an_entry_that_inflates_too_far_is_refused_even_under_the_total(
    readers_never_called, filename, entry
):
    data = zip_bomb(entry=entry, size=20 * 1024 * 1024)

    assert _refused(filename, data) == EXPANDS_TOO_MUCH


def _with_more_entries(data: bytes, count: int) -> bytes:
    """The Office file with `count` more small parts, as a real file's pictures would be."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as original,
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        for index in range(count):
            archive.writestr(f"media/image{index}.png", b"\x89PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "build"),
    [
        ("plan.xlsx", lambda: xlsx_bytes([["Action"], ["Audit"]])),
        ("plan.docx", lambda: seed_plan_docx()),
    ],
)
def test_a_file_of_thousands_of_parts_is_refused_for_that(filename, build):
    data = _with_more_entries(build(), 2_001)
    assert len(data) < MAX_UPLOAD_BYTES

    with mock.patch("docx.Document") as word, mock.patch("openpyxl.load_workbook") as excel:
        assert _refused(filename, data) == TOO_MANY_PARTS
    assert not word.called
    assert not excel.called


def test_a_file_just_under_the_parts_limit_is_read():
    data = xlsx_bytes([["Action"], ["Audit"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        room = MAX_ZIP_ENTRIES - len(archive.infolist())

    workbook = read_upload(filename="plan.xlsx", data=_with_more_entries(data, room))

    assert workbook.sheets[0].rows == [["Action"], ["Audit"]]


def test_a_single_part_too_big_is_refused_for_that(readers_never_called, monkeypatch):
    monkeypatch.setattr("tracker.plans.imports.common.MAX_PART_BYTES", 2 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/image1.png", os.urandom(3 * 1024 * 1024))

    assert _refused("plan.docx", buffer.getvalue()) == (
        "One part of the selected file unpacks to more than 2 MB, so it cannot be imported. "
        "Remove large pictures or embedded files, or split the plan, and try again"
    )


def test_a_password_protected_part_is_refused_for_that(readers_never_called):
    data = bytearray(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}))
    # Set the "encrypted" flag of every entry in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 0x1
            start = data.find(signature, start + 1)

    assert _refused("plan.docx", bytes(data)) == (
        "The selected file is password protected. Remove the password and try again"
    )


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
