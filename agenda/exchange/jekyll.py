"""Read a Jekyll event page (YAML front matter + markdown body) into PageData. Pure functions.

Every key met in numerique.gouv.fr's `_evenements` is understood, legacy ones included;
see docs/content-format.md.
"""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from agenda.lib.frontmatter import DATE_TEXT, FRONT_MATTER, PAGE_SUFFIXES
from agenda.lib.pages import ImageData, InfoFieldData, Moment, PageData, PageError, PageProblem

TOP_KEY = re.compile(r"^([^\s#:][^:]*?)\s*:", re.M)
KNOWN_KEYS = {
    "title", "date", "event_start_date", "event_end_date", "event_date", "dateEvent",
    "categories", "categorie", "tags", "chapeau-text", "lieu", "adresse", "acces",
    "afficher_la_carte", "une-ou-diaporama", "champs_informations", "published", "organisation",
}  # fmt: skip
INFO_KEYS = {"intitule", "contenu", "lien"}
IMAGE_KEYS = {"image", "alternative-textuelle", "legende"}


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 5x faster


class _StringDatesLoader(_SafeLoader):
    """SafeLoader that leaves timestamps as text: we read dates ourselves, wrong offsets too."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_page(path: Path | str, *, display_path: str | None = None) -> PageData:
    path = Path(path)
    name = display_path or str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"le fichier n’est pas en UTF-8 (octet {data[exc.start]:#x})"
        raise PageError(PageProblem(name, line, "encoding", message)) from None
    return parse_page(text, path=name, slug=slug_from_path(path))


def slug_from_path(path: Path | str) -> str:
    stem = Path(path).name
    for suffix in PAGE_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)  # Jekyll's dated file names
    from django.utils.text import slugify

    return slugify(stem)[:200] or "evenement"


def parse_page(text: str, *, path: str, slug: str) -> PageData:
    match = FRONT_MATTER.match(text)
    if not match:
        raise PageError(
            PageProblem(path, 1, "no-front-matter", "en-tête YAML (entre deux lignes ---) absent")
        )
    first = text[: match.start(1)].count("\n") + 1
    root, data = _load_yaml(match.group(1), path, first)
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    page = PageData(path=path, slug=slug, text=text, title="", body=body, body_line=body_line)
    page.key_lines, page.item_lines = _lines_of_keys(root, first)
    _read_front_matter(page, data)
    _extract_programme(page)
    return page


def _lines_of_keys(
    root: yaml.Node | None, first: int
) -> tuple[dict[str, int], dict[str, list[int]]]:
    """File lines of each top-level key, and of each entry of the lists they hold."""
    keys, items = {}, {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            name = str(key_node.value).strip()
            keys[name] = first + key_node.start_mark.line
            if isinstance(value_node, yaml.SequenceNode):
                items[name] = [first + item.start_mark.line for item in value_node.value]
    return keys, items


def _load_yaml(front_text: str, path: str, first: int) -> tuple[yaml.Node | None, dict[str, Any]]:
    """The node tree (for line numbers) and the data, from one parse."""
    loader = _StringDatesLoader(front_text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + mark.line if mark else first
        reason = getattr(exc, "problem", None) or str(exc)
        column = mark.column + 1 if mark else 1
        message = f"en-tête YAML illisible : {reason}"
        raise PageError(PageProblem(path, line, "yaml-syntax", message, column=column)) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PageError(
            PageProblem(path, first, "yaml-syntax", "l’en-tête YAML doit être une liste de clés")
        )
    return root, {str(key).strip(): value for key, value in data.items()}


def _read_front_matter(page: PageData, data: dict[str, Any]) -> None:
    title = _text(data.get("title"))
    if not title:
        raise PageError(
            PageProblem(
                page.path,
                page.key_lines.get("title", 2),
                "missing-title",
                "la clé title est absente ou vide",
            )
        )
    page.title = title
    page.published_at = _moment(page, data, "date")
    page.start = (
        _moment(page, data, "event_start_date")
        or _moment(page, data, "event_date")
        or _moment(page, data, "dateEvent")
    )
    page.end = _moment(page, data, "event_end_date")
    page.categories = _unique(
        _text_list(data.get("categories")) + _text_list(data.get("categorie"))
    )
    page.tags = _unique(_text_list(data.get("tags")))
    page.chapeau = _text(data.get("chapeau-text"))
    page.place_label = _text(data.get("lieu"))
    page.address = _text(data.get("adresse"))
    page.access = _access(data.get("acces"))
    page.show_map = _boolean(data.get("afficher_la_carte"))
    page.images = _images(page, data.get("une-ou-diaporama"))
    page.info_fields = _info_fields(page, data.get("champs_informations"))
    page.draft = _boolean(data.get("published")) is False
    page.organisation = _text(data.get("organisation"))
    page.extra = {key: value for key, value in data.items() if key not in KNOWN_KEYS}


def _extract_programme(page: PageData) -> None:
    from .programme import extract_programme

    programme = extract_programme(
        page.body,
        event_start=page.start.value if page.start else None,
        event_end=page.end.value if page.end else None,
        first_line=page.body_line,
        # Pages without event dates take the year of what they announce from their publication.
        published=page.published_at.value if page.published_at else None,
        title=page.title,
    )
    page.sessions = programme.sessions
    page.programme_lines = [(a - page.body_line, b - page.body_line) for a, b in programme.lines]


def parse_moment(value: Any) -> Moment | None:
    """`2023-11-02 00:00:00 +01:00` → a Paris date (00:00:00 means no time) or wall-clock time."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat(sep=" ")
    text = str(value).strip()
    match = DATE_TEXT.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    day_value = dt.date(year, month, day)
    offset = match["tz"] or ""
    if match["H"] is None:
        return Moment(day_value, offset, text)
    clock = dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
    if clock == dt.time(0, 0, 0):
        return Moment(day_value, offset, text)
    return Moment(dt.datetime.combine(day_value, clock), offset, text)


def _moment(page: PageData, data: dict[str, Any], key: str) -> Moment | None:
    try:
        return parse_moment(data.get(key))
    except ValueError:
        page.warnings.append(
            _warning(page, key, "bad-date", f"{key} : date illisible « {data.get(key)} »")
        )
        return None


def _warning(
    page: PageData, key: str, code: str, message: str, index: int | None = None
) -> PageProblem:
    line = page.key_lines.get(key, 1)
    if index is not None and index < len(page.item_lines.get(key, [])):
        line = page.item_lines[key][index]
    return PageProblem(page.path, line, code, message, "warning", field=key)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    return [_text(value)] if _text(value) else []


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _boolean(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "oui", "1")


def _access(value: Any) -> list[dict[str, Any]]:
    """`acces: [{type, lignes: [{nom}]}]` with the stray spaces and nulls real pages have."""
    result = []
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict):
            continue
        lines = [
            _text(line.get("nom")) for line in entry.get("lignes") or [] if isinstance(line, dict)
        ]
        kind = _text(entry.get("type")).rstrip(" :")
        if kind or any(lines):
            result.append({"type": kind, "lignes": [{"nom": line} for line in lines if line]})
    return result


def _images(page: PageData, value: Any) -> list[ImageData]:
    images = []
    for index, entry in enumerate(value if isinstance(value, list) else []):
        if isinstance(entry, str):
            entry = {"image": entry}
        if not isinstance(entry, dict) or not _text(entry.get("image")):
            page.warnings.append(
                _warning(
                    page,
                    "une-ou-diaporama",
                    "malformed-field",
                    f"image illisible : {entry!r}",
                    index,
                )
            )
            continue
        images.append(
            ImageData(
                _text(entry["image"]),
                _text(entry.get("alternative-textuelle")),
                _text(entry.get("legende")),
            )
        )
    return images


def _info_fields(page: PageData, value: Any) -> list[InfoFieldData]:
    """Broken entries (no label, unknown keys, empty) are kept as written, with a warning."""
    fields = []
    for index, entry in enumerate(value if isinstance(value, list) else []):
        if not isinstance(entry, dict):
            entry = {"contenu": entry}
        info = InfoFieldData(
            _text(entry.get("intitule")), _text(entry.get("contenu")), _text(entry.get("lien"))
        )
        unknown = set(map(str, entry)) - INFO_KEYS
        if unknown or not info.label or not (info.content or info.link):
            info.raw = entry
            why = f"clés inconnues {sorted(unknown)}" if unknown else "intitulé ou contenu manquant"
            page.warnings.append(
                _warning(
                    page,
                    "champs_informations",
                    "malformed-field",
                    f"champ d’information mal formé ({why})",
                    index,
                )
            )
        fields.append(info)
    return fields
