"""Where an evidence file is stored, and what it may be.

What a file is comes from its content, never from its name or the type the browser sent: the
`filetype` package reads its first bytes, and an Office file (a zip) is opened to list its
parts. Only documents and pictures an officer would attach are accepted (`ALLOWED`); anything
that could run (programs, scripts, web pages, SVG, macro-enabled or older Office files) is
refused with a message that says what to do instead (docs/decisions/0007-evidence-files.md).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from pathlib import PurePosixPath
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError

# What may be attached: extension -> content type sent with the download.
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ALLOWED: dict[str, str] = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": XLSX,
    "pptx": PPTX,
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
KINDS_ALLOWED = (
    "a PDF, a Word document (.docx), an Excel workbook (.xlsx), a PowerPoint presentation "
    "(.pptx), or a PNG, JPEG, GIF or WebP picture"
)

# The part each Office format must have, and how its content types name it.
_OFFICE_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_OFFICE_NAMES = {
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "pptx": "a PowerPoint presentation (.pptx)",
}
# Older Office formats (and password-protected newer ones) are OLE compound files.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LEGACY = {"doc": "docx", "xls": "xlsx", "ppt": "pptx"}
# What `filetype` calls programs and the archives that carry them.
_PROGRAMS = frozenset({"exe", "elf", "dll", "crx", "deb", "rpm", "swf", "wasm", "cab"})
# How much of the start of a file `filetype` looks at.
_HEAD_BYTES = 8192


class Upload(Protocol):
    """What the inspection needs of an uploaded file (Django's `UploadedFile` has it)."""

    name: str | None
    size: int | None

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


def max_upload_bytes() -> int:
    """The size limit, from the `EVIDENCE_MAX_UPLOAD_MB` setting (20 MB unless set)."""
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def max_upload_text() -> str:
    return f"{max_upload_bytes() // (1024 * 1024)} MB"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def inspect_upload(uploaded: Upload) -> tuple[str, str]:
    """(content type, extension) of an uploaded evidence file, found from its content.

    Refuses, each with its own message: an empty file; one over the size limit; a program
    (a Windows .exe, a Linux executable) whatever it is called; a web page, SVG or script;
    an older Office file (.doc, .xls, .ppt), which can carry macros, or a password-protected
    one; a macro-enabled or damaged Office file; and anything else not in `ALLOWED`. The file
    is left at its start.
    """
    size = uploaded.size or 0
    if size == 0:
        raise _refuse("The selected file is empty", "empty")
    if size > max_upload_bytes():
        raise _refuse(f"The selected file must be smaller than {max_upload_text()}", "too_big")
    uploaded.seek(0)
    head = uploaded.read(_HEAD_BYTES)
    uploaded.seek(0)
    import filetype  # imported when a file is checked, not when the app starts

    guess = filetype.guess(head)
    extension = guess.extension if guess is not None else None
    try:
        if extension is None:
            raise _unrecognised(head, name=uploaded.name or "")
        if extension in _PROGRAMS:
            raise _refuse(
                "The selected file is a program, not a document, so it cannot be attached. "
                f"Attach {KINDS_ALLOWED}",
                "program",
            )
        if extension in _LEGACY or head.startswith(OLE_SIGNATURE):
            raise _legacy(extension)
        if extension in {"docx", "xlsx", "pptx", "zip"}:
            extension = _office_kind(uploaded)
        if extension not in ALLOWED:
            raise _refuse(
                f"The selected file is a .{extension} file. It must be {KINDS_ALLOWED}",
                "not_allowed",
            )
        return ALLOWED[extension], extension
    finally:
        uploaded.seek(0)


def _unrecognised(head: bytes, *, name: str) -> ValidationError:
    """Why a file with no known signature is refused: these are text (or nothing known)."""
    if head.startswith(OLE_SIGNATURE):
        return _legacy(None)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").lower()
    if text.startswith(b"<"):
        return _refuse(
            "The selected file is a web page or SVG image, which cannot be attached because "
            "it could run code in the browser. Save it as a PDF and attach that",
            "markup",
        )
    if text.startswith(b"#!") or b"<script" in text:
        return _refuse(
            "The selected file is a script, not a document, so it cannot be attached. "
            f"Attach {KINDS_ALLOWED}",
            "script",
        )
    if name.lower().endswith(".csv"):
        return _refuse(
            "CSV files cannot be attached. Save it as an Excel workbook (.xlsx) and try again",
            "csv",
        )
    return _refuse(f"The selected file must be {KINDS_ALLOWED}", "not_allowed")


def _legacy(extension: str | None) -> ValidationError:
    newer = _LEGACY.get(extension or "")
    if newer is not None:
        save_as = _OFFICE_NAMES[newer]
    else:
        save_as = (
            "a Word document (.docx), Excel workbook (.xlsx) or PowerPoint presentation (.pptx)"
        )
    return _refuse(
        "The selected file is password protected, or in an older Office format (such as .doc "
        f"or .xls) that can carry macros. Remove the password, or save it as {save_as}, and "
        "try again",
        "legacy_office",
    )


def _office_kind(uploaded: Upload) -> str:
    """Which Office format a zip is ("docx", "xlsx" or "pptx"), from the parts inside it:
    refuses a zip that is none of them, one with macros, and one with password-protected
    parts. Only the zip's directory and its list of content types are read."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            content_types = ""
            if "[Content_Types].xml" in {entry.filename for entry in entries}:
                with archive.open("[Content_Types].xml") as part:
                    content_types = part.read(256 * 1024).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        raise _refuse(
            "The selected file is damaged and cannot be read. Save it again and try again",
            "damaged",
        ) from None
    names = {entry.filename for entry in entries}
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise _refuse(
            "The selected file is password protected. Remove the password and try again",
            "encrypted",
        )
    kinds = [kind for kind, part in _OFFICE_MAIN_PART.items() if part in names]
    if len(kinds) != 1 or not content_types:
        raise _refuse(f"The selected file is a zip file. It must be {KINDS_ALLOWED}", "not_allowed")
    has_macros = any(name.lower().endswith("vbaproject.bin") for name in names)
    if has_macros or "macroenabled" in content_types.lower():
        raise _refuse(
            "The selected file contains macros, which cannot be attached. Save it as "
            f"{_OFFICE_NAMES[kinds[0]]} without macros and try again",
            "macros",
        )
    return kinds[0]


def storage_name(*, local_authority_id: int, filename: str) -> str:
    """A random name under the authority's folder, keeping only a known, lower-case suffix:
    nothing the officer typed becomes part of a path."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ""
    return f"evidence/{local_authority_id}/{uuid.uuid4().hex}{suffix}"


_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()\-,]+")
_LONGEST_NAME = 100


def safe_download_name(title_or_file_name: str, extension: str) -> str:
    """The name a downloaded file is saved as: plain ASCII letters, digits, spaces and
    `._()-,`, no folders, quotes or line breaks, at most 100 characters before the extension,
    which is always the one found from the content ("Case audit (May).pdf")."""
    name = title_or_file_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE.sub(" ", name)
    name = " ".join(name.split())
    suffix = f".{extension.lower()}"
    if name.lower().endswith(suffix):
        name = name[: -len(suffix)]
    name = name.strip(" .-")[:_LONGEST_NAME].strip(" .-") or "evidence"
    return f"{name}{suffix}" if extension else name
