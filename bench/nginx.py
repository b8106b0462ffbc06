"""Debian's nginx started by the bench and the tests: the one place that writes the main
configuration around a site's `server` blocks, fills the documented templates of docs/deploy/
and opens the files to nginx's workers.

Everything nginx writes stays under a temporary prefix (pid, logs, temp paths); nginx runs in
the foreground (`daemon off`) as a child of whoever started it, which stops it. The yardstick
(`serving`) serves saved HTML pages as plain static files.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from .procs import HOST, running, wait_http

ROOT = Path(__file__).resolve().parents[1]

# The http block of Debian's /etc/nginx/nginx.conf (sendfile, tcp_nopush, mime.types), with
# every path in the prefix; `include site.conf` is where the deployed server blocks go.
MAIN = """\
daemon off;
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections {connections}; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {access_log};
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {prefix}/site.conf;
{more}}}
"""

YARDSTICK = """\
server {{
    listen {host}:{port};
    root {prefix}/www;
    charset utf-8;
    location / {{
        try_files $uri $uri/index.html =404;
    }}
}}
"""


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def write_main_config(
    prefix: Path,
    site: str,
    *,
    workers: int = 1,
    connections: int = 256,
    access_log: bool = False,
    more: str = "",
) -> Path:
    """prefix/nginx.conf around `site` (server blocks, written to prefix/site.conf); `more` is
    added inside the http block. Creates the prefix's logs and temp folders."""
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    main = prefix / "nginx.conf"
    log = f"{prefix}/logs/access.log" if access_log else "off"
    main.write_text(
        MAIN.format(
            prefix=prefix, workers=workers, connections=connections, access_log=log, more=more
        ),
        encoding="utf-8",
    )
    return main


def command(binary: str, prefix: Path) -> list[str]:
    """nginx on the prefix's configuration, its early errors in the prefix's log too."""
    return [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
            "-e", str(prefix / "logs" / "error.log")]  # fmt: skip


def check(binary: str, prefix: Path) -> None:
    """`nginx -t`: a configuration nginx refuses is said before anything waits on it."""
    done = subprocess.run([*command(binary, prefix), "-t"], capture_output=True, text=True,
                          timeout=30)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"nginx -t : {done.stderr.strip()}")


def filled(template: Path, values: Mapping[str, str]) -> str:
    """A configuration of docs/deploy/ with its @NAME@ placeholders replaced; every one must be."""
    text = template.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise RuntimeError(f"{template.name} : valeurs non remplies {', '.join(sorted(set(left)))}")
    return text


def readable_by_workers(*folders: Path) -> None:
    """Started as root, nginx's workers run as `nobody` (www-data in production): they must read
    the files and enter every folder down to them (pytest's and mkdtemp's folders are 0700)."""
    for top in folders:
        for folder, _dirs, files in os.walk(top):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(Path(folder) / name, 0o644)
    for parent in {p for top in folders for p in top.parents if str(p).startswith("/tmp/")}:
        os.chmod(parent, os.stat(parent).st_mode | 0o005)


def write_snippets(folder: Path, kinds: tuple[str, ...], environment: Mapping[str, str]) -> Path:
    """The security-header snippets `agenda nginx-snippet` writes from the settings of
    `environment` (the site's), one file a kind, as an operator writes them on the server."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        done = subprocess.run(
            [sys.executable, "-m", "agenda", "nginx-snippet", "--kind", kind,
             "--out", str(folder / f"{kind}.conf")],
            cwd=ROOT, env=dict(environment), capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"nginx-snippet : {done.stderr[-2000:]}")
    return folder


def write_site(prefix: Path, pages: dict[str, bytes]) -> None:
    """pages: URL path ("/", "/evenements/x/") → HTML, saved as <path>/index.html."""
    for url, html in pages.items():
        target = prefix / "www" / url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html)


@contextlib.contextmanager
def serving(prefix: Path, port: int, pages: dict[str, bytes], *, workers: int = 2) -> Iterator:
    """The yardstick: nginx serving `pages` as plain files on `port`."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx absent")
    write_site(prefix, pages)
    site = YARDSTICK.format(host=HOST, port=port, prefix=prefix)
    write_main_config(prefix, site, workers=workers, connections=1024)
    readable_by_workers(prefix)
    check(binary, prefix)
    log = prefix / "logs" / "stdout.log"
    with running(command(binary, prefix), env=dict(os.environ), log=log) as process:
        wait_http(port, "/", process, timeout=30)
        yield process
