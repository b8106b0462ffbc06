"""The whole contribution story in a real Chromium (issue 4, part 9).

An organiser signs in, creates an event with two sessions and submits it; a moderator requests
changes; the organiser fixes and resubmits; the moderator publishes; the event is then in the
agenda, its ICS and the API. axe-core finds no violation on each form and queue page.

Uses Debian's /usr/bin/chromium (never a downloaded browser): skipped when it is absent,
except in CI (CI=true), where its absence is a failure.
"""

import json

import pytest
from django.urls import NoReverseMatch, reverse
from icalendar import Calendar

from agenda.events.models import Event
from tests import contributors as t
from tests.browsing import assert_no_axe_violations

PASSWORD = "un-mot-de-passe-solide-42"
TITLE = "Atelier : concevoir un accueil unique"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, deployed, user):
    """A page of a new browser context where `user` is signed in: through the login form when
    the accounts pages are there, else with a session cookie made by Django's test client."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    try:
        login = reverse("login")
    except NoReverseMatch:
        login = None
    if login:
        page.goto(f"{deployed.url}{login}?next=/espace/")
        if page.locator("input[name=email]").count():
            page.fill("input[name=email]", user.email)
            page.fill("input[name=password]", PASSWORD)
            page.locator("form:has(input[name=password]) [type=submit]").first.click()
            page.wait_for_url("**/espace/**")
            return page
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": deployed.url}]
    )
    page.goto(f"{deployed.url}/espace/")
    return page


def fill_session(page, index: int, title: str, day: str, start: str, end: str) -> None:
    prefix = f"#id_seances-{index}-"
    page.fill(f"{prefix}title", title)
    page.fill(f"{prefix}start_date", day)
    page.fill(f"{prefix}start_time", start)
    page.fill(f"{prefix}end_time", end)
    page.fill(f"{prefix}formats", "Atelier")


def test_an_event_goes_from_an_organiser_through_moderation_to_the_agenda(browser, deployed):
    ditp = t.organisation("DITP")
    organiser = t.person("camille@ditp.example", role="organiser", of=ditp, password=PASSWORD)
    moderator = t.person(
        "modo@programme.example",
        role="moderator",
        of=t.organisation("Équipe du programme"),
        password=PASSWORD,
    )
    first, second = t.day(20).isoformat(), t.day(21).isoformat()

    # The organiser signs in, and creates the event with two sessions.
    mine = signed_in_page(browser, deployed, organiser)
    assert mine.locator("h1").inner_text() == "Espace contributeur"
    assert_no_axe_violations(mine)
    mine.locator("main a.fr-btn", has_text="Nouvel événement").click()  # not the side menu's
    assert mine.locator("h1").inner_text() == "Nouvel événement"
    assert_no_axe_violations(mine)

    mine.get_by_role("button", name="Enregistrer et soumettre à la modération").click()
    assert mine.locator(".fr-alert--error").count() == 1  # nothing filled: errors, summarised
    assert mine.locator("#id_title").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(mine)

    mine.fill("#id_title", TITLE)
    mine.fill("#id_chapeau", "Une matinée pour repenser l’accueil des usagers.")
    mine.fill("#id_tags", "accueil, design")
    mine.fill("#id_new_place_name", "Maison de l’innovation")
    mine.fill("#id_new_place_address", "20 avenue de Ségur")
    mine.fill("#id_new_place_postcode", "75007")
    mine.fill("#id_new_place_city", "Paris")
    mine.fill("#id_body", "On **prototype** ensemble, puis on restitue.")
    mine.fill("#id_images-0-path", "/static/dsfr/dist/favicon/apple-touch-icon.png")
    mine.fill("#id_images-0-alt", "Le logo de la République française")
    fill_session(mine, 0, "Atelier", first, "09:30", "12:00")
    fill_session(mine, 1, "Restitution", second, "14:00", "16:00")
    mine.get_by_role("button", name="Prévisualiser").click()
    assert mine.locator(".agenda-preview strong").inner_text() == "prototype"
    assert_no_axe_violations(mine)
    mine.get_by_role("button", name="Enregistrer et soumettre à la modération").click()

    event = Event.objects.get(title=TITLE)
    assert event.status == Event.Status.SUBMITTED and event.sessions.count() == 2
    assert "soumis" in mine.locator("main .fr-badge").first.inner_text().lower()
    assert_no_axe_violations(mine)

    # A moderator requests changes.
    theirs = signed_in_page(browser, deployed, moderator)
    theirs.goto(f"{deployed.url}/espace/moderation/")
    assert_no_axe_violations(theirs)
    theirs.get_by_role("link", name=TITLE).click()
    assert_no_axe_violations(theirs)
    theirs.get_by_label("Modifications demandées").fill("Précisez le public visé.")
    theirs.get_by_role("button", name="Demander des modifications").click()
    event.refresh_from_db()
    assert event.status == Event.Status.CHANGES_REQUESTED

    # The organiser reads the comment, fixes and resubmits.
    mine.reload()
    assert "Précisez le public visé." in mine.locator("main").inner_text()
    mine.get_by_role("link", name="Modifier", exact=True).click()
    assert_no_axe_violations(mine)
    mine.fill("#id_infos-0-label", "Public")
    mine.fill("#id_infos-0-content", "Agents d’accueil des services publics")
    mine.get_by_role("button", name="Enregistrer et soumettre à la modération").click()
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED
    assert [f.label for f in event.info_fields.all()] == ["Public"]

    # The moderator publishes.
    theirs.goto(f"{deployed.url}/espace/moderation/")
    theirs.get_by_role("link", name=TITLE).click()
    assert "Agents d’accueil" in theirs.locator("main").inner_text()  # the audit shows the edit
    theirs.get_by_role("button", name="Publier").click()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert "Rien à modérer." in theirs.locator("main").inner_text()
    assert_no_axe_violations(theirs)

    # Everyone sees it: the agenda, the event's ICS, the API.
    public = browser.new_context(locale="fr-FR").new_page()
    public.goto(f"{deployed.url}/")
    assert public.get_by_role("link", name="Atelier").first.is_visible()
    public.goto(f"{deployed.url}{event.get_absolute_url()}")
    assert public.locator("h1").inner_text() == TITLE
    ics = public.request.get(f"{deployed.url}/evenements/{event.slug}.ics")
    assert ics.ok
    summaries = sorted(str(v["SUMMARY"]) for v in Calendar.from_ical(ics.body()).walk("VEVENT"))
    assert summaries == [f"Atelier — {TITLE}", f"Restitution — {TITLE}"]
    api = public.request.get(f"{deployed.url}/api/events/{event.slug}")
    data = json.loads(api.body())
    assert data["title"] == TITLE
    assert [s["title"] for s in data["sessions"]] == ["Atelier", "Restitution"]
    assert data["sessions"][0]["start"].startswith(f"{first}T09:30:00+0")  # Paris time
    for page in (mine, theirs, public):
        page.context.close()


def test_the_other_moderation_pages_have_no_axe_violations(browser, deployed):
    """A revision's diff with its two decision forms, the log, an event with check findings."""
    from agenda.moderation import services
    from agenda.moderation.snapshot import event_snapshot

    ditp = t.organisation("DITP")
    organiser = t.person("camille@ditp.example", role="organiser", of=ditp, password=PASSWORD)
    admin = t.person(
        "admin@programme.example", role="admin", of=t.organisation("Programme"), password=PASSWORD
    )
    published = services.save_from_form(actor=organiser, data=t.snapshot(ditp), submit=True).event
    services.publish_event(actor=admin, event=published)
    stored = event_snapshot(published)
    stored["sessions"][1] = {
        **stored["sessions"][1],
        "status": "cancelled",
        "status_reason": "Grève",
    }
    services.save_from_form(actor=organiser, event=published, data={**stored, "title": "Nouveau"})
    flawed = services.save_from_form(
        actor=organiser,
        data=t.snapshot(ditp, title="Édition 2019", chapeau="Inscription obligatoire."),
    ).event

    theirs = signed_in_page(browser, deployed, admin)
    for url in (
        f"/espace/moderation/evenements/{published.pk}/",
        "/espace/moderation/journal/",
        f"/espace/evenements/{flawed.pk}/",
        f"/espace/evenements/{flawed.pk}/modifier/",
        f"/espace/evenements/{published.pk}/apercu/",
    ):
        theirs.goto(f"{deployed.url}{url}")
        assert theirs.locator("h1").count() == 1, url
        if url.endswith("/modifier/"):  # the edit form shows the checks' findings
            assert theirs.locator(".fr-error-text").count() >= 1
            assert theirs.locator(".fr-message--warning").count() >= 1
        assert_no_axe_violations(theirs)
    theirs.context.close()


def fill_event(page, title: str, day: str) -> None:
    page.fill("#id_title", title)
    page.fill("#id_chapeau", "Une matinée pour repenser l’accueil des usagers.")
    page.fill("#id_new_place_name", "Maison de l’innovation")
    page.fill("#id_new_place_address", "20 avenue de Ségur")
    page.fill("#id_new_place_postcode", "75007")
    page.fill("#id_new_place_city", "Paris")
    page.fill("#id_body", "On prototype ensemble, puis on restitue.")
    page.fill("#id_images-0-path", "/static/dsfr/dist/favicon/apple-touch-icon.png")
    page.fill("#id_images-0-alt", "Le logo de la République française")
    page.fill("#id_infos-0-label", "Public")
    page.fill("#id_infos-0-content", "Agents d’accueil des services publics")
    fill_session(page, 0, "Atelier", day, "09:30", "12:00")


def test_from_a_superuser_to_a_published_revision_without_the_admin(
    browser, live_server, smtp_server
):
    """Issue 12: a superuser creates an organisation on the site and invites an organiser, who
    drafts and submits an event; the superuser publishes it; the organiser's edit is a revision
    the superuser accepts. No page of /admin/ is ever requested."""
    import re

    root = t.person("root@programme.example", password=PASSWORD, is_staff=True, is_superuser=True)
    day = t.day(25).isoformat()
    admin_requests = []

    # The superuser creates the organisation and invites an organiser, from the space's menu.
    theirs = signed_in_page(browser, live_server, root)
    theirs.on("request", lambda r: "/admin/" in r.url and admin_requests.append(r.url))
    theirs.get_by_role("navigation", name="Espace contributeur").get_by_role(
        "link", name="Organisations"
    ).click()
    theirs.get_by_role("link", name="Nouvelle organisation").click()
    theirs.fill("#id_name", "Laboratoire d’innovation territoriale")
    theirs.fill("#id_acronym", "LIT")
    theirs.get_by_role("button", name="Créer l’organisation").click()
    assert theirs.locator("h1").inner_text() == "Laboratoire d’innovation territoriale (LIT)"
    assert_no_axe_violations(theirs)
    theirs.fill("#id_email", "lea@lit.example")
    theirs.get_by_role("button", name="Envoyer l’invitation").click()
    assert "Invitation envoyée à lea@lit.example." in theirs.locator("main").inner_text()

    # The organiser follows the e-mail's link, creates an account, drafts and submits an event.
    (message,) = smtp_server
    link = re.search(
        r"https?://\S+/compte/invitation/\S+/", message.get_body(("plain",)).get_content()
    )
    mine = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    mine.on("request", lambda r: "/admin/" in r.url and admin_requests.append(r.url))
    mine.goto(live_server.url + "/compte/" + link.group(0).split("/compte/", 1)[1])
    mine.fill("#id_first_name", "Léa")
    mine.fill("#id_last_name", "Martin")
    mine.fill("#id_password1", PASSWORD)
    mine.fill("#id_password2", PASSWORD)
    mine.get_by_role("button", name="Créer mon compte et rejoindre l’organisation").click()
    mine.goto(f"{live_server.url}/espace/")
    mine.locator("main a.fr-btn", has_text="Nouvel événement").click()
    fill_event(mine, TITLE, day)
    mine.get_by_role("button", name="Enregistrer le brouillon").click()
    event = Event.objects.get(title=TITLE)
    assert event.status == Event.Status.DRAFT
    mine.get_by_role("navigation", name="Espace contributeur").get_by_role(
        "link", name="Mes événements"
    ).click()
    assert "Brouillon à compléter et soumettre" in mine.locator("main").inner_text()
    mine.get_by_role("link", name=TITLE).first.click()
    mine.get_by_role("button", name=re.compile("Soumettre")).click()
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED

    # The superuser's home starts from the queue: they publish.
    theirs.goto(f"{live_server.url}/espace/")
    theirs.locator("#a-moderer").locator("..").get_by_role("link", name=TITLE).click()
    theirs.get_by_role("button", name="Publier").click()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    # The organiser edits the published event: a revision, accepted by the superuser.
    mine.goto(f"{live_server.url}/espace/evenements/{event.pk}/modifier/")
    mine.fill("#id_title", "Atelier : un accueil unique, deuxième version")
    mine.get_by_role("button", name="Proposer la modification").click()
    event.refresh_from_db()
    assert event.title == TITLE  # the published version stays until accepted
    theirs.goto(f"{live_server.url}/espace/")
    theirs.locator("#a-moderer").locator("..").get_by_role("link", name=TITLE).click()
    changes = theirs.locator("table:has(caption:text('Modifications proposées'))")
    assert changes.locator("tbody tr").count() == 1  # only the title
    theirs.get_by_role("button", name="Accepter la modification").click()
    event.refresh_from_db()
    assert event.title == "Atelier : un accueil unique, deuxième version"
    theirs.goto(f"{live_server.url}/espace/moderation/journal/")
    log = theirs.locator("main").inner_text()
    for action in ("Création de l’organisation", "Invitation envoyée", "Invitation acceptée",
                   "Publication", "Modification acceptée"):  # fmt: skip
        assert action in log
    assert_no_axe_violations(theirs)
    assert admin_requests == []
    for page in (mine, theirs):
        page.context.close()
