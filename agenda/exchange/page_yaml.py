"""The YAML front matter of a Jekyll page, written ~10x faster than PyYAML's pure-Python emitter
and to the same text, character for character.

`dump(data)` is `yaml.dump(data, Dumper=PageDumper, allow_unicode=True, sort_keys=False,
width=100)`: libyaml's C emitter would be as fast but folds long double-quoted strings
elsewhere, so its pages differ. The shapes a page holds (mappings with text keys; text, dates,
integers, booleans, None; lists of those or of mappings) are written here with PyYAML's own
decisions (the same scalar analysis, style choice, folding at the width, quoting and escapes,
ported from `yaml.emitter.Emitter`); anything else (floats, lists in lists, keys that need
quotes, the same list twice, types the dumper does not know…) goes to PyYAML whole.
tests/test_page_yaml.py compares both on every corpus page and on hostile strings.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

WIDTH = 100  # the writer's `width`: a line is folded at the first single space past it
_STR_TAG = "tag:yaml.org,2002:str"
_BREAKS = "\n\x85\u2028\u2029"
_SPACE_OR_BREAK = " " + _BREAKS
_FIRST_INDICATORS = "#,[]{}&*!|>'\"%@`"
_WHITESPACE = "\0 \t\r\n\x85\u2028\u2029"  # what PyYAML counts as "followed by whitespace"

# Emitter.analyze_scalar's character loop, as searches (allow_unicode=True).
_SPECIAL = re.compile(
    "[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]"
)
_LINE_BREAK = re.compile(f"[{_BREAKS}]")
_BREAK_SPACE = re.compile(f"[{_BREAKS}] ")
_SPACE_BREAK = re.compile(f" [{_BREAKS}]")
# Not plain in a block: ": " or a final ":", and " #" (any "#" after whitespace).
_BLOCK_INDICATOR = re.compile("\\:(?:[\0 \t\r\n\x85\u2028\u2029]|\\Z)|[\0 \t\r\n\x85\u2028\u2029]#")
# Most texts, at a glance: starting with a letter, a digit or "(", with no ":", "#", line
# break nor character to escape, they are plain if they do not end with a space.
_SURELY_PLAIN = re.compile(
    "[0-9A-Za-z(\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]"
    "[^\x00-\x1f:#\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U0010ffff]*"
)
_PLAIN_TOKENS = re.compile("( +)")
_SINGLE_TOKENS = re.compile(f" +|[{_BREAKS}]+|'|[^ '{_BREAKS}]+")


class JekyllDate(str):
    """A date written bare (not quoted), as in the seed: `2023-11-02 00:00:00 +01:00`."""


class PageDumper(yaml.SafeDumper):
    pass


PageDumper.add_representer(
    JekyllDate, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
)


class _Unsupported(Exception):
    """A value this writer leaves to PyYAML."""


def dump(data: dict[str, Any]) -> str:
    """`yaml.dump(data, Dumper=PageDumper, allow_unicode=True, sort_keys=False, width=100)`."""
    text = fast_dump(data)
    if text is None:
        return yaml.dump(data, Dumper=PageDumper, allow_unicode=True, sort_keys=False, width=WIDTH)
    return text


def fast_dump(data: Any) -> str | None:
    """The text `dump` writes, or None for a value only PyYAML writes."""
    if type(data) is not dict or not data:
        return None
    writer = _Writer(PageDumper)
    try:
        writer.mapping(data, 0, first_on_line=True)
    except _Unsupported:
        return None
    writer.out.append("\n")
    return "".join(writer.out)


class _Writer:
    def __init__(self, dumper: type[yaml.SafeDumper]):
        self.out: list[str] = []
        self.column = 0
        self.seen: set[int] = set()  # a list or mapping met twice gets an anchor: PyYAML's
        self.representers = dumper.yaml_representers
        self.resolvers = dumper.yaml_implicit_resolvers

    def write(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def new_line(self, indent: int) -> None:
        self.out.append("\n" + " " * indent)
        self.column = indent

    def _collection(self, value: Any) -> None:
        if id(value) in self.seen:
            raise _Unsupported
        self.seen.add(id(value))

    def mapping(self, data: dict, indent: int, first_on_line: bool) -> None:
        self._collection(data)
        for index, (key, value) in enumerate(data.items()):
            if index or not first_on_line:
                self.new_line(indent)
            elif self.column < indent:
                self.write(" " * (indent - self.column))
            self.write(_key(key, self.resolvers) + ":")
            self.node(value, indent, in_mapping=True)

    def node(self, value: Any, indent: int, in_mapping: bool) -> None:
        """A value after `key:` or `-`, its container at `indent`."""
        kind = type(value)
        if kind is list or kind is dict:
            if not value:
                self.write(" []" if kind is list else " {}")
            elif kind is dict:
                self.mapping(value, indent + 2, first_on_line=not in_mapping)
            elif in_mapping:  # a list in a mapping is not indented
                self._collection(value)
                for item in value:
                    self.new_line(indent)
                    self.write("-")
                    self.node(item, indent, in_mapping=False)
            else:
                raise _Unsupported  # a list in a list
            return
        tag, text = self._scalar(value, kind)
        self.scalar(tag, text, indent + 2)

    def _scalar(self, value: Any, kind: type) -> tuple[str, str]:
        if kind is str:
            return _STR_TAG, value
        if kind is bool:
            return "tag:yaml.org,2002:bool", "true" if value else "false"
        if kind is int:
            return "tag:yaml.org,2002:int", str(value)
        if value is None:
            return "tag:yaml.org,2002:null", "null"
        if kind not in self.representers or kind.__base__ is not str:
            raise _Unsupported  # floats, and whatever PyYAML represents (or refuses) itself
        try:  # a text written with its own tag (the writer's bare dates)
            node = self.representers[kind](_ScalarRecorder(), value)
        except AttributeError:
            raise _Unsupported from None
        if node.style is not None or not isinstance(node.value, str):
            raise _Unsupported
        return node.tag, node.value

    def scalar(self, tag: str, text: str, indent: int) -> None:
        analysis = _analysis(text)
        if _resolve(text, self.resolvers) == tag and analysis.plain:
            self.plain(text, indent)
        elif tag != _STR_TAG:
            raise _Unsupported  # PyYAML writes its tag before the quotes
        elif analysis.single_quoted:
            self.single_quoted(text, indent)
        else:
            self.double_quoted(text, indent)

    def plain(self, text: str, indent: int) -> None:
        """Emitter.write_plain (split, no line break in a plain scalar)."""
        if self.column + 1 + len(text) <= WIDTH:
            self.out.append(" " + text)
            self.column += 1 + len(text)
            return
        self.write(" ")
        for index, token in enumerate(_PLAIN_TOKENS.split(text)):
            if index % 2 == 0:
                self.write(token)
            elif token == " " and self.column > WIDTH:
                self.new_line(indent)
            else:
                self.write(token)

    def single_quoted(self, text: str, indent: int) -> None:
        """Emitter.write_single_quoted (split)."""
        self.write(" '")
        start = 0
        for token in _SINGLE_TOKENS.findall(text):
            first = token[0]
            end = start + len(token)
            if first == " ":
                if token == " " and self.column > WIDTH and start != 0 and end != len(text):
                    self.new_line(indent)
                else:
                    self.write(token)
            elif first in _BREAKS:
                if first == "\n":
                    self.out.append("\n")
                self.out.append(token)
                self.column = 0
                if indent:
                    self.write(" " * indent)
            elif first == "'":
                self.write("''")
            else:
                self.write(token)
            start = end
        self.write("'")

    def double_quoted(self, text: str, indent: int) -> None:
        """Emitter.write_double_quoted (split, allow_unicode), line for line."""
        self.write(' "')
        start = end = 0
        length = len(text)
        while end <= length:
            ch = text[end] if end < length else None
            if ch is None or ch in '"\\\x85\u2028\u2029\ufeff' or not _double_plain(ch):
                if start < end:
                    self.write(text[start:end])
                    start = end
                if ch is not None:
                    self.write(_escape(ch))
                    start = end + 1
            if (
                0 < end < length - 1
                and (ch == " " or start >= end)
                and self.column + (end - start) > WIDTH
            ):
                self.write(text[start:end] + "\\")
                if start < end:
                    start = end
                self.new_line(indent)
                if text[start] == " ":
                    self.write("\\")
            end += 1
        self.write('"')


class _ScalarRecorder:
    """Stands for the dumper in a representer that only calls `represent_scalar`."""

    def represent_scalar(self, tag: str, value: str, style: str | None = None) -> yaml.ScalarNode:
        return yaml.ScalarNode(tag, value, style=style)


class _Analysis:
    __slots__ = ("plain", "single_quoted")

    def __init__(self, plain: bool, single_quoted: bool):
        self.plain, self.single_quoted = plain, single_quoted


_EMPTY = _Analysis(plain=True, single_quoted=True)  # then resolved as null: quoted


_PLAIN = _Analysis(plain=True, single_quoted=True)


def _analysis(text: str) -> _Analysis:
    """Emitter.analyze_scalar: may the text be written plain in a block, or single-quoted?"""
    if not text:
        return _EMPTY
    if text[-1] != " " and _SURELY_PLAIN.fullmatch(text):
        return _PLAIN
    if _SPECIAL.search(text) or _SPACE_BREAK.search(text):
        return _Analysis(plain=False, single_quoted=False)
    if _BREAK_SPACE.search(text):
        return _Analysis(plain=False, single_quoted=False)
    plain = not (
        text[0] in _SPACE_OR_BREAK
        or text[-1] in _SPACE_OR_BREAK
        or _LINE_BREAK.search(text)
        or _starts_with_indicator(text)
        or _BLOCK_INDICATOR.search(text)
    )
    return _Analysis(plain=plain, single_quoted=True)


def _starts_with_indicator(text: str) -> bool:
    first = text[0]
    if first in _FIRST_INDICATORS or text.startswith(("---", "...")):
        return True
    followed_by_whitespace = len(text) == 1 or text[1] in _WHITESPACE
    return first in "?:-" and followed_by_whitespace


def _key(key: Any, resolvers: dict) -> str:
    """A key PyYAML writes plain on its line (`key:`); any other is left to it."""
    if _PLAIN_KEYS.get(key) is not True:
        if type(key) is not str or len(key) + len("!!str") >= 128:  # Emitter.check_simple_key
            raise _Unsupported
        if not _analysis(key).plain or _resolve(key, resolvers) != _STR_TAG:
            raise _Unsupported
        if len(_PLAIN_KEYS) < 10_000:  # the writer's keys, and those of imported pages
            _PLAIN_KEYS[key] = True
    return key


_PLAIN_KEYS: dict[str, bool] = {}


def _resolve(text: str, resolvers: dict) -> str:
    """Resolver.resolve for a plain scalar: the tag PyYAML reads it as."""
    for tag, regexp in resolvers.get(text[0] if text else "", ()):
        if regexp.match(text):
            return tag
    for tag, regexp in resolvers.get(None, ()):
        if regexp.match(text):
            return tag
    return _STR_TAG


def _double_plain(ch: str) -> bool:
    return "\x20" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd"


_ESCAPES = yaml.emitter.Emitter.ESCAPE_REPLACEMENTS


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    if ch <= "\xff":
        return f"\\x{ord(ch):02X}"
    if ch <= "\uffff":
        return f"\\u{ord(ch):04X}"
    return f"\\U{ord(ch):08X}"
