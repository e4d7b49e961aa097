"""Starting the app, a web worker or a command loads none of the heavy document libraries.

openpyxl, python-docx, Typst, PDFium and the rest (and WeasyPrint, which only tests use) cost
from tens of milliseconds to a second of CPU each to import. They are imported inside the
functions that use them, so `manage.py export_board_paper --help` starts in well under a
second (issue 11; `bench/startup.py` measures the seconds, this test only checks which modules
are loaded).

The check runs in a new Python process: this test process has long since imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

HEAVY = frozenset(
    {
        "PIL",
        "boto3",
        "botocore",
        "docx",
        "docxtpl",
        "filetype",
        "fontTools",
        "holidays",
        "hypothesis",
        "icalendar",
        "lxml",
        "matplotlib",
        "moto",
        "numpy",
        "openpyxl",
        "pdfplumber",
        "pydyf",
        "pypdf",
        "pypdfium2",
        "typst",
        "weasyprint",
    }
)

# Sets Django up, imports the URLconf (every view, form and template tag library a view module
# imports) and every management command of the project, then prints the top-level packages
# loaded.
PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
from django.core.management import get_commands, load_command_class
for name, app in sorted(get_commands().items()):
    if app.startswith("tracker."):
        load_command_class(app, name)
print(json.dumps(sorted({module.split(".")[0] for module in sys.modules})))
"""


def _loaded_at_startup() -> set[str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=str(ROOT))
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_no_heavy_library_is_imported_when_the_app_and_its_commands_load() -> None:
    loaded = _loaded_at_startup()

    assert "tracker" in loaded  # the probe really loaded the project
    assert sorted(HEAVY & loaded) == []


def test_the_probe_would_see_a_heavy_library_if_one_were_imported() -> None:
    """The probe's own check: the same script sees openpyxl once something imports it."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=str(ROOT))
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", "import openpyxl\n" + PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))

    assert "openpyxl" in HEAVY & loaded
