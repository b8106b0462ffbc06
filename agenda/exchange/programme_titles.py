"""Titles and labels of programme items, once their date/time evidence has been read."""

from __future__ import annotations

from .programme_patterns import LABEL, read_evidence
from .programme_text import Part, fold_spaces

# What separates a header's evidence from its title: "14h30 : Titre", "9h30 – Titre", "| Titre".
SEPARATORS = " \t:–—-,;|"


def title_text(text: str) -> str | None:
    # Leading separators belong to the header ("14h30 : Titre"); trailing punctuation is the
    # editor's ("Démo des 7 projets :", "… par l'équipe ;") and is kept.
    title = fold_spaces(text).lstrip(SEPARATORS).rstrip(" |")
    return title if any(c.isalnum() for c in title) else None


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
    while (match := LABEL.match(text, position)) and read_evidence(
        match["label"].strip(), 0
    ) is None:
        labels += [fold_spaces(x) for x in match["label"].split(",") if x.strip()]
        position = match.end()
        position += len(text[position:]) - len(text[position:].lstrip())
    return labels, position


def bold_title(part: Part, close: int, position: int) -> str | None:
    """`**[14h20] Le fast and curious.** La communauté…`: the header's bold run is the title."""
    if close == 0 or not part.bold[close - 1]:
        return None
    end = close
    while end < len(part.text) and part.bold[end]:
        end += 1
    if end <= position or end >= len(part.text) or not part.text[end:].strip():
        return None
    return title_text(part.text[position:end])
