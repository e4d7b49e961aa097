"""Benchmark of a management command's start: CPU seconds before any work is done.

Runs each command below `--repeat` times in a new Python process (after one untimed run, so the
bytecode is compiled and the files are in the page cache) and reports the median CPU seconds
(user + system, from `resource.getrusage(RUSAGE_CHILDREN)` around each subprocess) and the
wall-clock seconds. CPU seconds, not wall-clock time, are the figure that counts: they are what a
shared, busy machine charges for starting a command, and they vary less than wall-clock time.

- floor: `python -c pass` (the interpreter alone);
- django setup: `django.setup()` with the project's settings (every app's models, admin and
  `ready()`, no URLconf);
- check: `manage.py check` (setup, the URLconf, every view and template tag library);
- export_board_paper --help, import_ofsted_report --help: setup and the command's module.

    .venv/bin/python bench/startup.py
    .venv/bin/python bench/startup.py --repeat 10 --json

The target (issue 11): a command such as `export_board_paper` or `import_ofsted_report` starts
in under 1 s of CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET_CPU_SECONDS = 1.0

CASES: list[tuple[str, list[str]]] = [
    ("floor (python -c pass)", [PYTHON, "-c", "pass"]),
    ("django setup", [PYTHON, "-c", "import django; django.setup()"]),
    ("manage.py check", [PYTHON, "manage.py", "check"]),
    ("export_board_paper --help", [PYTHON, "manage.py", "export_board_paper", "--help"]),
    ("import_ofsted_report --help", [PYTHON, "manage.py", "import_ofsted_report", "--help"]),
]


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One run of `command`: (CPU seconds, wall-clock seconds)."""
    cpu_before = _cpu_seconds()
    wall_before = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and fixed commands
        command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return _cpu_seconds() - cpu_before, time.perf_counter() - wall_before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per command")
    parser.add_argument(
        "--settings", default="config.settings.test", help="DJANGO_SETTINGS_MODULE to use"
    )
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table")
    args = parser.parse_args(argv)

    env = dict(os.environ, DJANGO_SETTINGS_MODULE=args.settings, PYTHONPATH=str(ROOT))
    rows = []
    for name, command in CASES:
        run_once(command, env)  # untimed: compiles bytecode, warms the page cache
        runs = [run_once(command, env) for _ in range(args.repeat)]
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        rows.append({"case": name, "cpu_s": round(cpu, 3), "wall_s": round(wall, 3)})

    load = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"load_average_1m": load, "repeat": args.repeat, "rows": rows}, indent=2))
    else:
        print(f"Start-up of a command, median of {args.repeat} runs (load average {load:.2f})")
        print(f"{'case':<30} {'CPU s':>7} {'wall s':>7}")
        for row in rows:
            print(f"{row['case']:<30} {row['cpu_s']:>7.2f} {row['wall_s']:>7.2f}")
    failed = [
        row["case"]
        for row in rows
        if row["case"].endswith("--help") and row["cpu_s"] >= TARGET_CPU_SECONDS
    ]
    if failed:
        print(f"Over the {TARGET_CPU_SECONDS:.0f} s CPU target: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
