"""Reading a sentence of a page: where it starts and ends, whether it tells history, whether a
name in it is the event's own.

The other-year and time-mismatch rules decide from the sentence a year or a time stands in, not
from a list of phrases met in the pages at hand: a past tense ("avait réuni", "s'est tenue",
"lançait") or a word that places the fact before or beside this event ("depuis", "précédente",
"jusqu'au") makes it history or another occurrence; a name that shares its words with the page
title (or is the acronym of some of them: "Semaine IP") is the event's own name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agenda.lib.frenchdates import fold

_I = re.IGNORECASE
# Where a sentence ends: a full stop (not in "1.5" or "M."), a line break between paragraphs or
# list items, a closing tag of a block.
# Blank lines hold spaces and tabs only ([^\S\n]): a run of newlines is not scanned again.
_SENTENCE_END = re.compile(
    r"[.!?;](?=\s|$)|\n[^\S\n]*\n|\n[^\S\n]*(?:[*+-]|\d{1,2}[.)])\s|</p>|</li>"
)

# The past, as French conjugates it: an auxiliary and a past participle ("a réuni", "avait
# porté", "s'est tenue", "ont eu lieu"), or the imperfect ("lançait", "étaient", "vous étiez").
_PAST = re.compile(
    r"(?<![\w’'])(?:a|ont|avait|avaient|avons|avez|avions|eut|eurent|était|étaient)"
    r"\s(?:[^\W\d_]{1,12}\s)?"
    r"(?:[^\W\d_]{1,20}(?:é|ée|és|ées|i|ie|is|ies|it|ite|ert|erte|eint)|eu|été|vu|venu"
    r"|tenu|tenue|connu|voulu|pu|dû|reçu|reçue|lu|su|fallu|obtenu|obtenue|permis|pris|mis"
    r"|produit|réuni|réunie)"
    r"(?![\w])"
    r"|(?<![\w])s['’](?:est|étaient|était)\s"
    r"|(?<![\w])[^\W\d_]{2,20}(?:ait|aient|iez)(?![\w])",
    _I,
)
# Nouns and adjectives that end like an imperfect ("un souhait", "fait").
_NOT_IMPERFECT = {"fait", "parfait", "souhait", "portrait", "extrait", "attrait", "trait",
                  "retrait", "lait", "bienfait", "forfait", "abstrait", "méfait",
                  "distrait"}  # fmt: skip
# Words that place a fact before this event, or make it another occurrence or a deadline.
_ELSEWHERE = re.compile(
    r"(?<![\w])(?:depuis|il\sy\sa|précédent|précédente|précédents|précédentes|dernier|dernière"
    r"|derniers|dernières|passé|passée|passés|passées|retour\ssur|bilan|prochain|prochaine"
    r"|prochaines|prochains|suivant|suivante"
    # Looking back at what took place: "revivez l’édition 2024", "le replay".
    r"|revivez|revivre|revoyez|revoir|rediffusion|replay)",
    _I,
)
# Words of a deadline: a date in their sentence is the deadline's, not the event's; a name in
# it is still this event's ("les inscriptions au Forum 2024 sont ouvertes jusqu’au 1er avril").
_DEADLINE = re.compile(
    # "jusqu’au 28 septembre" ends a period; "de 14 h jusqu’à 16 h" is a range of hours
    r"(?<![\w])(?:jusqu['’](?!\s*+(?:à|a)\s*+\d{1,2}\s?[hH:])|avant\sle|au\splus\stard|limite|clôture"
    r"|ouverture\sdes\sinscriptions|inscriptions?\s(?:ouvertes|jusqu))",
    _I,
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_SMALL = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "au", "aux", "à", "a",
          "un", "une", "sur", "pour", "par", "avec", "dans", "the", "of"}  # fmt: skip


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """(start, end) of the sentence around position."""
    start = 0
    for match in _SENTENCE_END.finditer(text, max(0, position - 400), position):
        start = match.end()
    end_match = _SENTENCE_END.search(text, position, position + 400)
    end = end_match.start() if end_match else min(len(text), position + 400)
    return start, end


def tells_history(
    text: str, start: int, end: int, *, deadline: bool = True, title: str = ""
) -> bool:
    """The sentence speaks of the past, of another occurrence or (unless `deadline` is False:
    what is read is a name, not a date) of a deadline; a deadline's word that is a word of the
    event's `title` names it ("Clôture de la saison 1 … aura lieu")."""
    piece = text[start:end]
    if _ELSEWHERE.search(piece):
        return True
    if deadline and any(
        _word_of(match.group()) not in significant_words(title)
        for match in _DEADLINE.finditer(piece)
    ):
        return True
    return any(fold(match.group().lower()) not in _NOT_IMPERFECT for match in _PAST.finditer(piece))


_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c)['’]")


def _word_of(word: str) -> str:
    """ "l’innovation" -> "innovation": folded, without its elided article."""
    return _ELISION.sub("", fold(word)).strip("'’-")


@lru_cache(maxsize=256)
def significant_words(text: str) -> frozenset[str]:
    """Folded words that name something (not articles, not numbers)."""
    words = (_word_of(w) for w in _WORD.findall(text))
    return frozenset(w for w in words if len(w) > 1 and w not in _SMALL)


@lru_cache(maxsize=256)
def _acronyms(title: str) -> frozenset[str]:
    """ "Semaine de l’innovation publique" -> {"ip", "sip", "lip", …}: initials of runs of
    significant words, as editors shorten names; of three letters or more, the initials of
    the words of three letters or more too ("RCAP" for "Réussir sa candidature à l’appel à
    projets": editors skip "sa" as they skip "à")."""
    words = [_word_of(w) for w in _WORD.findall(title) if _word_of(w) not in _SMALL]
    found = set()
    for initials, smallest in (
        ("".join(w[0] for w in words if w), 2),
        ("".join(w[0] for w in words if len(w) > 2), 3),
    ):
        for size in range(smallest, min(5, len(initials)) + 1):
            for begin in range(0, len(initials) - size + 1):
                found.add(initials[begin : begin + size])
    return frozenset(found)


def names_the_event(name: str, title: str) -> bool:
    """A name is the event's own when at least half of its significant words are words of the
    title, or acronyms of them ("Semaine IP" in "… Semaine de l’innovation publique")."""
    words = significant_words(name)
    if not words:
        return False
    title_words = significant_words(title)
    acronyms = _acronyms(title)
    shared = sum(1 for w in words if w in title_words or w in acronyms)
    return shared * 2 >= len(words) and shared > 0


def starts_with_the_name(name: str, title: str) -> bool:
    """The words of `name` start with the event's own name: "Mois de l’innovation publique aura
    lieu à Paris" (what follows the name does not make it another's)."""
    words = [w for w in list(_WORD.finditer(name))[:_MAX_NAME_WORDS] if _word_of(w.group())]
    first = next((_word_of(w.group()) for w in words if _word_of(w.group()) not in _SMALL), "")
    if first not in significant_words(title) and first not in _acronyms(title):
        return False  # "l’édition 2022 du salon de l’innovation": another event's
    return any(names_the_event(name[: word.end()], title) for word in words)


_PARAGRAPH = re.compile(r"\n[^\S\n]*\n|\n[^\S\n]*(?:[*+-]|\d{1,2}[.)]|#{1,6}|>)\s")
_BREAK = re.compile(r"[,.;:!?()\[\]«»\"“”|]")
_MAX_NAME_WORDS = 8


def name_before(text: str, position: int, title: str) -> int | None:
    """Where the event's own name starts when it is written just before position ("… la
    Semaine IP " before "2019"): the longest run of words ending there whose first word is a
    word of the title and half of whose words are; None when there is none."""
    window_start = max(0, position - 160)
    window = text[window_start:position]
    # A name does not run across punctuation nor from one paragraph or list item to the next.
    cut = max((m.end() for m in _BREAK.finditer(window)), default=0)
    cut = max(cut, max((m.end() for m in _PARAGRAPH.finditer(window)), default=0))
    words = list(_WORD.finditer(window, cut))[-_MAX_NAME_WORDS:]
    if not words or fold(words[-1].group()) in _SMALL:
        return None  # "la journée BlueHats de 2019": a past one, not this edition's name
    title_words = significant_words(title)
    acronyms = _acronyms(title)
    best = None
    for k in range(len(words) - 1, -1, -1):
        first = fold(words[k].group()).strip("'’-")
        for prefix in ("l'", "l’", "d'", "d’"):
            first = first.removeprefix(prefix)
        if first in _SMALL or not (first in title_words or first in acronyms):
            continue
        name = window[words[k].start() :]
        if names_the_event(name, title):
            best = window_start + words[k].start()
    return best


def is_strong_name(name: str, title: str) -> bool:
    """A name that can only be the event's: two of its words or more, or initials of the title
    ("MIP"): a two-digit number after it is a year ("le MIP 22"), where after one common word it
    may be a number ("Atelier 22")."""
    words = significant_words(name)
    return len(words) >= 2 or bool(words & _acronyms(title))


_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])|_")


def tag_names_the_event(tag: str, title: str) -> bool:
    """A hashtag's words name the event: "MoisInnovation" (words run together, capitals between
    them), "MIP" (its initials), "moisdelinnovation" (the title's letters run together)."""
    if names_the_event(_CAMEL.sub(" ", tag), title):
        return True
    letters = "".join(ch for ch in fold(tag).lower() if ch.isalpha())
    return len(letters) >= 6 and letters in "".join(ch for ch in fold(title) if ch.isalpha())


# A fact placed at an occurrence named next: "lors de l’édition 2022, …", "pendant le MIP 22".
_AT_OCCURRENCE = re.compile(
    r"(?<![\w])(?:lors|pendant|au\s+cours|au\s+moment|durant)(?![\w])[^,;:.!?\n]{0,80}$", _I
)
# The sentence speaks to the reader, or of what will be: "venez", "vous pourrez", "aura lieu".
_NOW = re.compile(
    r"(?<![\w’'])(?:vous|[^\W\d_]{3,}ez(?:-vous)?|[^\W\d_]{2,}(?:erons|erez|eront|era|irons"
    r"|irez|iront|ira)|aura|auront|sera|seront|fera|feront|pourra|pourront|devra|devront"
    r"|viendra|viendront|verra|verront)(?![\w])",
    _I,
)


# A subject and a verb in the present: "la DINUM propose", "Etalab organise", "les agents
# découvrent", "il présente", "nous proposons" (the past was told apart by `tells_history`).
_SUBJECT_VERB = re.compile(
    r"(?<![\w’'])(?:"
    r"(?i:il|elle|ils|elles|on)\s++(?i:[nms]['’]|se\s++)?"
    r"|(?i:nous)\s++"
    r"|(?:(?i:la|le|les|un|une|des|ce|cet|cette|ces|notre|nos|son|sa|ses|leur|leurs)\s++"
    r"|(?i:l['’]))"
    r"[^\W\d_][\w-]*+\s++(?:[^\W\d_][\w-]*+\s++)?"
    r"|(?<=\s)[A-Z][\w-]{1,30}+\s++)"
    r"(?P<verb>[a-zàâçéèêëîïôûù]{3,}(?:e|ent|it|ons))(?![\w’'])"
)
# Words that end like a present verb and are nouns or adjectives ("une belle réussite" aside:
# a suffix, not a list of words).
_NOT_A_VERB = re.compile(
    r"(?:ique|able|ible|aire|elle|euse|ive|ale|ée|ment|ence|ance|ure|tion|sion|ions|iste"
    r"|isme|ette|age|ade|ite|aine)$"
)
_SMALL_WORDS_VERB = {"elle", "entre", "comme", "notre", "votre", "autre", "chaque", "même",
                     "contre", "presque", "quelque"}  # fmt: skip


def speaks_to_the_reader(text: str, start: int, end: int) -> bool:
    """The sentence speaks to the reader ("vous", "venez") or of what will be ("aura lieu")."""
    return _NOW.search(text, start, end) is not None


def speaks_now(text: str, start: int, end: int) -> bool:
    """The sentence speaks to the reader, of what will be, or states a fact in the present."""
    if speaks_to_the_reader(text, start, end):
        return True
    for match in _SUBJECT_VERB.finditer(text, start, end):
        verb = match["verb"]
        if verb not in _SMALL_WORDS_VERB and not _NOT_A_VERB.search(verb):
            return True
    return False


def looks_back(text: str, position: int, start: int, end: int) -> bool:
    """The mention at position is governed by "lors de", "pendant", "au cours de" (a fact placed
    at that occurrence) in a sentence that neither speaks to the reader, nor of the future, nor
    of what happens now: a record of another edition ("Lors de l’édition 2022, 1 200
    participants."), not this one's name ("Lors du MIP 2022, venez découvrir…", "Lors de
    l’édition 2022, la DINUM propose…": a copied sentence whose year was not changed)."""
    if not _AT_OCCURRENCE.search(text, max(start, position - 90), position):
        return False
    return not speaks_now(text, start, end)
