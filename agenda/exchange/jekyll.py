"""Read a Jekyll event page (YAML front matter + markdown body) into PageData. Pure functions.

Every key met in numerique.gouv.fr's `_evenements` is understood, legacy ones included;
see docs/content-format.md.
"""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from agenda.lib.frontmatter import DATE_TEXT, FRONT_MATTER, PAGE_SUFFIXES, says_draft
from agenda.lib.limits import PAGE_BYTES, PAGE_LINES, date_in_range, max_sessions
from agenda.lib.links import link_refusal
from agenda.lib.pages import ImageData, InfoFieldData, Moment, PageData, PageError, PageProblem
from agenda.lib.safe_yaml import load_yaml
from agenda.lib.text import multi_line, nul_position, single_line

from .jekyll_shapes import DROPPED, conform
from .keymaps import KeyMap, rename_keys

TOP_KEY = re.compile(r"^([^\s#:][^:]*?)\s*:", re.M)
KNOWN_KEYS = {
    "title", "date", "event_start_date", "event_end_date", "event_date", "dateEvent",
    "categories", "categorie", "tags", "public", "chapeau-text", "lieu", "adresse", "acces",
    "afficher_la_carte", "une-ou-diaporama", "champs_informations", "published", "organisation",
}  # fmt: skip
INFO_KEYS = {"intitule", "contenu", "lien"}
# Shape problems a check reports with more precision (`checks.runner` then hides the reader's).
_SHAPE_CODES = {
    **dict.fromkeys(
        ("date", "event_start_date", "event_end_date", "event_date", "dateEvent"), "bad-date"
    ),
    "champs_informations": "malformed-field",
    "acces": "malformed-field",
}
IMAGE_KEYS = {"image", "alternative-textuelle", "legende"}


def read_page(path: Path | str, *, display_path: str | None = None) -> PageData:
    """A page file by path (tests, benchmarks); `exchange.reading.read_file` is the careful
    reader of files from outside (regular files only, size read within budget, any failure
    located)."""
    path = Path(path)
    return parse_bytes(path.read_bytes(), path=display_path or str(path), slug=slug_from_path(path))


def parse_bytes(data: bytes, *, path: str, slug: str, keys: KeyMap | None = None) -> PageData:
    name = path
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"le fichier n’est pas en UTF-8 (octet {data[exc.start]:#x})"
        raise PageError(PageProblem(name, line, "encoding", message)) from None
    return parse_page(text, path=name, slug=slug, keys=keys)


def slug_from_path(path: Path | str) -> str:
    stem = Path(path).name
    for suffix in PAGE_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)  # Jekyll's dated file names
    from django.utils.text import slugify

    return slugify(stem)[:200] or "evenement"


def parse_page(text: str, *, path: str, slug: str, keys: KeyMap | None = None) -> PageData:
    """A page's text read into PageData; `keys` renames another site's keys to ours first
    (`exchange.keymaps`)."""
    _check_size(text, path)
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
    if "<<" not in match.group(1):  # a merge key (`<<:`) is rewritten in the tree when loaded
        page.front_yaml = (match.group(1), root)
    page.key_lines, page.item_lines = _lines_of_keys(root, first)
    page.written_keys = list(page.key_lines)
    if keys:
        page.warnings += rename_keys(
            data, page.key_lines, page.item_lines, keys, path=path, renamed=page.mapped_keys
        )
    conform(data, lambda key, message, index: page.warnings.append(
        _warning(page, key, _SHAPE_CODES.get(key, "wrong-shape"), message, index, "error")
    ))  # fmt: skip
    _read_front_matter(page, data)
    _extract_programme(page)
    return page


def _check_size(text: str, path: str) -> None:
    """Budgets of a page, whatever its source (a file, a form): size, lines, no NUL."""
    if len(text) > PAGE_BYTES and len(text.encode("utf-8", "surrogatepass")) > PAGE_BYTES:
        raise too_large(path)
    if text.count("\n") >= PAGE_LINES:
        message = f"page de plus de {PAGE_LINES} lignes : découper le programme"
        raise PageError(PageProblem(path, PAGE_LINES + 1, "page-size", message))
    position = nul_position(text)
    if position is not None:
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        message = "caractère nul (U+0000) dans la page : à supprimer"
        raise PageError(PageProblem(path, line, "nul-character", message, column=column))


def too_large(path: str) -> PageError:
    message = f"page de plus de {PAGE_BYTES // 1024} Kio : découper le programme"
    return PageError(PageProblem(path, 1, "page-size", message))


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
    """The node tree (for line numbers) and the data, from one parse within budgets."""
    root, data = load_yaml(front_text, path=path, first_line=first)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PageError(
            PageProblem(path, first, "yaml-syntax", "l’en-tête YAML doit être une liste de clés")
        )
    return root, data


def _read_front_matter(page: PageData, data: dict[str, Any]) -> None:
    title = _line(data.get("title"))
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
    page.audiences = _unique(_text_list(data.get("public")))
    page.chapeau = _text(data.get("chapeau-text"))
    page.place_label = _line(data.get("lieu"))
    page.address = _line(data.get("adresse"))
    page.access = _access(data.get("acces"))
    page.show_map = _boolean(data.get("afficher_la_carte"))
    page.images = _images(page, data.get("une-ou-diaporama"))
    page.info_fields = _info_fields(page, data.get("champs_informations"))
    page.draft = says_draft(data.get("published"))
    page.organisation = _line(data.get("organisation"))
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
    sessions = programme.sessions
    cap = max_sessions()
    if len(sessions) > cap:
        first = sessions[0]
        message = (
            f"programme de plus de {cap} séances : au plus {cap} par événement "
            "(réglage MAX_SESSIONS_PER_EVENT) ; une plage de dates donne une séance par jour"
        )
        raise PageError(
            PageProblem(page.path, first.line, "too-many-sessions", message, column=first.column)
        )
    page.sessions = [session for session in sessions if _session_kept(page, session)]
    page.programme_lines = [(a - page.body_line, b - page.body_line) for a, b in programme.lines]


def _session_kept(page: PageData, session: Any) -> bool:
    """Dates outside the agenda's years are typos: the session is dropped, located. A
    registration link the URL policy refuses is dropped (the `bad-url` check locates it)."""
    if session.registration_url and link_refusal(session.registration_url):
        session.registration_url = None
    if all(date_in_range(value) for value in (session.start, session.end) if value):
        return True
    message = f"« {session.date_text} » : date hors des années {_YEARS} ; séance ignorée"
    page.warnings.append(
        PageProblem(page.path, session.line, "bad-date", message, "error", session.column)
    )
    return False


def parse_moment(value: Any) -> Moment | None:
    """`2023-11-02 00:00:00 +01:00` → a Paris date (00:00:00 means no time) or wall-clock time.
    ValueError for what is not a date, or is one outside the agenda's years."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = DATE_TEXT.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    day_value = dt.date(year, month, day)
    if not date_in_range(day_value):
        raise ValueError(f"hors des années {_YEARS}")
    offset = match["tz"] or ""
    if match["H"] is None:
        return Moment(day_value, offset, text)
    clock = dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
    if clock == dt.time(0, 0, 0):
        return Moment(day_value, offset, text)
    return Moment(dt.datetime.combine(day_value, clock), offset, text)


_YEARS = "1900 à 2199"


def _moment(page: PageData, data: dict[str, Any], key: str) -> Moment | None:
    try:
        return parse_moment(data.get(key))
    except ValueError as exc:
        why = str(exc) if str(exc).startswith("hors ") else "illisible"
        message = f"{key} : date {why} « {_line(data.get(key))} »"
        page.warnings.append(_warning(page, key, "bad-date", message))
        return None


def _warning(
    page: PageData,
    key: str,
    code: str,
    message: str,
    index: int | None = None,
    severity: str = "warning",
) -> PageProblem:
    line = page.key_lines.get(key, 1)
    if index is not None and index < len(page.item_lines.get(key, [])):
        line = page.item_lines[key][index]
    return PageProblem(page.path, line, code, message, severity, field=key)


def _text(value: Any) -> str:
    """Text that may span lines (a chapeau, an info field's content)."""
    return re.sub(r"[ \t]+", " ", multi_line(value)).strip()


def _line(value: Any) -> str:
    """Text of one line (a title, a place, a link)."""
    return single_line(value)


def _text_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text for text in map(_line, items) if text]


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
            _line(line.get("nom")) for line in entry.get("lignes") or [] if isinstance(line, dict)
        ]
        kind = _line(entry.get("type")).rstrip(" :")
        if kind or any(lines):
            result.append({"type": kind, "lignes": [{"nom": line} for line in lines if line]})
    return result


def _images(page: PageData, value: Any) -> list[ImageData]:
    images = []
    for index, entry in enumerate(value if isinstance(value, list) else []):
        if entry is DROPPED:
            continue
        if isinstance(entry, str):
            entry = {"image": entry}
        path = _line(entry.get("image")) if isinstance(entry, dict) else ""
        refusal = link_refusal(path)
        if not path or refusal:
            message = f"image illisible : {entry!r}" if not path else f"image : {refusal}"
            code = "unsafe-url" if path else "malformed-field"
            page.warnings.append(
                _warning(
                    page, "une-ou-diaporama", code, message, index, "error" if path else "warning"
                )
            )
            continue
        images.append(
            ImageData(path, _line(entry.get("alternative-textuelle")), _line(entry.get("legende")))
        )
    return images


def _info_fields(page: PageData, value: Any) -> list[InfoFieldData]:
    """Broken entries (no label, unknown keys, empty) are kept as written, with a warning; a
    link the URL policy refuses is dropped (the `bad-url` check says where it was)."""
    fields = []
    for index, entry in enumerate(value if isinstance(value, list) else []):
        if entry is DROPPED:
            continue
        if not isinstance(entry, dict):
            entry = {"contenu": entry}
        link = _line(entry.get("lien"))
        info = InfoFieldData(
            _line(entry.get("intitule")),
            _text(entry.get("contenu")),
            "" if link_refusal(link) else link,
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
