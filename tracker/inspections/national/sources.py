"""The reports in a folder or a zip archive, for the bulk import: each PDF's name and bytes, or
the reason it cannot be read. Nothing is extracted to disk, and a zip is checked member by member
before anything is read from it."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# The import page's limit for one report: published reports are well under it.
MAX_REPORT_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
# A PDF compresses little: a member that inflates more than this is not one.
MAX_INFLATION = 100


class SourceError(Exception):
    """The folder or archive as a whole cannot be read; the message says why in plain words."""


@dataclass(frozen=True)
class SourceFile:
    """One PDF found: its name (the path inside the folder or archive) and its bytes, or why
    it could not be read."""

    name: str
    data: bytes = b""
    problem: str = ""


class Source:
    """The PDFs a folder or archive holds, in name order, read one at a time (`files`), and how
    many other files were passed over. Use it in a `with` block: an archive stays open in it."""

    def __init__(self, names: list[str], ignored: int, read: Callable[[str], SourceFile]):
        self.names = names
        self.ignored = ignored
        self._read = read
        self._archive: zipfile.ZipFile | None = None

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._archive is not None:
            self._archive.close()

    def files(self) -> Iterator[SourceFile]:
        for name in self.names:
            yield self._read(name)


def _is_pdf(name: str) -> bool:
    return name.lower().endswith(".pdf")


def source_open(path: Path) -> Source:
    """The reports in a folder (and its folders) or a zip archive, or a single PDF."""
    if path.is_dir():
        return _folder(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return _archive(path)
    if path.is_file() and _is_pdf(path.name):
        return Source([path.name], 0, lambda name: _read_file(path, name))
    if not path.exists():
        raise SourceError(f"There is no folder or file at {path}")
    raise SourceError(f"{path} is neither a folder nor a zip archive")


def _folder(root: Path) -> Source:
    names: list[str] = []
    ignored = 0
    # Links are not followed, so the import stays inside the folder it was given.
    for directory, folders, files in os.walk(root, followlinks=False):
        folders.sort()
        for file_name in files:
            full = Path(directory) / file_name
            if _is_pdf(file_name) and not full.is_symlink():
                names.append(full.relative_to(root).as_posix())
            else:
                ignored += 1
    return Source(sorted(names), ignored, lambda name: _read_file(root / name, name))


def _read_file(path: Path, name: str) -> SourceFile:
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            return SourceFile(name, problem=_too_large(size))
        return SourceFile(name, data=path.read_bytes())
    except OSError as error:
        return SourceFile(name, problem=f"The file could not be opened: {error.strerror or error}")


def _too_large(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.0f} MB; a report must be "
        f"{MAX_REPORT_BYTES // 1024 // 1024} MB or smaller"
    )


def _unsafe_name(name: str) -> bool:
    """A member named outside the archive: an absolute path, a drive, or a step up."""
    if name.startswith(("/", "\\")) or ":" in name:
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts


def _archive(path: Path) -> Source:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceError(f"The zip archive could not be opened: {error}") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS:
        archive.close()
        raise SourceError(
            f"The zip archive holds {len(members)} files; at most {MAX_MEMBERS} are read"
        )
    if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
        archive.close()
        raise SourceError("The zip archive's files add up to more than 4 GB")
    pdfs = {m.filename: m for m in members if _is_pdf(m.filename)}
    source = Source(
        sorted(pdfs),
        len(members) - len(pdfs),
        lambda name: _read_member(archive, pdfs[name]),
    )
    source._archive = archive
    return source


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> SourceFile:
    name = member.filename
    if _unsafe_name(name):
        return SourceFile(name, problem="The file's name points outside the archive: not read")
    if member.flag_bits & 0x1:
        return SourceFile(name, problem="The file is encrypted in the archive")
    if member.file_size > MAX_REPORT_BYTES:
        return SourceFile(name, problem=_too_large(member.file_size))
    if member.compress_size and member.file_size / member.compress_size > MAX_INFLATION:
        return SourceFile(name, problem="The file inflates far more than a PDF does: not read")
    try:
        with archive.open(member) as stream:
            # The sizes in the archive's directory may lie: never read more than the limit.
            data = stream.read(MAX_REPORT_BYTES + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
        return SourceFile(name, problem=f"The file could not be read from the archive: {error}")
    if len(data) > MAX_REPORT_BYTES:
        return SourceFile(name, problem=_too_large(len(data)))
    return SourceFile(name, data=data)
