"""The rule registry and what every rule needs to know about a page.

A rule is a generator registered with `@rule(code, severity, description, wrong=..., right=...)`:
`def weekday_mismatch(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]`. Cross-page
rules (`@rule(..., scope="pages")`) take every page of the run:
`def reused_link(pages: list[PageData], ctx: PagesContext) -> Iterator[PageProblem]`.

`CheckContext` locates text in the file: the front matter is composed again (libyaml, fast) to
know where each value is written, so a problem found in a folded chapeau or in the second entry
of `champs_informations` points at its exact line and column. `Source` is one such piece of text,
raw as written in the file, with its offset in the page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from agenda.lib.frenchdates import fold, resolve_year
from agenda.lib.frontmatter import FRONT_MATTER
from agenda.lib.pages import PageData, PageProblem

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)

# Keys that can carry the event's start, in the order jekyll.py reads them.
START_KEYS = ("event_start_date", "event_date", "dateEvent")
DATE_KEYS = ("date", "event_start_date", "event_end_date", "event_date", "dateEvent")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    description: str  # French, one sentence
    wrong: str  # an example of the mistake, as an editor would write it
    right: str  # the same, corrected
    check: Callable[..., Iterator[PageProblem]]
    scope: str = "page"  # "page": one page at a time; "pages": all the pages of the run
    # Of a cross-page rule: what it reads of each page (kept in `CheckContext.shared`), computed
    # where the page is read (`runner.check_one`: in a reading process when there are several).
    prepare: Callable[[CheckContext], Any] | None = None


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: str,
    description: str,
    *,
    wrong: str,
    right: str,
    scope: str = "page",
    prepare: Callable[[CheckContext], Any] | None = None,
) -> Callable[[Callable[..., Iterator[PageProblem]]], Callable[..., Iterator[PageProblem]]]:
    """Register a rule generator under a stable code."""
    assert severity in SEVERITIES, severity
    assert scope in ("page", "pages"), scope
    assert prepare is None or scope == "pages", code

    def register(function: Callable[..., Iterator[PageProblem]]):
        if code in RULES and RULES[code].check is not function:
            raise ValueError(f"rule code {code!r} registered twice")
        RULES[code] = Rule(code, severity, description, wrong, right, function, scope, prepare)
        return function

    return register


# --- where things are written ----------------------------------------------------------------


@dataclass
class Source:
    """A piece of the page as written in the file (raw: quotes, markup, line breaks kept)."""

    kind: str  # title, chapeau, info-label, info-content, info-link, image, alt, caption,
    #            place, address, body
    field: str  # front-matter key ("" for the body)
    text: str
    offset: int  # index of text[0] in page.text
    entry: int = -1  # index of the entry in a list field (champs_informations, une-ou-diaporama)


@dataclass
class InfoEntry:
    """One entry of `champs_informations` with where its keys are written."""

    index: int
    offset: int  # where the entry starts (its first key, or the value when not a mapping)
    values: dict[str, Any] = field(default_factory=dict)  # key as written -> value
    key_offsets: dict[str, int] = field(default_factory=dict)
    value_sources: dict[str, Source] = field(default_factory=dict)
    is_mapping: bool = True
    duplicates: list[str] = field(default_factory=list)  # keys written twice (the last wins)


@dataclass
class ImageEntry:
    index: int
    offset: int
    path: str = ""
    path_offset: int = 0
    alt: str = ""
    has_path: bool = False


_LINE_BREAK = re.compile(r"\n")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _blank(text: str) -> str:
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(piece) for piece in text.split("\n"))


def mask(text: str, pattern: re.Pattern[str] = _COMMENT) -> str:
    """Text with the matches of pattern blanked out (line breaks kept, so offsets still hold)."""
    return pattern.sub(lambda m: _blank(m.group(0)), text)


_NULLS = ("", "~", "null", "Null", "NULL")


def _scalar_text(node: yaml.Node | None) -> str:
    """A scalar's text, stripped; a plain null (`~`, `null`, nothing) is ""."""
    if isinstance(node, yaml.ScalarNode):
        value = node.value if isinstance(node.value, str) else str(node.value)
        if not node.style and value in _NULLS:  # plain (libyaml says "", PyYAML None)
            return ""
        return value.strip()
    return ""


class CheckContext:
    """Everything about one page that several rules need, computed once and lazily."""

    def __init__(self, page: PageData, shared: dict[str, Any] | None = None):
        self.page = page
        self.text = page.text or ""
        self.cache: dict[str, Any] = {}  # for rule modules' own derived data
        # Derived data cross-page rules read (`Rule.prepare`): plain values (no key made of an
        # id()), since they are sent from the process that read the page with the page itself.
        self.shared: dict[str, Any] = shared if shared is not None else {}

    # positions ------------------------------------------------------------------------------

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset in page.text."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def problem(
        self, code: str, offset: int, message: str, *, field: str = "", severity: str = ""
    ) -> PageProblem:
        line, column = self.position(offset)
        return PageProblem(
            self.page.path,
            line,
            code,
            message,
            severity or RULES[code].severity,
            column,
            field,
        )

    def problem_at(
        self, code: str, line: int, column: int, message: str, *, field: str = ""
    ) -> PageProblem:
        return PageProblem(self.page.path, line, code, message, RULES[code].severity, column, field)

    # front matter ---------------------------------------------------------------------------

    @cached_property
    def _front(self) -> tuple[int, yaml.MappingNode | None]:
        """(offset of the front-matter text in the page, its composed root mapping)."""
        match = FRONT_MATTER.match(self.text)
        if not match:
            return 0, None
        front, read = match.group(1), self.page.front_yaml
        if read is not None and read[0] == front:  # composed by the reader: positions alike
            root = read[1]
        else:
            try:
                root = yaml.compose(front, Loader=_Loader)
            except yaml.YAMLError:
                return match.start(1), None
        return match.start(1), root if isinstance(root, yaml.MappingNode) else None

    @cached_property
    def front_nodes(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Top-level key (stripped) -> (key node, value node); the last one wins, like YAML.
        A key read under our name (`--map`, profiles) is found under ours too."""
        _, root = self._front
        if root is None:
            return {}
        nodes = {_scalar_text(key).strip(): (key, value) for key, value in root.value}
        for ours, theirs in self.page.mapped_keys.items():
            if theirs in nodes and ours not in nodes:
                nodes[ours] = nodes[theirs]
        return nodes

    @property
    def front_offset(self) -> int:
        return self._front[0]

    def key_offset(self, key: str) -> int | None:
        """Offset of a top-level key, or None."""
        nodes = self.front_nodes.get(key)
        if nodes:
            return self.front_offset + nodes[0].start_mark.index
        line = self.page.key_lines.get(key)
        if line:
            return self._line_starts[min(line, len(self._line_starts)) - 1]
        return None

    def value_source(self, node: yaml.Node | None, kind: str, key: str, entry: int = -1):
        """The raw text of a scalar value, quotes removed, with its offset."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        begin = self.front_offset + node.start_mark.index
        end = self.front_offset + node.end_mark.index
        raw = self.text[begin:end]
        if node.style in ("'", '"') and len(raw) >= 2:
            raw, begin = raw[1:-1], begin + 1
        elif node.style in ("|", ">"):
            newline = raw.find("\n")
            skip = newline + 1 if newline >= 0 else len(raw)
            raw, begin = raw[skip:], begin + skip
        return Source(kind, key, raw, begin, entry)

    def value_offset(self, key: str) -> int | None:
        """Offset of a top-level key's value (after quotes), else of the key."""
        nodes = self.front_nodes.get(key)
        if nodes:
            source = self.value_source(nodes[1], "", key)
            if source is not None and source.text.strip():
                return source.offset + len(source.text) - len(source.text.lstrip())
        return self.key_offset(key)

    def _mapping_entries(self, key: str) -> list[tuple[int, yaml.Node]]:
        nodes = self.front_nodes.get(key)
        if nodes and key in self.page.mapped_keys and not isinstance(nodes[1], yaml.SequenceNode):
            return [(0, nodes[1])]  # `image: /uploads/affiche.png`, read as a list of one
        if not nodes or not isinstance(nodes[1], yaml.SequenceNode):
            return []
        return [(i, item) for i, item in enumerate(nodes[1].value)]

    @cached_property
    def info_entries(self) -> list[InfoEntry]:
        entries = []
        for index, item in self._mapping_entries("champs_informations"):
            entry = InfoEntry(index, self.front_offset + item.start_mark.index)
            if isinstance(item, yaml.MappingNode):
                for key_node, value_node in item.value:
                    name = _scalar_text(key_node)
                    if name in entry.values:
                        entry.duplicates.append(name)
                    entry.values[name] = (
                        _scalar_text(value_node)
                        if isinstance(value_node, yaml.ScalarNode)
                        else value_node
                    )
                    entry.key_offsets[name] = self.front_offset + key_node.start_mark.index
                    kind = {
                        "intitule": "info-label",
                        "contenu": "info-content",
                        "lien": "info-link",
                    }
                    source = self.value_source(
                        value_node, kind.get(name, "info-other"), "champs_informations", index
                    )
                    if source is not None:
                        entry.value_sources[name] = source
            else:
                entry.is_mapping = False
                entry.values[""] = _scalar_text(item)
            entries.append(entry)
        return entries

    @cached_property
    def image_entries(self) -> list[ImageEntry]:
        entries = []
        for index, item in self._mapping_entries("une-ou-diaporama"):
            entry = ImageEntry(index, self.front_offset + item.start_mark.index)
            pairs = item.value if isinstance(item, yaml.MappingNode) else []
            if isinstance(item, yaml.ScalarNode):
                source = self.value_source(item, "image", "une-ou-diaporama", index)
                entry.path, entry.has_path = _scalar_text(item), bool(_scalar_text(item))
                entry.path_offset = source.offset if source else entry.offset
            for key_node, value_node in pairs:
                name = _scalar_text(key_node)
                if name == "image":
                    entry.path = _scalar_text(value_node)
                    entry.has_path = bool(entry.path)
                    source = self.value_source(value_node, "image", "une-ou-diaporama", index)
                    entry.path_offset = (
                        source.offset
                        if source and source.text
                        else self.front_offset + key_node.start_mark.index
                    )
                elif name == "alternative-textuelle":
                    entry.alt = _scalar_text(value_node)
            entries.append(entry)
        return entries

    # text to read ---------------------------------------------------------------------------

    @cached_property
    def body_offset(self) -> int:
        body = self.page.body or ""
        if body and self.text.endswith(body):
            return len(self.text) - len(body)
        if self.page.body_line > 1:
            return self._line_starts[min(self.page.body_line, len(self._line_starts)) - 1]
        return len(self.text) - len(body)

    @cached_property
    def body_source(self) -> Source:
        """The body with its HTML comments blanked out (what readers never see)."""
        return Source("body", "", mask(self.page.body or ""), self.body_offset)

    @cached_property
    def front_sources(self) -> list[Source]:
        """Every front-matter text a visitor reads: title, chapeau, info fields, alt texts…"""
        sources: list[Source] = []
        for key, kind in (
            ("title", "title"),
            ("chapeau-text", "chapeau"),
            ("lieu", "place"),
            ("adresse", "address"),
        ):
            nodes = self.front_nodes.get(key)
            source = self.value_source(nodes[1], kind, key) if nodes else None
            if source is not None:
                sources.append(source)
        for entry in self.info_entries:
            for name in ("intitule", "contenu"):
                if name in entry.value_sources:
                    sources.append(entry.value_sources[name])
        for index, item in self._mapping_entries("une-ou-diaporama"):
            if not isinstance(item, yaml.MappingNode):
                continue
            for key_node, value_node in item.value:
                kind = {"alternative-textuelle": "alt", "legende": "caption"}.get(
                    _scalar_text(key_node)
                )
                source = kind and self.value_source(value_node, kind, "une-ou-diaporama", index)
                if source:
                    sources.append(source)
        return sources

    @cached_property
    def text_sources(self) -> list[Source]:
        return [*self.front_sources, self.body_source]

    def derived(self, name: str, source: Source, make: Callable[[Source], Any]) -> Any:
        """make(source), computed once per source (prose, lower-cased text…)."""
        cache = self.cache.setdefault(name, {})
        key = id(source)
        if key not in cache:
            cache[key] = make(source)
        return cache[key]

    # the event's dates ----------------------------------------------------------------------

    @cached_property
    def start_key(self) -> str:
        for key in START_KEYS:
            if key in self.page.key_lines or key in self.front_nodes:
                return key
        return "event_start_date"

    @property
    def start_date(self) -> dt.date | None:
        """The event's first day; None when absent or in an impossible year (bad-date says it)."""
        return _plausible(self.page.start.value) if self.page.start else None

    @property
    def end_date(self) -> dt.date | None:
        return _plausible(self.page.end.value) if self.page.end else None

    @cached_property
    def event_years(self) -> set[int]:
        start, end = self.start_date, self.end_date
        if start is None:
            return set()
        if end is None or end < start or end.year - start.year > 3:
            return {start.year}
        return set(range(start.year, end.year + 1))

    def resolve(self, day: int, month: int, year: int | None) -> dt.date | None:
        """The date a page means by day/month(/year): a written year wins, else the year that
        places it in (or nearest to) the event, else nearest to the publication date."""
        if year is not None:
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
        published = _plausible(self.page.published_at.value) if self.page.published_at else None
        return resolve_year(
            day, month, start=self.start_date, end=self.end_date, reference=published
        )


class PagesContext:
    """The contexts of all the pages of a run, for cross-page rules."""

    def __init__(self, contexts: dict[int, CheckContext], reference: frozenset[int] = frozenset()):
        self._contexts = contexts
        # Pages compared with but not checked (stored events, at import or on a form's save):
        # of two pages that clash, a rule reports on the other one.
        self.reference = reference

    def is_reference(self, page: PageData) -> bool:
        return id(page) in self.reference

    def of(self, page: PageData) -> CheckContext:
        context = self._contexts.get(id(page))
        if context is None:
            context = self._contexts[id(page)] = CheckContext(page)
        return context


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Only composes (positions of keys and values); values are never constructed, so scalars
    need no implicit type: every one stays a string."""

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind, value, implicit):  # noqa: ARG002 (PyYAML's signature)
        return _TAGS[kind]


_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


def _plausible(value: dt.date | dt.datetime) -> dt.date | None:
    day = _as_date(value)
    return day if day is not None and 2000 <= day.year <= 2100 else None


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def folded(text: str) -> str:
    """Lower case, no accents, typographic apostrophes made plain."""
    return fold(text).replace("’", "'")
