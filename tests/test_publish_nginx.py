"""docs/deploy/nginx-published.conf with Debian's nginx: anonymous visitors get the published
files, with the application's security headers, its content types, ETag and cache headers;
a query string, a session cookie, a form or the API go to the application.

The application here is a stand-in that says it answered (the browser tests run the real one
behind nginx): what is checked is where nginx sends each request."""

import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

import bench.nginx as nginxconf
from agenda.lib.security import nginx_snippet, page_headers
from agenda.site.publishing import ASSETS, STATE, publish_all, write_file
from bench.procs import free_port
from tests.conftest import IN_CI
from tests.once import built_for_the_module

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "docs" / "deploy" / "nginx-published.conf"


class StandIn(http.server.BaseHTTPRequestHandler):
    """The application's place: answers every request, saying so."""

    def answer(self) -> None:
        body = f"application {self.command} {self.path}".encode()
        self.send_response(200)
        self.send_header("X-Answered-By", "application")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer  # noqa: N815 (the standard library's names)

    def log_message(self, *args) -> None:
        pass


def published_demo(out: Path) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))
    publish_all(out=out)


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker):
    """The demo published into a folder nginx serves with the documented configuration (once
    for the module: its tests only read)."""
    binary = nginxconf.nginx_binary()
    if binary is None:
        if IN_CI:
            pytest.fail("nginx absent (apt-get install nginx-light)")
        pytest.skip("nginx absent: apt-get install nginx-light")
    # nginx's workers run as `nobody`: a folder everyone may enter (pytest's tmp_path is 0700).
    root = Path(tempfile.mkdtemp(prefix="agenda-nginx-"))
    out = root / "site"
    try:
        with (
            override_settings(SITE_URL="http://testserver", PUBLISH_DIR=""),
            built_for_the_module(django_db_blocker, lambda: published_demo(out)),
        ):
            yield from nginx_serving(binary, root, out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def nginx_serving(binary: str, root: Path, out: Path) -> Iterator[tuple[str, Path]]:
    """nginx started on `root` (the published files in `out`), with a stand-in application."""
    os.chmod(root, 0o755)
    hashed = out / ASSETS / "css" / "site.0123456789ab.css"
    hashed.parent.mkdir(parents=True, exist_ok=True)
    hashed.write_text("body { margin: 0; }\n")
    (root / "media").mkdir()
    snippets = root / "snippets"
    snippets.mkdir()
    for kind in ("pages", "uploads", "widget"):
        (snippets / f"{kind}.conf").write_text(nginx_snippet(django_settings, kind=kind))
    application = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=application.serve_forever, daemon=True).start()
    port = free_port()
    site = nginxconf.filled(CONFIG, {
        "LISTEN": f"127.0.0.1:{port}",
        "SERVER_NAME": "testserver",
        "GUNICORN": f"127.0.0.1:{application.server_address[1]}",
        "PUBLISH_DIR": str(out),
        "MEDIA_ROOT": str(root / "media"),
        "SESSION_COOKIE": django_settings.SESSION_COOKIE_NAME,
        "SNIPPETS": str(snippets),
    })  # fmt: skip
    nginxconf.write_main_config(root, site, connections=64)
    nginxconf.readable_by_workers(root)
    process = subprocess.Popen(
        nginxconf.command(binary, root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}", out
    finally:
        process.terminate()
        process.wait(10)
        application.shutdown()


def wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("nginx never listened")


def fetch(url: str, *, method: str = "GET", headers: dict | None = None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def published_urls(out: Path) -> dict[str, Path]:
    urls = {}
    for path in out.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and not relative.startswith((STATE, ASSETS)):
            urls["/" + relative.removesuffix("index.html")] = path
    return urls


def test_anonymous_visitors_get_the_files_with_the_applications_headers(client, served, db):
    base, out = served
    security = set(page_headers(django_settings, https=False)) | {"X-Frame-Options"}
    for url, path in published_urls(out).items():
        status, headers, body = fetch(base + url)
        assert status == 200, url
        assert "X-Answered-By" not in headers, url
        assert body == path.read_bytes(), url
        dynamic = client.get(url)
        assert headers["Content-Type"] == dynamic["Content-Type"], url
        for name in security:  # one policy, the application's, page by page (the widget's)
            assert headers.get(name) == dynamic.get(name), (url, name)
        assert headers["Cache-Control"] == "public, no-cache" and headers["ETag"], url
        if url.endswith(".xlsx"):
            assert headers["Content-Disposition"] == dynamic["Content-Disposition"]


def test_an_unchanged_file_answers_not_modified(served):
    base, _out = served
    _status, headers, _body = fetch(base + "/")
    status, _headers, body = fetch(base + "/", headers={"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")


def test_queries_sessions_forms_and_the_api_go_to_the_application(served):
    base, out = served
    slug = next((out / "evenements").glob("*/")).name
    dynamic = [
        ("GET", "/?q=atelier", {}),
        ("GET", "/agenda.ics?categorie=Atelier", {}),
        ("GET", "/", {"Cookie": f"{django_settings.SESSION_COOKIE_NAME}=abc"}),
        (
            "GET",
            f"/evenements/{slug}/",
            {"Cookie": f"a=1; {django_settings.SESSION_COOKIE_NAME}=x"},
        ),
        ("GET", "/espace/", {}),
        ("GET", "/compte/connexion/", {}),
        ("GET", "/api/events", {}),
        ("POST", "/seances/0b4f6c1e-0000-4000-8000-000000000000/inscription/", {}),
        ("GET", "/nulle-part/", {}),  # no file: the application's 404
    ]
    for method, url, headers in dynamic:
        status, answer, body = fetch(base + url, method=method, headers=headers)
        assert answer.get("X-Answered-By") == "application", url
        assert body == f"application {method} {url}".encode(), url
    status, answer, _body = fetch(base + "/", headers={"Cookie": "csrftoken=abc"})
    assert status == 200 and "X-Answered-By" not in answer  # no session: still the file


def test_hashed_assets_are_immutable_and_the_others_revalidated(served):
    base, out = served
    _status, headers, body = fetch(base + "/static/css/site.0123456789ab.css")
    assert body == b"body { margin: 0; }\n"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Security-Policy"]
    plain = next(p for p in (out / ASSETS).rglob("*.css") if "0123456789ab" not in p.name)
    _status, headers, body = fetch(base + "/static/" + plain.relative_to(out / ASSETS).as_posix())
    assert body == plain.read_bytes() and headers["Content-Type"] == "text/css"
    assert headers["Cache-Control"] == "public, max-age=3600"


def test_a_file_published_again_or_removed_is_served_as_it_is_now_within_a_second(served, db):
    """nginx keeps open files (open_file_cache, valid 1 s): a file renamed over or removed by
    `agenda publish` is seen within that second, and a new file at once."""
    base, out = served
    target = out / "essai-cache" / "index.html"  # a page of its own: other tests list the files
    try:
        write_file(target, [b"<p>avant</p>"])
        assert fetch(base + "/essai-cache/")[2] == b"<p>avant</p>"  # new: served at once
        write_file(target, [b"<p>apr\xc3\xa8s</p>"])
        time.sleep(1.5)
        status, _headers, body = fetch(base + "/essai-cache/")
        assert (status, body) == (200, b"<p>apr\xc3\xa8s</p>")
    finally:
        shutil.rmtree(target.parent, ignore_errors=True)
    time.sleep(1.5)
    _status, answer, body = fetch(base + "/essai-cache/")
    assert answer.get("X-Answered-By") == "application"
    assert body == b"application GET /essai-cache/"
