"""Two page files for one event: a reported conflict, never a silent replacement.

An event is found again by its file name (`events.services`), and its address is the file's
slug. So two files of one import with the same name (`2023/atelier.md`, `2024/atelier.md`) or the
same slug (`atelier.md`, `atelier.markdown`, `2023-11-02-atelier.md`) would be one event written
twice, or an event at an address its file does not say. The first one (in path order) is
imported; each other one is an error naming it, and keeps nothing. Against the database: a page
whose event was imported from another file that still exists is the same conflict.
"""

from __future__ import annotations

import os
from pathlib import PurePath

from django.db.models import Q

from agenda.events.models import Event, Programme
from agenda.events.slugs import slug_for
from agenda.lib.pages import PageData, PageProblem


class Claims:
    """The file names and slugs the pages of one import have taken, and by which file."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}

    def take(self, pages: list[PageData], *, programme: Programme) -> list[PageProblem]:
        """Claim each page's file name and slug; the conflicts of the pages that cannot."""
        stored = _stored_claims(pages, programme)
        problems = []
        for page in pages:
            keys = _keys(page)
            owner = next((self._by_key[k] for k in keys if k in self._by_key), None)
            owner = owner or next((stored[k] for k in keys if _other_file(stored.get(k), page)), "")
            if owner:
                problems.append(_conflict(page, owner))
                continue
            for key in keys:
                self._by_key[key] = page.path
        return problems


def _keys(page: PageData) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("name", PurePath(page.path).name), ("slug", slug_for(page.slug))


def _stored_claims(pages: list[PageData], programme: Programme) -> dict[tuple[str, str], str]:
    """The file each stored event of these names or slugs was imported from."""
    names = {PurePath(page.path).name for page in pages}
    slugs = {slug_for(page.slug) for page in pages}
    claims: dict[tuple[str, str], str] = {}
    events = Event.objects.filter(programme=programme).exclude(source_path="")
    events = events.filter(Q(source_name__in=names) | Q(slug__in=slugs))
    for name, slug, path in events.values_list("source_name", "slug", "source_path"):
        claims[("name", name)] = path
        claims[("slug", slug)] = path
    return claims


def _other_file(stored_path: str | None, page: PageData) -> bool:
    """Whether the stored event came from another file that is still there (a file moved or
    read by another relative path is the same page)."""
    if not stored_path or stored_path == page.path:
        return False
    try:
        return not os.path.samefile(stored_path, page.path)
    except OSError:
        return False  # the other file is gone: this page took its place


def _conflict(page: PageData, owner: str) -> PageProblem:
    slug = slug_for(page.slug)
    message = (
        f"même événement que {owner} (même nom de fichier ou même adresse /evenements/{slug}/) : "
        "cette page n’est pas importée et rien n’est remplacé ; renommer l’un des deux fichiers"
    )
    return PageProblem(page.path, 1, "slug-conflict", message)
