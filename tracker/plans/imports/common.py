"""What every plan import shares: problems with their places, status wording, owners, dates and
file safety.

Nothing here touches the database: the pieces are pure functions over text and bytes, so the
parsers and the preview can use them freely and the property tests can feed them anything.
"""

from __future__ import annotations

import calendar
import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from tracker.plans.models import Brag, DeliveryStatus

# Limits ------------------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Summed over a .docx or .xlsx file's zip entries, as their headers declare them. Python's zipfile
# never inflates an entry past its declared size, so the sum bounds what the readers unpack.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# One part (a sheet, the document's text, a picture): the readers hold an XML part in memory.
MAX_PART_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
# Office XML compresses about 5 to 20 times; a run of zeros about 1,000 times.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE_BYTES = 1024 * 1024
# A plan has tens or hundreds of actions; thousands of rows means the wrong file.
MAX_ROWS = 5_000
MAX_COLUMNS = 50

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls and password-protected files


class ImportRefused(Exception):
    """The file cannot be imported at all: too big, not the format it claims to be, or damaged.

    The message is written for the officer who chose the file.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, with where it is ("table 3, row 4").

    Blocking problems stop the import until the file is fixed; the others are things to check
    in the preview.
    """

    place: str
    message: str
    is_blocking: bool = True

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message

    def to_dict(self) -> dict[str, object]:
        return {"place": self.place, "message": self.message, "is_blocking": self.is_blocking}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Problem:
        return cls(
            place=str(data.get("place", "")),
            message=str(data.get("message", "")),
            is_blocking=bool(data.get("is_blocking", True)),
        )


# Text -------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans(dict.fromkeys("’‘`´′ʼ", "'"))
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))


# Characters that show nothing: zero width space, word joiner, byte order mark, soft hyphen,
# Mongolian vowel separator. A cell holding only these (pasted from the web or another document)
# is as empty as it looks.
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u2060\ufeff\u00ad\u180e"))
_JOINERS = "\u200c\u200d"  # meaningful inside a word, nothing on their own


def clean_text(value: str) -> str:
    """A cell's or paragraph's text: spaces collapsed within lines, at most one blank line,
    and characters that show nothing taken out."""
    value = value.translate(_INVISIBLE).replace("\r\n", "\n")
    lines = [
        " ".join(word for word in line.split() if word.strip(_JOINERS))
        for line in value.split("\n")
    ]
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def one_line(value: str) -> str:
    return " ".join(value.split())


def name_key(value: str) -> str:
    """How post and organisation names compare: ignoring case, spacing and apostrophe style."""
    return one_line(value.translate(_APOSTROPHES)).casefold().strip(" .")


def shorten(value: str, length: int = 60) -> str:
    value = one_line(value)
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


# Statuses ----------------------------------------------------------------------------------------

# What an officer can map a status wording to: (status, BRAG) as one key "status:brag".
STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    (f"{DeliveryStatus.NOT_STARTED}:", "Not started"),
    (f"{DeliveryStatus.IN_PROGRESS}:{Brag.GREEN}", "In progress, on track (Green)"),
    (f"{DeliveryStatus.IN_PROGRESS}:{Brag.AMBER}", "In progress, at risk (Amber)"),
    (f"{DeliveryStatus.IN_PROGRESS}:{Brag.RED}", "In progress, off track (Red)"),
    (f"{DeliveryStatus.IN_PROGRESS}:", "In progress, not rated"),
    (f"{DeliveryStatus.COMPLETED}:{Brag.BLUE}", "Completed (Blue)"),
    (f"{DeliveryStatus.BUSINESS_AS_USUAL}:{Brag.BLUE}", "Completed, now business as usual (Blue)"),
    (f"{DeliveryStatus.VERIFIED}:{Brag.BLUE}", "Verified as embedded (Blue)"),
)
STATUS_CHOICE_LABELS = dict(STATUS_CHOICES)

_NOT_STARTED = f"{DeliveryStatus.NOT_STARTED}:"
_GREEN = f"{DeliveryStatus.IN_PROGRESS}:{Brag.GREEN}"
_AMBER = f"{DeliveryStatus.IN_PROGRESS}:{Brag.AMBER}"
_RED = f"{DeliveryStatus.IN_PROGRESS}:{Brag.RED}"
_UNRATED = f"{DeliveryStatus.IN_PROGRESS}:"
_COMPLETED = f"{DeliveryStatus.COMPLETED}:{Brag.BLUE}"
_BAU = f"{DeliveryStatus.BUSINESS_AS_USUAL}:{Brag.BLUE}"
_VERIFIED = f"{DeliveryStatus.VERIFIED}:{Brag.BLUE}"

# Status words and colours in real use, and what each means here. A wording is recognised when it
# opens with one of these phrases as a clause of its own: followed by nothing, by punctuation or a
# new line, or by a new sentence (a capital letter). The longest phrase wins, so "Completed and
# ongoing" is business as usual while "Completed. The audit tool ..." is completed. Anything else
# is shown to the officer to map: nothing is guessed.
#
# - Blue means complete (BRAG). "Completed and ongoing", "now business as usual" and "under
#   (regular) review" mean complete and embedded, under routine monitoring: business as usual.
# - Green is on track; so are "nearing completion" and "completion imminent".
# - Amber is at risk; so is "partially complete". Yellow, where a scheme has it, sits between Amber
#   and Green: it is read as Amber, the more cautious rating, and the preview shows it.
# - Red is off track; so are "delayed", "overdue" and "behind".
# - A tick means done.
STATUS_PHRASES: tuple[tuple[str, str], ...] = (
    # Complete.
    ("completed", _COMPLETED),
    ("complete", _COMPLETED),
    ("done", _COMPLETED),
    ("closed", _COMPLETED),
    ("achieved", _COMPLETED),
    ("delivered", _COMPLETED),
    ("finished", _COMPLETED),
    ("blue", _COMPLETED),
    ("tick", _COMPLETED),
    ("100%", _COMPLETED),
    ("100% complete", _COMPLETED),
    # Complete and embedded.
    ("completed and ongoing", _BAU),
    ("complete and ongoing", _BAU),
    ("completed and on going", _BAU),
    ("completed and under review", _BAU),
    ("completed and under regular review", _BAU),
    ("completed and embedded", _BAU),
    ("completed now business as usual", _BAU),
    ("complete now business as usual", _BAU),
    ("completed this is now business as usual", _BAU),
    ("completed and now business as usual", _BAU),
    ("completed business as usual", _BAU),
    ("now business as usual", _BAU),
    ("business as usual", _BAU),
    ("bau", _BAU),
    ("embedded", _BAU),
    ("verified", _VERIFIED),
    ("verified as embedded", _VERIFIED),
    # On track.
    ("green", _GREEN),
    ("on track", _GREEN),
    ("on target", _GREEN),
    ("nearing completion", _GREEN),
    ("near completion", _GREEN),
    ("almost complete", _GREEN),
    ("completion imminent", _GREEN),
    # At risk.
    ("amber", _AMBER),
    ("yellow", _AMBER),
    ("at risk", _AMBER),
    ("partially complete", _AMBER),
    ("partially completed", _AMBER),
    ("partly complete", _AMBER),
    ("part complete", _AMBER),
    ("part completed", _AMBER),
    # Off track.
    ("red", _RED),
    ("off track", _RED),
    ("not on track", _RED),
    ("delayed", _RED),
    ("overdue", _RED),
    ("behind", _RED),
    ("behind schedule", _RED),
    # Started, not rated.
    ("in progress", _UNRATED),
    ("ongoing", _UNRATED),
    ("on going", _UNRATED),
    ("underway", _UNRATED),
    ("under way", _UNRATED),
    ("started", _UNRATED),
    ("work in progress", _UNRATED),
    # Not started.
    ("not started", _NOT_STARTED),
    ("not yet started", _NOT_STARTED),
    ("not due", _NOT_STARTED),
    ("not yet due", _NOT_STARTED),
    ("pending", _NOT_STARTED),
    ("planned", _NOT_STARTED),
)

# Single letters mean a colour only when they are the whole value ("A report ..." is not Amber).
STATUS_LETTERS: dict[str, str] = {
    "b": _COMPLETED,
    "g": _GREEN,
    "a": _AMBER,
    "r": _RED,
}

_TICKS = "✓✔☑✅√🗸"
_WORD = re.compile(r"[^\W_]+(?:['%][^\W_]*)*")
_BREAK = None


def _words(text: str) -> list[str | None]:
    """The words of a wording, with `None` where punctuation or a new line breaks the clause."""
    text = text.translate(_APOSTROPHES)
    tokens: list[str | None] = []
    position = 0
    for match in _WORD.finditer(text):
        gap = text[position : match.start()]
        if tokens and tokens[-1] is not _BREAK and (gap.strip() or "\n" in gap):
            tokens.append(_BREAK)
        tokens.append(match.group())
        position = match.end()
    return tokens


def _phrase_end(tokens: list[str | None], phrase: tuple[str, ...]) -> int | None:
    """Where the phrase ends if the wording opens with it (punctuation inside it ignored)."""
    index = 0
    for word in phrase:
        while index < len(tokens) and tokens[index] is _BREAK:
            index += 1
        token = tokens[index] if index < len(tokens) else None
        if token is None or token.casefold() != word:
            return None
        index += 1
    return index


def _ends_clause(tokens: list[str | None], index: int) -> bool:
    if index >= len(tokens) or tokens[index] is _BREAK:
        return True
    following = tokens[index]
    return following is not None and following[:1].isupper()


_PHRASES = sorted(
    ((tuple(phrase.split()), choice) for phrase, choice in STATUS_PHRASES),
    key=lambda row: -len(row[0]),
)


def status_wording_key(text: str) -> str:
    """The form of a status wording that mapping choices are keyed by."""
    return one_line(text)


def recognise_status(text: str) -> str | None:
    """The status choice ("status:brag") a wording states in words the sector uses, or None.

    None means the wording is not recognised and the officer must choose.
    """
    stripped = one_line(text)
    if not stripped:
        return None
    if all(character in _TICKS or character.isspace() for character in stripped):
        return _COMPLETED
    letters = stripped.strip(" .").casefold()
    if letters in STATUS_LETTERS:
        return STATUS_LETTERS[letters]
    tokens = _words(stripped)
    for phrase, choice in _PHRASES:
        end = _phrase_end(tokens, phrase)
        if end is not None and _ends_clause(tokens, end):
            return choice
    return None


def split_status_choice(choice: str) -> tuple[str, str] | None:
    """(status, BRAG) for a choice key, or None when the key is not one of STATUS_CHOICES."""
    if choice not in STATUS_CHOICE_LABELS:
        return None
    status, _, brag = choice.partition(":")
    return status, brag


# Owners -----------------------------------------------------------------------------------------

# Plural titles that name one post per service: "Heads of Service Safeguards and Family Support"
# is the Head of Service Safeguards and the Head of Service Family Support.
PLURAL_TITLES: tuple[tuple[str, str], ...] = (
    ("heads of service", "Head of Service"),
    ("heads of", "Head of"),
    ("assistant directors", "Assistant Director"),
    ("assistant directors of", "Assistant Director of"),
    ("service managers", "Service Manager"),
    ("team managers", "Team Manager"),
    ("directors of", "Director of"),
)

# Words that make a phrase a post or a body in its own right, so "Head of Service Safeguards and
# Principal Social Worker" is two owners while "Missing and Exploitation Team Manager" is one.
ROLE_WORDS = frozenset(
    {
        "head",
        "manager",
        "director",
        "officer",
        "worker",
        "lead",
        "leader",
        "chair",
        "coordinator",
        "co-ordinator",
        "adviser",
        "advisor",
        "executive",
        "commissioner",
        "practitioner",
        "consultant",
        "administrator",
        "analyst",
        "nurse",
        "doctor",
        "inspector",
        "principal",
        "team",
        "board",
        "group",
        "panel",
        "partnership",
        "police",
        "member",
        "champion",
        "mentor",
        "supervisor",
        "secretary",
    }
)

# Words after which the rest of a "Who" is about who helps, not who owns:
# "Team Manager, supported by the Commissioning Officer" keeps that as a note.
_NOTE = re.compile(
    r"^(?P<owner>.*?)(?:\s*,\s*|\s+)(?P<note>(?:supported by|with support from|with input from"
    r"|with the|in conjunction with|in partnership with|working with|assisted by|alongside)"
    r"\s+\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_LIST = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*/\s*|\s*;\s*", re.IGNORECASE)


class OwnerSplit(NamedTuple):
    """The owners a "Who" text names, in the order written, and anything more about who."""

    titles: tuple[str, ...]
    note: str


def _has_role_word(text: str) -> bool:
    words = re.findall(r"[^\W_]+(?:-[^\W_]+)*", text.casefold())
    return any(word in ROLE_WORDS or word.rstrip("s") in ROLE_WORDS for word in words)


def _tidy_title(text: str) -> str:
    text = one_line(text).strip(" .,;:-–•*·\"'()[]")
    return text


def _titles_in(part: str) -> list[str]:
    lowered = part.casefold()
    for plural, singular in sorted(PLURAL_TITLES, key=lambda row: -len(row[0])):
        if lowered.startswith(plural + " "):
            items = [_tidy_title(item) for item in _LIST.split(part[len(plural) + 1 :])]
            items = [item for item in items if item]
            if items:
                return [item if _has_role_word(item) else f"{singular} {item}" for item in items]
    items = [_tidy_title(item) for item in _LIST.split(part)]
    items = [item for item in items if item]
    if len(items) > 1 and all(_has_role_word(item) for item in items):
        return items
    return [part]


def _who_parts(text: str) -> list[str]:
    """The separate owners' texts of a "Who" cell: blank lines, semicolons and lines that each
    name a post separate them; a title wrapped over lines is joined again."""
    parts: list[str] = []
    for chunk in re.split(r"\n\s*\n|;", text.replace("\r\n", "\n")):
        lines = [one_line(line) for line in chunk.split("\n") if line.strip()]
        if len(lines) > 1 and all(_has_role_word(line) for line in lines):
            parts.extend(lines)
        elif lines:
            parts.append(" ".join(lines))
    return parts


def split_owners(text: str) -> OwnerSplit:
    """The posts or bodies a "Who" text names, and a note about anyone else it mentions.

    "Heads of Service Safeguards and Family Support" gives two posts; "Missing and Exploitation
    Team Manager with the Provider" gives one post and the note "with the Provider".
    """
    titles: list[str] = []
    keys: set[str] = set()
    notes: list[str] = []
    for part in _who_parts(text):
        owner = part
        match = _NOTE.match(part)
        if match and match.group("owner").strip(" ,"):
            owner = match.group("owner")
            note = one_line(match.group("note")).rstrip(" .")
            if note and note not in notes:
                notes.append(note)
        for title in _titles_in(_tidy_title(owner)):
            title = _tidy_title(title)
            key = name_key(title)
            if title and key not in keys:
                keys.add(key)
                titles.append(title)
    return OwnerSplit(titles=tuple(titles), note="; ".join(notes))


# Dates ------------------------------------------------------------------------------------------

_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDY_DATE = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\.?[\s\-/,]+(\d{2}|\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# Anything written like a date, real or not: three runs of digits ("31/02/2023", "1/1/99999").
_DATE_SHAPED = re.compile(r"^\d{1,8}[/.\-]\d{1,8}[/.\-]\d{1,8}(?:[ T].*)?$")
# What a spreadsheet shows instead of a value it cannot work out; openpyxl reads a date cell
# beyond the year 9999 as #VALUE!.
_SPREADSHEET_ERROR = re.compile(r"^#(?:value!|ref!|n/a|div/0!|num!|name\?|null!|spill!|calc!)$")
FIRST_DUE_YEAR = 1990
LAST_DUE_YEAR = 2100


class DueDate(NamedTuple):
    """A due date as read: the date, or why text written as a date cannot be one.

    Both are empty for text that is no date at all ("Summer 2021", "Ongoing").
    """

    on: datetime.date | None
    problem: str = ""


def read_due_date(text: str) -> DueDate:
    """A due date as plans write it.

    Day first, as in the UK (31/03/2021); ISO dates (2021-03-31); "31 March 2021"; a month on
    its own ("March 2021", "Mar-21") means by the end of that month. Text written as a date that
    is not a real one ("31/02/2023", "1/1/99999") or falls outside 1990 to 2100 comes back with
    the problem, in the words the preview shows.
    """
    written = one_line(text)
    value = written.casefold()
    if not value or len(value) > 40:
        return DueDate(None)
    if _SPREADSHEET_ERROR.match(value):
        return DueDate(None, f"the due date ‘{written}’ is a spreadsheet error, not a date")
    not_real = DueDate(None, f"the due date ‘{written}’ is not a real date")
    try:
        if match := _ISO_DATE.match(value):
            year, month, day = (int(part) for part in match.groups())
            result = datetime.date(year, month, day)
        elif match := _NUMERIC_DATE.match(value):
            day, month = int(match.group(1)), int(match.group(2))
            result = datetime.date(_year(match.group(3)), month, day)
        elif match := _WORDY_DATE.match(value):
            day_text, month_text, year_text = match.groups()
            named_month = _MONTHS.get(month_text)
            if named_month is None:
                return DueDate(None)
            year = _year(year_text)
            result = (
                datetime.date(year, named_month, int(day_text))
                if day_text
                else _last_day(year, named_month)
            )
        elif _DATE_SHAPED.match(value):
            return not_real
        else:
            return DueDate(None)
    except ValueError:
        return not_real
    if not FIRST_DUE_YEAR <= result.year <= LAST_DUE_YEAR:
        return DueDate(
            None,
            f"the due date ‘{written}’ is not between {FIRST_DUE_YEAR} and {LAST_DUE_YEAR}",
        )
    return DueDate(result)


def parse_due_date(text: str) -> datetime.date | None:
    """The due date `text` states, or None when it states none that can be used."""
    return read_due_date(text).on


# Files ------------------------------------------------------------------------------------------

FORMAT_NAMES = {
    "docx": "Word document (.docx)",
    "xlsx": "Excel spreadsheet (.xlsx)",
    "csv": "CSV file (.csv)",
}

_WITH_ARTICLE = {
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel spreadsheet (.xlsx)",
    "csv": "a CSV file (.csv)",
}

_REQUIRED_ENTRY = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def check_upload_size(size: int) -> None:
    """Refuse a file over the size limit before anything opens it."""
    if size > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
        )
    if size == 0:
        raise ImportRefused("The selected file is empty")


def _not_a(kind: str, data: bytes) -> ImportRefused:
    if data.startswith(OLE_SIGNATURE):
        older = {"docx": "Word 97-2003 (.doc)", "xlsx": "Excel 97-2003 (.xls)"}[kind]
        return ImportRefused(
            f"The selected file is password protected or in the older {older} format. "
            f"Remove the password, or save it as {_WITH_ARTICLE[kind]}, and try again"
        )
    return ImportRefused(f"The selected file is not {_WITH_ARTICLE[kind]}")


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose headers promise more than a plan needs, each for its own reason."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportRefused(
            f"The selected file is made of more than {MAX_ZIP_ENTRIES:,} parts, far more than "
            "a plan needs, so it cannot be imported. Check it is the right file"
        )
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise ImportRefused(
            f"The selected file unpacks to more than {_megabytes(MAX_UNCOMPRESSED_BYTES)}, "
            "so it cannot be imported. Remove pictures or unused sheets and try again"
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ImportRefused(
                "The selected file is password protected. Remove the password and try again"
            )
        if entry.file_size > RATIO_CHECKED_ABOVE_BYTES and (
            entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise ImportRefused(
                "The selected file holds content that expands more than "
                f"{MAX_COMPRESSION_RATIO} times when unpacked, which no real document does, "
                "so it cannot be imported"
            )
        if entry.file_size > MAX_PART_BYTES:
            raise ImportRefused(
                f"One part of the selected file unpacks to more than "
                f"{_megabytes(MAX_PART_BYTES)}, so it cannot be imported. Remove large "
                "pictures or embedded files, or split the plan, and try again"
            )


def open_office_zip(data: bytes, *, kind: str) -> zipfile.ZipFile:
    """The .docx or .xlsx file as a zip, once it is safe to hand to the reader.

    Refuses, before anything is inflated and each with its own message: a file that is not a
    zip; more than MAX_ZIP_ENTRIES parts; more than MAX_UNCOMPRESSED_BYTES in all; encrypted
    parts; a part that inflates more than MAX_COMPRESSION_RATIO times (a zip bomb); a part over
    MAX_PART_BYTES; a zip of the other kind (a spreadsheet named .docx); XML parts that declare
    a DOCTYPE (entity expansion); parts that cannot be read.
    """
    check_upload_size(len(data))
    if not data.startswith(b"PK"):
        raise _not_a(kind, data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_a(kind, data) from None
    _check_entries(entries)
    names = {entry.filename for entry in entries}
    if _REQUIRED_ENTRY[kind] not in names:
        other = next((other for other, entry in _REQUIRED_ENTRY.items() if entry in names), None)
        if other is not None:
            raise ImportRefused(
                f"The selected file is {_WITH_ARTICLE[other]}, not {_WITH_ARTICLE[kind]}. "
                f"Rename it to end .{other} and try again"
            )
        raise _not_a(kind, data)
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(entry) as part:
                    start = part.read(4096)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
                raise ImportRefused(
                    f"The selected {FORMAT_NAMES[kind]} is damaged and cannot be read"
                ) from None
            if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
                raise ImportRefused(
                    f"The selected {FORMAT_NAMES[kind]} contains XML that is not allowed "
                    "(a document type declaration), so it cannot be imported"
                )
    return archive


def format_for_filename(name: str) -> str:
    """ "docx", "xlsx" or "csv" for an uploaded file's name; refuses anything else."""
    lowered = name.casefold().strip()
    for extension in ("docx", "xlsx", "csv"):
        if lowered.endswith("." + extension):
            return extension
    if lowered.endswith(".doc"):
        raise ImportRefused(
            "The selected file is in the older Word 97-2003 (.doc) format. "
            "Save it as a Word document (.docx) and try again"
        )
    if lowered.endswith((".xls", ".xlsm", ".xlsb", ".ods")):
        raise ImportRefused("Save the spreadsheet as an Excel workbook (.xlsx) and try again")
    raise ImportRefused("The selected file must be a Word document (.docx), .xlsx or .csv file")


def unique(values: Iterable[str]) -> list[str]:
    """The values in order, each once, ignoring blanks."""
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            result.append(value)
    return result


# Columns and headings ---------------------------------------------------------------------------

# What each column of a plan can hold, in the order the mapping step lists them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("reference", "Reference"),
    ("section", "Section or recommendation"),
    ("action", "Action"),
    ("who", "Who (lead officer)"),
    ("due", "Due date"),
    ("status", "Status or RAG"),
    ("progress", "Progress"),
    ("outcome", "Expected outcome"),
)
FIELD_LABELS = dict(FIELDS)

# Column headings in real use, after `header_key`: lower case, punctuation as spaces.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "reference": (
        "ref",
        "ref no",
        "reference",
        "reference no",
        "reference number",
        "no",
        "number",
        "action no",
        "action number",
        "action ref",
        "item",
        "item no",
        "id",
    ),
    "section": (
        "section",
        "recommendation",
        "recommendations",
        "ofsted recommendation",
        "inspection recommendation",
        "area for improvement",
        "areas for improvement",
        "area for priority action",
        "areas for priority action",
        "priority",
        "priority area",
        "improvement area",
        "what needs to improve",
        "theme",
        "objective",
        "issue",
        "finding",
    ),
    "action": (
        "action",
        "actions",
        "action required",
        "actions required",
        "action to be taken",
        "actions to be taken",
        "key actions",
        "what",
        "what will we do",
        "what we will do",
        "task",
        "tasks",
        "activity",
        "description",
    ),
    "who": (
        "who",
        "lead",
        "leads",
        "lead officer",
        "lead officers",
        "lead person",
        "lead responsibility",
        "owner",
        "owners",
        "action owner",
        "responsible",
        "responsible officer",
        "responsible person",
        "responsibility",
        "by whom",
        "accountable",
        "accountable officer",
        "officer",
    ),
    "due": (
        "due",
        "due date",
        "due by",
        "target date",
        "target completion date",
        "completion date",
        "by when",
        "when",
        "deadline",
        "timescale",
        "timescales",
        "timeframe",
        "date",
        "target",
        "end date",
    ),
    "status": (
        "status",
        "rag",
        "brag",
        "rag status",
        "brag status",
        "rag rating",
        "brag rating",
        "rating",
        "current status",
        "progress rating",
        "progress status",
        "rag rated",
    ),
    "progress": (
        "progress",
        "progress update",
        "progress to date",
        "progress made",
        "update",
        "updates",
        "latest update",
        "update on progress",
        "commentary",
        "comments",
        "narrative",
        "evidence of progress",
        "current position",
    ),
    "outcome": (
        "outcome",
        "outcomes",
        "expected outcome",
        "expected outcomes",
        "intended outcome",
        "intended outcomes",
        "success measure",
        "success measures",
        "measure of success",
        "measures of success",
        "success criteria",
        "impact",
        "expected impact",
        "how will we know",
    ),
}
_ALIASES = sorted(
    ((alias, field) for field, aliases in HEADER_ALIASES.items() for alias in aliases),
    key=lambda row: -len(row[0]),
)
_ALIAS_FIELD = dict(_ALIASES)


def header_key(text: str) -> str:
    text = re.sub(r"\(s\)", "s", text.casefold().translate(_APOSTROPHES))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def recognise_header(text: str) -> str | None:
    """The field a column heading names ("Lead officer" is who), or None.

    The whole heading is looked up first, then the heading without anything in brackets, then
    the longest known heading it starts with ("Progress update June 2021" is progress).
    """
    key = header_key(text)
    if not key or len(key) > 80:
        return None
    if key in _ALIAS_FIELD:
        return _ALIAS_FIELD[key]
    without_brackets = header_key(re.sub(r"\(.*?\)", " ", text))
    if without_brackets in _ALIAS_FIELD:
        return _ALIAS_FIELD[without_brackets]
    for alias, field in _ALIASES:
        if len(alias) >= 6 and alias != "number" and key.startswith(alias + " "):
            return field
    return None


def recognise_headers(cells: Iterable[str]) -> dict[int, str]:
    """Column index to field for a heading row, each field at most once (the first wins)."""
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        field = recognise_header(cell)
        if field is not None and field not in columns.values():
            columns[index] = field
    return columns


_SECTION_HEADING = re.compile(
    r"^(?:ofsted\s+)?(?:recommendation|area\s+for\s+priority\s+action|priority\s+action"
    r"|area\s+for\s+improvement)\s+(?:no\.?\s*)?(\d{1,5})(?!\w|\.\d)\s*(?:[:.)\-–—]\s*(.*))?$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED_TITLE = re.compile(
    r"^(?:(?:ofsted\s+)?recommendation|rec|section|priority|theme|area\s+for\s+priority\s+action"
    r"|area\s+for\s+improvement|apa|r)?\.?\s*(\d{1,5})(?:\s*$|\s*[:.)\-–—]\s*(?!\d)(.*)$)",
    re.IGNORECASE | re.DOTALL,
)


def section_heading(text: str) -> tuple[int, str] | None:
    """(number, text after it) for a heading such as "Ofsted recommendation 3: ...", else None."""
    value = one_line(text)
    if len(value) > 600:
        return None
    match = _SECTION_HEADING.match(value)
    if match is None:
        return None
    return int(match.group(1)), (match.group(2) or "").strip(" :.-–—")


def numbered_title(text: str) -> tuple[int | None, str]:
    """A section cell split into its number and title: "2. The timeliness ..." is (2, "The
    timeliness ..."), "Recommendation 2" is (2, ""), text without a number is (None, text)."""
    value = one_line(text)
    heading = section_heading(value)
    if heading is not None:
        return heading
    match = _NUMBERED_TITLE.match(value)
    if match is None:
        return None, value
    return int(match.group(1)), (match.group(2) or "").strip()


_OUTCOMES_HEADING = re.compile(
    r"^(?:(?:expected|intended|desired|key)\s+)?(?:outcomes?|impacts?)"
    r"|(?:success\s+measures|measures\s+of\s+success)"
    r"|what\s+difference\s+will\s+(?:it|this)\s+make\??$",
    re.IGNORECASE,
)


def is_outcomes_heading(text: str) -> bool:
    """Whether a paragraph heads a section's expected outcomes ("Expected Outcomes")."""
    value = one_line(text).rstrip(" :")
    return len(value) <= 40 and _OUTCOMES_HEADING.fullmatch(value) is not None
