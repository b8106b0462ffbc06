"""The images a page refers to, brought into the media storage at import.

`agenda import --site DIR` names the Jekyll site root: an image path of a page (front matter
`une-ou-diaporama`, `<img src>` and `![alt](src)` in the body) is read relative to it, with the
Liquid prefixes Jekyll pages write (`{{ site.baseurl }}`, `{{ site.url }}`, `| relative_url`)
taken off; each file goes through `lib.images.clean_image` (re-encoded, or SVG rebuilt) and is
stored under MEDIA_ROOT/import/, keeping its place in the site. Without `--site`, a local path
must name a file already in the media storage (`/uploads/…`).

An image that cannot be found or read is one located problem (`missing-image`) and is never
shown: it leaves the page's images, and the body's `<img>` is left out of its HTML (no broken
box). An external image (`https://…`) is kept as written. The page carries what it found in
`page.image_urls` (the path as written, normalised by `image_key`, → the stored URL, or None).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders

from agenda.lib.images import ImageError, clean_image
from agenda.lib.markup import image_key
from agenda.lib.pages import PageData, PageProblem

IMPORT_FOLDER = "import"  # under MEDIA_ROOT
_HTML_IMG = re.compile(r"<img\b[^<>]*+>", re.I)
_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*+)\"|'([^']*+)'|([^\s>]++))", re.I)
_MD_IMG = re.compile(r"!\[[^\]\n]*+\]\(\s*<?((?:\{\{[^{}\n]*+\}\}|[^\s<>(){}])++)")


@dataclass(frozen=True)
class Reference:
    """An image path as written in the page, and where (offset in page.text)."""

    written: str
    offset: int


def body_references(page: PageData) -> list[Reference]:
    """The images of the body: `<img src>` and markdown `![alt](src)`."""
    start = len(page.text) - len(page.body) if page.text.endswith(page.body) else 0
    found = []
    for match in _HTML_IMG.finditer(page.body):
        src = _SRC.search(match[0])
        if src:
            found.append(
                Reference(next(g for g in src.groups() if g is not None), start + match.start())
            )
    for match in _MD_IMG.finditer(page.body):
        found.append(Reference(match[1], start + match.start()))
    return found


def place_images(page: PageData, *, site: Path | None, store: bool = True) -> list[PageProblem]:
    """Store the page's local images (from `site`, or already in the media storage), point
    the page at them, and say which could not be; sets `page.image_urls`. `store=False`
    (`agenda check --site`): the same reading and the same problems, nothing written."""
    problems: list[PageProblem] = []
    urls: dict[str, str | None] = {}
    kept = []
    for index, image in enumerate(page.images):
        url, problem = _stored(image.path, site, page, _front_matter_line(page, index), store)
        if problem:
            problems.append(problem)
            urls[image_key(image.path)] = None
            continue
        urls[image_key(image.path)] = url
        image.path = url
        kept.append(image)
    page.images = kept
    for reference in body_references(page):
        key = image_key(reference.written)
        if key in urls:
            continue
        line = page.text.count("\n", 0, reference.offset) + 1
        url, problem = _stored(reference.written, site, page, line, store)
        urls[key] = None if problem else url
        problems += [problem] if problem else []
    page.image_urls = {key: url for key, url in urls.items() if url != key}
    return problems


def _front_matter_line(page: PageData, index: int) -> int:
    lines = page.item_lines.get("une-ou-diaporama", [])
    return lines[index] if index < len(lines) else page.key_lines.get("une-ou-diaporama", 1)


def _stored(
    written: str, site: Path | None, page: PageData, line: int, store: bool = True
) -> tuple[str, PageProblem | None]:
    """The URL the image is served at, or a problem."""
    key = image_key(written)
    if not key or "://" in key or key.startswith(("data:", "//")):
        return key, None  # external: kept as written (the URL policy and the CSP apply)
    relative = PurePosixPath("/", key).relative_to("/")
    if ".." in relative.parts or not relative.parts:
        return key, _missing(page, line, written, "chemin hors du site")
    if site is None:
        return _in_media(key, page, line, written)
    source = Path(site) / relative
    try:
        data = _read_image(source)
        image = clean_image(data, name=str(relative), max_bytes=settings.UPLOAD_MAX_BYTES)
    except FileNotFoundError:
        return key, _missing(page, line, written, f"fichier absent du site ({source})")
    except (OSError, ImageError) as error:
        return key, _missing(page, line, written, str(error))
    target = PurePosixPath(IMPORT_FOLDER, relative).with_suffix(f".{image.extension}")
    if store:
        _write(Path(settings.MEDIA_ROOT) / target, image.data)
    return settings.MEDIA_URL + str(target), None


def _read_image(source: Path) -> bytes:
    if not source.is_file():
        raise FileNotFoundError(source)
    with source.open("rb") as handle:
        return handle.read(settings.UPLOAD_MAX_BYTES + 1)


def _in_media(key: str, page: PageData, line: int, written: str) -> tuple[str, PageProblem | None]:
    """Without a site folder: a local image must already be in the media storage (or be one
    of the site's static files)."""
    media, static = settings.MEDIA_URL, settings.STATIC_URL
    if key.startswith(media) and (Path(settings.MEDIA_ROOT) / key[len(media) :]).is_file():
        return key, None
    if key.startswith(static) and finders.find(key[len(static) :]):
        return key, None
    why = "absente du stockage des images (importer avec --site DOSSIER_DU_SITE ?)"
    return key, _missing(page, line, written, why)


def _write(target: Path, data: bytes) -> None:
    """Whole or not at all: written beside, then renamed over."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() and target.read_bytes() == data:
        return
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _missing(page: PageData, line: int, written: str, why: str) -> PageProblem:
    why = why.rstrip(". ")
    message = f"image « {written} » introuvable ou illisible : {why} ; elle n’est pas affichée"
    return PageProblem(page.path, line, "missing-image", message, "error")
