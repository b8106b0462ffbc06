"""French that reads well: agreement with a number, elision, non-breaking spaces.

Every count shown to a person goes through `accord` (templates: the `accord` tag of
agenda_tags; e-mails and messages: this function), so "0 séance" and "1 place restante" come
out right: in French, 0 and 1 take the singular (Django's `pluralize` and `ngettext` without a
French catalogue give English plurals, "0 séances").
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before ":" and inside "9 h 30", "3 places"
NNBSP = "\u202f"  # narrow: before ";", "?", "!" and between thousands

_VOWELS = "aàâäeéèêëiîïoôöuùûüyœæ"


def is_plural(count: int) -> bool:
    """French: 0 and 1 are singular ("0 séance", "1,5 heure" aside, counts are whole)."""
    return abs(count) >= 2


def number(count: int) -> str:
    """12345 → "12 345" (a narrow no-break space between thousands)."""
    return f"{count:,}".replace(",", NNBSP)


def accord(count: int, singular: str, plural: str | None = None) -> str:
    """The count and its noun phrase agreed: accord(0, "séance") → "0 séance",
    accord(3, "place restante", "places restantes") → "3 places restantes". Without `plural`,
    each word takes an "s"."""
    if plural is None:
        plural = " ".join(word + "s" for word in singular.split(" "))
    form = plural if is_plural(count) else singular
    return f"{number(count)}{NBSP}{form}"


def word(count: int, singular: str, plural: str | None = None) -> str:
    """The agreed word alone: word(2, "confirmée") → "confirmées"."""
    if plural is None:
        plural = singular + "s"
    return plural if is_plural(count) else singular


def elide(particle: str, following: str) -> str:
    """ "de" + "Alex" → "d’Alex", "que" + "elle" → "qu’elle", "le" + "atelier" → "l’atelier";
    before a consonant the particle stays: "de Marie". The apostrophe is the typographic one."""
    starts_with_vowel = following[:1].lower() in _VOWELS and following[:1].lower() != "y"
    if starts_with_vowel and particle.lower() in ("de", "le", "la", "que", "je", "ne", "me", "se"):
        return f"{particle[:-1]}’{following}"
    return f"{particle} {following}"


def de(name: str) -> str:
    """ "de Marie", "d’Alex"."""
    return elide("de", name)


_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]*:(?=\s|$)")
_BEFORE_HIGH = re.compile(r"(?<=\S)[ \u00a0\u202f]*([;?!])(?=\s|$)")
_HOURS = re.compile(r"\b(\d{1,2}) h(?: (\d{2}))?\b")


def typographie(text: str) -> str:
    """Non-breaking spaces where French puts them: before ":" (no-break space), before
    ";", "?" and "!" (narrow), and in hours ("9 h 30"), so a line never starts with ":" nor
    splits "9 h" from "30". URLs ("https://") are left alone: only a colon followed by a space
    or the end is touched."""
    text = _BEFORE_COLON.sub(f"{NBSP}:", text)
    text = _BEFORE_HIGH.sub(lambda m: f"{NNBSP}{m[1]}", text)
    return _HOURS.sub(lambda m: f"{m[1]}{NBSP}h" + (f"{NBSP}{m[2]}" if m[2] else ""), text)
