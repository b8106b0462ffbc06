"""Sessions announced in running prose: "à 17h, un atelier « Écrire simple »", "puis la table
ronde « Les communs » de 18h à 19h".

A time and a title in quotes, in the same clause: nothing but a few words (no full stop, colon or
semicolon) between the time and the opening quote after it, or between the closing quote and the
time after it; and the quote names something that happens (an "atelier", a "conférence", a
"table ronde"… the noun just before it), not a button or a link ("le lien « Rejoindre » sera
actif à 13h55"). A sentence that only restates the event's date ("Rendez-vous le 15 novembre de
14h à 18h30") names no title in quotes and is left alone.
"""

from __future__ import annotations

import re

from agenda.lib.frenchdates import fold

from .programme_items import Item
from .programme_patterns import whens_of
from .programme_text import Segment, fold_spaces

# A title in quotes, French or English style (bounded, so that a stray quote costs little).
_QUOTED = re.compile(r"«(?P<a>[^«»\n]{2,150})»|“(?P<b>[^“”\n]{2,150})”|\"(?P<c>[^\"\n]{2,150})\"")
_CLAUSE_END = re.compile(r"[.;:!?]")
_MAX_WORDS_AFTER = 6  # "à 17h, nous vous proposons un atelier « … »"
_MAX_WORDS_BEFORE = 4  # "l'atelier « … » aura lieu à 17h"
# Nouns of things that happen, as programmes name them (their start, lower-cased and folded).
_HAPPENINGS = (
    "atelier", "conference", "table ronde", "table-ronde", "webinaire", "webinar", "session",
    "seance", "presentation", "rencontre", "keynote", "demonstration", "demo", "pitch", "debat",
    "visite", "projection", "formation", "meetup", "meet-up", "hackathon", "pleniere",
    "exposition", "spectacle", "concert", "temps d'echange", "temps d’echange", "echange",
    "cafe", "petit-dejeuner", "dejeuner", "cocktail", "aperitif", "remise", "lancement",
    "ouverture", "cloture", "discours", "intervention", "temoignage", "quiz", "jeu",
    "challenge", "masterclass", "tutoriel", "forum", "salon", "journee", "matinee", "soiree",
    "apres-midi", "parcours", "balade", "lecture", "conversation", "dialogue", "entretien",
    "retour d'experience", "retour d’experience", "retex", "jury", "ceremonie", "animation",
)  # fmt: skip
_NOUN_WINDOW = 40  # characters before the quote where the noun is written


def _words(text: str) -> int:
    return len(text.split())


def prose_items(segment: Segment, k: int, wrapped: Segment | None = None) -> list[Item]:
    """The sessions announced in part k; `wrapped` is the next line of the same paragraph,
    where a title in quotes opened on this line may close."""
    quoted = _quoted_items(segment, k, wrapped)
    starts = {item.when.start for item in quoted}
    quoted += [i for i in _clause_items(segment, k) if i.when.start not in starts]
    raw = segment.parts[k].raw
    if not any(mark in raw for mark in _TITLE_MARKS):
        return sorted(quoted, key=lambda item: item.when.start)
    starts = {item.when.start for item in quoted}
    found = quoted + [i for i in _sentence_items(segment, k) if i.when.start not in starts]
    return sorted(found, key=lambda item: item.when.start)


def _quoted_items(segment: Segment, k: int, wrapped: Segment | None) -> list[Item]:
    part = segment.parts[k]
    raw = part.raw
    if "«" not in raw and "“" not in raw and '"' not in raw and "&quot;" not in raw:
        return []
    text = part.text
    if "«" not in text and "“" not in text and '"' not in text:
        return []
    if wrapped is not None and k == len(segment.parts) - 1:
        text = f"{text} {wrapped.parts[0].text}"  # the whens are read in part, at its start
    quotes = list(_QUOTED.finditer(text))
    whens = [w for w in whens_of(part) if w.slots] if quotes else []
    if not whens:
        return []
    items = []
    used: set[int] = set()
    for when in whens:
        quote = _quote_after(text, when.end, quotes, used) or _quote_before(
            text, when.start, quotes, used
        )
        if quote is None or not _names_a_happening(text, quote.start()):
            continue
        used.add(quote.start())
        title = fold_spaces(quote["a"] or quote["b"] or quote["c"] or "")
        items.append(Item(when, part, segment, title or None, []))
    return items


def names_a_happening(title: str) -> bool:
    """ "Hackathon des valeurs foncières", "Grand atelier …": one of the title's first words
    names something that happens."""
    words = fold(title).replace("’", "'").split()[:3]
    return any(" ".join(words[n:]).startswith(_HAPPENINGS) for n in range(len(words)))


def _names_a_happening(text: str, quote_start: int) -> bool:
    """ "une table ronde « … »", "l’atelier « … »": a noun of something that happens just
    before the quote."""
    before = fold(text[max(0, quote_start - _NOUN_WINDOW) : quote_start]).replace("’", "'")
    words = before.split()[-3:]
    tail = " ".join(words)
    return any(noun in tail for noun in _HAPPENINGS)


def _quote_after(text: str, end: int, quotes: list[re.Match[str]], used: set[int]):
    for quote in quotes:
        if quote.start() < end or quote.start() in used:
            continue
        between = text[end : quote.start()]
        if _CLAUSE_END.search(between) or _words(between) > _MAX_WORDS_AFTER:
            return None
        return quote
    return None


def _quote_before(text: str, start: int, quotes: list[re.Match[str]], used: set[int]):
    for quote in reversed(quotes):
        if quote.end() > start or quote.start() in used:
            continue
        between = text[quote.end() : start]
        if _CLAUSE_END.search(between) or _words(between) > _MAX_WORDS_BEFORE:
            return None
        return quote
    return None


# A sentence or a clause of a paragraph that starts like a programme's line: "… réunira les
# agents. Le jeudi 14 novembre, de 9h30 à 12h : ateliers pratiques.", "Au programme : de 9h30 à
# 12h : ateliers ; de 14h à 16h : restitution." (the date's lead words may come first).
_SENTENCE_END_BEFORE = re.compile(r"[.!?;:]\s*(?:(?:le|du|de|dès|des|à|puis|et|en)\s)?\s*$", re.I)
# The title after a colon, or a dash (`de 9h30 à 12h – ateliers`), up to the clause's end.
_COLON_TITLE = re.compile(r"\s*(?::|\s[–—-]\s)\s*(?P<title>[^.;:!?]{2,120})(?:[.;!?]|$)")
_MAX_SENTENCE_TITLE_WORDS = 12
# A time as the tokenizer reads one (`9h`, `14 h 30`, `9:30`, `14 heures`, `midi`), for the cheap
# tests below that spare most paragraphs the tokens.
_TIME = r"[0-9]\s?(?:[hH:]|heures?(?!\w))\s?(?:[0-9][0-9])?|midi|minuit"
_TITLE_MARKS = (":", "–", "—", " - ")  # what may stand between a sentence's time and its title
_TIMED_COLON = re.compile(rf"(?:{_TIME}|continu|journ[ée]e)\s*(?::|[–—-]\s)", re.I)


def _sentence_items(segment: Segment, k: int) -> list[Item]:
    """Sessions written as sentences inside a paragraph, each one a date or time then a colon
    and the title: one line of a programme, but run on."""
    part = segment.parts[k]
    text = part.text
    if not _TIMED_COLON.search(text):
        return []  # most paragraphs hold no "9h30 :" nor "9h30 –" (a cheap test first)
    items = []
    for when in whens_of(part):
        if not (when.slots or when.whole_day) or not when.start:
            continue
        if not _SENTENCE_END_BEFORE.search(text, 0, when.start):
            continue
        match = _COLON_TITLE.match(text, when.end)
        if match is None:
            continue
        title = fold_spaces(match["title"])
        if _words(title) <= _MAX_SENTENCE_TITLE_WORDS:
            items.append(Item(when, part, segment, title, []))
    return items


# "à 10h, une table ronde sur les données, puis à 14h un atelier …": a time, then an article and
# the noun of something that happens, in the same clause (a cheap test first, then the tokens).
_TIME_THEN_ARTICLE = re.compile(
    rf"(?:{_TIME})\s*,?\s+(?:une?|la|le|l['’]|les)\s?",
    re.I,
)
_ARTICLE = re.compile(r"\s*,?\s*(?:une?\s|la\s|le\s|l['’]\s?|les\s)", re.I)
# Where the noun phrase naming a session ends: a full stop, a semicolon, "(", ", puis", ", et";
# a relative clause ("qui réunira…", "dont le menu…"); who leads it or what follows it
# ("animée par…", ", suivie d'un échange").
_CLAUSE_STOP = re.compile(
    r"[.;:!?(]|,\s*(?:puis|et|ensuite|enfin|avant|apr[eè]s|suivie?s?|pr[ée]c[ée]d[ée]e?s?)\b"
    r"|\s(?:puis|qui|que|qu['’]|dont|où)(?=[\s'’])"
    r"|\s(?:anim[ée]e?s?|pr[ée]sent[ée]e?s?|propos[ée]e?s?|men[ée]e?s?)\s+par\b",
    re.I,
)
# Words that join this clause to the next one, left at its end: "… pour les collectivités et,
# à 17h30, …".
_TRAILING_JOIN = re.compile(r"[\s,](?:et|ou|puis|à|dès|de|avant|apr[eè]s)[\s,]*$", re.I)
_MAX_CLAUSE_TITLE_WORDS = 10
# The time opens its clause: the sentence's start, a colon, a comma, "puis", "et", "ensuite".
_CLAUSE_OPENS = re.compile(r"(?:^|[.;:!?,]|\b(?:puis|et|ensuite|enfin))\s*$", re.I)
_FROM = re.compile(r"[àa] partir", re.I)
# A clause whose noun is the subject of a verb ("un café sera servi") tells, it names nothing.
_VERB = re.compile(
    r"\b(?:sera|seront|aura|auront|est|sont|commencer?a?|commencent|d[ée]buter?a?|d[ée]butent)\b",
    re.I,
)


def _clause_items(segment: Segment, k: int) -> list[Item]:
    """Sessions named in clauses without quotes: "à 10h, une table ronde sur les données, puis
    à 14h un atelier sur l'accessibilité". The title is the noun phrase after the time, up to
    the end of its clause; the time opens it ("à", "dès" or a range, not "à partir de")."""
    part = segment.parts[k]
    if not _TIME_THEN_ARTICLE.search(part.text):
        return []
    text = part.text
    whens = [w for w in whens_of(part) if w.slots and not w.has_date]
    items = []
    for n, when in enumerate(whens):
        if not _CLAUSE_OPENS.search(text, 0, when.start) or _FROM.match(text, when.start):
            continue  # "Les portes ouvrent à 9h, …", "à partir de 9h": not a session's time
        article = _ARTICLE.match(text, when.end)
        if article is None or not _names_a_happening_at(text, article.end()):
            continue
        stop = whens[n + 1].start if n + 1 < len(whens) else len(text)
        end = _CLAUSE_STOP.search(text, article.end(), stop)
        title = fold_spaces(text[article.end() : end.start() if end else stop]).strip(" ,–—-")
        while join := _TRAILING_JOIN.search(title):  # "un atelier sur X, à": the next lead
            title = title[: join.start()].rstrip(" ,")
        if title and _words(title) <= _MAX_CLAUSE_TITLE_WORDS and not _tells(title):
            items.append(Item(when, part, segment, title[:1].upper() + title[1:], []))
    return items


_FUTURE_ENDINGS = ("era", "ira", "eront", "iront")


def _tells(clause: str) -> bool:
    """A verb after the noun: "un café sera servi", "un cocktail clôturera la journée"."""
    if _VERB.search(clause):
        return True
    return any(len(word) > 5 and word.endswith(_FUTURE_ENDINGS) for word in clause.split())


def _names_a_happening_at(text: str, position: int) -> bool:
    head = fold(text[position : position + 30]).replace("’", "'")
    return head.startswith(_HAPPENINGS)
