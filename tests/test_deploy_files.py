"""deploy/ holds one coherent production shape: the nginx site passes `nginx -t`, the systemd
units start commands that exist, the container image copies files that exist, and the sample
environment names every setting the app reads. `make prod-check` runs these same files for
real (scripts/prod_check.py); it is not part of `make test`."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _prod_check():
    if "prod_check" in sys.modules:
        return sys.modules["prod_check"]
    spec = importlib.util.spec_from_file_location("prod_check", ROOT / "scripts" / "prod_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["prod_check"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _unit(name: str) -> dict[str, list[str]]:
    """A systemd unit's keys (a key may repeat)."""
    keys: dict[str, list[str]] = {}
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            keys.setdefault(key, []).append(value)
    return keys


def _settings_read_by_the_app() -> set[str]:
    names: set[str] = set()
    for path in [*(ROOT / "config").rglob("*.py"), *(ROOT / "tracker").rglob("*.py")]:
        if "tests" in path.parts:
            continue
        names |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', path.read_text()))
    return names


def test_nginx_site_passes_nginx_t_as_the_production_check_runs_it(tmp_path):
    nginx = shutil.which("nginx")
    if nginx is None:
        pytest.skip("nginx is not installed: `make prod-check` installs Debian's nginx-light")
    prod_check = _prod_check()
    certificate, key = prod_check.self_signed_certificate(tmp_path)
    site = tmp_path / "site.conf"
    site.write_text(
        prod_check.nginx_site(
            https_port=18443,
            http_port=18080,
            upstream_ports=(18001, 18002),
            static_root=tmp_path,
            certificate=certificate,
            key=key,
        )
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(prod_check.nginx_main(prefix=tmp_path, site=site))

    tested = subprocess.run(  # noqa: S603 - fixed arguments
        [nginx, "-t", "-e", str(tmp_path / "error.log"), "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
    )

    assert tested.returncode == 0, tested.stderr


def test_nginx_site_caps_the_body_a_little_above_the_largest_upload():
    site = (DEPLOY / "nginx" / "improvement-tracker.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))

    # Evidence (EVIDENCE_MAX_UPLOAD_MB) and reports (20 MB) fit with their multipart form.
    assert (
        max(settings.EVIDENCE_MAX_UPLOAD_MB, 20)
        < limit
        <= max(settings.EVIDENCE_MAX_UPLOAD_MB, 20) + 10
    )
    static_root = re.search(r"location /static/ \{\s*alias ([^;]+);", site).group(1)
    assert static_root.rstrip("/").endswith(settings.STATIC_ROOT.name)
    # Evidence files go out only through the app's permission-checked download view.
    locations = re.findall(r"^\s*location ([^ ]+) \{", site, flags=re.MULTILINE)
    assert locations == ["/static/", "/"]
    assert "proxy_next_upstream error timeout;" in site
    assert "non_idempotent" not in site
    assert "X-Forwarded-Proto $scheme" in site
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert "return 301 https://" in site


def test_systemd_units_start_commands_that_exist():
    prod_check = _prod_check()
    web = prod_check.unit_exec_start(DEPLOY / "systemd" / "tracker-web@.service", "8001")
    worker = prod_check.unit_exec_start(DEPLOY / "systemd" / "tracker-worker@.service", "1")

    assert Path(web[0]).is_file(), web[0]
    assert Path(web[0]).name == "gunicorn"
    config = web[web.index("--config") + 1]
    assert (ROOT / config).is_file()
    assert web[-1] == "config.wsgi:application"
    assert "127.0.0.1:8001" in web
    assert Path(worker[0]).is_file(), worker[0]
    assert worker[1] == "manage.py"
    assert worker[2] == "db_worker"
    assert "db_worker" in get_commands()
    assert "send_reminders" in get_commands()
    reminders = shlex.split(_unit("tracker-reminders.service")["ExecStart"][0])
    assert reminders[1:] == ["manage.py", "send_reminders"]
    for name in ("tracker-web@.service", "tracker-worker@.service", "tracker-reminders.service"):
        unit = _unit(name)
        assert unit["WorkingDirectory"] == [prod_check.HOST_ROOT]
        assert unit["EnvironmentFile"] == ["/etc/improvement-tracker/env"]
        assert unit["User"] == ["tracker"]
    instances = _unit("tracker.target")["Wants"][0].split()
    web_ports = sorted(
        re.findall(r"127\.0\.0\.1:(\d+) ", (DEPLOY / "nginx/improvement-tracker.conf").read_text())
    )
    assert sorted(i.split("@")[1].split(".")[0] for i in instances if "web" in i) == web_ports


def test_sample_environment_names_every_setting_the_app_reads():
    sample = (DEPLOY / "improvement-tracker.env").read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", sample, flags=re.MULTILINE))
    readme = (ROOT / "README.md").read_text()
    production = readme[readme.index("## Configuration for production") :]
    # A prefix such as `SSO_SECRET_` names a family of variables, not one.
    listed = {
        name
        for name in re.findall(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`", production)
        if not name.endswith("_")
    }
    for_make_run_only = {"HOST", "PORT", "DEMO_PASSWORD"}

    assert (_settings_read_by_the_app() - for_make_run_only) - named == set()
    assert (listed - for_make_run_only) - named == set()
    secrets = {"DJANGO_SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "SSO_OIDC_CLIENT_SECRET"}
    for line in sample.splitlines():
        name, _, value = line.lstrip("# ").partition("=")
        if name in secrets or name.startswith("SSO_SECRET_"):
            assert value == "", f"{name} has a value in the sample"


def test_container_image_copies_files_that_exist_and_runs_as_the_units_do():
    containerfile = (DEPLOY / "Containerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", containerfile, flags=re.MULTILINE)
    assert stages[-1].endswith("python:3.11-slim-bookworm")
    for line in re.findall(r"^COPY (?!--from)(.+)$", containerfile, flags=re.MULTILINE):
        *sources, _destination = line.split()
        for source in sources:
            assert (ROOT / source).exists(), f"Containerfile copies {source}, which is missing"
    assert "uv sync --frozen --no-dev" in containerfile
    assert re.search(r"^USER tracker$", containerfile, flags=re.MULTILINE)
    command = re.search(r"^CMD (\[.+\])$", containerfile, flags=re.MULTILINE).group(1)
    assert '"--config", "deploy/gunicorn.conf.py"' in command
    assert "config.wsgi:application" in command


def test_gunicorn_config_loads():
    namespace: dict[str, object] = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own file

    assert namespace["workers"] == 2
    assert namespace["worker_class"] == "sync"
    assert isinstance(namespace["timeout"], int)
    assert namespace["timeout"] < 120  # below nginx's proxy_read_timeout


def test_every_source_map_the_built_assets_name_is_there():
    """collectstatic's manifest storage (DEBUG off) stops at a script or style sheet naming a
    source map on a line of its own that is not there, and production has no static files."""
    built = ROOT / "static_build"
    if not built.is_dir():
        pytest.skip("static_build/ is not built: `make install` builds it")
    pattern = re.compile(r"^(?://|/\*)# sourceMappingURL=(\S+?)(?: \*/)?$", re.MULTILINE)
    missing = [
        f"{path.relative_to(built)} -> {name}"
        for path in [*built.rglob("*.js"), *built.rglob("*.css")]
        for name in pattern.findall(path.read_text(errors="replace"))
        if not name.startswith("data:") and not (path.parent / name).is_file()
    ]

    assert missing == []
