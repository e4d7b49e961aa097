"""What an evidence file may be, found from its content, and the name it is downloaded as."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile

from tracker.performance.evidence.files import (
    DOCX,
    PDF,
    PPTX,
    XLSX,
    inspect_upload,
    safe_download_name,
    storage_name,
)
from tracker.performance.tests.evidence.conftest import (
    CSV,
    ELF,
    EXE,
    GIF,
    HTML,
    JPEG,
    OLE,
    PNG,
    SHELL,
    SVG,
    TINY_PDF,
    WEBP,
    office_zip,
    presentation,
    spreadsheet,
    upload,
    word_document,
)


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (TINY_PDF, "audit.pdf", (PDF, "pdf")),
        (PNG, "chart.png", ("image/png", "png")),
        (JPEG, "photo.jpg", ("image/jpeg", "jpg")),
        (GIF, "chart.gif", ("image/gif", "gif")),
        (WEBP, "chart.webp", ("image/webp", "webp")),
        # The name says nothing: a PDF called "photo.png" is a PDF.
        (TINY_PDF, "photo.png", (PDF, "pdf")),
    ],
)
def test_inspect_upload_finds_the_type_from_the_content(data, name, expected):
    assert inspect_upload(upload(data, name, "application/octet-stream")) == expected


def test_inspect_upload_tells_office_files_apart_by_their_parts():
    assert inspect_upload(upload(word_document(), "minutes.xlsx")) == (DOCX, "docx")
    assert inspect_upload(upload(spreadsheet(), "scorecard.docx")) == (XLSX, "xlsx")
    assert inspect_upload(upload(presentation(), "board.pptx")) == (PPTX, "pptx")


def test_inspect_upload_leaves_the_file_at_its_start():
    uploaded = upload(word_document(), "minutes.docx")
    inspect_upload(uploaded)
    assert uploaded.read(2) == b"PK"


def _refusal(data: bytes, name: str, content_type: str = "application/pdf") -> str:
    with pytest.raises(ValidationError) as refused:
        inspect_upload(upload(data, name, content_type))
    return refused.value.messages[0]


@pytest.mark.parametrize("name", ["report.pdf", "report.exe", "photo.png", "report"])
def test_inspect_upload_refuses_a_windows_program_whatever_it_is_called(name):
    assert _refusal(EXE, name).startswith("The selected file is a program, not a document")


def test_inspect_upload_refuses_a_linux_program():
    assert "is a program" in _refusal(ELF, "report.pdf")


@pytest.mark.parametrize(("data", "name"), [(HTML, "report.pdf"), (HTML, "report.html")])
def test_inspect_upload_refuses_a_web_page_even_when_renamed(data, name):
    assert _refusal(data, name, "text/html").startswith(
        "The selected file is a web page or SVG image, which cannot be attached"
    )


def test_inspect_upload_refuses_svg():
    assert "web page or SVG image" in _refusal(SVG, "chart.png", "image/png")


def test_inspect_upload_refuses_a_web_page_with_a_byte_order_mark_and_spaces():
    assert "web page" in _refusal(b"\xef\xbb\xbf \n  " + HTML, "report.pdf")


def test_inspect_upload_refuses_a_script():
    assert _refusal(SHELL, "report.pdf").startswith("The selected file is a script")


def test_inspect_upload_refuses_older_office_files_that_can_carry_macros():
    message = _refusal(OLE, "minutes.doc", "application/msword")
    assert "older Office format" in message
    assert "save it as" in message


def test_inspect_upload_refuses_csv_and_says_what_to_do():
    assert _refusal(CSV, "scorecard.csv", "text/csv") == (
        "CSV files cannot be attached. Save it as an Excel workbook (.xlsx) and try again"
    )


def test_inspect_upload_refuses_plain_text_naming_what_is_allowed():
    assert _refusal(b"Just some words", "notes.txt", "text/plain").startswith(
        "The selected file must be a PDF, a Word document (.docx), an Excel workbook (.xlsx)"
    )


def test_inspect_upload_refuses_macro_enabled_office_files():
    macro_document = office_zip(
        {"word/document.xml": b"<w:document/>", "word/vbaProject.bin": b"\x00" * 10},
        content_types=b"<Types><Override ContentType='application/vnd.ms-word.document."
        b"macroEnabled.main+xml'/></Types>",
    )
    assert "contains macros" in _refusal(macro_document, "minutes.docx")


def test_inspect_upload_refuses_a_zip_that_is_not_an_office_file():
    archive = office_zip({"payload.exe": b"MZ"})
    assert _refusal(archive, "report.docx").startswith("The selected file is a zip file")


def test_inspect_upload_refuses_a_damaged_office_file():
    damaged = word_document()[:200]
    assert "damaged" in _refusal(damaged, "minutes.docx")


def test_inspect_upload_refuses_an_empty_file():
    assert _refusal(b"", "report.pdf") == "The selected file is empty"


def test_inspect_upload_refuses_a_file_over_the_size_limit_naming_the_limit(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    too_big = TINY_PDF + b"0" * (1024 * 1024)
    assert _refusal(too_big, "report.pdf") == "The selected file must be smaller than 1 MB"
    settings.EVIDENCE_MAX_UPLOAD_MB = 2
    assert inspect_upload(upload(too_big, "report.pdf")) == (PDF, "pdf")


@pytest.mark.parametrize(
    ("given", "extension", "expected"),
    [
        ("Case file audit.pdf", "pdf", "Case file audit.pdf"),
        ("Case file audit", "pdf", "Case file audit.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\officer\\Desktop\\audit.docx", "docx", "audit.docx"),
        ('audit"; filename="evil.html', "pdf", "audit filename evil.html.pdf"),
        ("audit\r\nSet-Cookie: x=1.pdf", "pdf", "audit Set-Cookie x 1.pdf"),
        ("Réunion à Solihull – café.xlsx", "xlsx", "Reunion a Solihull cafe.xlsx"),
        ("report.exe", "pdf", "report.exe.pdf"),
        ("...", "png", "evidence.png"),
        ("", "pdf", "evidence.pdf"),
        ("中文", "pdf", "evidence.pdf"),
        (".htaccess", "pdf", "htaccess.pdf"),
    ],
)
def test_safe_download_name(given, extension, expected):
    assert safe_download_name(given, extension) == expected


def test_safe_download_name_is_at_most_100_characters_before_the_extension():
    name = safe_download_name("a" * 500, "pdf")
    assert name == "a" * 100 + ".pdf"


def test_storage_name_is_random_and_keeps_nothing_the_officer_typed():
    first = storage_name(local_authority_id=7, filename="../Secret plan.PDF")
    second = storage_name(local_authority_id=7, filename="../Secret plan.PDF")
    assert first != second
    assert first.startswith("evidence/7/")
    assert first.endswith(".pdf")
    assert "Secret" not in first
    assert ".." not in first


def test_inspect_upload_reads_a_large_upload_spooled_to_disk():
    """Django keeps uploads over 2.5 MB in a temporary file rather than in memory."""
    data = word_document()
    spooled = TemporaryUploadedFile("minutes.docx", "application/octet-stream", len(data), None)
    try:
        spooled.write(data)
        spooled.seek(0)
        assert inspect_upload(spooled) == (DOCX, "docx")
        assert spooled.read(2) == b"PK"
    finally:
        spooled.close()
