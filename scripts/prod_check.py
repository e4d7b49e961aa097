"""`make prod-check`: the production stack on this machine, from deploy/, driven for real.

Starts, each in a temporary folder of its own and on local ports: a throwaway PostgreSQL
database (migrated, demo data loaded), collectstatic's output, a self-signed certificate,
moto's S3-compatible server with a bucket for evidence files, two gunicorn instances and two
`db_worker` processes started from the ExecStart lines of deploy/systemd/, and Debian's nginx
running deploy/nginx/improvement-tracker.conf (its ports, paths and certificate swapped for the
local ones). The two instances share one cache, the machine's Redis (PROD_CHECK_REDIS, under a
key prefix of the run's own, removed at the end). Settings are
production's: DEBUG off, a generated secret key, secure cookies.

Then it drives a journey through nginx over HTTPS as an improvement lead: sign in, open pages,
record progress, upload evidence (into the bucket and back), ask for board papers. Midway it
kills one gunicorn instance and one worker with SIGKILL (each a whole process group, as the
kernel's OOM killer or `systemctl kill -s KILL` would), and carries on. At the end it checks,
in the database, the bucket and the logs, that no request was lost and no job ran twice, prints
a table, and stops everything and drops the database whatever happened. Exit status 0 only if
every check passed.

Not part of `make test` (it takes minutes and needs nginx, which the Makefile target
installs). Uses only packages `make install` brings (requests, boto3, moto, Flask, psycopg).
Takes a few minutes: migrating a new PostgreSQL database is most of it.
Set PROD_CHECK_KEEP_LOGS=1 to keep the logs (gunicorn, workers, nginx, moto) afterwards. For
quick reruns while changing deploy/, PROD_CHECK_TEMPLATE_DB=name copies an already migrated
database instead of starting empty (migrate and the demo loaders still run, doing little).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SITE_CONF = DEPLOY / "nginx" / "improvement-tracker.conf"
WEB_UNIT = DEPLOY / "systemd" / "tracker-web@.service"
WORKER_UNIT = DEPLOY / "systemd" / "tracker-worker@.service"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
# Where deploy/ expects the code on a real host, swapped for this checkout.
HOST_ROOT = "/srv/improvement-tracker"
POSTGRES_URL = os.environ.get("PROD_CHECK_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("PROD_CHECK_REDIS", "redis://127.0.0.1:6379/0")
HOSTNAME = "prodcheck"
MARK = "[prod-check"


class CheckFailed(Exception):
    pass


# Deployment files, made local ---------------------------------------------------------------------


def _swap(text: str, old: str, new: str, *, count: int) -> str:
    """Replace exactly `count` occurrences, so a changed deploy file fails loudly here."""
    found = text.count(old)
    if found != count:
        raise CheckFailed(
            f"{SITE_CONF.relative_to(ROOT)}: expected {count} x {old!r}, found {found}: "
            "update scripts/prod_check.py with the deploy file"
        )
    return text.replace(old, new)


def nginx_site(
    *,
    https_port: int,
    http_port: int,
    upstream_ports: tuple[int, int],
    static_root: Path,
    certificate: Path,
    key: Path,
) -> str:
    """deploy/nginx/improvement-tracker.conf with local ports, paths and certificate."""
    text = SITE_CONF.read_text()
    text = _swap(
        text, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", count=1
    )
    text = _swap(text, "listen [::]:443 ssl http2;\n", "", count=1)
    text = _swap(text, "listen 80;", f"listen 127.0.0.1:{http_port};", count=1)
    text = _swap(text, "listen [::]:80;\n", "", count=1)
    text = _swap(text, "server_name tracker.example.gov.uk;", "server_name 127.0.0.1;", count=2)
    text = _swap(
        text, "https://$host$request_uri", f"https://$host:{https_port}$request_uri", count=1
    )
    text = _swap(text, "127.0.0.1:8001 ", f"127.0.0.1:{upstream_ports[0]} ", count=1)
    text = _swap(text, "127.0.0.1:8002 ", f"127.0.0.1:{upstream_ports[1]} ", count=1)
    text = _swap(text, f"{HOST_ROOT}/staticfiles/", f"{static_root}/", count=1)
    text = _swap(text, "/etc/ssl/improvement-tracker/fullchain.pem", str(certificate), count=1)
    text = _swap(text, "/etc/ssl/improvement-tracker/privkey.pem", str(key), count=1)
    return text


def nginx_main(*, prefix: Path, site: Path) -> str:
    """A whole nginx.conf of its own (pid, logs, temp folders in `prefix`), including the site,
    as Debian's /etc/nginx/nginx.conf includes sites-enabled/."""
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 2;\n"
        "daemon off;\n"
        f"pid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log info;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        f"    access_log {prefix}/access.log;\n"
        f"    client_body_temp_path {prefix}/client_body;\n"
        f"    proxy_temp_path {prefix}/proxy;\n"
        f"    fastcgi_temp_path {prefix}/fastcgi;\n"
        f"    uwsgi_temp_path {prefix}/uwsgi;\n"
        f"    scgi_temp_path {prefix}/scgi;\n"
        f"    include {site};\n"
        "}\n"
    )


def unit_exec_start(unit: Path, instance: str) -> list[str]:
    """The unit's ExecStart, for this checkout: systemd's %i (instance) and %H (host name)
    filled in, /srv/improvement-tracker swapped for the repository's root."""
    lines = [
        line.split("=", 1)[1]
        for line in unit.read_text().splitlines()
        if line.startswith("ExecStart=")
    ]
    if len(lines) != 1:
        raise CheckFailed(f"{unit.name}: expected one ExecStart line, found {len(lines)}")
    command = lines[0].replace("%i", instance).replace("%H", HOSTNAME).replace(HOST_ROOT, str(ROOT))
    return shlex.split(command)


def unit_working_directory(unit: Path) -> Path:
    for line in unit.read_text().splitlines():
        if line.startswith("WorkingDirectory="):
            return Path(line.split("=", 1)[1].replace(HOST_ROOT, str(ROOT)))
    raise CheckFailed(f"{unit.name}: no WorkingDirectory")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - Debian's openssl, from PATH
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, *, process: subprocess.Popen[bytes], name: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"{name} exited ({process.returncode}):\n{tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise CheckFailed(f"{name} did not listen on {port} within 60 s:\n{tail(log)}")


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# Processes ----------------------------------------------------------------------------------------


@dataclasses.dataclass
class Service:
    name: str
    command: list[str]
    log: Path
    cwd: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    killed: bool = False

    def start(self) -> None:
        handle = self.log.open("ab")
        # A process group of its own: SIGKILL takes the whole instance (master and workers,
        # a worker and its Typst child), as systemd's control group does.
        self.process = subprocess.Popen(  # noqa: S603 - commands from deploy/ and the venv
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()

    def kill(self) -> None:
        assert self.process is not None  # noqa: S101
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.killed = True

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


# The results table --------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    check: str
    ok: bool
    detail: str


class Results:
    def __init__(self) -> None:
        self.rows: list[Result] = []

    def add(self, check: str, ok: bool, detail: str) -> bool:
        self.rows.append(Result(check, ok, detail))
        print(f"  [{'ok' if ok else 'FAIL'}] {check}: {detail}", flush=True)
        return ok

    def note(self, check: str, detail: str) -> None:
        self.rows.append(Result(check, True, detail))
        print(f"  [info] {check}: {detail}", flush=True)

    @property
    def passed(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    def table(self) -> str:
        width = min(46, max(len(row.check) for row in self.rows))
        out = [f"{'check':<{width}}  {'result':<6}  detail", f"{'-' * width}  ------  {'-' * 60}"]
        out += [
            f"{row.check:<{width}}  {'ok' if row.ok else 'FAIL':<6}  {row.detail}"
            for row in self.rows
        ]
        return "\n".join(out)


# HTTP -------------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """Each form's action and the fields a browser would send as the page shows them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._textarea: list[str] | None = None
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append({"action": found.get("action") or "", "fields": [], "names": set()})
            return
        if not self.forms:
            return
        name = found.get("name")
        fields = self.forms[-1]["fields"]
        if name:
            self.forms[-1]["names"].add(name)
        if tag == "input" and name:
            kind = (found.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"radio", "checkbox"} and "checked" not in found:
                return
            fields.append((name, found.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = found.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in found:
                self._select["selected"] = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None and self.forms:
            self.forms[-1]["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self.forms:
            value = self._select["selected"] or self._select["first"] or ""
            self.forms[-1]["fields"].append((self._select["name"], value))
            self._select = None


def form_with(html: str, field: str) -> dict[str, Any]:
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if field in form["names"]:
            return form
    raise CheckFailed(f"no form with a {field!r} field on the page")


def error_summary(answer: Any) -> str:
    """The GOV.UK error summary's messages on a page, as plain text."""
    if answer is None:
        return "no answer"
    html = answer.text
    start = html.find("govuk-error-summary__list")
    if start < 0:
        return f"{answer.status_code}, no error summary"
    listed = html[start : html.find("</ul>", start)]
    return "; ".join(
        " ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in listed.split("<li")[1:]
    )


def with_values(form: dict[str, Any], **values: str) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in form["fields"] if name not in values]
    return kept + list(values.items())


@dataclasses.dataclass
class Exchange:
    step: str
    method: str
    path: str
    expected: tuple[int, ...]
    status: int | None
    error: str = ""
    at: float = 0.0

    @property
    def answered(self) -> bool:
        return self.status in self.expected


class Client:
    """One signed-in officer's browser, over HTTPS through nginx, trusting only our certificate."""

    def __init__(self, base: str, certificate: Path, log: list[Exchange], lock: threading.Lock):
        import requests

        self.base = base
        self.session = requests.Session()
        # Our certificate only: not the environment's (REQUESTS_CA_BUNDLE would win over a
        # session's verify), nor its proxies.
        self.session.trust_env = False
        self.session.verify = str(certificate)
        self.log = log
        self.lock = lock

    def request(
        self,
        step: str,
        method: str,
        path: str,
        *,
        expected: tuple[int, ...] = (200,),
        record: bool = True,
        **kwargs: Any,
    ) -> Any:
        url = path if path.startswith("http") else self.base + path
        headers = kwargs.pop("headers", {})
        if method == "POST":
            # Django checks the Referer of HTTPS form posts, as a browser sends it.
            headers.setdefault("Referer", url)
            headers.setdefault("Origin", self.base)
        exchange = Exchange(step, method, path, expected, None, at=time.monotonic())
        try:
            response = self.session.request(
                method, url, headers=headers, allow_redirects=False, timeout=120, **kwargs
            )
            exchange.status = response.status_code
        except Exception as error:
            exchange.error = f"{type(error).__name__}: {error}"
            response = None
        if record:
            with self.lock:
                self.log.append(exchange)
        return response

    def sign_in(self, username: str, password: str) -> None:
        page = self.request("sign in (form)", "GET", "/accounts/sign-in/")
        form = form_with(page.text, "password")
        answer = self.request(
            "sign in",
            "POST",
            "/accounts/sign-in/",
            expected=(302,),
            data=with_values(form, username=username, password=password),
        )
        if answer is None or answer.status_code != 302:
            raise CheckFailed(
                f"sign in as {username} answered {getattr(answer, 'status_code', None)}"
            )


# The database -----------------------------------------------------------------------------------


class Database:
    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.psycopg = psycopg

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        with self.psycopg.connect(self.url, autocommit=True) as connection:
            yield connection

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with self.connect() as connection:
            return list(connection.execute(sql, params).fetchall())

    def value(self, sql: str, *params: Any) -> Any:
        rows = self.rows(sql, *params)
        return rows[0][0] if rows else None


def with_database(url: str, name: str) -> str:
    return re.sub(r"/[^/]*$", f"/{name}", url)


# The check ---------------------------------------------------------------------------------------


class ProdCheck:
    def __init__(self) -> None:
        self.results = Results()
        self.services: dict[str, Service] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="prod-check-"))
        self.database_name = f"tracker_prodcheck_{secrets.token_hex(4)}"
        self.database_created = False
        self.password = secrets.token_urlsafe(12)
        self.log: list[Exchange] = []
        self.lock = threading.Lock()
        self.ports = {name: free_port() for name in ("https", "http", "web1", "web2", "s3")}
        self.base = f"https://127.0.0.1:{self.ports['https']}"
        self.bucket = "tracker-evidence"
        # A folder of the bucket (AWS_S3_LOCATION), as when a bucket is shared.
        self.location = "prod-check"
        self.saved_markers: dict[str, str] = {}  # marker -> how we know it was saved
        self.post_502s: list[str] = []
        self.upload_502s = 0

    # --- setting up ---

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "AWS_", "EVIDENCE_", "SSO_", "CACHE_"))
            and key not in {"DATABASE_URL", "SITE_URL", "DEMO_PASSWORD", "TASKS_BACKEND"}
        }
        env.update(
            {
                "DJANGO_SECRET_KEY": self.secret_key,
                "DJANGO_DEBUG": "false",
                "DATABASE_URL": with_database(POSTGRES_URL, self.database_name),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DJANGO_CSRF_TRUSTED_ORIGINS": self.base,
                "SITE_URL": self.base,
                "DJANGO_TRUSTED_PROXY_COUNT": "1",
                "DJANGO_HTTPS": "true",
                "EVIDENCE_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": self.bucket,
                "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
                "AWS_S3_REGION_NAME": "eu-west-2",
                "AWS_ACCESS_KEY_ID": "prod-check",
                "AWS_SECRET_ACCESS_KEY": "prod-check-not-secret",
                "AWS_S3_LOCATION": self.location,
                "AWS_S3_ADDRESSING_STYLE": "path",
                # One cache both instances share, as on a host: the machine's Redis, under
                # a key prefix of this run's own.
                "CACHE_URL": REDIS_URL,
                "CACHE_KEY_PREFIX": self.database_name,
                "WEB_CONCURRENCY": "2",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def shared_cache_keys(self, *, remove: bool = False) -> list[str]:
        """The Redis keys of this run's kept pages (`CACHE_KEY_PREFIX`); removed if asked."""
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        keys = [key.decode() for key in client.scan_iter(f"{self.database_name}:*", count=500)]
        if remove and keys:
            client.delete(*keys)
        return keys

    def manage(self, *args: str) -> str:
        completed = subprocess.run(  # noqa: S603 - our own manage.py
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise CheckFailed(
                f"manage.py {args[0]} failed:\n{completed.stdout}\n{completed.stderr}"
            )
        return completed.stdout

    def set_up(self) -> None:
        self.secret_key = secrets.token_urlsafe(50)
        for tool in ("nginx", "openssl"):
            if shutil.which(tool) is None:
                raise CheckFailed(f"{tool} is not installed (make prod-check installs nginx)")
        admin = Database(POSTGRES_URL)
        try:
            with admin.connect() as connection:
                template = os.environ.get("PROD_CHECK_TEMPLATE_DB", "")
                connection.execute(
                    f'CREATE DATABASE "{self.database_name}"'
                    + (f' TEMPLATE "{template}"' if template else "")
                )
        except Exception as error:
            raise CheckFailed(f"PostgreSQL at {POSTGRES_URL}: {error}") from error
        self.database_created = True
        self.db = Database(with_database(POSTGRES_URL, self.database_name))
        self.results.add(
            "PostgreSQL database",
            True,
            f"{self.database_name} created"
            + (f" from template {template}" if template else " (empty)"),
        )

        started = time.monotonic()
        self.manage("migrate", "--noinput")
        demo = self.manage("load_demo_data", f"--password={self.password}")
        self.manage("load_governance_demo", f"--password={self.password}")
        self.results.add(
            "migrate + demo data",
            "lead" in demo,
            "migrated, Solihull demo and governance demo loaded in "
            f"{time.monotonic() - started:.0f} s",
        )
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
        self.static_css = "/static/" + manifest["paths"]["css/application.css"]
        self.results.add("collectstatic", True, f"{len(manifest['paths'])} files in staticfiles/")

        self.certificate, key = self_signed_certificate(self.folder)
        self.results.add(
            "certificate", True, "self-signed for 127.0.0.1 (openssl), trusted explicitly"
        )

        env = self.env()
        s3 = Service(
            "moto_server",
            [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.ports["s3"])],
            self.folder / "moto.log",
            ROOT,
            env,
        )
        self.services["s3"] = s3
        s3.start()
        assert s3.process is not None  # noqa: S101
        wait_for_port(self.ports["s3"], process=s3.process, name="moto_server", log=s3.log)
        self.s3 = self.s3_client()
        self.s3.create_bucket(
            Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        self.results.add(
            "S3 store", True, f"moto_server on :{self.ports['s3']}, bucket {self.bucket}"
        )

        for number, port_name in ((1, "web1"), (2, "web2")):
            port = self.ports[port_name]
            web = Service(
                f"gunicorn {port}",
                [*unit_exec_start(WEB_UNIT, str(port)), "--access-logfile", "-"],
                self.folder / f"web{number}.log",
                unit_working_directory(WEB_UNIT),
                env,
            )
            self.services[port_name] = web
            web.start()
        for number in (1, 2):
            worker = Service(
                f"worker {number}",
                unit_exec_start(WORKER_UNIT, str(number)),
                self.folder / f"worker{number}.log",
                unit_working_directory(WORKER_UNIT),
                env,
            )
            self.services[f"worker{number}"] = worker
            worker.start()
        for port_name in ("web1", "web2"):
            web = self.services[port_name]
            assert web.process is not None  # noqa: S101
            wait_for_port(self.ports[port_name], process=web.process, name=web.name, log=web.log)
        self.results.add(
            "gunicorn",
            True,
            "2 instances from tracker-web@.service on "
            f":{self.ports['web1']} and :{self.ports['web2']}",
        )
        time.sleep(1.5)
        for number in (1, 2):
            worker = self.services[f"worker{number}"]
            assert worker.process is not None  # noqa: S101
            if worker.process.poll() is not None:
                raise CheckFailed(f"worker {number} exited:\n{tail(worker.log)}")
        self.results.add("workers", True, "2 db_worker processes from tracker-worker@.service")

        prefix = self.folder / "nginx"
        prefix.mkdir()
        site = prefix / "improvement-tracker.conf"
        site.write_text(
            nginx_site(
                https_port=self.ports["https"],
                http_port=self.ports["http"],
                upstream_ports=(self.ports["web1"], self.ports["web2"]),
                static_root=ROOT / "staticfiles",
                certificate=self.certificate,
                key=key,
            )
        )
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_main(prefix=prefix, site=site))
        if os.geteuid() == 0:
            # nginx's workers run as nobody: they must reach the temp folders.
            self.folder.chmod(0o755)
            prefix.chmod(0o755)
        tested = subprocess.run(  # noqa: S603 - fixed arguments
            # -e: the error log from the start, not Debian's /var/log/nginx (not ours to write).
            ["nginx", "-t", "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", str(conf)],  # noqa: S607
            capture_output=True,
            text=True,
        )
        if tested.returncode != 0:
            raise CheckFailed(f"nginx -t failed:\n{tested.stderr}")
        nginx = Service(
            "nginx",
            ["nginx", "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", str(conf)],
            self.folder / "nginx.log",
            ROOT,
            env,
        )
        self.services["nginx"] = nginx
        nginx.start()
        assert nginx.process is not None  # noqa: S101
        wait_for_port(
            self.ports["https"], process=nginx.process, name="nginx", log=prefix / "error.log"
        )
        version = tested.stderr.strip().splitlines()[-1] if tested.stderr else ""
        self.results.add(
            "nginx",
            True,
            f"deploy/nginx site on :{self.ports['https']} (TLS) and :{self.ports['http']}; "
            f"nginx -t: {'ok' if 'successful' in version else version}",
        )

    def s3_client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.ports['s3']}",
            region_name="eu-west-2",
            aws_access_key_id="prod-check",
            aws_secret_access_key="prod-check-not-secret",  # noqa: S106
        )

    # --- the journey ---

    def client(self) -> Client:
        client = Client(self.base, self.certificate, self.log, self.lock)
        client.sign_in("lead", self.password)
        return client

    def run_journey(self) -> None:
        import requests

        # Plain HTTP is only a redirect to HTTPS.
        answer = requests.get(
            f"http://127.0.0.1:{self.ports['http']}/accounts/sign-in/",
            allow_redirects=False,
            timeout=10,
        )
        self.results.add(
            "HTTP redirects to HTTPS",
            answer.status_code == 301
            and answer.headers.get("Location") == f"{self.base}/accounts/sign-in/",
            f"{answer.status_code} -> {answer.headers.get('Location')}",
        )
        lead = self.client()
        css = lead.request("static file", "GET", self.static_css)
        self.results.add(
            "static files from nginx",
            css is not None
            and css.status_code == 200
            and "immutable" in css.headers.get("Cache-Control", ""),
            f"{self.static_css} {getattr(css, 'status_code', None)}, "
            f"Cache-Control: {css.headers.get('Cache-Control') if css is not None else None}",
        )
        home = lead.request("dashboard", "GET", "/")
        secure = all(cookie.secure for cookie in lead.session.cookies)
        self.results.add(
            "signed in over HTTPS",
            home is not None and home.status_code == 200 and secure,
            f"dashboard {getattr(home, 'status_code', None)}; cookies "
            + ", ".join(
                sorted(f"{c.name} (Secure)" if c.secure else c.name for c in lead.session.cookies)
            ),
        )
        plans = lead.request("plan list", "GET", "/plans/")
        plan_ids = sorted({int(found) for found in re.findall(r'href="/plans/(\d+)/"', plans.text)})
        if not plan_ids:
            raise CheckFailed("no plan on /plans/")
        self.plan_id = plan_ids[0]
        plan = lead.request("plan page", "GET", f"/plans/{self.plan_id}/")
        action_ids = sorted(
            {
                int(found)
                for found in re.findall(rf'/plans/{self.plan_id}/actions/(\d+)/"', plan.text)
            }
        )
        if len(action_ids) < 4:
            raise CheckFailed(
                f"plan {self.plan_id} shows {len(action_ids)} actions; expected 4 or more"
            )
        self.action_ids = action_ids
        for action_id in action_ids[:3]:
            lead.request("action page", "GET", f"/plans/{self.plan_id}/actions/{action_id}/")

        # Progress before anything is killed.
        for index in range(3):
            self.record_progress(lead, action_ids[index % len(action_ids)], f"before-{index}")

        self.evidence(lead)
        self.body_limit(lead)

        # Board papers, and the worker killed while it makes one.
        self.worker_kill(lead)

        # Busy officers, and one gunicorn instance killed under them.
        self.web_kill()

        # After both kills: more of everything, through the one instance left.
        for index in range(4):
            self.record_progress(lead, action_ids[index % len(action_ids)], f"after-{index}")
        for path in ("/", "/plans/", f"/plans/{self.plan_id}/"):
            lead.request("page after kills", "GET", path)
        self.paper_ids_after = [self.request_paper(lead, "xlsx"), self.request_paper(lead, "pdf")]
        self.evidence(lead, label="after kills")

    def record_progress(self, client: Client, action_id: int, label: str) -> None:
        """As an officer does: open the form, post it; on a 502 (the instance died with the
        post in flight), look at the action page to see whether it was saved, as the officer
        would, and post again only if it was not."""
        marker = f"{MARK} {label} {secrets.token_hex(3)}]"
        form_path = f"/plans/{self.plan_id}/actions/{action_id}/progress/new/"
        for attempt in range(3):
            page = client.request(f"progress form ({label})", "GET", form_path)
            if page is None or page.status_code != 200:
                continue
            form = form_with(page.text, "narrative")
            answer = client.request(
                f"record progress ({label})",
                "POST",
                form["action"] or form_path,
                expected=(302, 502) if attempt == 0 else (302,),
                data=with_values(form, narrative=f"Audit of case files reviewed {marker}"),
            )
            status = getattr(answer, "status_code", None)
            if status == 302:
                self.saved_markers[marker] = "302"
                return
            if status == 400 or (status == 200 and answer is not None):
                detail = error_summary(answer)
                raise CheckFailed(f"progress post answered {status}: {detail}")
            self.post_502s.append(marker)
            check = client.request(
                "action page (was it saved?)", "GET", f"/plans/{self.plan_id}/actions/{action_id}/"
            )
            if check is not None and marker in check.text:
                self.saved_markers[marker] = "502, then seen saved on the action page"
                return
        raise CheckFailed(f"progress {label} never saved")

    def upload(
        self,
        client: Client,
        label: str,
        *,
        size: int = 300_000,
        expected: tuple[int, ...] = (302,),
        title: str = "",
    ) -> tuple[Any, str, bytes]:
        """Add a PDF as evidence of the plan's first action, as the officer does."""
        action_id = self.action_ids[0]
        path = f"/performance/plans/{self.plan_id}/actions/{action_id}/evidence/add/"
        page = client.request("evidence form", "GET", path)
        form = form_with(page.text, "title")
        title = title or f"Case file audit {label} {MARK} {secrets.token_hex(3)}]"
        yesterday = datetime.date.today() - datetime.timedelta(days=1)  # noqa: DTZ011 - any past day
        content = b"%PDF-1.4\n% prod-check evidence\n" + secrets.token_bytes(size) + b"\n%%EOF\n"
        answer = client.request(
            f"upload evidence ({label})",
            "POST",
            form["action"] or path,
            expected=expected,
            data=with_values(
                form,
                kind="file",
                title=title,
                **{
                    "dated_on-day": str(yesterday.day),
                    "dated_on-month": str(yesterday.month),
                    "dated_on-year": str(yesterday.year),
                },
            ),
            files={"file": ("case-file-audit.pdf", content, "application/pdf")},
        )
        return answer, title, content

    def evidence(self, client: Client, label: str = "before kills") -> None:
        answer, title, content = self.upload(client, label)
        if answer is None or answer.status_code != 302:
            detail = error_summary(answer)
            raise CheckFailed(
                f"evidence upload answered {getattr(answer, 'status_code', None)}: {detail}"
            )
        evidence_id, name = self.db.rows(
            "SELECT id, file FROM performance_evidence WHERE title = %s", title
        )[0]
        key = f"{self.location}/{name}"  # AWS_S3_LOCATION, a folder in the bucket
        stored = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        download = client.request(
            f"download evidence ({label})", "GET", f"/performance/evidence/{evidence_id}/download/"
        )
        same = download is not None and download.content == content == stored
        self.results.add(
            f"evidence in S3 ({label})",
            same,
            f"{len(content):,} bytes uploaded through nginx, object s3://{self.bucket}/{key} "
            f"(sha256 {hashlib.sha256(stored).hexdigest()[:12]}), downloaded back through the app "
            + ("identical" if same else "DIFFERENT"),
        )

    def body_limit(self, client: Client) -> None:
        limit = int(re.search(r"client_max_body_size (\d+)m;", SITE_CONF.read_text()).group(1))  # type: ignore[union-attr]
        path = f"/performance/plans/{self.plan_id}/actions/{self.action_ids[0]}/evidence/add/"
        answer = client.request(
            "upload over nginx's limit",
            "POST",
            path,
            expected=(413,),
            data={"kind": "file", "title": "Too big"},
            files={"file": ("big.pdf", b"0" * ((limit + 1) * 1024 * 1024), "application/pdf")},
        )
        self.results.add(
            "request body limit",
            getattr(answer, "status_code", None) == 413,
            f"{limit + 1} MB upload refused by nginx with {getattr(answer, 'status_code', None)} "
            f"(client_max_body_size {limit}m; the app's EVIDENCE_MAX_UPLOAD_MB is 20)",
        )

    def request_paper(self, client: Client, format: str) -> int:
        path = f"/reporting/plans/{self.plan_id}/board-papers/"
        page = client.request("board papers page", "GET", path)
        form = form_with(page.text, "format")
        before = self.db.value("SELECT coalesce(max(id), 0) FROM reporting_boardpaper")
        answer = client.request(
            f"ask for a board paper ({format})",
            "POST",
            form["action"] or path,
            expected=(302,),
            data=with_values(form, format=format),
        )
        if answer is None or answer.status_code != 302:
            detail = error_summary(answer)
            raise CheckFailed(
                f"board paper request answered {getattr(answer, 'status_code', None)}: {detail}"
            )
        found = re.search(r"/board-papers/(\d+)/", answer.headers.get("Location", ""))
        if found:
            return int(found.group(1))
        return int(self.db.value("SELECT min(id) FROM reporting_boardpaper WHERE id > %s", before))

    def worker_kill(self, lead: Client) -> None:
        """Ask for PDF papers until worker 1 is caught making one, then SIGKILL it."""
        worker_id = f"{HOSTNAME}-worker-1"
        self.paper_ids: list[int] = []
        self.killed_task: str | None = None
        for attempt in range(1, 6):
            batch = [self.request_paper(lead, "pdf") for _ in range(4)]
            self.paper_ids += batch
            deadline = time.monotonic() + 30
            caught = None
            with self.db.connect() as watching:
                while time.monotonic() < deadline and caught is None:
                    rows = watching.execute(
                        # Claimed by worker 1 and its paper being made: mid-job.
                        "SELECT t.id, t.args_kwargs FROM django_tasks_database_dbtaskresult t "
                        "JOIN reporting_boardpaper p ON p.id = (t.args_kwargs->'args'->>0)::int "
                        "WHERE t.status = 'RUNNING' AND t.worker_ids = %s::jsonb "
                        "AND p.status = 'running'",
                        (json.dumps([worker_id]),),
                    ).fetchall()
                    caught = rows[0] if rows else None
                    if caught is None:
                        time.sleep(0.005)
            if caught is None:
                continue
            self.services["worker1"].kill()
            time.sleep(1.0)
            status = self.db.value(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", caught[0]
            )
            if status == "RUNNING":
                self.killed_task = str(caught[0])
                self.killed_paper = int(caught[1]["args"][0])
                self.killed_paper_progress = self.db.value(
                    "SELECT progress_percent FROM reporting_boardpaper WHERE id = %s",
                    self.killed_paper,
                )
                self.results.add(
                    "worker 1 SIGKILLed mid-job",
                    True,
                    f"attempt {attempt}: killed while making board paper {self.killed_paper} "
                    f"(status 'running', {self.killed_paper_progress}% done) "
                    f"(task {self.killed_task[:8]})",
                )
                return
            # It finished between our look and the kill: start it again and try once more.
            self.services["worker1"].killed = False
            self.services["worker1"].start()
            time.sleep(1.5)
        raise CheckFailed("could not catch worker 1 in the middle of a job in 5 attempts")

    def web_kill(self) -> None:
        """Three officers busy on pages and progress, two slow plan PDFs in flight; SIGKILL the
        first gunicorn instance (master and workers) in the middle of it."""
        stop = threading.Event()
        errors: list[str] = []
        clients = [self.client() for _ in range(3)]

        def officer(number: int, client: Client) -> None:
            try:
                index = 0
                while not stop.is_set():
                    # Each officer their own actions: two at once on one action is a
                    # concurrent edit, which the app refuses (rightly) with "changed by
                    # someone else".
                    mine = self.action_ids[number::3]
                    action_id = mine[index % len(mine)]
                    client.request("busy: dashboard", "GET", "/")
                    client.request(
                        "busy: action page", "GET", f"/plans/{self.plan_id}/actions/{action_id}/"
                    )
                    self.record_progress(client, action_id, f"busy-{number}-{index}")
                    index += 1
            except Exception as error:
                errors.append(f"officer {number}: {error}")

        def slow_pdf(client: Client, results: list[Any]) -> None:
            results.append(
                client.request(
                    "plan PDF (in flight at the kill)",
                    "GET",
                    f"/reporting/plans/{self.plan_id}/export.pdf",
                )
            )

        uploads: list[str] = []

        def big_upload(client: Client) -> None:
            """A 15 MB upload (nginx has it whole, then the app stores it in S3): a POST
            likely still in flight when the instance dies. On a 502 the officer looks at the
            action's evidence, and uploads again only if it is not there."""
            try:
                answer, title, _ = self.upload(
                    client, "in flight", size=15_000_000, expected=(302, 502)
                )
                if answer is not None and answer.status_code == 302:
                    uploads.append("302")
                    return
                self.upload_502s += 1
                if self.db.value(
                    "SELECT count(*) FROM performance_evidence WHERE title = %s", title
                ):
                    uploads.append("502, then seen saved")
                    return
                again, _, _ = self.upload(client, "in flight, again", size=15_000_000, title=title)
                uploads.append(
                    f"502, not saved, uploaded again: {getattr(again, 'status_code', None)}"
                )
            except Exception as error:
                errors.append(f"upload: {error}")

        threads = [threading.Thread(target=officer, args=(n, c)) for n, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        time.sleep(2.0)
        pdfs: list[Any] = []
        pdf_threads = [threading.Thread(target=slow_pdf, args=(c, pdfs)) for c in clients[:2]]
        pdf_threads += [
            threading.Thread(target=big_upload, args=(self.client(),)) for _ in range(2)
        ]
        for thread in pdf_threads:
            thread.start()
        time.sleep(0.6)
        self.kill_time = time.monotonic()
        self.services["web1"].kill()
        self.results.note(
            "gunicorn instance 1 SIGKILLed",
            f"port {self.ports['web1']}, master and its 2 workers, under load",
        )
        time.sleep(4.0)
        stop.set()
        for thread in threads + pdf_threads:
            thread.join(180)
        if errors:
            raise CheckFailed("; ".join(errors))
        good = [
            p
            for p in pdfs
            if p is not None and p.status_code == 200 and p.content.startswith(b"%PDF")
        ]
        self.upload_outcomes = uploads
        self.results.add(
            "in-flight GETs failed over",
            len(good) == 2,
            f"{len(good)} of 2 plan PDFs (GET, made in the request) started 0.3 s before the "
            "kill answered 200 with a PDF (how many were on instance 1: nginx's error log, below)",
        )

    # --- verification, with data ---

    def wait_for_papers(self, exclude: set[int]) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            waiting = self.db.value(
                "SELECT count(*) FROM reporting_boardpaper WHERE status IN ('queued', 'running') "
                "AND NOT (id = ANY(%s))",
                list(exclude),
            )
            if waiting == 0:
                return
            time.sleep(0.5)
        raise CheckFailed("board papers still waiting after 120 s")

    def verify(self) -> None:
        results = self.results
        # No request lost.
        lost = [e for e in self.log if not e.answered]
        total = len(self.log)
        gets = [e for e in self.log if e.method == "GET"]
        after = [e for e in self.log if e.at >= self.kill_time]
        results.add(
            "no request lost",
            not lost,
            f"{total} requests through nginx, {len(gets)} GETs and {total - len(gets)} POSTs, "
            f"{len(after)} after the kill; unanswered or unexpected: {len(lost)}"
            + (
                ""
                if not lost
                else " - "
                + "; ".join(f"{e.method} {e.path} {e.status} {e.error}" for e in lost[:5])
            ),
        )
        get_failures = [e for e in gets if e.status != 200 and e.expected == (200,)]
        results.add(
            "idempotent GETs",
            not get_failures,
            f"all {len(gets)} answered 200, those in flight on instance 1 when it died "
            "included (nginx sent them again to instance 2)",
        )
        results.add(
            "POSTs in flight at the kill",
            True,
            f"{len(self.post_502s) + self.upload_502s} answered 502 ({len(self.post_502s)} "
            f"progress updates, {self.upload_502s} uploads, below): nginx does not resend a "
            "POST it had sent to an "
            "instance that then died (proxy_next_upstream skips non-idempotent requests once "
            "sent; one refused at connect is sent to the other instance). "
            + (
                "For the progress updates the journey then opened the action page, as the "
                "officer would: "
                f"{sum(self.saved_markers.get(m, '').startswith('502') for m in self.post_502s)} "
                "had been saved (not posted again), "
                f"{sum(self.saved_markers.get(m) == '302' for m in self.post_502s)} had not and "
                "were posted again (302)"
                if self.post_502s
                else "No progress update was in flight on instance 1 when it died this run"
            ),
        )
        saved = self.db.rows(
            "SELECT narrative FROM plans_progressupdate WHERE narrative LIKE %s", f"%{MARK}%"
        )
        counts: dict[str, int] = {}
        for (narrative,) in saved:
            marker = narrative[narrative.index(MARK) :]
            counts[marker] = counts.get(marker, 0) + 1
        twice = [m for m, n in counts.items() if n > 1]
        missing = [m for m in self.saved_markers if m not in counts]
        got_302 = sum(1 for how in self.saved_markers.values() if how == "302")
        results.add(
            "progress updates saved once each",
            not twice and not missing and len(counts) == len(self.saved_markers),
            f"{len(saved)} rows in the database = {len(self.saved_markers)} updates the journey "
            f"recorded ({got_302} answered 302, {len(self.saved_markers) - got_302} seen saved "
            f"after a 502); saved twice: {len(twice)}, missing: {len(missing)}",
        )

        # The kept pages went to the Redis both instances share, under this run's prefix.
        kept = self.shared_cache_keys()
        results.add(
            "pages kept in the shared cache",
            bool(kept),
            f"{len(kept)} entries in Redis ({REDIS_URL}) under the run's prefix, "
            f"{sum(1 for key in kept if ':dashboard:' in key)} of them dashboards",
        )

        # Access logs: the killed instance served before the kill, the other after; static
        # files never reached gunicorn.
        web1 = self.services["web1"].log.read_text(errors="replace")
        web2 = self.services["web2"].log.read_text(errors="replace")
        static_hits = web1.count("/static/") + web2.count("/static/")
        results.add(
            "static files never reach gunicorn",
            static_hits == 0,
            f"/static/ requests in gunicorn's access logs: {static_hits}",
        )
        served = [len(re.findall(r'"(GET|POST) ', text)) for text in (web1, web2)]
        errors = (self.folder / "nginx" / "error.log").read_text(errors="replace")
        # nginx's own account of each failed try: "prematurely closed" / "reset" is a request
        # in flight when the instance died; "Connection refused" one sent to it afterwards.
        in_flight: dict[str, int] = {}
        refused: dict[str, int] = {}
        for line in errors.splitlines():
            method = re.search(r'request: "([A-Z]+) ', line)
            if method is None or "[error]" not in line:
                continue
            if "Connection refused" in line:
                refused[method.group(1)] = refused.get(method.group(1), 0) + 1
            elif "prematurely closed" in line or "reset by peer" in line:
                in_flight[method.group(1)] = in_flight.get(method.group(1), 0) + 1

        def counted(found: dict[str, int]) -> str:
            return ", ".join(f"{n} {m}" for m, n in sorted(found.items())) or "none"

        results.add(
            "both instances served, nginx failed over",
            served[0] > 0 and served[1] > 0 and bool(in_flight or refused),
            f"requests served: instance 1 {served[0]} (until killed), instance 2 {served[1]}; "
            f"nginx's error log: in flight on instance 1 when it died: {counted(in_flight)}; "
            f"refused at connect afterwards: {counted(refused)} (each sent on to instance 2, "
            "but a POST in flight, answered 502)",
        )

        # No job run twice; the killed job, as the data shows it.
        self.wait_for_papers({self.killed_paper})
        worker_id = f"{HOSTNAME}-worker-1"
        killed_before = self.db.rows(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
            self.killed_task,
        )[0]
        # systemd restarts a killed worker (Restart=always): does the new one take the job up?
        self.services["worker1"].killed = False
        self.services["worker1"].start()
        time.sleep(4)
        killed_after = self.db.rows(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
            self.killed_task,
        )[0]
        paper = self.db.rows(
            "SELECT status, progress_percent FROM reporting_boardpaper WHERE id = %s",
            self.killed_paper,
        )[0]
        results.add(
            "the killed job",
            killed_before == killed_after
            and killed_after[0] == "RUNNING"
            and killed_after[1] == [worker_id]
            and paper[0] == "running",
            f"task stays RUNNING, claimed by {killed_after[1]} only, even after worker 1 is "
            f"started again (4 s, as systemd's Restart=always would); its board paper "
            f"{self.killed_paper} stays '{paper[0]}' at {paper[1]}%: django_tasks_db never "
            "runs a claimed job again, nor marks it failed",
        )
        stalled = self.manage(
            "shell",
            "-c",
            "import datetime; from django.utils import timezone; "
            "from tracker.reporting.papers.services import board_papers_fail_stalled; "
            f"print(board_papers_fail_stalled(paper_id={self.killed_paper}, "
            "now=timezone.now() + datetime.timedelta(minutes=31)))",
            # RUNNING_LIMIT in tracker/reporting/models.py: a paper 'running' for 30 minutes
        ).strip()
        stalled = stalled.splitlines()[-1] if stalled else ""
        paper_after = self.db.value(
            "SELECT status FROM reporting_boardpaper WHERE id = %s", self.killed_paper
        )
        lead = self.client()
        page = lead.request(
            "killed paper's page",
            "GET",
            f"/reporting/plans/{self.plan_id}/board-papers/{self.killed_paper}/",
        )
        again = self.request_paper(lead, "pdf")
        self.wait_for_papers({self.killed_paper})
        again_status = self.db.value("SELECT status FROM reporting_boardpaper WHERE id = %s", again)
        results.add(
            "the killed paper, 30 minutes on",
            stalled == "1"
            and paper_after == "failed"
            and page is not None
            and page.status_code == 200
            and "could not be made" in page.text
            and again_status == "ready",
            "31 minutes on, board_papers_fail_stalled (run by the papers' pages and the worker) "
            f"marks {stalled} paper {paper_after}; its page says "
            + (
                "'could not be made. Try again'"
                if page is not None and "could not be made" in page.text
                else "?"
            )
            + "; "
            f"asked again, paper {again} is {again_status}",
        )

        tasks = self.db.rows(
            "SELECT id, status, worker_ids, args_kwargs FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE %s",
            "%generate_board_paper",
        )
        claimed_twice = [t for t in tasks if len(t[2]) > 1]
        by_status: dict[str, int] = {}
        for task in tasks:
            by_status[task[1]] = by_status.get(task[1], 0) + 1
        unfinished = [t for t in tasks if t[1] != "SUCCESSFUL" and str(t[0]) != self.killed_task]
        results.add(
            "no job run twice (task results)",
            not claimed_twice and not unfinished,
            f"{len(tasks)} jobs: "
            + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
            + f"; claimed by more than one worker: {len(claimed_twice)}; "
            f"worker 1 ran {sum(t[2] == [worker_id] for t in tasks)}, "
            f"worker 2 ran {sum(t[2] == [f'{HOSTNAME}-worker-2'] for t in tasks)}",
        )
        papers = self.db.rows("SELECT id, status FROM reporting_boardpaper")
        started = dict(
            self.db.rows(
                "SELECT id, count(*) FROM reporting_historicalboardpaper "
                "WHERE history_change_reason = 'Started' GROUP BY id"
            )
        )
        made_twice = [pid for pid, n in started.items() if n > 1]
        ready = [pid for pid, status in papers if status == "ready"]
        tasks_per_paper: dict[int, int] = {}
        for task in tasks:
            paper_id = int(task[3]["args"][0])
            tasks_per_paper[paper_id] = tasks_per_paper.get(paper_id, 0) + 1
        others = [pid for pid, _ in papers if pid != self.killed_paper]
        results.add(
            "board papers made once each",
            not made_twice
            and sorted(ready) == sorted(others)
            and all(tasks_per_paper.get(pid) == 1 for pid, _ in papers)
            and all(started.get(pid) == 1 for pid in others)
            and started.get(self.killed_paper, 0) <= 1,
            f"{len(papers)} papers: {len(ready)} ready, each from one job and with one 'Started' "
            f"history record; the killed one failed, started {started.get(self.killed_paper, 0)} "
            f"time(s), never again; started twice: {len(made_twice)}",
        )
        # The storage: every evidence row's object is in the bucket.
        objects = {
            o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        }
        names = {
            f"{self.location}/{name}"
            for (name,) in self.db.rows("SELECT file FROM performance_evidence WHERE file <> ''")
        }
        evidence_twice = self.db.rows(
            "SELECT title, count(*) FROM performance_evidence WHERE title LIKE %s "
            "GROUP BY title HAVING count(*) > 1",
            f"%{MARK}%",
        )
        outcomes = getattr(self, "upload_outcomes", [])
        results.add(
            "uploads in flight at the kill",
            len(outcomes) == 2
            and all(o == "302" or o.endswith(("seen saved", ": 302")) for o in outcomes)
            and not evidence_twice,
            "two 15 MB evidence uploads started 0.6 s before instance 1 died: "
            + "; ".join(outcomes)
            + f"; evidence saved twice: {len(evidence_twice)}",
        )
        orphans = sorted(objects - names)
        results.add(
            "evidence objects",
            names <= objects and bool(names),
            f"{len(names)} evidence files in the database, all in the bucket; "
            f"{len(orphans)} object(s) in the bucket with no evidence row"
            + (
                " (stored in S3 by the killed instance before its transaction committed: "
                "harmless, never served, but left behind)"
                if orphans
                else ""
            ),
        )

    # --- stopping ---

    def tear_down(self) -> None:
        for name in ("nginx", "web1", "web2", "worker1", "worker2", "s3"):
            service = self.services.get(name)
            if service is not None:
                try:
                    service.stop()
                except Exception as error:
                    print(f"could not stop {service.name}: {error}", file=sys.stderr)
        left = [s.name for s in self.services.values() if s.process and s.process.poll() is None]
        if self.database_created:
            try:
                with Database(POSTGRES_URL).connect() as connection:
                    connection.execute(
                        f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)'
                    )
            except Exception as error:
                print(f"could not drop {self.database_name}: {error}", file=sys.stderr)
                left.append(self.database_name)
        try:
            self.shared_cache_keys(remove=True)
        except Exception as error:  # they expire within ten minutes anyway
            print(f"could not remove the run's cache keys: {error}", file=sys.stderr)
        keep = os.environ.get("PROD_CHECK_KEEP_LOGS")
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)
        if left:
            print(f"LEFT RUNNING: {', '.join(left)}", file=sys.stderr)
        else:
            print(
                f"Cleaned up: processes stopped, database {self.database_name} dropped, "
                + (f"logs kept in {self.folder}" if keep else "temp folder removed")
            )


def main() -> int:
    started = time.monotonic()
    check = ProdCheck()
    print(f"Production check: {check.folder}", flush=True)
    failure = summary = ""
    try:
        check.set_up()
        check.run_journey()
        check.verify()
    except CheckFailed as error:
        failure = summary = str(error)
    except Exception as error:
        failure = traceback.format_exc()
        summary = f"{type(error).__name__}: {error}"
    finally:
        if failure:
            check.results.add("check ran to the end", False, " ".join(summary.split())[:300])
            print(failure, file=sys.stderr)
            for service in check.services.values():
                print(
                    f"--- {service.name} log (tail) ---\n{tail(service.log, 15)}", file=sys.stderr
                )
            error_log = check.folder / "nginx" / "error.log"
            if error_log.exists():
                print(f"--- nginx error.log (tail) ---\n{tail(error_log, 15)}", file=sys.stderr)
        check.tear_down()
    print()
    print(check.results.table())
    seconds = time.monotonic() - started
    verdict = "PASSED" if check.results.passed and not failure else "FAILED"
    finished = datetime.datetime.now(datetime.UTC)
    print(f"\nProduction check {verdict} in {seconds:.0f} s ({finished:%Y-%m-%d %H:%M} UTC)")
    return 0 if verdict == "PASSED" else 1


if __name__ == "__main__":
    sys.exit(main())
