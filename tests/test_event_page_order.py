"""The event page: what a visitor needs first (date, place, registration, "add to calendar",
sharing) comes before the long text in the document, so at every width."""

from urllib.parse import unquote

from agenda.events.models import Place

from .conftest import soon

LONG_TEXT = "<p>" + "Un long texte de présentation. " * 200 + "</p>"


def positions(html: str, *needles: str) -> list[int]:
    """Where each text first appears in the page's body (after its title: not in the head's
    JSON-LD)."""
    html = html.split('<h1 id="titre-evenement">', 1)[1]
    found = [html.find(needle) for needle in needles]
    assert -1 not in found, dict(zip(needles, found, strict=True))
    return found


def test_the_date_place_and_actions_of_an_event_come_before_its_text(client, make_event):
    place = Place.objects.create(name="Ségur", address="20 avenue de Ségur", city="Paris")
    event = make_event(
        "Journée de la donnée",
        start=soon(5, 9),
        end=soon(5, 17),
        place=place,
        body_html=LONG_TEXT,
        sessions=None,
    )
    event.sessions.update(registration_url="https://inscriptions.example.org/j")

    html = client.get(event.get_absolute_url()).content.decode()
    when, where, register, add, share, text = positions(
        html,
        'class="agenda-when',
        "20 avenue de Ségur",
        "https://inscriptions.example.org/j",
        "Ajouter à mon agenda",
        "Envoyer par courriel",
        "Un long texte de présentation.",
    )

    assert when < where < register < add < share < text


def test_an_event_with_a_programme_offers_its_sessions_and_its_calendar_before_the_text(
    client, make_event
):
    event = make_event(
        "Semaine de l’innovation",
        start=soon(5),
        body_html=LONG_TEXT,
        sessions=[(soon(5), None, "Ouverture", {}), (soon(6), None, "Clôture", {})],
    )

    html = client.get(event.get_absolute_url()).content.decode()
    sessions_link, ics, text = positions(
        html,
        '<a class="fr-link fr-icon-arrow-down-line fr-link--icon-left" href="#programme">'
        "2 séances&nbsp;: horaires et inscriptions</a>",
        f'href="/evenements/{event.slug}.ics"',
        "Un long texte de présentation.",
    )

    assert sessions_link < ics < text


def test_the_page_is_shared_by_its_link_and_by_email_without_a_third_party(
    client, make_event, settings
):
    settings.SITE_URL = "https://agenda.example.gouv.fr"
    event = make_event("Café & design", start=soon(5))

    html = client.get(event.get_absolute_url()).content.decode()
    address = f"https://agenda.example.gouv.fr{event.get_absolute_url()}"

    assert f'id="lien-evenement" value="{address}" readonly' in html
    mailto = html.split('href="mailto:', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    subject, body = (unquote(part.split("=", 1)[1]) for part in mailto.lstrip("?").split("&"))
    assert (subject, body) == ("Café & design", f"Café & design\n{address}")
    assert "facebook" not in html and "twitter" not in html and "addthis" not in html


def test_the_page_shows_no_template_comment(client, make_event):
    event = make_event("Journée", start=soon(5))

    html = client.get(event.get_absolute_url()).content.decode()

    assert "{#" not in html and "{% comment" not in html and "#}" not in html
