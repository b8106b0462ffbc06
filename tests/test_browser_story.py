"""The contribution stories in a real Chromium, on the site as deployed (tests/deployed.py:
gunicorn with DEBUG=false behind nginx, e-mails through SMTP).

Issue 4: an organiser creates an event with two sessions and submits it; a moderator requests
changes; the organiser fixes and resubmits; the moderator publishes; the event is then in the
agenda, its ICS and the API. Issue 12 ("done when"): from `agenda createsuperuser` (an e-mail
only) to an organisation created on the site, an organiser invited, an event drafted, submitted,
moderated, published, edited through a revision and registered to until full, the main screens
checked at 320, 768 and 1,280 px, never touching /admin/.

Uses Debian's /usr/bin/chromium (never a downloaded browser): skipped when it is absent,
except in CI (CI=true), where its absence is a failure.
"""

import json
import re
import time
from typing import Any

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from agenda.events.models import Event
from tests import contributors as t
from tests.browsing import assert_no_axe_violations
from tests.layout import assert_fits

PASSWORD = "un-mot-de-passe-solide-42"
TITLE = "Atelier : concevoir un accueil unique"
EDITED = "Atelier : un accueil unique, deuxième version"
WIDTHS = (320, 768, 1280)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient_expectations():
    """Expectations wait on a state as long as actions do (30 s): a loaded machine answers a
    form slowly, and 5 s (Playwright's default) is a guess about time, not about state."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def signed_in_page(browser, deployed, user):
    """A page of a new browser where `user` signed in through the login form."""
    page = new_person(browser)
    sign_in(page, deployed, user.email)
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
    expect(mine.locator("h1")).to_have_text("Espace contributeur")
    assert_no_axe_violations(mine)
    mine.locator("main a.fr-btn", has_text="Nouvel événement").click()  # not the side menu's
    expect(mine.locator("h1")).to_have_text("Nouvel événement")
    assert_no_axe_violations(mine)

    mine.get_by_role("button", name="Enregistrer et soumettre à la modération").click()
    expect(mine.locator(".fr-alert--error")).to_have_count(1)  # nothing filled: errors, summarised
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
    expect(mine.locator(".agenda-preview strong")).to_have_text("prototype")
    assert_no_axe_violations(mine)
    mine.get_by_role("button", name="Enregistrer et soumettre à la modération").click()

    expect(mine.locator("main .fr-badge").first).to_contain_text(re.compile("soumis", re.I))
    event = Event.objects.get(title=TITLE)
    assert event.status == Event.Status.SUBMITTED and event.sessions.count() == 2
    assert_no_axe_violations(mine)

    # A moderator requests changes.
    theirs = signed_in_page(browser, deployed, moderator)
    theirs.goto(f"{deployed.url}/espace/moderation/")
    assert_no_axe_violations(theirs)
    theirs.get_by_role("link", name=TITLE).click()
    assert_no_axe_violations(theirs)
    theirs.get_by_label("Modifications demandées").fill("Précisez le public visé.")
    theirs.get_by_role("button", name="Demander des modifications").click()
    expect(theirs.locator("main")).to_contain_text("Rien à modérer")
    event.refresh_from_db()
    assert event.status == Event.Status.CHANGES_REQUESTED

    # The organiser reads the comment, fixes and resubmits.
    mine.reload()
    expect(mine.locator("main")).to_contain_text("Précisez le public visé.")
    mine.get_by_role("link", name="Modifier", exact=True).click()
    assert_no_axe_violations(mine)
    mine.fill("#id_infos-0-label", "Public")
    mine.fill("#id_infos-0-content", "Agents d’accueil des services publics")
    mine.get_by_role("button", name="Enregistrer et soumettre à la modération").click()
    expect(mine.locator("main .fr-badge").first).to_contain_text(re.compile("soumis", re.I))
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED
    assert [f.label for f in event.info_fields.all()] == ["Public"]

    # The moderator publishes.
    theirs.goto(f"{deployed.url}/espace/moderation/")
    theirs.get_by_role("link", name=TITLE).click()
    expect(theirs.locator("main")).to_contain_text("Agents d’accueil")  # the audit shows the edit
    theirs.get_by_role("button", name="Publier").click()
    expect(theirs.locator("main")).to_contain_text("Rien à modérer.")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert_no_axe_violations(theirs)

    # Everyone sees it: the agenda, the event's ICS, the API.
    public = browser.new_context(locale="fr-FR").new_page()
    public.goto(f"{deployed.url}/")
    expect(public.get_by_role("link", name="Atelier").first).to_be_visible()
    public.goto(f"{deployed.url}{event.get_absolute_url()}")
    expect(public.locator("h1")).to_have_text(TITLE)
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


def fill_event(page, title: str, day: str, *, capacity: int) -> None:
    """An event with one session, registration on the agenda with `capacity` seats (the
    waitlist, on by default, stays on)."""
    page.fill("#id_title", title)
    page.fill("#id_chapeau", "Une matinée pour repenser l’accueil des usagers.")
    page.fill("#id_new_place_name", "Maison de l’innovation")
    page.fill("#id_new_place_address", "20 avenue de Ségur")
    page.fill("#id_new_place_postcode", "75007")
    page.fill("#id_new_place_city", "Paris")
    page.fill("#id_body", "On prototype ensemble, puis on restitue.")
    page.fill("#id_images-0-path", "/static/dsfr/dist/favicon/apple-touch-icon.png")
    page.fill("#id_images-0-alt", "Le logo de la République française")
    fill_session(page, 0, "Atelier", day, "09:30", "12:00")
    page.locator("#id_seances-0-registration_fieldset label", has_text="sur l’agenda").click()
    expect(page.locator("input[name='seances-0-registration'][value=native]")).to_be_checked()
    page.fill("#id_seances-0-capacity", str(capacity))


def new_person(browser, width: int = 1280):
    """A page in a new browser (its own cookies), French, Paris time, `width` px wide."""
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
    )
    return context.new_page()


def sign_in(page, deployed, email: str) -> None:
    page.goto(f"{deployed.url}/compte/connexion/?next=/espace/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").first.click()
    page.wait_for_url("**/espace/")


def check_screen(page) -> None:
    """The screen at 320, 768 and 1,280 px: fits, labelled, no axe violation; then back to
    the person's own width."""
    own = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function(f"window.innerWidth === {width}")
        assert_fits(page, width)
        assert_no_axe_violations(page)
    page.set_viewport_size(own)
    page.wait_for_function(f"window.innerWidth === {own['width']}")


def emailed_link(deployed, to: str, path: str, seconds: float = 30) -> str:
    """The link to `path…` in the last e-mail the site sent to `to` (through SMTP, which is
    asynchronous: waits for it), made relative to the site."""
    pattern = re.compile(rf"https?://[^/\s]+({re.escape(path)}\S+/)")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in reversed(list(deployed.mail)):
            if to in message["To"]:
                found = pattern.search(message.get_body(("plain",)).get_content())
                if found:
                    return found[1]
        time.sleep(0.1)
    raise AssertionError(f"no e-mail to {to} with a link to {path}: {deployed.mail}")


def card_of(page) -> Any:
    """The agenda's card of the event's session (its link is the session's title)."""
    return page.locator(".agenda-card").filter(has_text=EDITED).first


def register(browser, deployed, name: str, email: str) -> Any:
    """A visitor registers from the event page and confirms by the e-mailed link; their page."""
    page = new_person(browser, 768)
    page.goto(f"{deployed.url}/")
    card_of(page).get_by_role("link").first.click()
    page.get_by_role(
        "link", name=re.compile(r"^(S’inscrire|Rejoindre la liste d’attente)")
    ).first.click()
    page.wait_for_url("**/inscription/")
    page.get_by_label("Nom et prénom").fill(name)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_text("J’accepte que mes données").click()
    page.locator("main form [type=submit]").last.click()
    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
    page.goto(deployed.url + emailed_link(deployed, email, "/inscription/"))
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_url("**/inscription/*:*/")
    return page


def test_from_createsuperuser_to_a_full_session_without_the_admin(browser, deployed):
    """Issue 12, done when: `agenda createsuperuser` with an e-mail only; the superuser creates
    an organisation on the site and invites an organiser by e-mail; the organiser drafts an
    event whose session has 2 seats and submits it; the superuser asks for a change, then
    publishes; the organiser's edit of the published event is a revision the superuser
    accepts; visitors register until the session is full and the next one is waitlisted. The
    main screens fit 320, 768 and 1,280 px with labelled buttons and no axe violation, and no
    page of /admin/ is ever requested."""
    day = t.day(25).isoformat()
    admin_requests: list[str] = []

    def watch(page):
        page.context.on("request", lambda r: "/admin" in r.url and admin_requests.append(r.url))
        return page

    # The operator creates the first account on the server, with an e-mail only.
    created = deployed.command(
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_EMAIL="root@programme.example",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    assert (created.returncode, created.stderr) == (0, "")
    assert created.stdout == "Compte d’administration créé : root@programme.example\n"

    # The superuser signs in and creates the organisation from the space's menu.
    theirs = watch(new_person(browser))
    sign_in(theirs, deployed, "root@programme.example")
    expect(theirs.locator("h1")).to_have_text("Espace contributeur")
    check_screen(theirs)
    menu = theirs.get_by_role("navigation", name="Espace contributeur")
    menu.get_by_role("link", name="Organisations").click()
    theirs.get_by_role("link", name="Nouvelle organisation").click()
    check_screen(theirs)
    theirs.fill("#id_name", "Laboratoire d’innovation territoriale")
    theirs.fill("#id_acronym", "LIT")
    theirs.get_by_role("button", name="Créer l’organisation").click()
    expect(theirs.locator("h1")).to_have_text("Laboratoire d’innovation territoriale (LIT)")

    # … and invites an organiser, who follows the e-mail's link and creates an account.
    theirs.fill("#id_email", "lea@lit.example")
    theirs.get_by_role("button", name="Envoyer l’invitation").click()
    expect(theirs.locator("main")).to_contain_text("Invitation envoyée à lea@lit.example.")
    check_screen(theirs)
    mine = watch(new_person(browser))
    mine.goto(deployed.url + emailed_link(deployed, "lea@lit.example", "/compte/invitation/"))
    check_screen(mine)
    mine.fill("#id_first_name", "Léa")
    mine.fill("#id_last_name", "Martin")
    mine.fill("#id_password1", PASSWORD)
    mine.fill("#id_password2", PASSWORD)
    mine.get_by_role("button", name="Créer mon compte et rejoindre l’organisation").click()
    mine.wait_for_url("**/espace/**")

    # The organiser drafts the event, finds it among the things to do, and submits it.
    mine.goto(f"{deployed.url}/espace/")
    check_screen(mine)
    mine.locator("main a.fr-btn", has_text="Nouvel événement").click()
    fill_event(mine, TITLE, day, capacity=2)
    check_screen(mine)
    mine.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(mine.locator("main .fr-badge").first).to_contain_text(re.compile("brouillon", re.I))
    event = Event.objects.get(title=TITLE)
    assert (event.status, event.organisation.acronym) == (Event.Status.DRAFT, "LIT")
    mine.get_by_role("navigation", name="Espace contributeur").get_by_role(
        "link", name="Mes événements"
    ).click()
    expect(mine.get_by_role("region", name="À faire")).to_contain_text(
        f"Brouillon à compléter et soumettre\u00a0: {TITLE}"
    )
    mine.get_by_role("region", name="À faire").get_by_role("link", name=TITLE).click()
    check_screen(mine)
    mine.get_by_role("button", name="Soumettre", exact=True).click()
    expect(mine.locator("main .fr-badge").first).to_contain_text(re.compile("soumis", re.I))
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED

    # The superuser's home starts from the queue: they ask for a change.
    theirs.goto(f"{deployed.url}/espace/")
    queue = theirs.get_by_role("region", name=re.compile("^À modérer"))
    expect(queue.get_by_role("heading")).to_have_text("À modérer\u00a0: 1")
    queue.get_by_role("link", name=TITLE).click()
    check_screen(theirs)
    theirs.get_by_label("Modifications demandées").fill("Précisez le public visé.")
    theirs.get_by_role("button", name="Demander des modifications").click()
    expect(theirs.locator("main")).to_contain_text("Rien à modérer")  # back to an empty queue
    event.refresh_from_db()
    assert event.status == Event.Status.CHANGES_REQUESTED

    # The organiser reads the request from their home, fixes and resubmits.
    mine.goto(f"{deployed.url}/espace/")
    to_do = mine.get_by_role("region", name="À faire")
    expect(to_do).to_contain_text(f"Modifications demandées par la modération\u00a0: {TITLE}")
    to_do.get_by_role("link", name=TITLE).click()
    expect(mine.locator("main")).to_contain_text("Précisez le public visé.")
    mine.get_by_role("link", name="Modifier", exact=True).click()
    mine.fill("#id_infos-0-label", "Public")
    mine.fill("#id_infos-0-content", "Agents d’accueil des services publics")
    mine.get_by_role("button", name="Enregistrer et soumettre à la modération").click()
    expect(mine.locator("main .fr-badge").first).to_contain_text(re.compile("soumis", re.I))

    # The superuser publishes; their space now counts the event (it said "Aucun événement").
    theirs.goto(f"{deployed.url}/espace/")
    theirs.get_by_role("region", name=re.compile("^À modérer")).get_by_role(
        "link", name=TITLE
    ).click()
    expect(theirs.locator("main")).to_contain_text("Agents d’accueil")  # the resubmitted edit
    theirs.get_by_role("button", name="Publier").click()
    expect(theirs.locator("main")).to_contain_text("Rien à modérer")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    theirs.goto(f"{deployed.url}/espace/")
    expect(theirs.locator("#par-etat")).to_have_text("Tous les événements\u00a0: 1")
    expect(theirs.locator("#etat-published")).to_contain_text("(1)")

    # The organiser edits the published event: a revision; the page stays as published.
    mine.goto(f"{deployed.url}/espace/evenements/{event.pk}/modifier/")
    mine.fill("#id_title", EDITED)
    mine.get_by_role("button", name="Proposer la modification").click()
    expect(mine.locator("main")).to_contain_text("Modification en attente")
    event.refresh_from_db()
    assert event.title == TITLE

    # The superuser sees only the title changed, and accepts.
    theirs.goto(f"{deployed.url}/espace/")
    theirs.get_by_role("region", name=re.compile("^À modérer")).get_by_role(
        "link", name=TITLE
    ).click()
    changes = theirs.locator("table:has(caption:text('Modifications proposées'))")
    expect(changes.locator("tbody tr")).to_have_count(1)
    expect(changes.locator("tbody tr")).to_contain_text(EDITED)
    check_screen(theirs)
    theirs.get_by_role("button", name="Accepter la modification").click()
    expect(theirs.locator("main")).to_contain_text("Rien à modérer")
    event.refresh_from_db()
    assert event.title == EDITED

    # Visitors register until the session is full: the card counts the seats down.
    visitor = new_person(browser, 768)
    visitor.goto(f"{deployed.url}/")
    card = card_of(visitor)
    expect(card).to_contain_text("2\u00a0places restantes")
    check_screen(visitor)
    visitor.context.close()
    first = register(browser, deployed, "Camille Petit", "camille@example.org")
    expect(first.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    first.context.close()
    second = register(browser, deployed, "Dominique Roy", "dominique@example.org")
    expect(second.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    second.context.close()

    # Full: the card and the event page say so; the next visitor joins the waitlist.
    visitor = new_person(browser, 768)
    visitor.goto(f"{deployed.url}/")
    card = card_of(visitor)
    expect(card).to_contain_text("Complet — liste d’attente")
    expect(card).not_to_contain_text("places restantes")
    card.get_by_role("link").first.click()
    expect(visitor.locator("h1")).to_have_text(EDITED)
    expect(visitor.locator("main")).to_contain_text("Complet — liste d’attente")
    check_screen(visitor)
    visitor.get_by_role("link", name=re.compile("^Rejoindre la liste d’attente")).first.click()
    expect(visitor.get_by_role("heading", name="Complet — liste d’attente")).to_be_visible()
    check_screen(visitor)
    visitor.context.close()
    third = register(browser, deployed, "Sacha Blanc", "sacha@example.org")
    expect(third.get_by_role("heading", name="Liste d’attente\u00a0: 1re position")).to_be_visible()
    third.context.close()
    states = sorted(event.sessions.get().registrations.values_list("email", "state"))
    assert states == [
        ("camille@example.org", "confirmed"),
        ("dominique@example.org", "confirmed"),
        ("sacha@example.org", "waitlisted"),
    ]

    # The organiser sees their registrants, from their menu.
    mine.get_by_role("navigation", name="Espace contributeur").get_by_role(
        "link", name="Inscriptions"
    ).click()
    mine.get_by_role("link", name=re.compile("Atelier")).first.click()
    expect(
        mine.locator("table:has(caption:text('Inscriptions confirmées')) tbody tr")
    ).to_have_count(2)
    expect(mine.locator("table:has(caption:text('Liste d’attente')) tbody tr")).to_have_count(1)
    check_screen(mine)

    # The audit log tells the story; nobody went through /admin/.
    theirs.get_by_role("navigation", name="Espace contributeur").get_by_role(
        "link", name="Journal des modifications"
    ).click()
    log = theirs.locator("main")
    for action in ("Création de l’organisation", "Invitation envoyée", "Invitation acceptée",
                   "Publication", "Modification acceptée"):  # fmt: skip
        expect(log).to_contain_text(action)
    check_screen(theirs)
    assert admin_requests == []
    for page in (mine, theirs):
        page.context.close()
