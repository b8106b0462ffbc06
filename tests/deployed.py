"""The site as deployed, for the browser tests: static files collected with DEBUG=false
(manifest storage, hashed and compressed names), gunicorn with DEBUG=false behind Debian's nginx
configured by docs/deploy/nginx.conf, on the test database. Tests use the `deployed` fixture
(`deployed.url`, `deployed.mail`). The same nginx serves another origin, `deployed.elsewhere`
(another port: a site of someone else's, for the widget), pages the tests write with
`deployed.put_elsewhere`. A module that needs other settings starts its own server with
`deploy(collected_static, env=…)` (see tests/test_browser_widget.py) and wraps each test in
`settings_of(site)`."""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import bench.nginx as nginxconf
from bench.procs import free_port

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"
# One key for the test run: the app refuses DEBUG=false with its public development key.
SECRET_KEY = secrets.token_urlsafe(50)


def production_environment(**extra: str) -> dict[str, str]:
    """The environment of a production process: DEBUG=false, a real SECRET_KEY."""
    environment = {**os.environ, "DEBUG": "false", "SECRET_KEY": SECRET_KEY, **extra}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Iterator[Path]:
    """STATIC_ROOT after `agenda collectstatic` in production mode (once per test run)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "-m", "agenda", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_environment(STATIC_ROOT=str(root)),
        check=True,
    )
    yield root


NGINX_SITE = ROOT / "docs" / "deploy" / "nginx.conf"
# Beside the site: another origin (another port) for the pages of "another site", the
# widget's hosts.
ELSEWHERE = """\
    server {{
        listen 127.0.0.1:{elsewhere_port};
        root {prefix}/elsewhere;
        add_header Cache-Control "no-store" always;
    }}
"""


@dataclass
class Deployed:
    """The site as deployed: `url` is nginx's address (gunicorn's when nginx is absent)."""

    url: str
    mail: list  # e-mails the site sent (parsed), emptied before each test
    root: Path  # static, uploads, logs, nginx's prefix
    environment: dict[str, str]  # gunicorn's: its database, settings and mail server

    def command(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        """`agenda ARGS…` run as the operator would on the server: its environment, its
        database; `extra` adds variables. Output captured, never raises on its status."""
        return subprocess.run(
            [sys.executable, "-m", "agenda", *args],
            cwd=ROOT, env={**self.environment, **extra}, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip

    elsewhere: str  # another origin nginx serves (another port): pages of another site

    def put_elsewhere(self, name: str, html: str) -> str:
        """Write a page of the other site; its URL."""
        path = self.root / "nginx" / "elsewhere" / name
        path.write_text(html, encoding="utf-8")
        path.chmod(0o644)
        return f"{self.elsewhere}/{name}"


def database_url(settings_dict: dict) -> str:
    """The URL of the test database (the one the tests write to), for gunicorn."""
    name = settings_dict["NAME"]
    if settings_dict["ENGINE"].endswith("sqlite3"):
        if str(name).startswith(("file:", ":memory:")) or not name:
            raise RuntimeError("the browser tests need a SQLite test database in a file")
        return f"sqlite:///{name}"
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def _start_smtp() -> tuple[Any, list, int]:
    import email
    import email.policy

    from aiosmtpd.controller import Controller

    received: list = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            received.append(message)
            return "250 Message accepted"

    port = free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, received, port


def _write_nginx_config(
    prefix: Path, *, port: int, elsewhere_port: int, gunicorn: str, environment: dict
) -> None:
    (prefix / "elsewhere").mkdir(parents=True, exist_ok=True)
    snippets = nginxconf.write_snippets(prefix / "snippets", ("pages", "uploads"), environment)
    site = nginxconf.filled(NGINX_SITE, {
        "LISTEN": f"127.0.0.1:{port}",
        "SERVER_NAME": "127.0.0.1",
        "GUNICORN": gunicorn,
        "STATIC_ROOT": environment["STATIC_ROOT"],
        "MEDIA_ROOT": environment["MEDIA_ROOT"],
        "SNIPPETS": str(snippets),
    })  # fmt: skip
    more = ELSEWHERE.format(prefix=prefix, elsewhere_port=elsewhere_port)
    nginxconf.write_main_config(prefix, site, access_log=True, more=more)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/robots.txt", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} never answered:\n{log.read_text()[-3000:]}")


def _own_control_socket(root: Path) -> list[str]:
    """gunicorn ≥ 25 opens a control socket at one path per user: several runs (other test
    runs, the bench) would share it. Ours lives in the run's folder."""
    from gunicorn.config import KNOWN_SETTINGS

    if any(setting.name == "control_socket" for setting in KNOWN_SETTINGS):
        return ["--control-socket", str(root / "gunicorn.ctl")]
    return []


def _start(command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group we started, by its id
            process.wait(timeout=5)


def require_nginx() -> str:
    """nginx's binary, or skip (fail in CI, where it must be there)."""
    nginx = nginxconf.nginx_binary()
    if nginx is None:
        message = "nginx absent: apt-get install nginx-light"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return nginx


@contextmanager
def deploy(
    static: Path, *, env: Callable[[str], dict[str, str]] | None = None, **extra_environment: str
) -> Iterator[Deployed]:
    """gunicorn with DEBUG=false and the collected static files, on the test database, behind
    Debian's nginx, with its own SMTP server; `extra_environment` adds or overrides settings,
    `env(elsewhere)` too when they need the other origin's URL (WIDGET_FRAME_ANCESTORS…).
    Everything started is stopped on exit, also when starting fails."""
    nginx = require_nginx()
    root = Path(tempfile.mkdtemp(prefix="agenda-deployed-"))
    started: list[subprocess.Popen] = []
    smtp, received, smtp_port = _start_smtp()
    try:
        url, elsewhere, environment = _serve(
            root, static, nginx, smtp_port, started, env or (lambda _: {}), extra_environment
        )
        yield Deployed(
            url=url, mail=received, root=root, environment=environment, elsewhere=elsewhere
        )
    finally:
        for process in reversed(started):
            _stop(process)
        smtp.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def settings_of(site: Deployed) -> Iterator[None]:
    """Sessions the tests create sign in, links they build match, files they store are served."""
    from django.conf import settings

    previous = settings.SECRET_KEY, settings.SITE_URL, settings.MEDIA_ROOT
    settings.SECRET_KEY, settings.SITE_URL = SECRET_KEY, site.url
    settings.MEDIA_ROOT = site.root / "uploads"
    try:
        yield
    finally:
        settings.SECRET_KEY, settings.SITE_URL, settings.MEDIA_ROOT = previous


@pytest.fixture(scope="session")
def deployed_site(django_db_setup, collected_static) -> Iterator[Deployed]:
    """The site as deployed with the default settings, started once per test run.

    The tests write with `transactional_db` (committed rows, which gunicorn sees) and share the
    server's SECRET_KEY, so sessions they create sign people in. A module that needs other
    settings starts its own with `deploy(collected_static, NAME=value)` (module-scoped) and
    wraps each test in `settings_of(site)`."""
    with deploy(collected_static) as site, settings_of(site):
        yield site


def _serve(
    root: Path,
    static: Path,
    nginx: str,
    smtp_port: int,
    started: list[subprocess.Popen],
    env: Callable[[str], dict[str, str]],
    extra_environment: dict[str, str],
) -> tuple[str, str, dict[str, str]]:
    """Start gunicorn, then nginx in front (each added to `started` at once); nginx's URLs
    (the site's and the other origin's) and gunicorn's environment."""
    from django.db import connection

    shutil.copytree(static, root / "static")
    (root / "uploads").mkdir()
    nginx_port, gunicorn_port, elsewhere_port = free_port(), free_port(), free_port()
    url, elsewhere = f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{elsewhere_port}"
    defaults = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "STATIC_ROOT": str(root / "static"),
        "MEDIA_ROOT": str(root / "uploads"),
        "SITE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        # Every test changes data the next one must not see cached (the cache is per process).
        "CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # No tile server: no request leaves the machine (a module may set its own).
        "MAP_TILE_URL": "",
    }
    environment = production_environment(**{**defaults, **env(elsewhere), **extra_environment})
    _write_nginx_config(
        root / "nginx",
        port=nginx_port,
        elsewhere_port=elsewhere_port,
        gunicorn=f"127.0.0.1:{gunicorn_port}",
        environment=environment,
    )
    nginxconf.readable_by_workers(root)
    log = root / "server.log"
    started.append(_start(
        [sys.executable, "-m", "gunicorn", "agenda.wsgi", "--bind", f"127.0.0.1:{gunicorn_port}",
         "--workers", "2", "--timeout", "30", *_own_control_socket(root)],
        env=environment, log=log,
    ))  # fmt: skip
    _wait_until_up(f"http://127.0.0.1:{gunicorn_port}", started[-1], log)
    started.append(_start(nginxconf.command(nginx, root / "nginx"), env=environment, log=log))
    _wait_until_up(url, started[-1], log)
    return url, elsewhere, environment


@pytest.fixture
def deployed(deployed_site, transactional_db) -> Deployed:
    """The deployed site for one test: the data the test commits, no e-mail from before."""
    deployed_site.mail.clear()
    return deployed_site


def emails_to(deployed: Deployed, count: int = 1, seconds: float = 10) -> list:
    """The e-mails the site sent, once `count` have arrived (SMTP delivery is asynchronous)."""
    deadline = time.monotonic() + seconds
    while len(deployed.mail) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(deployed.mail)
