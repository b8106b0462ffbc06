"""The checklist of a next-edition copy: what still points at last year (`checklist_items`,
made once with the copy), and whether its editor has dealt with it.

An item is "changed" when the place it names no longer holds the copied value (another link,
another image, a sentence rewritten, a session moved off the holiday), "confirmed" when its
editor said it is right as it is, else "untouched": a copy is not submitted while one item is
untouched (`checklist_block`, called by the workflow's submission).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone

from agenda.events.edition_text import Note
from agenda.events.editions import holiday_of
from agenda.events.models import Event, Session

from .models import EditionItem
from .snapshot import event_snapshot

# Links of a text: markdown targets and HTML hrefs (a site's bare home page never goes stale).
_TEXT_LINK = re.compile(r"\]\((https?://[^()\s]++)\)|href=\"(https?://[^\"]++)\"")
_HOME_PAGE = re.compile(r"https?://[^/]++/?")
UNTOUCHED, CHANGED, CONFIRMED = "untouched", "changed", "confirmed"
STATE_LABELS = {UNTOUCHED: "à vérifier", CHANGED: "modifié", CONFIRMED: "confirmé"}


@dataclass
class Checked:
    item: EditionItem
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def value_at(snapshot: dict, where: str):
    """The value a snapshot path names: "body", "images.0.path", "sessions.<uid>.start"
    (None when the place is gone: a removed image, a deleted session)."""
    parts = where.split(".")
    value = snapshot.get(parts[0])
    if parts[0] == "sessions" and len(parts) == 3:
        session = next((s for s in value or [] if s.get("uid") == parts[1]), None)
        return None if session is None else session.get(parts[2])
    for part in parts[1:]:
        if isinstance(value, list) and part.isdecimal() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _still_there(item: EditionItem, value) -> bool:
    if item.kind == EditionItem.Kind.SEATS:
        return value is None  # no seats chosen yet: registration would be unlimited
    if value is None:
        return False
    if item.kind == EditionItem.Kind.DATE:
        return str(value)[:10] == item.value  # the session still on that day
    if item.kind == EditionItem.Kind.LINK and item.where.endswith(("link", "_url")):
        return value == item.value
    return item.value in str(value)  # a link or a sentence inside a text


def checklist(event: Event, snapshot: dict | None = None) -> list[Checked]:
    snapshot = snapshot if snapshot is not None else event_snapshot(event)
    result = []
    for item in event.edition_items.all():
        if item.confirmed_at is not None:
            state = CONFIRMED
        elif _still_there(item, value_at(snapshot, item.where)):
            state = UNTOUCHED
        else:
            state = CHANGED
        result.append(Checked(item, state))
    return result


def open_items(event: Event, snapshot: dict | None = None) -> list[Checked]:
    return [c for c in checklist(event, snapshot) if c.state == UNTOUCHED]


def checklist_block(event: Event, snapshot: dict | None = None) -> str:
    """Why the checklist blocks a submission ("" when it does not)."""
    if event.pk is None or not event.edition_items.exists():
        return ""
    count = len(open_items(event, snapshot))
    if not count:
        return ""
    plural = "s" if count > 1 else ""
    return (
        f"{count} point{plural} de l’édition précédente à vérifier : modifiez-le{plural} ou "
        f"confirmez-le{plural} dans la liste « Points à vérifier »."
    )


def confirm_items(*, actor, event: Event, ids: list[int]) -> int:
    """The editor says these items are right as they are; returns how many were confirmed."""
    return event.edition_items.filter(pk__in=ids, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirmed_by=actor
    )


# --- the items of a fresh copy ------------------------------------------------------------------


def checklist_items(
    copy: Event, *, flagged: list[tuple[str, Note]], problems: list[dict]
) -> list[EditionItem]:
    """What still points at last year in a fresh copy, in the order the editor reads it: the
    sentences the rewrite flagged (`flagged`: (snapshot path, note)), images, links, seats to
    choose, sessions on a public holiday, and what the checks still find dated (`problems`)."""
    items: list[EditionItem] = []

    def add(kind: str, where: str, label: str, value: str) -> None:
        items.append(
            EditionItem(
                event=copy,
                position=len(items),
                kind=kind,
                where=where,
                label=label[:500],
                value=value,
            )
        )

    for where, note in flagged:
        what = "numéro d’édition" if note.what == "edition" else "date"
        add("text", where, f"Texte : {what} à vérifier « {note.old} »", note.old)
    for n, image in enumerate(copy.images.all()):
        add(
            "image", f"images.{n}.path", f"Image de l’édition précédente : {image.path}", image.path
        )
    for n, info in enumerate(copy.info_fields.all()):
        if info.link:
            add(
                "link",
                f"info_fields.{n}.link",
                f"Lien « {info.label or info.content[:60]} »",
                info.link,
            )
    for url in _text_links(copy.chapeau):
        add("link", "chapeau", f"Lien du chapeau : {url}", url)
    for url in _text_links(copy.body):
        add("link", "body", f"Lien du texte : {url}", url)
    for session in copy.sessions.order_by("position", "starts_at"):
        name = session.title or copy.title
        where = f"sessions.{session.uid}"
        if session.registration_url:
            add(
                "link",
                f"{where}.registration_url",
                f"Lien d’inscription de « {name} »",
                session.registration_url,
            )
        if session.online_url:
            add("link", f"{where}.online_url", f"Lien en ligne de « {name} »", session.online_url)
        if session.registration == Session.Registration.NATIVE:
            label = (
                f"Nombre de places de « {name} » (inscription sur l’agenda : "
                "sans limite tant qu’il n’est pas fixé)"
            )
            add("seats", f"{where}.capacity", label, "")
        holiday = holiday_of(session.start)
        if holiday:
            day = str(session.start)[:10]
            add("date", f"{where}.start", f"« {name} » tombe un jour férié ({holiday})", day)
    return items + _dated_problems(copy, problems, start=len(items))


# What the checks may still find in a copy that says "last year": each is listed, never left
# unflagged (the copy writes no such date itself; a sentence it could not place may remain).
_YEAR_BOUND_CODES = ("other-year", "weekday-mismatch", "time-mismatch")
_EVIDENCE = re.compile(r"« ([^«»]++) »")


def _dated_problems(copy: Event, problems: list[dict], *, start: int) -> list[EditionItem]:
    items = []
    uids = [
        str(uid)
        for uid in copy.sessions.order_by("position", "starts_at").values_list("uid", flat=True)
    ]
    for problem in problems:
        evidence = _EVIDENCE.search(problem["message"])
        if problem["code"] not in _YEAR_BOUND_CODES or evidence is None:
            continue
        where = _problem_place(problem, uids)
        items.append(
            EditionItem(
                event=copy,
                position=start + len(items),
                kind=EditionItem.Kind.TEXT,
                where=where,
                label=f"Texte : {problem['message']}"[:500],
                value=evidence[1],
            )
        )
    return items


def _problem_place(problem: dict, uids: list[str]) -> str:
    """A stored problem's form place (checking.locate) as a snapshot path."""
    form, index, at = problem.get("form"), problem.get("index"), problem.get("at") or "body"
    if form == "images":
        return f"images.{index}.{at}"
    if form == "infos":
        return f"info_fields.{index}.{at}"
    if form == "sessions" and index is not None and index < len(uids):
        return f"sessions.{uids[index]}.start"
    return at


def _text_links(text: str) -> list[str]:
    urls = []
    for match in _TEXT_LINK.finditer(text or ""):
        url = match[1] or match[2]
        if url not in urls and not _HOME_PAGE.fullmatch(url):
            urls.append(url)
    return urls
