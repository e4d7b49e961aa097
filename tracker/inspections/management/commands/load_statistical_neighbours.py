"""`manage.py load_statistical_neighbours CSV`: load the statistical neighbour lists a council
compares itself with in the national inspection picture.

The CSV has a header line `authority,neighbour,rank` and one line for each authority and one of
its neighbours (rank 1 the closest), as the DfE's children's services statistical neighbour
benchmarking tool lists them. Names are authorities' names as Ofsted's reports give them.
Every line is checked before anything is saved; any problem and nothing is saved, every problem
is listed with its line, and the command exits with status 1. The lists of the authorities named
replace their old lists; other authorities' lists are kept.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.inspections.national.services import NeighbourRow, statistical_neighbours_load

COLUMNS = ("authority", "neighbour", "rank")
MAX_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = "Load statistical neighbour lists (CSV: authority,neighbour,rank), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", metavar="CSV", help="The neighbour lists, as CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = _read(Path(options["csv"]))
        try:
            loaded = statistical_neighbours_load(rows=rows)
        except ValidationError as error:
            self.stderr.write("Nothing was loaded. Correct these lines and load the file again:")
            for message in error.messages:
                self.stderr.write(f"  {message}")
            raise CommandError(
                f"{len(error.messages)} problems in the file", returncode=1
            ) from None
        self.stdout.write(
            f"Loaded {loaded.neighbours} statistical neighbours for {loaded.authorities} "
            "authorities"
        )


def _read(path: Path) -> list[NeighbourRow]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("The file is larger than 1 MB: is it the neighbour list?")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise CommandError(f"The file could not be opened: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise CommandError("The file is not text saved as UTF-8: save it as CSV UTF-8") from None
    reader = csv.reader(text.splitlines())
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header[:3]) != COLUMNS:
        raise CommandError(f"The first line must be the headings {','.join(COLUMNS)}")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [*cells, "", "", ""][:3]
        rows.append(NeighbourRow(line=line, authority=cells[0], neighbour=cells[1], rank=cells[2]))
    return rows
