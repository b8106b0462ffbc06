"""Where things are written in a page's front matter: it is composed again (libyaml, fast) to
know where each key and value stands, so a problem found in a folded chapeau or in the second
entry of `champs_informations` points at its exact line and column. `Source` is one such piece
of text, raw as written in the file, with its offset in the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from agenda.lib.frontmatter import FRONT_MATTER
from agenda.lib.pages import PageData


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


NULLS = ("", "~", "null", "Null", "NULL")


def _scalar_text(node: yaml.Node | None) -> str:
    """A scalar's text, stripped; a plain null (`~`, `null`, nothing) is ""."""
    if isinstance(node, yaml.ScalarNode):
        value = node.value if isinstance(node.value, str) else str(node.value)
        if not node.style and value in NULLS:  # plain (libyaml says "", PyYAML None)
            return ""
        return value.strip()
    return ""


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


class FrontMatter:
    """The front-matter half of `CheckContext` (rules.py): positions of keys, values and list
    entries, and the texts a visitor reads there."""

    page: PageData
    text: str
    _line_starts: list[int]

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
