"""YAML front matter read within budgets: plain data only, every refusal located.

Pages are written by hand: they need mappings, lists and scalars, nothing more. So the reader
refuses what only an attacker or an accident writes, before building anything from it:
- anchors and aliases (`&a`, `*a`): a 549-byte alias bomb expands to gigabytes;
- explicit tags (`!!timestamp 2026-13-45`, `!!int abc`, `!!binary …`, `!python/…`);
- more than `YAML_DEPTH` levels, `YAML_NODES` nodes, numbers longer than `NUMBER_DIGITS`.
What passes is built by libyaml's safe loader (when installed), dates left as text (the page
reader reads them itself, wrong offsets too), and made JSON-safe: keys as text, no infinities.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from .limits import NUMBER_DIGITS, YAML_DEPTH, YAML_NODES
from .pages import PageError, PageProblem

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 5x faster
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class _Loader(_SafeLoader):
    """SafeLoader that leaves timestamps as text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, *, path: str, first_line: int) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of a front matter; `first_line` is the
    file line of its first line. Raises PageError, located, for anything refused."""
    if not _shallow(text):  # a tree that deep must be refused before it is built
        _scan(text, path, first_line)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        try:
            return root, _Builder(loader, text).build(root, 1)
        except _OverBudget:  # `_scan` refuses it, and says where
            _scan(text, path, first_line)
        except _Unusual:
            _scan(text, path, first_line)
        return root, plain(loader.construct_document(root))
    except yaml.YAMLError as exc:
        _scan(text, path, first_line)  # a refusal written before the mistake is said first
        raise _syntax_error(exc, path, first_line) from None
    finally:
        loader.dispose()


# Every level of nesting starts a line, or opens with "-", "?", "[" or "{" (a flow sequence
# may hold a mapping of one pair: two levels): below this many, the tree is safe to build.
_SAFE_NESTING = 1_000


def _shallow(text: str) -> bool:
    openers = text.count("\n") + text.count("-") + text.count("?") + text.count("{")
    return openers + 2 * text.count("[") < _SAFE_NESTING


class _OverBudget(Exception):
    """A tree `_scan` refuses."""


class _Unusual(Exception):
    """A tree the builder leaves to PyYAML's constructor (other tags, keys that are lists…)."""


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
_SCALARS = {
    f"tag:yaml.org,2002:{name}": getattr(_Loader, f"construct_yaml_{name}")
    for name in ("int", "float", "bool", "null")
}
_PROPS = ("&", "!")


class _Builder:
    """The data of a composed tree, made `plain`, in the walk that checks what `_scan` would:
    no node met twice (an alias) nor written with an anchor or a tag (libyaml starts such a
    node at its `&` or `!`), not deeper than YAML_DEPTH, at most YAML_NODES parser events, no
    number longer than NUMBER_DIGITS. Built as PyYAML's safe constructor builds it."""

    def __init__(self, loader: yaml.BaseLoader, text: str):
        self.loader, self.text = loader, text
        self.seen: set[int] = set()
        self.events = 4  # stream and document, start and end

    def build(self, node: yaml.Node, depth: int) -> Any:
        start = node.start_mark.index
        if id(node) in self.seen or self.text[start : start + 1] in _PROPS:
            raise _OverBudget
        self.seen.add(id(node))
        self.events += 1 if isinstance(node, yaml.ScalarNode) else 2
        if self.events > YAML_NODES:
            raise _OverBudget
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth > YAML_DEPTH:
            raise _OverBudget
        if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        if node.tag != _MAP or not isinstance(node, yaml.MappingNode):
            raise _Unusual
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual  # a list or a mapping as a key: the constructor says why not
            key = self.build(key_node, depth + 1)
            mapping[key] = self.build(value_node, depth + 1)
        return {_key(key): value for key, value in mapping.items()}

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if not node.style and len(node.value) > NUMBER_DIGITS and node.tag in _NUMBER_TAGS:
            raise _OverBudget
        if node.tag == _STR:
            return node.value
        construct = _SCALARS.get(node.tag)
        if construct is None:
            raise _Unusual  # "=", "<<": tags only PyYAML's constructor reads
        value = construct(self.loader, node)
        return str(value) if isinstance(value, float) and not math.isfinite(value) else value


def _scan(text: str, path: str, first_line: int) -> None:
    """Walk the parser's events (no node is built) and refuse what is over budget."""
    loader = _Loader(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                _refuse(event, path, first_line, "yaml-alias", _ALIAS)
            if getattr(event, "tag", None) is not None:
                _refuse(event, path, first_line, "yaml-tag", _tag_message(event.tag))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > YAML_DEPTH:
                    _refuse(event, path, first_line, "yaml-depth", _DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                _check_number(loader, event, path, first_line)
            nodes += 1
            if nodes > YAML_NODES:
                _refuse(event, path, first_line, "yaml-size", _NODES)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, path, first_line) from None
    finally:
        loader.dispose()


_ALIAS = "ancre ou alias YAML (& ou *) refusé : écrire la valeur en entier"
_DEPTH = f"en-tête YAML trop imbriqué (plus de {YAML_DEPTH} niveaux)"
_NODES = f"en-tête YAML trop long (plus de {YAML_NODES} valeurs)"


def _tag_message(tag: str) -> str:
    written = tag.replace("tag:yaml.org,2002:", "!!")
    return f"étiquette YAML « {written} » refusée : écrire la valeur sans « ! »"


def _check_number(loader: yaml.BaseLoader, event: yaml.ScalarEvent, path: str, first: int):
    if event.style or len(event.value) <= NUMBER_DIGITS:
        return
    tag = loader.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag in _NUMBER_TAGS:
        message = (
            f"nombre de {len(event.value)} caractères (au plus {NUMBER_DIGITS}) : "
            "l’écrire entre guillemets si c’est un texte"
        )
        _refuse(event, path, first, "yaml-number", message)


def _refuse(event: yaml.Event, path: str, first_line: int, code: str, message: str) -> None:
    mark = event.start_mark
    line = first_line + mark.line if mark else first_line
    column = mark.column + 1 if mark else 1
    raise PageError(PageProblem(path, line, code, message, column=column))


def _syntax_error(exc: yaml.YAMLError, path: str, first_line: int) -> PageError:
    mark = getattr(exc, "problem_mark", None)
    line = first_line + mark.line if mark else first_line
    column = mark.column + 1 if mark else 1
    reason = getattr(exc, "problem", None) or str(exc)
    message = f"en-tête YAML illisible : {reason}"
    return PageError(PageProblem(path, line, "yaml-syntax", message, column=column))


def plain(value: Any) -> Any:
    """JSON-safe data: text keys, finite numbers (an infinity is kept as written)."""
    if isinstance(value, dict):
        return {_key(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _key(key: Any) -> str:
    if key is None:
        return ""
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key).strip()
