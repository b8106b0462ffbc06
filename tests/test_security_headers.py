"""Security headers: one policy for dynamic and published pages, no inline code, user files
sandboxed, the production settings clean for `check --deploy`, no start with the public key."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory

from agenda.lib import security
from agenda.site.middleware import SecurityHeadersMiddleware, embeddable

ROOT = Path(__file__).resolve().parents[1]


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: script elements without src
    (data blocks such as JSON-LD excepted), style elements, style and on* attributes,
    javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            if attributes.get("type") not in ("application/ld+json", "application/json"):
                self.found.append(f"<script> inline: {attrs}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if value and re.match(r"\s*javascript:", value, re.I):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    from agenda.events.models import Event

    return Event.objects.filter(status=Event.Status.PUBLISHED).order_by("slug").first()


def public_pages(demo) -> list[str]:
    return [
        "/",
        "/passes/",
        f"/evenements/{demo.slug}/",
        "/accessibilite/",
        "/plan-du-site/",
        "/compte/connexion/",
        "/compte/mot-de-passe/",
        "/donnees-personnelles/",
    ]


def test_every_page_carries_one_policy_without_unsafe_inline_or_nonce(client, demo):
    for url in [*public_pages(demo), "/api/events", "/agenda.ics", "/espace/", "/nulle-part/"]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        parsed = directives(policy)

        assert "'unsafe-inline'" not in policy, url
        assert "nonce-" not in policy, url
        assert parsed["script-src"] == ["'self'"], url
        assert parsed["style-src"] == ["'self'"], url
        assert parsed["frame-ancestors"] == ["'none'"], url
        assert parsed["object-src"] == ["'none'"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_no_page_holds_an_inline_script_style_or_event_handler(client, demo, organiser):
    pages = public_pages(demo)
    found = {url: inline_code(client.get(url).content.decode()) for url in pages}
    client.force_login(organiser)
    for url in ("/espace/", "/espace/evenements/nouveau/"):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = inline_code(response.content.decode())

    assert {url: problems for url, problems in found.items() if problems} == {}
    event_page = client.get(f"/evenements/{demo.slug}/").content.decode()
    assert '<script type="module"' in event_page  # the DSFR's script is a file
    assert 'type="application/ld+json"' in event_page  # data, not run: CSP lets it be


def test_no_template_of_ours_or_of_django_dsfr_we_use_has_inline_code():
    templates = sorted((ROOT / "agenda").rglob("templates/**/*.html"))
    dsfr = Path(__import__("dsfr").__file__).parent / "templates" / "dsfr"
    used = [dsfr / name for name in ("global_js.html", "global_css.html", "favicon.html")]
    found = {}
    for path in [*templates, *used]:
        if "/emails/" in str(path):  # e-mails are not web pages: no CSP applies to them
            continue
        problems = inline_code(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(path.parents[3]))] = problems

    assert len(templates) > 50
    assert found == {}


def test_a_widget_page_may_be_framed_by_the_configured_origins_only(settings):
    settings.WIDGET_FRAME_ANCESTORS = ["https://ministere.example", "https://mairie.example"]
    request = RequestFactory().get("/widget/")

    @embeddable
    def widget(request):
        return HttpResponse("widget")

    widget_response = SecurityHeadersMiddleware(widget)(request)
    page_response = SecurityHeadersMiddleware(lambda request: HttpResponse("page"))(request)

    assert directives(widget_response["Content-Security-Policy"])["frame-ancestors"] == [
        "https://ministere.example",
        "https://mairie.example",
    ]
    assert widget_response.xframe_options_exempt is True
    assert directives(page_response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_the_proconnect_provider_is_an_allowed_form_target_when_enabled(settings):
    settings.PROCONNECT_ENABLED = True
    settings.PROCONNECT_ISSUER = "https://auth.agentconnect.gouv.fr/api/v2"

    policy = directives(security.content_security_policy(settings))

    assert policy["form-action"] == ["'self'", "https://auth.agentconnect.gouv.fr"]


def snippet_headers(kind: str) -> dict[str, str]:
    text = security.nginx_snippet(__import__("django.conf").conf.settings, kind=kind)
    headers = {}
    for line in text.splitlines():
        match = re.fullmatch(r'add_header ([\w-]+) "(.*)" always;', line)
        if match:
            headers[match[1]] = match[2].replace('\\"', '"').replace("\\\\", "\\")
    return headers


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


def test_nginx_sends_the_same_headers_as_django_on_a_page(client, demo, settings, capsys):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(f"/evenements/{demo.slug}/", secure=True)
    call_command("nginx-snippet", "--kind", "pages")
    printed = capsys.readouterr().out

    dynamic = {name: response[name] for name in SECURITY_HEADERS if name in response}
    published = snippet_headers("pages")

    assert published == dynamic
    assert set(published) == set(SECURITY_HEADERS)
    assert printed.count("add_header") == len(SECURITY_HEADERS)
    assert published["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_user_files_are_never_sniffed_nor_run_with_the_same_headers_from_nginx(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "evenements").mkdir()
    (tmp_path / "evenements" / "banniere.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    )

    response = client.get("/uploads/evenements/banniere.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = directives(response["Content-Security-Policy"])
    assert policy["sandbox"] == []
    assert policy["default-src"] == ["'none'"]
    assert "script-src" not in policy
    nginx = snippet_headers("uploads")
    assert {name: response[name] for name in nginx} == nginx
    assert client.get("/uploads/../settings.py").status_code == 404


def agenda_command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    clean.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "agenda", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_site_refuses_to_start_with_debug_off_and_the_public_default_key():
    result = agenda_command("check", env={"DEBUG": "false"})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def documented_production_settings() -> dict[str, str]:
    """The `production` block of README.md: the settings the documentation tells to use."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh production\n(.*?)```", readme, re.S)
    assert block, "README.md has no ```sh production block"
    settings = {}
    for line in block[1].splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, value = line.partition("=")
            settings[name] = value.strip("'\"")
    return settings


@pytest.mark.sqlite_only  # its own SQLite file: the same in both runs
def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = documented_production_settings()
    assert env["DEBUG"] == "false"
    env["SECRET_KEY"] = "a-test-only-key-" + "x7Qm2" * 12
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"

    result = agenda_command("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.sqlite_only  # its own SQLite file: the same in both runs
def test_without_the_production_settings_check_deploy_names_what_is_missing(tmp_path):
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "a-test-only-key-" + "x7Qm2" * 12,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }

    result = agenda_command("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr
