"""The widget in a page of another origin, in a real Chromium, as deployed (nginx → gunicorn,
DEBUG=false): the other site is another port of the same nginx (`deployed.elsewhere`), allowed
by WIDGET_FRAME_ANCESTORS on this module's own server. The one-line script inserts the iframe,
which shows the organisation's sessions and sizes itself; an origin not allowed (the same
server called `localhost`: another origin) gets nothing; no cookie; axe finds nothing. The
organisation page's copy button copies the code."""

from collections.abc import Iterator

import pytest

from tests.browsing import QUIET, assert_no_axe_violations, watch
from tests.conftest import soon
from tests.deployed import Deployed, deploy, settings_of

pytestmark = [pytest.mark.browser]

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


def allowed_ancestors(elsewhere: str) -> dict[str, str]:
    """The server's own settings: its widget framed by the other origin (and the ministry's)."""
    return {"WIDGET_FRAME_ANCESTORS": f"https://www.numerique.gouv.fr {elsewhere}"}


@pytest.fixture(scope="module")
def widget_site(django_db_setup, collected_static):
    """The deployed site, its widget framed by the other origin nginx serves."""
    with deploy(collected_static, env=allowed_ancestors) as site:
        yield site


@pytest.fixture
def site(widget_site, transactional_db) -> Iterator[Deployed]:
    widget_site.mail.clear()
    with settings_of(widget_site):
        yield widget_site


@pytest.fixture
def dinum(make_event):
    for n in range(4):
        make_event(f"Atelier {n}", start=soon(2 + n), organisation="DINUM")
    make_event("Forum lyonnais", start=soon(3), organisation="Ville de Lyon")


def snippet(site: Deployed) -> str:
    return (
        f'<script src="{site.url}/static/site/embed.js" '
        f'data-agenda-widget="{site.url}/widget/?organisation=dinum" '
        'data-title="Agenda de DINUM" async></script>'
    )


def test_the_script_inserts_the_widget_in_a_page_of_another_allowed_origin(
    site, page, dinum, screenshots
):
    host = site.put_elsewhere("mairie.html", HOST_PAGE.format(snippet=snippet(site)))
    seen = watch(page)
    widgets = []
    page.on("response", lambda r: "/widget/" in r.url and widgets.append(r))

    page.goto(host)
    frame = page.frame_locator("iframe[title='Agenda de DINUM']")
    frame.get_by_role("link", name="Atelier 3").wait_for()

    # Another origin (another port) frames the agenda's widget, which names it as an ancestor.
    assert host.startswith(site.elsewhere) and site.elsewhere != site.url
    assert widgets[0].headers["server"].startswith("nginx")
    policy = widgets[0].headers["content-security-policy"]
    assert f"frame-ancestors https://www.numerique.gouv.fr {site.elsewhere}" in policy
    assert "x-frame-options" not in widgets[0].headers
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
    assert link.get_attribute("href").startswith(site.url + "/evenements/")
    assert page.context.cookies() == []
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots / "widget-autre-site.png"), full_page=True)
    assert_no_axe_violations(page)
    assert seen == QUIET


def test_a_page_of_an_origin_not_allowed_cannot_frame_the_widget(site, page, dinum):
    site.put_elsewhere("ailleurs.html", HOST_PAGE.format(snippet=snippet(site)))
    # The same page, called by another name: another origin, not among the allowed ones.
    other = site.elsewhere.replace("127.0.0.1", "localhost") + "/ailleurs.html"
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)

    page.goto(other)
    page.wait_for_selector("iframe")
    for _ in range(50):  # the refusal is the absence of an event: wait for its message
        if refused:
            break
        page.wait_for_timeout(100)

    widget = next(frame for frame in page.frames if frame != page.main_frame)
    assert "Atelier" not in (widget.content() or "")
    assert refused and "frame-ancestors" in refused[0]
    assert site.elsewhere in refused[0]  # the message names the origins allowed


def test_the_widget_alone_passes_axe(site, page, dinum):
    seen = watch(page, site=site.url)
    page.goto(site.url + "/widget/?organisation=dinum")

    assert page.get_by_role("link", name="Atelier 1").is_visible()
    assert_no_axe_violations(page)
    assert seen == QUIET


def test_the_copy_button_copies_the_widget_code(site, page, dinum, screenshots):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)

    page.goto(site.url + "/organisations/dinum/")
    page.get_by_role("button", name="Copier le code JavaScript").click()

    status = page.locator("[data-copy-status]").first
    status.filter(has_text="Code copié").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#code-script").input_value()
    assert copied.startswith(f'<script src="{site.url}/static/site/embed.js"')
    page.locator("section[aria-labelledby='integrer']").screenshot(
        path=str(screenshots / "widget-code.png")
    )
    assert_no_axe_violations(page)


def test_the_list_of_organisations_passes_axe_and_leads_to_their_pages(site, page, dinum):
    page.goto(site.url + "/organisations/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="DINUM").click()

    assert page.locator("h1").inner_text() == "DINUM"
    assert page.get_by_role("link", name="Atelier 2").is_visible()
