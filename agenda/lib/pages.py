"""The data an event page carries, independent of its format (Jekyll, CSV, forms)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageProblem:
    """Something wrong with a page, located like a compiler error."""

    path: str
    line: int
    code: str
    message: str
    severity: str = "error"
    column: int = 1
    field: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code}: {self.message}"


class PageError(Exception):
    """A page that cannot be imported at all."""

    def __init__(self, problem: PageProblem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Moment:
    """A date as a page writes it: Paris wall-clock time, or a bare date; offset as written."""

    value: dt.date | dt.datetime  # naive datetime = Europe/Paris wall-clock time
    written_offset: str = ""  # "+01:00" as written, "" when none
    text: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, dt.datetime)


@dataclass
class ImageData:
    path: str
    alt: str = ""
    caption: str = ""


@dataclass
class InfoFieldData:
    label: str = ""
    content: str = ""
    link: str = ""
    raw: dict[str, Any] = field(default_factory=dict)  # set only when the entry is malformed


@dataclass
class PageData:
    path: str
    slug: str
    text: str  # the page verbatim
    title: str
    published_at: Moment | None = None
    start: Moment | None = None
    end: Moment | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)  # who the event is for (`public`)
    chapeau: str = ""
    images: list[ImageData] = field(default_factory=list)
    place_label: str = ""
    address: str = ""
    access: list[dict[str, Any]] = field(default_factory=list)
    show_map: bool | None = None
    info_fields: list[InfoFieldData] = field(default_factory=list)
    draft: bool = False
    organisation: str = ""
    body: str = ""
    body_line: int = 1
    sessions: list[Any] = field(default_factory=list)  # exchange.programme.ParsedSession
    # Ranges of body lines (0-based, first and last included) the sessions were read from: the
    # public page shows the text before them, the sessions, then the other lines.
    programme_lines: list[tuple[int, int]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # keys we keep but do not model
    # Local images of the body found at import (exchange.site_images): the path as written
    # (normalised) -> the URL it is stored at, or None when it could not be: not shown.
    image_urls: dict[str, str | None] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    written_keys: list[str] = field(default_factory=list)  # front-matter keys as in the file
    # Keys read under another name (`--map`, profiles): our key -> the key as written.
    mapped_keys: dict[str, str] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # line of each list entry
    warnings: list[PageProblem] = field(default_factory=list)
    # (front-matter text, its YAML node tree) as the reader composed it: the checks locate
    # values from it instead of composing it again. Kept in the process that read the page
    # only (left out of pickles: pages are sent between processes without it).
    front_yaml: tuple[str, Any] | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "front_yaml": None}
