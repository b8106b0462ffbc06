"""Production mode (DEBUG=false after collectstatic): assets with the right integrity, every
asset local, French error pages, robots.txt and sitemap.xml, SITE_URL following `agenda serve`."""

import base64
import hashlib
import os
import re
import subprocess
import sys
import time
import urllib.request
from xml.etree import ElementTree

import pytest
from django.test import Client

from agenda.events.models import Event
from bench.procs import free_port
from tests.conftest import soon
from tests.deployed import ROOT

INTEGRITY = re.compile(r'(?:href|src)="/static/([^"]+)"[^>]*?integrity="([^"]+)"')
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# One pytest-xdist worker runs them all: `agenda collectstatic` (tests/deployed.py) once a run.
pytestmark = pytest.mark.xdist_group("collected_static")


@pytest.fixture
def production(settings, collected_static):
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return settings


def sha384(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def test_every_integrity_hash_matches_the_collected_file_it_names(client, production, db):
    html = client.get("/").content.decode()
    found = INTEGRITY.findall(html)
    names = {name.split("/")[-1].split(".")[0] for name, _ in found}
    assert names == {"dsfr", "utility"}  # the DSFR stylesheets and scripts, hashed names
    assert len(found) == 4
    for name, integrity in found:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", name), name  # the manifest's name
        served = (production.STATIC_ROOT / name).read_bytes()
        assert integrity == sha384(served), name


def test_the_dsfr_stylesheet_is_rewritten_by_collectstatic_so_its_shipped_hash_is_wrong(
    production,
):
    """The cause of the unstyled production site: the manifest storage rewrites url(…) in
    the CSS, so django-dsfr's fixed hash no longer describes the served file."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from dsfr.checksums import INTEGRITY_CSS

    served = production.STATIC_ROOT / staticfiles_storage.stored_name("dsfr/dist/dsfr/dsfr.min.css")
    assert sha384(served.read_bytes()) != INTEGRITY_CSS


def test_integrity_in_development_is_that_of_the_source_file(client, db):
    from django.contrib.staticfiles import finders

    html = client.get("/").content.decode()
    for name, integrity in INTEGRITY.findall(html):
        with open(finders.find(name), "rb") as source:
            assert integrity == sha384(source.read()), name


def test_the_api_docs_load_swagger_ui_from_our_static_files(client, production, db):
    html = client.get("/api/docs").content.decode()
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]* href="([^"]+)"', html)
    assert any("swagger-ui-bundle" in src for src in scripts), scripts
    for url in scripts + styles:
        assert url.startswith("/static/"), url  # no CDN
        assert (production.STATIC_ROOT / url.removeprefix("/static/")).is_file(), url


def test_an_unknown_page_is_the_french_404_page(client, production, db):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Page non trouvée" in html
    assert "Page not found" not in html
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_failing_view_shows_the_french_500_page(production, db):
    production.ROOT_URLCONF = "tests.failing_urls"
    response = Client(raise_request_exception=False).get("/panne/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Erreur inattendue" in html
    assert "RuntimeError" not in html  # nothing of the error reaches the visitor
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client, settings, db):
    settings.SITE_URL = "https://agenda.example.gouv.fr"
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for private in ("/espace/", "/compte/", "/admin/", "/inscription/"):
        assert f"Disallow: {private}" in lines
    assert "Sitemap: https://agenda.example.gouv.fr/sitemap.xml" in lines


def test_sitemap_xml_lists_the_public_pages_and_no_draft(client, settings, make_event):
    settings.SITE_URL = "https://agenda.example.gouv.fr"
    public = make_event("Forum des données", start=soon(3))
    past = make_event("Atelier passé", start=soon(-30))
    draft = make_event("Brouillon", start=soon(4), status=Event.Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    locs = [loc.text for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]
    site = "https://agenda.example.gouv.fr"
    for path in ("/", "/passes/", "/accessibilite/", "/plan-du-site/"):
        assert site + path in locs
    assert site + public.get_absolute_url() in locs
    assert site + past.get_absolute_url() in locs
    assert site + draft.get_absolute_url() not in locs
    assert len(locs) == len(set(locs))


def test_robots_and_sitemap_are_outputs_of_the_registry(db):
    from agenda.feeds.registry import REGISTRY

    paths = [path for _, path in REGISTRY.paths()]
    assert "/robots.txt" in paths and "/sitemap.xml" in paths
    assert REGISTRY.render("/robots.txt").read().startswith(b"User-agent: *")


def test_agenda_serve_sets_site_url_to_the_address_it_serves(tmp_path):
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SITE_URL", "CSRF_TRUSTED_ORIGINS", "DJANGO_SETTINGS_MODULE")
    }
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    server = subprocess.Popen(
        [sys.executable, "-m", "agenda", "serve", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = read_when_up(f"http://127.0.0.1:{port}/robots.txt")
    finally:
        server.terminate()
        server.wait(10)
    assert f"Sitemap: http://127.0.0.1:{port}/sitemap.xml" in body


def read_when_up(url: str, tries: int = 100) -> str:
    for _ in range(tries):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")
