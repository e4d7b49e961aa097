"""`make run` and `make demo-data` on another host or port: the links they print follow it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("target", ["run", "demo-data"])
def test_make_passes_the_servers_address_as_site_url(target):
    make = shutil.which("make")
    assert make is not None
    completed = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [make, "--dry-run", target, "PORT=8101", "DEMO_PASSWORD=x"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    commands = [line for line in completed.stdout.splitlines() if "manage.py" in line]

    assert any("load_demo_data" in line for line in commands)
    assert all("SITE_URL='http://127.0.0.1:8101'" in line for line in commands)


def test_make_bench_peer_installs_wrk_when_missing_and_runs_the_side_by_side_bench():
    make = shutil.which("make")
    assert make is not None
    listed = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [make, "help"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "make bench-peer" in listed.stdout
    completed = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [
            make,
            "--dry-run",
            "--no-print-directory",
            "--old-file=install",
            "bench-peer",
            "BENCH_PEER_ARGS=--no-pdf",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    # Under `make test` the outer make's flags reach this one; its own messages are not commands.
    lines = [line for line in completed.stdout.splitlines() if not line.startswith("make")]

    assert any("command -v wrk" in line and "apt-get install" in line for line in lines)
    assert lines[-1].endswith("bench/peer.py --no-pdf")
