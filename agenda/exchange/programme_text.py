"""Lines of a Jekyll body turned into plain text that still knows where each character came from.

The programme extractor reads dates in plain text ("Le jeudi 03/11 de 16h15 à 18h15") but must
report the line and column of the evidence in the file, and sometimes needs to know which words
were in bold (`**[14h20] Title.** Description`). So markup is removed character by character,
keeping for every kept character its column in the source line and whether it was bold.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# Opening of a markdown link whose closing part is `](url)`; images are dropped whole.
_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*+\])*)\]\(\s*[^)\s\[]*+(?:\s+\"[^\"]*\")?\s*\)"
)
_TOKEN = re.compile(
    # No class below holds the character its branch starts with: a search that fails on a long
    # run ("<b<b<b…") moves on at the next one instead of scanning the rest again (quadratic).
    r"!\[[^\[\]]*\]\([^()]*\)"  # image
    r"|<(?P<close>/?)(?P<tag>[a-zA-Z][\w-]*)?[^<>]*>"  # html tag (or comment-ish)
    r"|\{:[^{}]*\}"  # kramdown attribute list
    r"|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"  # entity
    r"|\\(?=[\\`*_{}\[\]()#+\-.!|<>~]|$)"  # backslash escape or hard break
    r"|\*+"  # emphasis markers
    r"|(?<![\w])__|__(?![\w])"  # strong with underscores
)
_BOLD_TAGS = {"b", "strong"}
_BLOCK_TAGS = {"p", "div", "td", "th", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
_ITALIC_TAGS = {"i", "em"}
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,2}[.)])\s+(?!\*\s)")
_HEADING = re.compile(r"^\s*#{1,6}\s*")
_QUOTE = re.compile(r"^\s*>\s?")
_HTML_ITEM = re.compile(r"^\s*(?:<(?:ul|ol)[^>]*+>\s*+)*<li[^>]*>", re.IGNORECASE)
_HTML_HEADING = re.compile(r"^\s*(?:<div[^>]*>\s*)?<h[1-6][^>]*>", re.IGNORECASE)


@dataclass
class Part:
    """A piece of a line between `<br>` breaks, as plain text with a map to the source."""

    text: str
    cols: list[int]  # 0-based column in the source line of each character of `text`
    bold: list[bool]  # character written in bold
    emphasis: list[bool]  # character written in bold or italic
    index: int  # 0-based index of the source line in the body
    raw: str  # the markdown source of this piece

    def column(self, position: int) -> int:
        """0-based source column of the character at `position` (end of text allowed)."""
        if not self.cols:
            return 0
        return self.cols[min(position, len(self.cols) - 1)]

    def is_emphasised(self) -> bool:
        """Every visible character is bold or italic (a line like `**25/11/2020**`)."""
        flags = [e for c, e in zip(self.text, self.emphasis, strict=True) if not c.isspace()]
        return bool(flags) and all(flags)

    def is_bold(self) -> bool:
        flags = [b for c, b in zip(self.text, self.bold, strict=True) if not c.isspace()]
        return bool(flags) and all(flags)


@dataclass
class Segment:
    """Physical lines joined by `<br>` or a trailing backslash: one visual block of text."""

    parts: list[Part] = field(default_factory=list)
    first: int = 0  # 0-based index of the first body line
    last: int = 0
    bullet: bool = False
    heading: bool = False
    quote: bool = False


def clean(raw: str, index: int = 0, offset: int = 0) -> Part:
    """Plain text of one line fragment; `offset` is the fragment's column in its line."""
    deleted: set[int] = set()
    for match in _LINK.finditer(raw):
        deleted.add(match.start())
        deleted.update(range(match.end("text"), match.end()))
    text: list[str] = []
    cols: list[int] = []
    bold: list[bool] = []
    emph: list[bool] = []
    state = {"bold": False, "italic": False}
    position = 0

    def keep(upto: int) -> None:
        if deleted.isdisjoint(range(position, upto)):  # the common case, without a Python loop
            size = upto - position
            text.extend(raw[position:upto])
            cols.extend(range(offset + position, offset + upto))
            bold.extend([state["bold"]] * size)
            emph.extend([state["bold"] or state["italic"]] * size)
            return
        for i in range(position, upto):
            if i not in deleted:
                text.append(raw[i])
                cols.append(offset + i)
                bold.append(state["bold"])
                emph.append(state["bold"] or state["italic"])

    for match in _TOKEN.finditer(raw):
        if match.start() < position or match.start() in deleted:
            continue
        keep(match.start())
        position = match.end()
        token = match.group(0)
        if token.startswith("&"):
            text.append(html.unescape(token).replace("\xa0", " "))
            cols.append(offset + match.start())
            bold.append(state["bold"])
            emph.append(state["bold"] or state["italic"])
        elif token.startswith("*") or token == "__":
            _toggle(state, 2 if token == "__" else len(token))
        elif match.group("tag"):
            tag = match.group("tag").lower()
            _apply_tag(state, tag, bool(match.group("close")))
            if tag in _BLOCK_TAGS:
                # "<td>9h30</td><td>Accueil</td>" reads "9h30 Accueil", not "9h30Accueil".
                text.append(" ")
                cols.append(offset + match.start())
                bold.append(state["bold"])
                emph.append(state["bold"] or state["italic"])
    keep(len(raw))
    return Part("".join(text), cols, bold, emph, index, raw)


def _toggle(state: dict[str, bool], stars: int) -> None:
    if stars >= 2:
        state["bold"] = not state["bold"]
    if stars % 2 == 1:
        state["italic"] = not state["italic"]


def _apply_tag(state: dict[str, bool], tag: str, closing: bool) -> None:
    if tag in _BOLD_TAGS:
        state["bold"] = not closing
    elif tag in _ITALIC_TAGS:
        state["italic"] = not closing


def _strip_prefix(raw: str, segment: Segment) -> int:
    """Length of the block markers (quote, bullet, heading) at the start of a line."""
    position = 0
    while True:
        rest = raw[position:]
        for pattern, flag in (
            (_QUOTE, "quote"),
            (_BULLET, "bullet"),
            (_HEADING, "heading"),
            (_HTML_ITEM, "bullet"),
            (_HTML_HEADING, "heading"),
        ):
            match = pattern.match(rest)
            if match and match.end() > 0:
                setattr(segment, flag, True)
                position += match.end()
                break
        else:
            return position


def _line_parts(raw: str, index: int, start: int) -> list[Part]:
    parts = []
    position = start
    for match in _BREAK.finditer(raw, start):
        parts.append(clean(raw[position : match.start()], index, position))
        position = match.end()
    parts.append(clean(raw[position:], index, position))
    return parts


def _continues(previous: str, line: str) -> bool:
    """The line belongs to the block above: it starts with `<br>`, or the previous line ends
    with a hard break (`\\` or `<br>`)."""
    if not previous.strip() or not line.strip():
        return False
    if _BREAK.match(line.lstrip()):
        return True
    tail = previous.rstrip()
    return tail.endswith("\\") or bool(re.search(r"<br\s*/?>$", tail, re.IGNORECASE))


def segments(lines: list[str]) -> list[Segment]:
    """The body's non-blank lines grouped into segments, in order."""
    result: list[Segment] = []
    previous = ""
    for index, raw in enumerate(lines):
        if not raw.strip():
            previous = raw
            continue
        segment = Segment(first=index)
        start = _strip_prefix(raw, segment)
        block_start = segment.bullet or segment.heading or segment.quote
        if (
            result
            and not block_start
            and _continues(previous, raw)
            and result[-1].last == index - 1
        ):
            segment = result[-1]
        else:
            result.append(segment)
        segment.parts.extend(p for p in _line_parts(raw, index, start) if p.text.strip())
        segment.last = index
        previous = raw
    return [s for s in result if s.parts]


def fold_spaces(text: str) -> str:
    return " ".join(text.split())
