"""nginx (Debian's package) serving saved HTML pages as static files: the yardstick.

A minimal configuration is written into a temporary prefix (pid, logs and temp paths there too);
nginx runs in the foreground (`daemon off`) as a child of the benchmark, which stops it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from .procs import HOST, running, wait_http

CONFIG = """\
daemon off;
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    types {{
        text/html html;
    }}
    default_type application/octet-stream;
    charset utf-8;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;

    server {{
        listen {host}:{port};
        root {prefix}/www;
        location / {{
            try_files $uri $uri/index.html =404;
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def write_site(prefix: Path, pages: dict[str, bytes]) -> None:
    """pages: URL path ("/", "/evenements/x/") → HTML, saved as <path>/index.html."""
    for url, html in pages.items():
        target = prefix / "www" / url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html)


@contextlib.contextmanager
def serving(prefix: Path, port: int, pages: dict[str, bytes], *, workers: int = 2) -> Iterator:
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx absent")
    for folder in ("logs", "temp", "www"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    write_site(prefix, pages)
    # Run as root, nginx's workers become `nobody`: they must be able to read the pages (the
    # folders above `prefix` must be searchable by others too: the caller's temp root is 0755).
    for folder, _dirs, files in os.walk(prefix):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)
    conf = prefix / "nginx.conf"
    conf.write_text(CONFIG.format(workers=workers, prefix=prefix, host=HOST, port=port))
    command = [binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs/error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t : {check.stderr.strip()}")
    with running(command, env=dict(os.environ), log=prefix / "logs/stdout.log") as process:
        wait_http(port, "/", process, timeout=30)
        yield process
