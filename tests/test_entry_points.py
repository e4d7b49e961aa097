"""Starting the app from a fresh shell: commands run locally without extra variables, while the
web app and the task worker refuse to start without the deployment's secret key."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANAGE = str(ROOT / "manage.py")
REPORT = str(
    ROOT
    / "tracker/inspections/tests/fixtures/ofsted-reports/solihull-ilacs-published-2020-01-09.pdf"
)
ADVICE = (
    "set DJANGO_SECRET_KEY to a long random value (or DJANGO_DEBUG=true for local development only)"
)
FRESH_SHELL = {"PATH": "/usr/bin:/bin"}


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    return subprocess.run(  # noqa: S603 - our own entry points, fixed arguments
        list(args),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd or ROOT,
        env={**FRESH_SHELL, **(env or {})},
    )


def test_a_command_from_the_readme_runs_in_a_fresh_shell(tmp_path):
    completed = _run(
        sys.executable, MANAGE, "import_ofsted_report", REPORT, "--dry-run", "--json", cwd=tmp_path
    )

    assert completed.returncode == 0, completed.stderr
    assert '"local_authority": "Solihull Metropolitan Borough Council"' in completed.stdout


def test_the_task_worker_refuses_to_start_without_a_secret_key():
    completed = _run(sys.executable, MANAGE, "db_worker")

    assert completed.returncode == 1
    assert completed.stderr.splitlines() == [f"manage.py db_worker will not run: {ADVICE}"]


def test_the_task_worker_starts_when_debugging():
    completed = _run(sys.executable, MANAGE, "db_worker", "--help", env={"DJANGO_DEBUG": "true"})

    assert completed.returncode == 0, completed.stderr


def test_commands_refuse_without_a_secret_key_where_the_app_is_deployed():
    completed = _run(
        sys.executable, MANAGE, "check", env={"DJANGO_ALLOWED_HOSTS": "tracker.example.gov.uk"}
    )

    assert completed.returncode == 1
    assert completed.stderr.splitlines() == [f"manage.py check will not run: {ADVICE}"]


def test_the_web_app_refuses_to_load_without_a_secret_key():
    completed = _run(sys.executable, "-c", "import config.wsgi", env={"PYTHONPATH": str(ROOT)})

    assert completed.returncode == 4
    assert completed.stderr.splitlines() == [f"The web app will not start: {ADVICE}"]


def test_the_web_app_loads_with_a_secret_key():
    completed = _run(
        sys.executable,
        "-c",
        "import config.wsgi; print(config.wsgi.application.__class__.__name__)",
        env={"PYTHONPATH": str(ROOT), "DJANGO_SECRET_KEY": "x" * 50},
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "WSGIHandler"


def test_gunicorn_stops_instead_of_serving_without_a_secret_key(tmp_path):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None:
        pytest.fail("gunicorn is a dependency of the project and must be installed")
    completed = _run(
        gunicorn,
        "config.wsgi:application",
        "--bind",
        f"unix:{tmp_path / 'web.sock'}",
        "--workers",
        "1",
        "--no-control-socket",
    )

    assert completed.returncode == 4  # gunicorn's "App failed to load"
    assert f"The web app will not start: {ADVICE}" in completed.stderr.splitlines()
