"""What the text under a session header says about it: link to register, place, accessibility,
price. The editors write these as bullets and buttons, e.g. in the seed:

    * Entrée gratuite sur inscription / Accessible aux personnes à mobilité réduite au Lieu …
    * 77 avenue de Ségur 75015 Paris
    <div class="lien-important"><p><a href="https://www.eventbrite.fr/…">Plus d'informations et
    inscriptions</a></p></div>
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from agenda.lib.fastre import starting_with

from .programme_text import fold_spaces

_I = re.IGNORECASE
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\[\]]*)\]\(\s*(?P<url>[^)\s\[]+)")
_HTML_LINK = re.compile(
    r"<a\b[^<>]*?href\s*=\s*[\"'](?P<url>[^\"'<>]*)[\"'][^<>]*>(?P<text>(?:(?!<a\b).)*?)</a>",
    _I | re.S,
)
# Words of a call to action to register, in the link text or its address.
_REGISTRATION = re.compile(
    r"inscri|s['’]\s*inscrire|enregistr|r[ée]serv|billet|register|eventbrite|weezevent"
    r"|helloasso|demarches-simplifiees\.fr/commencer|framaforms",
    _I,
)
_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,2}[.)])\s+|^\s*<li[^>]*>", _I)
# A postal address: a street with its number, or a French postal code.
_ADDRESS = re.compile(
    starting_with(
        r"\d",
        r"\b\d{1,4}(?: bis| ter|bis|ter)?,?\s+(?:rue|avenue|av\.?|boulevard|bd|place|quai|all[ée]e"
        r"|chemin|cours|impasse|square|esplanade|parvis|route)\b|\b\d{5}\s+[A-ZÉ][\w\-’' ]+",
    ),
    _I,
)
_ACCESSIBILITY = re.compile(
    starting_with(
        "aisbt",
        r"accessibles?\s+aux\s+personnes\s+(?:à|a|en)\s+mobilité\s+réduite"
        r"|accessibles?\s+aux\s+personnes\s+(?:à|a|en)\s+situation\s+de\s+handicap"
        r"|accessibles?\s+aux\s+PMR|accessibles?\s+PMR|accès\s+PMR"
        r"|(?:interprétation|interprète)s?\s+en\s+LSF|(?:interprétation|interprète)s?\s+LSF"
        r"|(?:interprétation|interprète)s?\s+en\s+langue\s+des\s+signes\s+française"
        r"|(?:interprétation|interprète)s?\s+en\s+langue\s+des\s+signes"
        r"|(?:interprétation|interprète)s?\s+langue\s+des\s+signes"
        r"|sous-titr\w+\s+en\s+direct|sous-titr\w+"
        r"|boucle\s+à\s+induction\s+magnétique|boucle\s+magnétique"
        r"|transcription\s+simultanée|transcription\s+en\s+direct",
    ),
    _I,
)
_FREE = re.compile(
    starting_with("geas", r"\bgratuit|\bentr[ée]e\s+libre|\bacc[èe]s\s+libre|\bsans\s+frais"), _I
)
_PAID = re.compile(
    starting_with(
        r"pt\d",
        r"\bpayant|\btarifs?\b|(?<!\d)\d+[,.]\d+\s?(?:€|euros?\b)|(?<![\d,.])\d+\s?(?:€|euros?\b)",
    ),
    _I,
)
_REGISTRATION_REQUIRED = re.compile(
    starting_with(
        "sir",
        r"sur\s+inscription|inscriptions?\s+(?:obligatoires?|requises?|nécessaires?|préalables?)"
        r"|(?:inscription|réservation)\s+est\s+(?:obligatoire|indispensable)"
        r"|(?:inscription|réservation)\s+(?:obligatoire|indispensable)",
    ),
    _I,
)


_ACCESSIBILITY_WORDS = ("accessib", "pmr", "lsf", "signes", "sous-titr", "boucle", "transcri",
                        "interpr")  # fmt: skip
_PRICE_WORDS = ("gratuit", "libre", "frais", "payant", "tarif", "€", "euro")


@dataclass
class Details:
    description: str = ""
    registration_url: str | None = None
    place_lines: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    is_free: bool | None = None
    registration_required: bool = False


_MARKUP = re.compile(r"<[^<>]*>|\]\([^()]*\)|[*_\[\]]")
_BUTTON = re.compile(r"class=[\"'][^\"']*(?:button|lien-important)|lien-important", _I)
_BREAK = re.compile(r"<br\s*/?>", _I)


def _plain(raw: str) -> str:
    """The words of some markdown, for the keyword tests below (cheaper than a Part's text)."""
    return fold_spaces(html.unescape(_MARKUP.sub(" ", raw)).replace("\xa0", " "))


def _registration_url(source: str) -> str | None:
    links = [(m["text"], m["url"]) for m in _HTML_LINK.finditer(source)]
    links += [(m["text"], m["url"]) for m in _MD_LINK.finditer(source)]
    # Links are tried in page order so that the first call to action wins.
    links.sort(key=lambda link: source.find(link[1]))
    for text, url in links:
        if _REGISTRATION.search(url) or _REGISTRATION.search(_plain(text)):
            return url.strip()
    return None


def _description(lines: list[str], registration_url: str | None, places: list[str]) -> str:
    """The session's text without what its card shows as fields: the button to register
    (shown as « S’inscrire ») and the bullets that only give its address (shown as its place)."""
    kept: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if block and not (registration_url and _registration_block(block, registration_url)):
            kept += [raw for raw in block if not _address_bullet(raw, places)]
        if kept and kept[-1].strip():
            kept.append("")
        block = []
    return "\n".join(kept).strip()


def _registration_block(block: list[str], url: str) -> bool:
    """A block that is the registration link (a button, a lien-important box, a short line)."""
    text = "\n".join(block)
    if url not in text:
        return False
    return bool(_BUTTON.search(text)) or len(_plain(text)) <= 80


def _address_bullet(raw: str, places: list[str]) -> bool:
    if not places or not _BULLET.match(raw):
        return False
    pieces = [_plain(_BULLET.sub("", piece, count=1)).strip(" .;") for piece in _BREAK.split(raw)]
    return all(not piece or piece in places for piece in pieces)


def _place_lines(lines: list[str]) -> list[str]:
    places = []
    for raw in lines:
        if not _BULLET.match(raw):
            continue
        for piece in re.split(r"<br\s*/?>", raw, flags=_I):
            if not _ADDRESS.search(piece):
                continue  # the address regex is cheaper than cleaning the markup
            text = _plain(_BULLET.sub("", piece, count=1)).strip(" .;")
            if text and _ADDRESS.search(text) and not _REGISTRATION_REQUIRED.search(text):
                places.append(text)
    return places


def read_details(lines: list[str]) -> Details:
    """Details of a session from the markdown lines that follow its header."""
    source = "\n".join(lines).strip("\n")
    if not source.strip():
        return Details()
    plain = _plain(source.replace("\n", " "))
    low = plain.lower()
    accessibility: list[str] = []
    # Each pattern runs only when one of its words is there: most descriptions name none.
    if any(word in low for word in _ACCESSIBILITY_WORDS):
        for match in _ACCESSIBILITY.finditer(plain):
            text = fold_spaces(match.group(0))
            if text.lower() not in (a.lower() for a in accessibility):
                accessibility.append(text)
    is_free = None
    if any(word in low for word in _PRICE_WORDS):
        is_free = True if _FREE.search(plain) else (False if _PAID.search(plain) else None)
    registration_url = _registration_url(source) if "](" in source or "<a" in source else None
    place_lines = _place_lines(lines)
    return Details(
        description=_description(lines, registration_url, place_lines),
        registration_url=registration_url,
        place_lines=place_lines,
        accessibility=accessibility,
        is_free=is_free,
        registration_required=("inscri" in low or "réserv" in low)
        and bool(_REGISTRATION_REQUIRED.search(plain)),
    )
