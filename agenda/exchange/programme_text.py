"""Lines of a Jekyll body turned into plain text that still knows where each character came from.

The programme extractor reads dates in plain text ("Le jeudi 03/11 de 16h15 à 18h15") but must
report the line and column of the evidence in the file, and sometimes needs to know which words
were in bold (`**[14h20] Title.** Description`). So markup is removed in one pass over a line,
keeping for each kept run of characters its column in the source line and whether it was bold or
emphasised. A piece of line is only cleaned when the reader asks for its text: most of a body is
prose the reader never looks at.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from agenda.lib.fastre import starting_with

# Markup removed from a line; everything else is kept. A link's `[` and `](url)` go, its text
# stays (the lookahead stops at the next bracket, so it stays linear).
_TOKEN = re.compile(
    # No class below holds the character its branch starts with: a search that fails on a long
    # run ("<b<b<b…") moves on at the next one instead of scanning the rest again (quadratic).
    # Behind a lookahead on the characters the branches start with: 1.5-4x faster (lib.fastre).
    starting_with(
        r"!\[\]<{&\\*_",
        r"!\[[^\[\]]*\]\([^()]*\)"  # image
        r"|(?P<link_open>(?<!!)\[(?=[^\[\]]*\]\())"  # opening bracket of a link
        r"|(?P<link_close>\]\(\s*[^)\s]*\s*\)|\]\(\s*[^)\s]*\s+\"[^\"]*\"\s*\))"  # `](url "title")`
        r"|<(?P<close>/?)(?P<tag>[a-zA-Z][\w-]*)[^<>]*>|<[^<>]*>"  # html tag (or comment-ish)
        r"|\{:[^{}]*\}"  # kramdown attribute list
        r"|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"  # entity
        r"|\\(?=[\\`*_{}\[\]()#+\-.!|<>~]|\s*$)"  # backslash escape or hard break
        r"|\*+"  # emphasis markers
        r"|(?<![\w])__|__(?![\w])"  # strong with underscores
        r"|(?<![\w_])_(?=[^\s_])|(?<=[^\s_])_(?![\w_])",  # emphasis with one underscore: _Titre_
    ),
)
_MARKUP_CHARS = re.compile(r"[*_<>&\[\]\\{]")
# Spaces French typography puts around `h`, `:`, `?` (`14\u00a0h\u00a030`, `Lieu\u202f:`): read
# as plain spaces, one character for one so that columns still map to the source.
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u202f\u2007\u2009", " "))
_BOLD_TAGS = {"b", "strong"}
_BLOCK_TAGS = {"p", "div", "td", "th", "tr", "li", "ul", "ol", "dl", "dt", "dd"} | {
    f"h{n}" for n in range(1, 7)
}
_ITALIC_TAGS = {"i", "em"}
_CELL_TAGS = {"td", "th"}
# A line break, or a table row, a list item or a term of a definition list (`<dt>9h30</dt>
# <dd>Accueil</dd>`) starting on the same line as the one before.
_BREAK = re.compile(r"<br\s*/?>|(?<=>)\s*<(?:tr|li|dt)\b[^<>]*>", re.IGNORECASE)
# Something a reader sees: a letter or a digit outside tags, entities and link targets.
_VISIBLE = re.compile(r"[^\W_]")
_HIDDEN = re.compile(r"<[^<>]*>|\]\([^()]*\)|&#?\w{1,8};|\{:[^{}]*\}")


class Part:
    """A piece of a line between `<br>` breaks, as plain text with a map to the source."""

    __slots__ = ("raw", "index", "offset", "_text", "_runs", "tokens", "windows")

    def __init__(self, raw: str, index: int, offset: int):
        self.raw = raw  # the markdown source of this piece
        self.index = index  # 0-based index of the source line in the body
        self.offset = offset  # column of raw[0] in its line
        self._text: str | None = None
        # (start in text, column in the line, bold?, emphasised?) of each kept run, in order
        self._runs: list[tuple[int, int, bool, bool]] = []
        self.tokens: list | None = None  # the reader's tokens of text, computed once
        self.windows: dict[int, list] = {}  # tokens of a window of text, by its start

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._clean()
        return self._text

    def _clean(self) -> str:
        raw, offset = self.raw.translate(_SPACES), self.offset
        if not _MARKUP_CHARS.search(raw):
            self._runs.append((0, offset, False, False))
            return raw
        pieces: list[str] = []
        runs = self._runs
        size = 0
        bold = italic = False
        position = 0

        def keep(piece: str, column: int) -> None:
            nonlocal size
            if piece:
                runs.append((size, column, bold, bold or italic))
                pieces.append(piece)
                size += len(piece)

        for match in _TOKEN.finditer(raw):
            keep(raw[position : match.start()], offset + position)
            position = match.end()
            token = match.group()
            if token[0] == "&":
                keep(html.unescape(token).replace("\xa0", " "), offset + match.start())
            elif token[0] in "*_":
                stars = len(token)
                if stars >= 2:
                    bold = not bold
                if stars % 2:
                    italic = not italic
            elif match.group("tag"):
                tag = match.group("tag").lower()
                closing = bool(match.group("close"))
                if tag in _BOLD_TAGS:
                    bold = not closing
                elif tag in _ITALIC_TAGS:
                    italic = not closing
                elif tag in _CELL_TAGS and not closing:
                    # "<td>9h30</td><td>Accueil</td>" reads as the markdown row "| 9h30 | Accueil".
                    keep(" | ", offset + match.start())
                elif tag in _BLOCK_TAGS:
                    keep(" ", offset + match.start())
        keep(raw[position:], offset + position)
        return "".join(pieces)

    def _run(self, position: int) -> int:
        self.text  # noqa: B018 (cleans the part)
        starts = [run[0] for run in self._runs]
        return max(0, bisect.bisect_right(starts, position) - 1)

    def column(self, position: int) -> int:
        """0-based source column of the character at `position` (end of text allowed)."""
        text = self.text
        if not self._runs:
            return self.offset
        position = min(position, max(len(text) - 1, 0))
        start, column, _, _ = self._runs[self._run(position)]
        return column + position - start

    def _flags(self, which: int) -> list[tuple[int, int, bool]]:
        """(start, end, flag) of each run."""
        text = self.text
        runs = self._runs
        return [
            (run[0], runs[n + 1][0] if n + 1 < len(runs) else len(text), run[which])
            for n, run in enumerate(runs)
        ]

    def is_bold_at(self, position: int) -> bool:
        if not self.text or position >= len(self.text):
            return False
        return self._runs[self._run(position)][2]

    def bold_end(self, position: int) -> int:
        """End of the bold text that goes on from position."""
        for start, end, flag in self._flags(2):
            if end > position and not flag:
                return max(start, position)
        return len(self.text)

    def _all(self, which: int) -> bool:
        if not _starts_emphasised(self.raw):
            return False  # the first visible character is plain: not all emphasised
        text = self.text
        runs = self._runs
        seen = False
        for n, run in enumerate(runs):
            end = runs[n + 1][0] if n + 1 < len(runs) else len(text)
            if not text[run[0] : end].isspace() and run[0] < end:
                if not run[which]:
                    return False
                seen = True
        return seen

    def is_emphasised(self) -> bool:
        """Every visible character is bold or italic (a line like `**25/11/2020**`)."""
        return self._all(3)

    def is_bold(self) -> bool:
        return self._all(2)

    def has_text(self) -> bool:
        return bool(self.text.strip())


_EMPHASIS_TAG = re.compile(r"<(?:b|strong|i|em)[\s>]", re.IGNORECASE)


def _starts_emphasised(raw: str) -> bool:
    """Does the first visible character of raw come after an emphasis marker? (Other tags and a
    link's bracket before it are skipped.)"""
    text = raw.lstrip()
    while text[:1] in ("<", "[") and not _EMPHASIS_TAG.match(text):
        end = 1 if text[0] == "[" else text.find(">") + 1
        if end <= 0:
            return False
        text = text[end:].lstrip()
    return text[:1] in ("*", "_") or _EMPHASIS_TAG.match(text) is not None


def clean(raw: str, index: int = 0, offset: int = 0) -> Part:
    """Plain text of one line fragment; `offset` is the fragment's column in its line."""
    return Part(raw, index, offset)


@dataclass
class Segment:
    """Physical lines joined by `<br>` or a trailing backslash: one visual block of text."""

    parts: list[Part] = field(default_factory=list)
    first: int = 0  # 0-based index of the first body line
    last: int = 0
    bullet: bool = False
    heading: bool = False
    quote: bool = False


_PREFIX = re.compile(
    r"(?P<quote>\s*>\s?)"
    r"|(?P<bullet>\s*(?:[*+-]|\d{1,2}[.)])\s+(?!\*\s))"
    r"|(?P<heading>\s*#{1,6}\s*)"
    r"|(?P<html_list>\s*<(?:ul|ol)[^>]*>(?=\s*<))"
    r"|(?P<html_item>\s*<li[^>]*>)"
    r"|(?P<html_heading>\s*<div[^>]*>\s*<h[1-6][^>]*>|\s*<h[1-6][^>]*>)",
    re.IGNORECASE,
)
_FLAGS = {"quote": "quote", "bullet": "bullet", "heading": "heading", "html_item": "bullet",
          "html_heading": "heading", "html_list": "bullet"}  # fmt: skip
_PREFIX_START = re.compile(r"\s*[>*+\-#<\d]")


def _strip_prefix(raw: str, segment: Segment) -> int:
    """Length of the block markers (quote, bullet, heading) at the start of a line."""
    position = 0
    while _PREFIX_START.match(raw, position):
        match = _PREFIX.match(raw, position)
        if not match or match.end() == position:
            break
        setattr(segment, _FLAGS[match.lastgroup or "quote"], True)
        position = match.end()
    return position


def _line_parts(raw: str, index: int, start: int) -> list[Part]:
    parts = []
    position = start
    for match in _BREAK.finditer(raw, start):
        parts.append(Part(raw[position : match.start()], index, position))
        position = match.end()
    parts.append(Part(raw[position:], index, position))
    return parts


_HARD_BREAK_END = re.compile(r"(?:\\|<br\s*/?>)\s*$", re.IGNORECASE)


def _continues(previous: str, line: str) -> bool:
    """The line belongs to the block above: it starts with `<br>`, or the previous line ends
    with a hard break (`\\` or `<br>`)."""
    if not previous.strip() or not line.strip():
        return False
    if _BREAK.match(line.lstrip()):
        return True
    return bool(_HARD_BREAK_END.search(previous))


def _visible(part: Part) -> bool:
    return bool(_VISIBLE.search(_HIDDEN.sub("", part.raw)))


def visible_text(raw: str) -> str:
    """The raw text without its tags, link targets and entities (a cheap approximation of the
    text, to decide whether cleaning it is worth it)."""
    return _HIDDEN.sub("", raw)


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
        segment.parts.extend(p for p in _line_parts(raw, index, start) if _visible(p))
        segment.last = index
        previous = raw
    return [s for s in result if s.parts]


def wrapped_line(segment: Segment, following: list[Segment]) -> Segment | None:
    """The next line when it continues the paragraph (a soft line break)."""
    if not following:
        return None
    after = following[0]
    if after.first != segment.last + 1 or after.bullet or after.heading or after.quote:
        return None
    return after


def fold_spaces(text: str) -> str:
    return " ".join(text.split())
