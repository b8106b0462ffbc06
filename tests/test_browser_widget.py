"""The widget in a page of another origin, in a real Chromium: the one-line script inserts the
iframe, which shows the organisation's sessions and sizes itself; an origin not allowed gets
nothing; no cookie; axe finds nothing. The organisation page's copy button copies the code."""

import datetime as dt
import http.server
import os
import threading
from pathlib import Path

import pytest
from django.utils import timezone

from agenda.events.models import PARIS
from tests.browsing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!DOCTYPE html>
<html lang="fr">
  <head><meta charset="utf-8"><title>Mairie de Test</title><link rel="icon" href="data:,"></head>
  <body>
    <main>
      <h1>Les rendez-vous de la mairie</h1>
      <p>Le programme ci-dessous vient de l’agenda.</p>
      {snippet}
      <p id="apres">Fin de la page de la mairie.</p>
    </main>
  </body>
</html>
"""


def soon(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def other_site(tmp_path):
    """A tiny static site on another port of the loopback: another origin than the agenda's.
    Yields (origin, write(html)) — write sets the page it serves at /."""
    root = tmp_path / "site"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def write(html: str) -> None:
        (root / "index.html").write_text(html, encoding="utf-8")

    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", write
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def dinum(make_event):
    for n in range(4):
        make_event(f"Atelier {n}", start=soon(2 + n), organisation="DINUM")
    make_event("Forum lyonnais", start=soon(3), organisation="Ville de Lyon")


def snippet(live_server) -> str:
    return (
        f'<script src="{live_server.url}/static/site/embed.js" '
        f'data-agenda-widget="{live_server.url}/widget/?organisation=dinum" '
        'data-title="Agenda de DINUM" async></script>'
    )


def test_the_script_inserts_the_widget_in_a_page_of_another_allowed_origin(
    live_server, page, dinum, other_site, settings, screenshots
):
    origin, write = other_site
    settings.WIDGET_FRAME_ANCESTORS = [origin]
    settings.SITE_URL = live_server.url
    write(HOST_PAGE.format(snippet=snippet(live_server)))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(origin + "/")
    frame = page.frame_locator("iframe[title='Agenda de DINUM']")
    frame.get_by_role("link", name="Atelier 3").wait_for()

    assert frame.locator("h1").inner_text().endswith(": à venir")
    assert frame.get_by_role("link", name="Forum lyonnais").count() == 0
    # The widget told the host page its height: no scroll bar, no empty space.
    page.wait_for_function(
        "document.querySelector('iframe').height !== '600'", polling=100, timeout=10_000
    )
    frame_height = int(page.locator("iframe").get_attribute("height"))
    content_height = frame.locator("html").evaluate("e => e.getBoundingClientRect().height")
    assert abs(frame_height - content_height) <= 1
    link = frame.get_by_role("link", name="Atelier 0")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("href").startswith(live_server.url + "/evenements/")
    assert page.context.cookies() == []
    page.screenshot(path=str(screenshots / "widget-autre-site.png"), full_page=True)
    assert_no_axe_violations(page)
    assert errors == []


def test_a_page_of_an_origin_not_allowed_cannot_frame_the_widget(
    live_server, page, dinum, other_site, settings
):
    origin, write = other_site
    settings.WIDGET_FRAME_ANCESTORS = ["https://www.numerique.gouv.fr"]
    write(HOST_PAGE.format(snippet=snippet(live_server)))
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)

    page.goto(origin + "/")
    page.wait_for_selector("iframe")
    page.wait_for_timeout(1000)  # the refusal is the absence of an event: give it its time

    widget = next(frame for frame in page.frames if frame != page.main_frame)
    assert "Atelier" not in (widget.content() or "")
    assert refused and "frame-ancestors" in refused[0]


def test_the_widget_alone_passes_axe(live_server, page, dinum):
    page.goto(live_server.url + "/widget/?organisation=dinum")

    assert page.get_by_role("link", name="Atelier 1").is_visible()
    assert_no_axe_violations(page)


def test_the_copy_button_copies_the_widget_code(live_server, page, dinum, settings, screenshots):
    settings.SITE_URL = live_server.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto(live_server.url + "/organisations/dinum/")
    page.get_by_role("button", name="Copier le code JavaScript").click()

    status = page.locator("[data-copy-status]").first
    status.filter(has_text="Code copié").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#code-script").input_value()
    assert copied.startswith(f'<script src="{live_server.url}/static/site/embed.js"')
    page.locator("section[aria-labelledby='integrer']").screenshot(
        path=str(screenshots / "widget-code.png")
    )
    assert_no_axe_violations(page)
