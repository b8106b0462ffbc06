"""The shape each front-matter key must have; a value of another shape is dropped, located.

`acces: [{type: Metro, lignes: 5}]` or `title: [a, b]` is an editor's mistake, not a reason to
crash an import or to store `['a', 'b']` as a title: the reader reports it (`wrong-shape`, with
the key's or the entry's line) and goes on without that value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCALAR = "scalar"  # text, number, boolean or nothing
SCALARS = "scalars"  # a scalar or a list of them
# A list whose entries are each a scalar (kept, as the reader always did) or a mapping whose
# known keys hold the shapes given; other keys are the reader's business (it warns about them).
SHAPES: dict[str, Any] = {
    **dict.fromkeys(
        (
            "title", "date", "event_start_date", "event_end_date", "event_date", "dateEvent",
            "chapeau-text", "lieu", "adresse", "afficher_la_carte", "published", "organisation",
        ),
        SCALAR,
    ),
    **dict.fromkeys(("categories", "categorie", "tags", "public"), SCALARS),
    "acces": [{"type": SCALAR, "lignes": [{"nom": SCALAR}]}],
    "une-ou-diaporama": [{"image": SCALAR, "alternative-textuelle": SCALAR, "legende": SCALAR}],
    "champs_informations": [{"intitule": SCALAR, "contenu": SCALAR, "lien": SCALAR}],
}  # fmt: skip
DROPPED = object()  # stands for a list entry that was dropped, so entries keep their index

Warn = Callable[[str, str, int | None], None]


def conform(data: dict[str, Any], warn: Warn) -> None:
    """Drop, in place, the values and list entries of known keys that have the wrong shape."""
    for key in [key for key in data if key in SHAPES]:  # in the page's order
        value, shape = data[key], SHAPES[key]
        why = mismatch(value, shape)
        if why:
            warn(key, f"{key} : {why} ; valeur ignorée", None)
            data[key] = None
        elif isinstance(shape, list) and value:
            data[key] = [
                _entry(key, index, item, shape[0], warn) for index, item in enumerate(value)
            ]


def _entry(key: str, index: int, item: Any, shape: dict, warn: Warn) -> Any:
    why = None if mismatch(item, SCALAR) is None else mismatch(item, shape)
    if why is None:
        return item
    warn(key, f"{key}, entrée {index + 1} : {why} ; entrée ignorée", index)
    return DROPPED


def mismatch(value: Any, shape: Any) -> str | None:
    """Why `value` does not have `shape`, in French; None when it has."""
    if shape == SCALAR:
        ok = value is None or isinstance(value, str | int | float | bool)
        return None if ok else f"{_kind(value)} au lieu d’un texte"
    if shape == SCALARS:
        items = value if isinstance(value, list) else [value]
        bad = next((item for item in items if mismatch(item, SCALAR)), None)
        return None if bad is None else f"{_kind(bad)} au lieu d’un texte ou d’une liste de textes"
    if isinstance(shape, list):
        return (
            None
            if value is None or isinstance(value, list)
            else f"{_kind(value)} au lieu d’une liste"
        )
    if not isinstance(value, dict):
        return f"{_kind(value)} au lieu d’une liste de clés"
    for name, inner in shape.items():
        why = mismatch(value.get(name), inner)
        if why is None and isinstance(inner, list) and value.get(name):
            why = next(
                (
                    mismatch(entry, inner[0])
                    for entry in value[name]
                    if mismatch(entry, SCALAR) and mismatch(entry, inner[0])
                ),
                None,
            )
        if why:
            return f"{name} : {why}"
    return None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "une liste de clés"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return f"un nombre ({value})"
    return f"une valeur de type {type(value).__name__}"
