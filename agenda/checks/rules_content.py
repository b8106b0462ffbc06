"""Rules about the rest of the content: images, information fields, HTML the sanitiser drops,
addresses, duplicated events."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from agenda.lib.fastre import starting_with
from agenda.lib.pages import PageData, PageProblem

from .rules import ERROR, WARNING, CheckContext, PagesContext, Source, folded, rule

_I = re.IGNORECASE


# --- missing-alt -------------------------------------------------------------------------------

_IMG = re.compile(r"<img\b(?P<attrs>[^<>]*)>", _I)
_ALT = re.compile(r"\balt\s*=", _I)
_SRC = re.compile(r"\bsrc\s*=\s*(?:\"(?P<d>[^\"]*)\"|'(?P<s>[^']*)'|(?P<u>[^\s>]+))", _I)
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\[\]]*)\]\((?P<src>[^)\s]*)")


@rule(
    "missing-alt",
    ERROR,
    "Une image sans texte alternatif (l’image d’en-tête sans « alternative-textuelle », une "
    'balise <img> sans alt, une image markdown ![](…) sans texte). alt="" déclare une image '
    "décorative et reste permis dans le corps.",
    wrong='une-ou-diaporama:\n- image: "/uploads/MIP2023.png"',
    right='une-ou-diaporama:\n- image: "/uploads/MIP2023.png"\n  alternative-textuelle: '
    "Mois de l’innovation publique 2023",
)
def missing_alt(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    for entry in ctx.image_entries:
        if entry.has_path and not entry.alt:
            yield ctx.problem(
                "missing-alt",
                entry.path_offset,
                f"l’image « {entry.path} » n’a pas de texte alternatif : ajouter "
                "« alternative-textuelle: » (ce que l’image dit, en une phrase) ?",
                field="une-ou-diaporama",
            )
    body = ctx.body_source
    for offset, message in images_without_alt(body.text):
        yield ctx.problem("missing-alt", body.offset + offset, message)


def images_without_alt(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) of each image of a markdown text without alt text: an <img> without
    alt (alt="" declares a decorative image), a ![](…) without text. The rule above and the
    contributor form's session descriptions read images this one way."""
    for match in _IMG.finditer(text):
        if _ALT.search(match["attrs"]):
            continue
        src = _SRC.search(match["attrs"])
        path = (src["d"] or src["s"] or src["u"] or "") if src else ""
        yield (
            match.start(),
            f'l’image « {path or match.group(0)} » n’a pas d’attribut alt : alt="…" (ou alt="" '
            "si elle est décorative) ?",
        )
    for match in _MD_IMAGE.finditer(text):
        if not match["alt"].strip():
            yield (
                match.start(),
                f"l’image « {match['src']} » n’a pas de texte alternatif : "
                "![ce que dit l’image](…) ?",
            )


# --- unsafe-html -------------------------------------------------------------------------------

_TAG = re.compile(r"<(?P<name>[a-zA-Z][\w-]*)(?P<attrs>[^<>]*)>?")
_DROPPED_TAGS = {
    "script": "un <script> est supprimé à la publication",
    "iframe": "une <iframe> (vidéo, carte intégrée) est supprimée : mettre un lien à la place ?",
    "style": "un bloc <style> est supprimé : la mise en forme sera perdue",
    **dict.fromkeys(
        ("object", "embed", "form", "input", "button", "select", "textarea", "link", "meta",
         "base", "frame", "frameset", "applet", "svg", "math"),
        "cette balise est supprimée à la publication",
    ),
}  # fmt: skip
_ATTRIBUTES = re.compile(
    starting_with(
        r"\sohs",
        r"(?:^|\s)(?:(?P<handler>on[a-z]+)|(?P<style>style))\s*="
        r"|(?P<js>(?:href|src)\s*=\s*[\"']?\s*javascript:)",
    ),
    _I,
)
_ATTRIBUTE_MESSAGES = {
    "handler": "un gestionnaire d’événement (on…=) est supprimé",
    "style": "le style en ligne (style=…) est supprimé : la page sera présentée autrement",
    "js": "un lien javascript: est supprimé",
}


@rule(
    "unsafe-html",
    WARNING,
    "Du HTML que l’assainisseur supprime à la publication (scripts, gestionnaires on…=, iframes, "
    "<style>, styles en ligne) : la page publiée sera différente de ce que l’éditeur voit.",
    wrong='<p style="margin-top: 30px"><b>Le jeudi 03/11</b></p>',
    right="<p><b>Le jeudi 03/11</b></p>",
)
def unsafe_html(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    for source in ctx.text_sources:
        if source.kind not in ("body", "chapeau", "info-content") or "<" not in source.text:
            continue
        seen: set[tuple[int, str]] = set()  # one problem per line and kind
        for tag in _TAG.finditer(source.text):
            found = []
            name = tag["name"].lower()
            if name in _DROPPED_TAGS:
                found.append((tag.start(), _DROPPED_TAGS[name]))
            attrs = tag["attrs"]
            if "=" in attrs:
                for attribute in _ATTRIBUTES.finditer(attrs):
                    kind = attribute.lastgroup or "style"
                    start = tag.start("attrs") + attribute.start(kind)
                    found.append((start, _ATTRIBUTE_MESSAGES[kind]))
            for start, message in found:
                offset = source.offset + start
                line, _ = ctx.position(offset)
                if (line, message) in seen:
                    continue
                seen.add((line, message))
                snippet = " ".join(source.text[start : start + 40].split())
                yield ctx.problem(
                    "unsafe-html", offset, f"« {snippet}… » : {message}", field=source.field
                )


# --- address-mismatch --------------------------------------------------------------------------

_STREET_TYPES = {
    "rue": "rue", "r": "rue", "avenue": "avenue", "av": "avenue", "ave": "avenue",
    "boulevard": "boulevard", "bd": "boulevard", "bld": "boulevard", "place": "place",
    "pl": "place", "quai": "quai", "allee": "allee", "chemin": "chemin", "cours": "cours",
    "impasse": "impasse", "square": "square", "esplanade": "esplanade", "parvis": "parvis",
    "route": "route", "passage": "passage", "villa": "villa", "cite": "cite",
}  # fmt: skip
_ADDRESS = re.compile(
    r"(?<![\w-])(?P<number>\d{1,4})(?:\s?(?:bis|ter|[a-d])\b)?,?\s+"
    r"(?P<type>rue|avenue|av\.?|ave|boulevard|bd|bld|place|pl\.|quai|all[ée]e|chemin|cours"
    r"|impasse|square|esplanade|parvis|route|passage|villa|cit[ée])\s+"
    r"(?P<name>[^\d\n,;()<>|*]{2,50}?)[\s,–—-]*(?:F-)?(?P<postcode>\d{5})(?!\d)",
    _I,
)
# Five digits, no more: the look-behind after the first digit (searched in C, see lib.fastre).
_POSTCODE = re.compile(r"\d(?<!\d\d)\d{4}(?!\d)")
_ADDRESS_ENDING = re.compile(_ADDRESS.pattern + r"\Z", _I)
# Venues the programme uses again and again, with their postcode.
KNOWN_VENUES = {
    "77 avenue segur": ("75015", "Lieu de la transformation publique, 77 avenue de Ségur"),
    "20 avenue segur": ("75007", "DINUM, 20 avenue de Ségur"),
}
_LINKING_WORDS = re.compile(r"\b(?:de|du|des|de la|d|l|la|le|les)\b")


@dataclass
class Address:
    page: PageData
    key: str  # "77 avenue segur"
    postcode: str
    offset: int
    written: str
    field: str


def _street_key(number: str, kind: str, name: str) -> str:
    kind = _STREET_TYPES.get(folded(kind).rstrip("."), folded(kind))
    name = folded(name).replace("'", " ").replace("-", " ")
    name = _LINKING_WORDS.sub(" ", name)
    return " ".join([number.lstrip("0"), kind, *name.split()])


def page_addresses(ctx: CheckContext) -> list[Address]:
    if "addresses" in ctx.shared:
        return ctx.shared["addresses"]
    found = []
    for source in ctx.text_sources:
        if source.kind not in ("address", "place", "body", "info-content", "chapeau"):
            continue
        found += _addresses_in(ctx, source)
    ctx.shared["addresses"] = found
    return found


def _addresses_in(ctx: CheckContext, source: Source) -> list[Address]:
    result = []
    text = source.text
    for postcode in _POSTCODE.finditer(text):
        match = _ADDRESS_ENDING.search(text, max(0, postcode.start() - 80), postcode.end())
        if match is None:
            continue
        key = _street_key(match["number"], match["type"], match["name"])
        result.append(
            Address(
                ctx.page,
                key,
                match["postcode"],
                source.offset + match.start(),
                " ".join(match.group(0).split()),
                source.field,
            )
        )
    return result


@rule(
    "address-mismatch",
    WARNING,
    "La même adresse écrite avec des codes postaux différents dans le programme, ou un lieu connu "
    "avec un autre code postal.",
    wrong="adresse: 77 avenue de Ségur, 75007 Paris",
    right="adresse: 77 avenue de Ségur, 75015 Paris",
    scope="pages",
    prepare=page_addresses,
)
def address_mismatch(pages: list[PageData], ctx: PagesContext) -> Iterator[PageProblem]:
    by_street: dict[str, list[Address]] = {}
    for page in pages:
        for address in page_addresses(ctx.of(page)):
            by_street.setdefault(address.key, []).append(address)
    for key, addresses in by_street.items():
        counts: dict[str, int] = {}
        for address in addresses:
            counts[address.postcode] = counts.get(address.postcode, 0) + 1
        known = KNOWN_VENUES.get(key)
        if known:
            expected, label = known[0], known[1]
        elif len(counts) > 1:
            ranked = sorted(counts.items(), key=lambda item: -item[1])
            if ranked[0][1] == ranked[1][1]:
                expected, label = None, ""
            else:
                expected, label = ranked[0][0], ""
        else:
            continue
        for address in addresses:
            if address.postcode == expected:
                continue
            others = sorted(set(counts) - {address.postcode})
            if expected is None:
                message = (
                    f"« {address.written} » : la même adresse est écrite ailleurs avec "
                    f"{', '.join(others)} : quel code postal ?"
                )
            elif label:
                message = (
                    f"« {address.written} » : {label} est au {expected} : "
                    f"{address.written.replace(address.postcode, expected)} ?"
                )
            else:
                message = (
                    f"« {address.written} » : cette adresse est écrite {counts[expected]} fois "
                    f"avec {expected} dans le programme : "
                    f"{address.written.replace(address.postcode, expected)} ?"
                )
            yield ctx.of(address.page).problem(
                "address-mismatch", address.offset, message, field=address.field
            )


# --- duplicate-event ---------------------------------------------------------------------------

_TITLE_NOISE = re.compile(r"\[(?:double|duplication|copie|copy|brouillon)\]|[^\w\s]", _I)


def _title_key(title: str) -> str:
    return " ".join(_TITLE_NOISE.sub(" ", folded(title)).split())


def title_key(title: str) -> str:
    """A title as duplicate-event compares it (folded, without "[copie]" nor punctuation)."""
    return _title_key(title)


def _dates(page: PageData) -> tuple[str, str] | None:
    if page.start is None:
        return None
    start = page.start.value
    end = page.end.value if page.end else None
    day = start.date() if hasattr(start, "date") else start
    end_day = (end.date() if hasattr(end, "date") else end) if end is not None else day
    return day.isoformat(), end_day.isoformat()


def page_title(ctx: CheckContext) -> str:
    """The page's title as duplicate-event compares it."""
    if "title" not in ctx.shared:
        ctx.shared["title"] = _title_key(ctx.page.title)
    return ctx.shared["title"]


def _title_offset(ctx: CheckContext) -> int:
    """Where the page's title is written (its value)."""
    if "title_offset" not in ctx.shared:
        ctx.shared["title_offset"] = ctx.value_offset("title") or 0
    return ctx.shared["title_offset"]


def _prepare_title(ctx: CheckContext) -> None:
    """What duplicate-event reads of each page, found where the page is read: there the front
    matter's node tree is at hand, the gathering process would compose it again."""
    page_title(ctx)
    _title_offset(ctx)


@rule(
    "duplicate-event",
    WARNING,
    "Deux événements du programme aux titres presque identiques, aux mêmes dates : un doublon ?",
    wrong="design-public-meetup-1.markdown et design-public-meetup-number-1.markdown : « Design "
    "public – Meetup #1 », le 17/10/2019",
    right="une seule page pour « Design public – Meetup #1 »",
    scope="pages",
    prepare=_prepare_title,
)
def duplicate_event(pages: list[PageData], ctx: PagesContext) -> Iterator[PageProblem]:
    by_dates: dict[tuple[str, str], list[PageData]] = {}
    for page in pages:
        dates = _dates(page)
        if dates is not None:
            by_dates.setdefault(dates, []).append(page)
    for group in by_dates.values():
        if len(group) < 2:
            continue
        # The page already stored (a reference) comes first: the new one is the double.
        group.sort(key=lambda page: (not ctx.is_reference(page), page.path))
        keys = [_Title(page_title(ctx.of(page))) for page in group]
        for j in range(1, len(group)):
            for i in range(j):
                if keys[i].text == keys[j].text or _similar(keys[i], keys[j]):
                    other = group[i]
                    line = ctx.of(other).position(_title_offset(ctx.of(other)))[0]
                    page = group[j]
                    yield ctx.of(page).problem(
                        "duplicate-event",
                        _title_offset(ctx.of(page)),
                        f"même événement que {other.path}:{line} (« {other.title} », mêmes "
                        "dates) : une des deux pages est-elle à supprimer ?",
                        field="title",
                    )
                    break


class _Title:
    """A title key and, once asked, how many times it holds each character."""

    __slots__ = ("text", "_counts")

    def __init__(self, text: str):
        self.text = text
        self._counts: dict[str, int] | None = None

    @property
    def counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = {}
            for char in self.text:
                self._counts[char] = self._counts.get(char, 0) + 1
        return self._counts


def _similar(a: _Title, b: _Title) -> bool:
    """difflib's ratio of the two texts ≥ 0.9. Its two upper bounds, `real_quick_ratio` (the
    lengths) and `quick_ratio` (the characters in common, in any order), are computed first,
    the same way without building a matcher: most titles of a day fail them (at 10,000 pages,
    ~56,000 pairs compared, ~1,300 reach `ratio`)."""
    if not a.text or not b.text:
        return False
    total = len(a.text) + len(b.text)
    if _ratio(min(len(a.text), len(b.text)), total) < 0.9:
        return False
    counts = b.counts
    common = sum(min(n, counts.get(char, 0)) for char, n in a.counts.items())
    if _ratio(common, total) < 0.9:
        return False
    return difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).ratio() >= 0.9


def _ratio(matches: int, length: int) -> float:
    """difflib's own formula (`_calculate_ratio`), so the bounds are the same floats."""
    return 2.0 * matches / length if length else 1.0
