"""The plan itself as a compact, tagged PDF: what the plan's CSV download holds, to print.

A heading block (the local authority, the plan's title, "as at" the day), then for each
section a heading and a table of its actions: reference, action, who, due date (with
"Overdue" and a moved date), status, BRAG and the latest progress update in full. A4
landscape, PDF/UA-1: a structure tree with headings and tables whose header row is `TH` and
repeated on every page, the language (en-GB) and the document title.

Unlike the board paper (`pdf.py`), which passes JSON to one fixed Typst file, this builder
writes the Typst source itself with plain string joins and compiles it in this process, with
a compiler kept for the life of the process: its fonts found once, and the last plan's layout
remembered (`_compile`), so that the same plan again takes a fraction of the first time. The
measurements are in `docs/decisions/0013-plan-pdf-in-the-request.md`. Users'
text still never becomes Typst markup or code: every piece of it goes into the source only as
a Typst string literal through `_s`, the one escape function, and a string is shown as text,
so `#`, `$`, `*`, `@`, `<`, `]` and backslashes print as themselves.

No database: the rows come from `papers.selectors.plan_print_rows`, the CSV's rows
(`plan_export_rows`) with the plan's title and local authority.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from typing import TYPE_CHECKING

from tracker.core.formatting import format_date
from tracker.reporting.documents.data import AppendixAction, PlanRows
from tracker.reporting.documents.outline import clean_text, section_label

if TYPE_CHECKING:  # pragma: no cover
    import typst

__all__ = ["build_plan_pdf", "plan_typst_source"]

# The families the board paper asks for, in its order (`typst/compile.py`).
PAPER_FONTS = ("Arial", "Liberation Sans", "DejaVu Sans")

HEADERS = ("Ref", "Action", "Who", "Due", "Status", "BRAG", "Latest progress")
# Relative widths on a landscape page: the action and its progress take most of it.
WIDTHS = (5, 26, 13, 10, 8, 6, 32)

_PREAMBLE = """\
#set document(title: {title}, author: {author}, description: {description}, \
keywords: ("improvement plan", "action plan"))
#set text(font: {fonts}, size: 8pt, fill: rgb("#0b0c0c"), lang: "en", region: "GB", \
hyphenate: false)
#set par(leading: 0.4em, spacing: 0.6em)
#set page(paper: "a4", flipped: true, margin: (top: 16mm, bottom: 14mm, x: 12mm), \
header: text(7pt, fill: rgb("#505a5f"), {running}), \
footer: context align(right, text(7pt)[Page #counter(page).display() of \
#counter(page).final().first()]))
#show heading: set block(above: 1em, below: 0.45em, sticky: true)
#show heading.where(level: 1): set text(18pt)
#show heading.where(level: 1): set block(above: 10pt)
#show heading.where(level: 2): set text(11pt)
#set table(stroke: 0.5pt + rgb("#6f777b"), inset: (x: 3pt, y: 2.5pt), align: left + top, \
columns: ({columns}))
#show table.cell: set par(leading: 0.3em, spacing: 0.3em)
#set table.cell(breakable: false)
#let hd = table.header({headers})
#let od = strong("Overdue")
"""

# Each compile is one new source: `_s` is the only way users' text enters it.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n"})


def _s(text: str) -> str:
    """`text` as a Typst string literal: shown as text wherever it goes, never read as markup
    or code. Control characters a PDF cannot show are dropped first, and line endings become
    `\\n` (`clean_text`), which Typst shows as a line break."""
    return '"' + clean_text(text).translate(_ESCAPES) + '"'


def _who(action: AppendixAction) -> str:
    who = "; ".join(action.who)
    if action.owner_note:
        who = f"{who} ({action.owner_note})" if who else action.owner_note
    return who


def _due(action: AppendixAction) -> str:
    """The due date in UK style, "Overdue" in bold under it, and the date it was first due
    when it has moved (as the CSV's "Original due date")."""
    parts = [_s(format_date(action.due_on) or "No due date")]
    if action.is_overdue:
        parts.append("linebreak(); od")
    if action.is_rebaselined:
        parts.append(f"linebreak(); {_s('was ' + format_date(action.original_due_on))}")
    return "{" + "; ".join(parts) + "}" if len(parts) > 1 else parts[0]


def _progress(action: AppendixAction) -> str:
    if not action.progress_on and not action.progress:
        return '""'
    if not action.progress_on:
        return _s(action.progress)
    date = _s(format_date(action.progress_on))
    return "{strong(" + date + "); linebreak(); " + _s(action.progress) + "}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _row(action: AppendixAction) -> str:
    return ",".join(
        (
            _s(action.reference),
            _s(action.description),
            _s(_who(action)),
            _due(action),
            _s(action.status_label),
            _s(action.brag_word),
            _progress(action),
        )
    )


def plan_typst_source(data: PlanRows) -> str:
    """The whole document as Typst source (a string): one `#table` a section."""
    plan_title = data.plan_title or "Improvement plan"
    local_authority = data.local_authority
    as_at = f"as at {format_date(data.as_of)}"
    parts = [
        _PREAMBLE.format(
            title=_s(f"{plan_title} ({as_at})"),
            author=_s(local_authority),
            description=_s(f"The improvement plan {as_at}"),
            fonts="(" + ",".join(_s(font) for font in PAPER_FONTS) + ")",
            running=_s(f"{plan_title}, {as_at}"),
            columns=",".join(f"{width}fr" for width in WIDTHS),
            headers=",".join(
                f'table.cell(fill: rgb("#e7e8e9"), strong({_s(header)}))' for header in HEADERS
            ),
        ),
        f'#par(text(11pt, fill: rgb("#505a5f"), {_s(local_authority)}))\n',
        f"#heading(level: 1, {_s(plan_title)})\n",
        f"#par(text(11pt, {_s('The improvement plan ' + as_at)}))\n",
    ]
    actions = sum(len(section.actions) for section in data.appendix)
    sections = len(data.appendix)
    counted = f"{_count(actions, 'action')} in {_count(sections, 'section')}."
    parts.append(f"#par({_s(counted)})\n")
    if not data.appendix:
        parts.append('#par("The plan has no sections yet.")\n')
    for section in data.appendix:
        parts.append(f"#heading(level: 2, {_s(section_label(section.number, section.title))})\n")
        if not section.actions:
            parts.append('#par("This section has no actions yet.")\n')
            continue
        rows = ",\n".join(_row(action) for action in section.actions)
        parts.append(f"#table(hd,\n{rows})\n")
    return "".join(parts)


# One compiler for the process, made on first use, and one compile at a time through it.
_compiler_lock = threading.Lock()
_compilers: list[typst.Compiler] = []
# The digest of the last source compiled, to tell a new document from the same one again.
_last_source: list[bytes] = []
# typst-py forgets whatever the last ten compiles did not use (comemo's eviction after each
# compile). Four empty compiles before a new document leave about the last two documents
# remembered: the memory held stays about two plans' (eight kept one, but made a plan with
# fifty updates changed up to three times slower to lay out again; decision 0013).
FORGETTING_COMPILES = 4


def _fonts() -> typst.Fonts:
    """The system's fonts; Typst's own only when the system has none of the paper's families
    (as `typst/compile.py` does for the board paper)."""
    import typst

    system = typst.Fonts(include_system_fonts=True, include_embedded_fonts=False)
    if set(PAPER_FONTS) & set(system.families()):
        return system
    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)


def _warm_compiler() -> typst.Compiler:
    """The process's compiler (call with `_compiler_lock` held), its fonts found once."""
    if not _compilers:
        import typst

        _compilers.append(typst.Compiler(font_paths=_fonts()))
    return _compilers[0]


def _compile(source: bytes, timestamp: int | None) -> bytes | None:
    """PDF/UA-1 bytes of the source, through the process's compiler.

    Typst remembers what it laid out, for the life of the process: the same plan again is
    laid out in a fraction of the first time, and so, mostly, is the plan with a few actions
    changed. Left alone, it would remember the last ten documents (about 60 MB each at 400
    actions). So before a document other than the last one, empty compiles make it forget
    all but about the last two: the plans most likely asked for again, reused where the new
    document is the same."""
    digest = hashlib.blake2b(source, digest_size=16).digest()
    with _compiler_lock:
        compiler = _warm_compiler()
        if _last_source and _last_source[0] != digest:
            for _ in range(FORGETTING_COMPILES):
                compiler.compile(input=b"", format="pdf")
        _last_source[:] = [digest]
        pdf = compiler.compile(
            input=source, format="pdf", pdf_standards=["ua-1"], timestamp=timestamp
        )
    return pdf if isinstance(pdf, bytes) else None


def build_plan_pdf(data: PlanRows, *, created: datetime.datetime | None = None) -> bytes:
    """The plan as tagged PDF/UA-1 bytes, from its rows alone (no database)."""
    import typst

    source = plan_typst_source(data).encode("utf-8")
    timestamp = int(created.timestamp()) if created is not None else None
    try:
        pdf = _compile(source, timestamp)
    except typst.TypstError as error:
        raise RuntimeError(f"Typst could not lay out the plan: {error.message}") from error
    if pdf is None:  # pragma: no cover (a PDF is one file)
        raise RuntimeError("Typst could not lay out the plan: no PDF was written")
    return pdf
