"""Other sites' front-matter keys read as ours: `agenda import --map KEY=OURKEY` (repeatable)
and named profiles (`--profile hugo`, settings.IMPORT_PROFILES), for `import` and `check` alike.

A Hugo or Eleventy collection names its keys otherwise (`eventDate`, `startDate`,
`publishedDate`, `location`…): a map renames them before the page is read, so such a folder
imports without editing its files. A key of ours already written in the page wins over a mapped
one (a warning says so). The pseudo-key `draft` reads a Hugo-style `draft: true` as
`published: false`. Keys are compared as written (YAML keys are case-sensitive).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from agenda.lib.french import word
from agenda.lib.frontmatter import says_draft
from agenda.lib.pages import PageProblem

KeyMap = dict[str, str]
DRAFT = "draft"  # their `draft: true` is our `published: false`


class KeyMapError(ValueError):
    """A `--map` or `--profile` that cannot be used: the message says why, in French."""


def our_keys() -> set[str]:
    from .jekyll import KNOWN_KEYS

    return {*KNOWN_KEYS, DRAFT}


def key_map(*, maps: Iterable[str] = (), profile: str | None = None) -> KeyMap:
    """The profile's map, then each `KEY=OURKEY` of `maps` (which win)."""
    result: KeyMap = {}
    if profile:
        profiles = settings.IMPORT_PROFILES
        if profile not in profiles:
            known = ", ".join(sorted(profiles)) or "aucun"
            raise KeyMapError(f"profil « {profile} » inconnu (profils : {known})")
        result.update(profiles[profile])
    for item in maps:
        theirs, sep, ours = (part.strip() for part in item.partition("="))
        if not sep or not theirs or not ours:
            raise KeyMapError(
                f"--map « {item} » : attendu CLÉ=NOTRE_CLÉ (eventDate=event_start_date)"
            )
        result[theirs] = ours
    unknown = sorted({ours for ours in result.values()} - our_keys())
    if unknown:
        keys = ", ".join(sorted(our_keys()))
        raise KeyMapError(
            f"{word(len(unknown), 'clé inconnue', 'clés inconnues')} : {', '.join(unknown)} "
            f"(nos clés : {keys})"
        )
    return result


def rename_keys(
    data: dict[str, Any],
    lines: dict[str, int],
    items: dict[str, list[int]],
    keys: KeyMap,
    *,
    path: str,
    renamed: dict[str, str] | None = None,
) -> list[PageProblem]:
    """Rename their keys to ours in the front matter's data and key lines, in place;
    `renamed` notes our key -> theirs for each key renamed."""
    problems = []
    for theirs, ours in keys.items():
        if theirs not in data or (theirs == ours and ours != DRAFT):
            continue
        value = data.pop(theirs)
        line = lines.get(theirs, 1)
        if ours == DRAFT:
            ours, value = "published", not says_draft(_negated(value))
        if ours in data:
            message = f"clé {theirs} ignorée : la page a déjà {ours}"
            problems.append(PageProblem(path, line, "mapped-key", message, "warning", field=theirs))
            continue
        if ours == "une-ou-diaporama" and isinstance(value, str | dict):
            value = [value]  # one image, written alone
        data[ours] = value
        lines[ours] = line
        if renamed is not None:
            renamed["published" if theirs == DRAFT else ours] = theirs
        if theirs in items:
            items[ours] = items[theirs]
    return problems


def _negated(value: Any) -> Any:
    """`draft: true` → published false: says_draft reads the published value."""
    if isinstance(value, bool):
        return not value
    return "false" if str(value).strip().lower() in ("true", "yes", "oui", "1") else "true"


def add_key_options(parser) -> None:
    """`--map KEY=OURKEY` (repeatable) and `--profile NAME`, for `import` and `check`."""
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="CLÉ=NOTRE_CLÉ",
        help="lit la clé d’un autre site comme l’une des nôtres (eventDate=event_start_date)",
    )
    parser.add_argument(
        "--profile",
        metavar="NOM",
        help="un jeu de correspondances nommé (réglage IMPORT_PROFILES : hugo, eleventy…)",
    )


def keys_of(options: dict) -> KeyMap:
    """The key map the options ask for; a bad one stops the command with its reason."""
    from django.core.management.base import CommandError

    try:
        return key_map(maps=options.get("map") or (), profile=options.get("profile"))
    except KeyMapError as error:
        raise CommandError(str(error)) from None
