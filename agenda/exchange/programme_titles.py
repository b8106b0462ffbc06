"""Titles and labels of programme items, once their date/time evidence has been read.

A title is what the writer meant as the item's name. What stands beside it is not: bracketed
labels (`[Webinaire]`) are labels; field labels (`Où ? Salle 2`, `Lieu : …`, `Public : agents`)
are fields; a parenthesis at the start (`(en ligne)`) is a note. A field that names the item
(`Quoi ? …`, `Thème : …`, `Titre : …`) gives the title itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .programme_patterns import LABEL, SEPARATORS, text_evidence
from .programme_text import Part, fold_spaces

_I = re.IGNORECASE
# A field label at the start of a text: a short question ("Où ?", "Pour qui ?") or a field name
# followed by a colon. Titles such as "Atelier : …" or "Table ronde : …" are not field names.
_QUESTION_LABEL = re.compile(
    r"^[\W_]{0,3}(?P<name>[^\W\d_]{1,12} [^\W\d_]{1,12}|[^\W\d_]{1,12}) ?\?", _I
)
_FIELD_LABEL = re.compile(
    r"^[\W_]{0,3}(?P<name>lieux?|salles?|adresse|public|public cible|publics|horaires?|dates?"
    r"|heures?|durée|format|modalités|tarifs?|prix|inscriptions?|accès|contacts?|niveau"
    r"|intervenants?|intervenantes?|animé par|animée par|animation|avec|prérequis|pré-requis"
    r"|thème|thématique|sujet|titre|programme|quoi|où|quand|qui) ?:",
    _I,
)
# Fields whose value is the item's name.
_NAMING_FIELDS = {"quoi", "thème", "thématique", "sujet", "titre"}
_PLACE_FIELDS = {"où", "lieu", "lieux", "salle", "salles", "adresse"}
_FIELD_END = re.compile(r"\s[–—|]\s|\s-\s")
_CONTINUOUS = re.compile(
    r"(?P<what>en continu|non-stop|sans interruption)(?![^\W\d_])[ \t]*[:–—-][ \t]*", _I
)
_NOTE = re.compile(r"^\s*\((?P<note>[^()]{1,60})\)\s*[:,–—-]?\s*")


# What may stand between a header and its title: "10h30 > Atelier", "14h / Atelier", "9h → …".
_TITLE_LEADS = SEPARATORS + "/>→•·›➜➔▸►"


@dataclass
class Fields:
    """What labels next to an item say: its place, notes; and the title when a field names it."""

    title: str | None = None
    places: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def title_text(text: str) -> str | None:
    # Leading separators belong to the header ("14h30 : Titre"); trailing punctuation is the
    # editor's ("Démo des 7 projets :", "… par l'équipe ;") and is kept.
    title = fold_spaces(text).lstrip(_TITLE_LEADS).rstrip(" |")
    return title if any(c.isalnum() for c in title) else None


def field_label(text: str) -> tuple[str, int] | None:
    """(field name lower-cased, end of the label) when text starts with a field label."""
    stripped = text.lstrip(SEPARATORS)
    skip = len(text) - len(stripped)
    match = _FIELD_LABEL.match(stripped) or _QUESTION_LABEL.match(stripped)
    if match is None:
        return None
    return match["name"].lower(), skip + match.end()


def split_fields(text: str, fields: Fields) -> str | None:
    """The title in a text that may start with notes and field labels; the fields are noted.

    `(en ligne) : Atelier data` -> "Atelier data" (note "en ligne"); `Où ? Salle 2` -> None
    (place "Salle 2"); `Quoi ? Atelier data` -> "Atelier data".
    """
    while True:
        text = text.lstrip(SEPARATORS)  # "10 h : (en ligne) Atelier": the header's colon
        if continuous := _CONTINUOUS.match(text):  # "9h-18h en continu : Démonstrations"
            fields.notes.append(fold_spaces(continuous["what"]))
            text = text[continuous.end() :]
        note = _NOTE.match(text)
        if note and text[note.end() :].strip():
            fields.notes.append(fold_spaces(note["note"]))
            text = text[note.end() :]
            continue
        if note:  # only a parenthesis: a note, not a title
            fields.notes.append(fold_spaces(note["note"]))
            return None
        label = field_label(text)
        if label is None:
            return title_text(_trailing_field(text, fields))
        name, end = label
        # A field's value ends where a dash or a bar starts something else:
        # "Lieu : hall d'entrée – Pot de clôture".
        pieces = _FIELD_END.split(text[end:], maxsplit=1)
        value = title_text(pieces[0])
        if name in _NAMING_FIELDS:
            if value and fields.title is None:
                fields.title = value
        elif value and name in _PLACE_FIELDS:
            fields.places.append(value)
        elif value:
            fields.notes.append(f"{name} : {value}")
        if len(pieces) == 1:
            return None
        text = pieces[1]


def row_title(text: str, fields: Fields, columns: list[str]) -> str | None:
    """The title among a table row's cells after the date: `| 9 h – 9 h 30 | Accueil | Hall |`.
    A cell under a column named like a field (`Salle`, `Lieu`, `Public`…) is that field; the
    first other cell that names something is the title; the cells after it are notes."""
    title = None
    for n, cell in enumerate(text.split("|")):
        if not cell.strip():
            continue
        column = columns[n] if n < len(columns) else ""
        if column and field_label(f"{column} :") is not None:
            split_fields(f"{column} : {cell}", fields)
        elif title is None:
            title = split_fields(cell, fields)
        elif value := title_text(cell):
            fields.notes.append(value)
    return title


def table_columns(text: str) -> list[str]:
    """The names of a table's columns, from its header row `| Horaire | Séance | Salle |`."""
    return [fold_spaces(cell) for cell in text.strip().strip("|").split("|")]


# How one takes part, written in parentheses after a title: "(en visio)", "(sur inscription)".
_MODALITY = re.compile(
    r"^\s*(?:en (?:visio|visioconférence|ligne|présentiel|presentiel|distanciel|hybride|direct"
    r"|replay|anglais|français)|à distance|hybride|visio|distanciel|présentiel|sur inscription"
    r"|inscription (?:obligatoire|conseillée|requise)|gratuit|entrée libre|complet|places limitées"
    r"|sous réserve|à confirmer|sous-titré|traduit en lsf|en lsf)\b[^()]{0,30}$",
    _I,
)
# A room written in parentheses after a title: "(salle 2)", "(amphithéâtre Turgot)".
_ROOM = re.compile(
    r"^\s*(?:salle|amphi|amphithéâtre|amphitheatre|auditorium|auditoire|hall|bâtiment|batiment"
    r"|étage|etage|espace|salon|studio|rez-de-chaussée)\b[^()]{0,40}$",
    _I,
)
# A length: "(45 min)", "(1h30)", "(2 heures)".
_DURATION_NOTE = re.compile(r"^\s*\d{1,3}\s?(?:min|minutes|h|heures?)(?![^\W\d_])[^()]{0,12}$", _I)
# Who leads it: "(animé par la DINUM)", "(avec Jeanne Dupont)".
_BY = re.compile(r"^\s*(?:animée?s? par|présentée? par|proposée? par|avec)\s[^()]{1,60}$", _I)
_TRAILING_PARENTHESIS = re.compile(r"\((?P<inside>[^()]{1,80})\)\s*+$")


def _trailing_field(text: str, fields: Fields) -> str:
    """ "Accueil (Où ? Hall A)": a field in parentheses after the title is a field."""
    if not text.rstrip().endswith(")"):  # a trailing space is invisible
        return text
    match = _TRAILING_PARENTHESIS.search(text)
    if match is None or not text[: match.start()].strip():
        return text
    inside = match["inside"]
    if field_label(inside) is not None:
        split_fields(inside, fields)
    elif _ROOM.match(inside):
        fields.places.append(fold_spaces(inside))
    elif _MODALITY.match(inside) or _DURATION_NOTE.match(inside) or _BY.match(inside):
        fields.notes.append(fold_spaces(inside))
    else:
        return text
    return text[: match.start()].rstrip(SEPARATORS)


def read_labels(text: str, position: int) -> tuple[list[str], int]:
    """Bracketed labels at position: `[Table ronde, Démo, Retex] [EIG]`."""
    labels: list[str] = []
    while match := LABEL.match(text, position):
        labels += [fold_spaces(x) for x in match["label"].split(",") if x.strip()]
        position = match.end()
    return labels, position


def labels_before_evidence(text: str, position: int) -> tuple[list[str], int]:
    """Labels written before a bracketed date: `[Webinaire] [Le 09/11 de 14h à 15h]`."""
    labels: list[str] = []
    while (match := LABEL.match(text, position)) and text_evidence(match["label"].strip()) is None:
        labels += [fold_spaces(x) for x in match["label"].split(",") if x.strip()]
        position = match.end()
        position += len(text[position:]) - len(text[position:].lstrip())
    return labels, position


def bold_title(part: Part, close: int, position: int) -> str | None:
    """`**[14h20] Le fast and curious.** La communauté…`: the header's bold run is the title."""
    if close == 0 or not part.is_bold_at(close - 1):
        return None
    text = part.text
    end = part.bold_end(close)
    if end <= position or end >= len(text) or not text[end:].strip():
        return None
    return title_text(text[position:end])
