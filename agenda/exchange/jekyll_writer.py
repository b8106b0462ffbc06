"""Write an event back as a Jekyll page, in the keys and shape the site's pages use.

Importing what this writes gives the same data back (tested on every corpus page).
"""

import datetime as dt
from typing import Any

from agenda.events.models import PARIS, Event
from agenda.lib.prefetch import related

from .page_yaml import JekyllDate, dump


def jekyll_date(moment: dt.datetime, has_time: bool) -> JekyllDate:
    local = moment.astimezone(PARIS)
    if not has_time:
        local = local.replace(hour=0, minute=0, second=0)
    offset = local.strftime("%z")
    return JekyllDate(local.strftime("%Y-%m-%d %H:%M:%S ") + f"{offset[:3]}:{offset[3:]}")


def front_matter(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {"title": event.title}
    if event.published_at:
        data["date"] = jekyll_date(event.published_at, True)
    _put(data, "categories", [c.name for c in related(event, "categories")])
    _put(data, "tags", [t.name for t in related(event, "tags")])
    _put(data, "public", [a.name for a in related(event, "audiences")])
    _put(data, "chapeau-text", event.chapeau)
    _put(data, "une-ou-diaporama", [_image(image) for image in related(event, "images")])
    data["event_start_date"] = jekyll_date(event.starts_at, event.has_start_time)
    if event.ends_at:
        data["event_end_date"] = jekyll_date(event.ends_at, event.has_end_time)
    _put(data, "lieu", event.place_label)
    if event.place:
        _put(data, "adresse", _address(event.place))
        _put(data, "acces", event.place.access)
    if event.show_map:
        data["afficher_la_carte"] = True
    _put(data, "champs_informations", [_info(field) for field in related(event, "info_fields")])
    if event.organisation:
        data["organisation"] = event.organisation.name
    if event.status != Event.Status.PUBLISHED:
        data["published"] = False
    data.update(event.extra_front_matter or {})
    return data


def write_page(event: Event) -> str:
    header = dump(front_matter(event))
    return f"---\n{header}---\n{event.body}"


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value:
        data[key] = value


def _image(image) -> dict[str, str]:
    entry = {"image": image.path}
    _put(entry, "alternative-textuelle", image.alt)
    _put(entry, "legende", image.caption)
    return entry


def _info(field) -> dict[str, Any]:
    if field.raw:  # a malformed entry goes back as it was written
        return field.raw
    entry = {"intitule": field.label}
    _put(entry, "contenu", field.content)
    _put(entry, "lien", field.link)
    return entry


def _address(place) -> str:
    town = " ".join(part for part in (place.postcode, place.city) if part)
    return ", ".join(part for part in (place.address, town) if part)
