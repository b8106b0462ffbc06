"""The widget (`/widget/`): the agenda's upcoming sessions filtered like the agenda, framed only
by the allowed origins, no cookie; the organisation page gives its code with copy buttons."""

import datetime as dt
import html as htmllib
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda.events.models import PARIS
from agenda.feeds.registry import REGISTRY

pytestmark = pytest.mark.django_db


def soon(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def programme(make_event):
    make_event("Atelier données", start=soon(3), organisation="DINUM", categories=("Atelier",))
    make_event("Forum des labs", start=soon(5), organisation="DINUM")
    make_event("Forum lyonnais", start=soon(4), organisation="Ville de Lyon")
    make_event("Bilan", start=soon(-100), organisation="DINUM")


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_the_widget_lists_the_upcoming_sessions_the_filters_select(client, programme):
    html = client.get("/widget/?organisation=dinum").content.decode()

    assert "Atelier données" in html and "Forum des labs" in html
    assert "Forum lyonnais" not in html and "Bilan" not in html
    assert html.index("Atelier données") < html.index("Forum des labs")
    assert re.search(
        r'<a href="http://127\.0\.0\.1:8000/evenements/atelier-donnees-\d+/" target="_blank" '
        r'rel="noopener">Atelier données<span class="fr-sr-only"> \(nouvelle fenêtre\)',
        html,
    )
    assert 'href="http://127.0.0.1:8000/?organisation=dinum" target="_blank"' in html


def test_the_widget_shows_as_many_sessions_as_asked_within_bounds(client, make_event):
    for n in range(12):
        make_event(f"Séance {n:02d}", start=soon(2 + n))

    def titles(query: str) -> list[str]:
        html = client.get(f"/widget/{query}").content.decode()
        return re.findall(r">(Séance \d\d)<span", html)

    assert titles("") == [f"Séance {n:02d}" for n in range(10)]
    assert titles("?nombre=3") == ["Séance 00", "Séance 01", "Séance 02"]
    assert len(titles("?nombre=500")) == 12
    assert len(titles("?nombre=abc")) == 10
    assert "Toutes les séances sur" in client.get("/widget/?nombre=3").content.decode()


def test_the_widget_may_be_framed_by_the_allowed_origins_only_and_sets_no_cookie(
    client, programme, settings
):
    settings.WIDGET_FRAME_ANCESTORS = ["https://www.numerique.gouv.fr"]

    widget = client.get("/widget/?organisation=dinum")
    page = client.get("/organisations/dinum/")

    policy = directives(widget["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["https://www.numerique.gouv.fr"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "X-Frame-Options" not in widget
    assert not widget.cookies and "Set-Cookie" not in widget
    assert directives(page["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert page["X-Frame-Options"] == "DENY"


def test_without_allowed_origins_nobody_may_frame_the_widget(client, programme, settings):
    settings.WIDGET_FRAME_ANCESTORS = []

    widget = client.get("/widget/")

    assert directives(widget["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_a_cached_widget_keeps_its_framing_policy(client, programme, settings):
    settings.CACHE_SECONDS = 60
    settings.WIDGET_FRAME_ANCESTORS = ["https://mairie.example"]
    cache.clear()

    client.get("/widget/")
    cached = client.get("/widget/")

    assert directives(cached["Content-Security-Policy"])["frame-ancestors"] == [
        "https://mairie.example"
    ]
    assert "X-Frame-Options" not in cached


def test_the_widget_has_no_inline_script_or_style(client, programme):
    html = client.get("/widget/").content.decode()

    assert "<script>" not in html and "style=" not in html
    assert '<script src="/static/site/widget.js"></script>' in html


def test_the_organisation_page_gives_the_widget_code_to_copy(client, programme, settings):
    settings.WIDGET_FRAME_ANCESTORS = ["https://www.numerique.gouv.fr"]

    html = client.get("/organisations/dinum/").content.decode()

    areas = dict(re.findall(r'<textarea[^>]*id="(code-[a-z]+)"[^>]*>([^<]*)</textarea>', html))
    assert htmllib.unescape(areas["code-script"]) == (
        '<script src="http://127.0.0.1:8000/static/site/embed.js" '
        'data-agenda-widget="http://127.0.0.1:8000/widget/?organisation=dinum" '
        'data-title="Agenda de DINUM" async></script>'
    )
    assert htmllib.unescape(areas["code-iframe"]) == (
        '<iframe src="http://127.0.0.1:8000/widget/?organisation=dinum" title="Agenda de DINUM" '
        'width="100%" height="600" loading="lazy"></iframe>'
    )
    assert html.count('data-copy-target="code-') == 2 and " hidden>Copier le code" in html
    assert "Sites autorisés : https://www.numerique.gouv.fr." in html
    assert '<script src="/static/site/copy.js"></script>' in html


def test_widget_pages_are_in_the_output_registry(programme):
    paths = [path for output, path in REGISTRY.paths() if output.name == "widget"]

    assert paths == [
        "/widget/",
        "/widget/?organisation=dinum",
        "/widget/?organisation=ville-de-lyon",
    ]


def test_the_widget_runs_the_same_queries_for_one_or_twenty_events(client, make_event):
    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get("/widget/?nombre=50").status_code == 200
        return len(context.captured_queries)

    make_event("Atelier 0", start=soon(2), organisation="DINUM")
    with_one = count()
    for n in range(1, 20):
        make_event(f"Atelier {n}", start=soon(2 + n % 5), organisation="DINUM")

    assert count() == with_one
