"""Rewritings of an event page's body that a real editor could have written and that keep the
sessions a careful reader sees (issue 11: extraction that generalises).

Each rewriting changes one habit of writing — how an hour is spelled, which dash joins a range,
how a day line is emphasised, how list items are marked, where a line breaks, which spaces and
line ends are used — everywhere in the body. The extraction must read the same sessions (start,
end, title, labels) from the rewritten page: `tests/test_programme_metamorphic.py`.

A rewriting that can also touch a title's text (`inline`) is applied to the expected title too:
a title that says "14h30" reads "14 h 30" once the page does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

DAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)

# An hour as editors write it: `9h`, `09h00`, `14h30`, `14 h 30`, `14H30`. Not inside a word, a
# number, a link or a date (`2020-11-03`, `/14h/`), and only hours of a day (0–23).
_HOUR = (
    r"(?<![\w/.,:#@&=])(?P<{n}h>[01]?\d|2[0-3])[ \u00a0\u202f]?[hH]"
    r"(?:[ \u00a0\u202f]?(?P<{n}m>[0-5]\d))?(?![\w'’])"
)
HOUR = re.compile(_HOUR.format(n=""))
# Two hours joined by a dash or `à`: `9h-10h`, `9 h 30 – 11 h`, `14h à 15h`.
RANGE = re.compile(
    _HOUR.format(n="a") + r"(?P<sep>[ \u00a0]*[-–—][ \u00a0]*| à )" + _HOUR.format(n="b")
)
# `de 9h à 10h`, `De 14h - 15h30`.
DE_RANGE = re.compile(r"(?<![\w'’])(?P<de>[dD]e) " + RANGE.pattern)


@dataclass(frozen=True)
class Rewriting:
    name: str
    rewrite: Callable[[str], str]
    inline: bool = True  # it can change a title's words too (not only markup or lines)
    whole_page: bool = False  # it applies to the front matter as well as the body


def _hour(match: re.Match[str], form: Callable[[str, str | None], str], n: str = "") -> str:
    return form(match[f"{n}h"], match[f"{n}m"])


def _hours(form: Callable[[str, str | None], str]) -> Callable[[str], str]:
    return lambda text: HOUR.sub(lambda m: _hour(m, form), text)


def _ranges(separator: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        return RANGE.sub(lambda m: _span(m, separator), text)

    return rewrite


def _span(match: re.Match[str], separator: str) -> str:
    text = match[0]
    a, b = match.span("sep")
    a, b = a - match.start(), b - match.start()
    return text[:a] + separator + text[b:]


def _de_a_to_dash(text: str) -> str:
    """`de 9h à 10h` -> `9h-10h` (the words dropped, the hours kept as written)."""

    def drop(match: re.Match[str]) -> str:
        start = match.start("ah") - match.start()
        return _span_of(match, start)

    return DE_RANGE.sub(drop, text)


def _span_of(match: re.Match[str], start: int) -> str:
    text = match[0]
    a, b = match.span("sep")
    a, b = a - match.start(), b - match.start()
    return text[start:a] + "-" + text[b:]


_LINE_LEAD = re.compile(r"^[\s*#>\[\-_|]*(?:\d+\.\s+)?[\s*_\[]*$")


def _dash_to_de_a(text: str) -> str:
    """`9h-10h` -> `de 9h à 10h` (`De` where the range opens its line)."""

    def words(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 3) : match.start()].lower()
        if before.endswith(("de ", "d'", "à ", "au ")) or " à " in match[0]:
            return match[0]
        line_start = text.rfind("\n", 0, match.start()) + 1
        de = "De" if _LINE_LEAD.match(text[line_start : match.start()]) else "de"
        return f"{de} {_span(match, ' à ')}"

    return RANGE.sub(words, text)


def _words(pattern: str, change: Callable[[str], str]) -> Callable[[str], str]:
    expression = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)
    return lambda text: expression.sub(lambda m: change(m[0]), text)


def _first_plain(text: str) -> str:
    return re.sub(r"(?<!\w)1(?:er|<sup>er</sup>)(?!\w)", "1", text)


def _first_ordinal(suffix: str) -> Callable[[str], str]:
    expression = re.compile(rf"(?<![\w/.])1(?:er)?(?= (?:{MONTHS})\b| au \d)", re.IGNORECASE)
    return lambda text: expression.sub("1" + suffix, text)


# A line that only names a day (and maybe its date): `**Lundi 23 novembre**`, `### 25/11/2020`.
_DAY_WORDS = (
    rf"(?:{DAYS})\b[^\n*#]*|\d{{1,2}}(?:er)? (?:{MONTHS})\b[^\n*#]*|\d{{1,2}}/\d{{1,2}}[^\n*#]*"
)
_BOLD_DAY = re.compile(
    rf"^(?P<lead>[ \t]*)\*\*(?P<text>(?:[Ll]e )?(?:{_DAY_WORDS}))\*\*[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING_DAY = re.compile(
    rf"^#{{2,6}}[ \t]+(?P<text>(?:[Ll]e )?(?:{_DAY_WORDS}))[ \t]*#*[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _bold_to_heading(text: str) -> str:
    """`**Lundi 23 novembre**` alone on its line -> `### Lundi 23 novembre`, blank lines
    around it as a heading needs."""

    def heading(match: re.Match[str]) -> str:
        if match["lead"]:
            return match[0]  # inside a list item: no heading there
        return f"\n### {match['text'].strip()}\n"

    return _BOLD_DAY.sub(heading, text)


def _heading_to_bold(text: str) -> str:
    """`### Lundi 23 novembre` -> `**Lundi 23 novembre**`, then a blank line (a paragraph)."""
    return _HEADING_DAY.sub(lambda m: f"**{m['text'].strip()}**\n", text)


_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[*+-]|\d+\.)[ \t]+(?=\S)")


def _markers(new: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        lines = text.split("\n")
        return "\n".join(_ITEM.sub(lambda m: m["indent"] + new + " ", line) for line in lines)

    return rewrite


def _numbered(text: str) -> str:
    """`* a` / `* b` -> `1. a` / `2. b` at the top level; what was indented under an item is
    indented one more space, so that it stays inside it (`1. ` is one character wider)."""
    lines = text.split("\n")
    count = 0
    for n, line in enumerate(lines):
        item = _ITEM.match(line)
        if item and not item["indent"] and item["marker"] in "*+-":
            count += 1
            lines[n] = f"{count}. " + line[item.end() :]
        elif count and line[:1] in (" ", "\t"):
            lines[n] = " " + line
        elif line.strip():
            count = 0
    return "\n".join(lines)


_BR = re.compile(r"[ \t]*<br\s*/?>[ \t]*", re.IGNORECASE)
# A paragraph opening with a block-level tag is raw HTML: a line end there is a mere space.
_HTML_BLOCK = re.compile(r"^\s*<(?!br|b>|i>|em>|strong>|a |span)", re.IGNORECASE)


def _br_to_lines(hard_break: str) -> Callable[[str], str]:
    """`A<br>B` -> `A` + hard break + `B` on the next line (indented to stay in its list item);
    a line opening with `<br>` puts its break at the end of the line above. Not in raw HTML
    paragraphs nor in tables."""

    def rewrite(text: str) -> str:
        out: list[str] = []
        for line, html in _lines_in_html(text.split("\n")):
            if html or "|" in line:
                out.append(line)
                continue
            stripped = line.lstrip()
            if out and out[-1].strip() and (lead := _BR.match(stripped)):
                out[-1] += hard_break  # "  <br>Lundi 29 novembre": the break ends the line above
                if not stripped[lead.end() :]:
                    continue
                line = line[: len(line) - len(stripped)] + stripped[lead.end() :]
            out += _broken(line, hard_break)
        return "\n".join(out)

    return rewrite


def _broken(line: str, hard_break: str) -> list[str]:
    """One line cut at its `<br>`s: each piece but the last ends with a hard break."""
    pieces = _BR.split(line)
    if len(pieces) == 1:
        return pieces
    if not pieces[-1].strip():
        pieces[-2] += hard_break  # the line ended with `<br>`: the next line continues it
        pieces.pop()
    item = _ITEM.match(line)
    indent = " " * (item.end() if item else len(line) - len(line.lstrip()))
    lines = [pieces[0]] + [indent + piece for piece in pieces[1:]]
    return [piece + hard_break for piece in lines[:-1]] + lines[-1:]


_HARD_BREAK = re.compile(r"(?:\\| {2,})\n[ \t]*(?=\S)")


def _lines_to_br(text: str) -> str:
    """A hard break at a line's end (`\\` or two spaces) -> `<br>`, the two lines joined."""
    return _HARD_BREAK.sub("<br>", text)


def _nbsp_hours(space: str) -> Callable[[str], str]:
    return _hours(lambda h, m: f"{h}{space}h{space}{m}" if m else f"{h}{space}h")


def _nbsp_punctuation(space: str) -> Callable[[str], str]:
    """French typography: a non-breaking space before `:`, `?`, `!`, `;` (`Quand ?`)."""
    expression = re.compile(r"(?<=[^\s:/])[ \t]?([:?!;])(?=[\s*_<]|$)", re.MULTILINE)
    return lambda text: expression.sub(lambda m: space + m[1], text)


def _trailing_spaces(text: str) -> str:
    """One space after every line (one space is no hard break), two on blank lines."""
    return "\n".join(line + (" " if line.strip() else "  ") for line in text.split("\n"))


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


_MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
_MONTH_NUMBERS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)} | {
    "fevrier": 2, "aout": 8, "decembre": 12,
}  # fmt: skip
# `03/11`, `3/11/2020`: a day and a month (not a fraction, a link's path, a version).
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.])(?P<d>0?[1-9]|[12]\d|3[01])/(?P<m>0?[1-9]|1[0-2])(?:/(?P<y>20\d\d))?"
    r"(?![\w/]|\s*journ)"
)
_WORDS_DATE = re.compile(
    rf"(?<![\w/.])(?P<d>0?[1-9]|[12]\d|3[01])(?:er)? (?P<m>{MONTHS})(?: (?P<y>20\d\d))?(?![\w-])",
    re.IGNORECASE,
)


def _numeric_to_words(text: str) -> str:
    """`Le jeudi 03/11` -> `Le jeudi 3 novembre` (and the year when written)."""

    def words(match: re.Match[str]) -> str:
        year = f" {match['y']}" if match["y"] else ""
        return f"{int(match['d'])} {_MONTH_NAMES[int(match['m']) - 1]}{year}"

    return _NUMERIC_DATE.sub(words, text)


def _words_to_numeric(text: str) -> str:
    """`Lundi 23 novembre 2020` -> `Lundi 23/11/2020`."""

    def numeric(match: re.Match[str]) -> str:
        year = f"/{match['y']}" if match["y"] else ""
        return f"{int(match['d']):02d}/{_MONTH_NUMBERS[match['m'].lower()]:02d}{year}"

    return _WORDS_DATE.sub(numeric, text)


def _noon(text: str) -> str:
    """`12h-14h` -> `midi-14h`, `à 12h` -> `à midi`: noon in words."""
    return HOUR.sub(lambda m: "midi" if m["h"] == "12" and m["m"] in (None, "00") else m[0], text)


_MIDI = re.compile(r"(?<![\w-])midi(?![\w-])")


def _noon_in_figures(text: str) -> str:
    return _MIDI.sub("12h", text)


_BOLD_STARS = re.compile(r"(?<![*\w])\*\*(?=\S)(?P<inside>[^*\n]+?)(?<=\S)\*\*(?![*\w])")


def _underscores(text: str) -> str:
    """`**Titre**` -> `__Titre__`."""
    return _BOLD_STARS.sub(lambda m: f"__{m['inside']}__", text)


def _tags(old: str, new: str) -> Callable[[str], str]:
    expression = re.compile(rf"<(/?){old}(?=[\s>])", re.IGNORECASE)
    return lambda text: expression.sub(lambda m: f"<{m[1]}{new}", text)


_ATX = re.compile(r"^(#{2,5})(?=[ \t])", re.MULTILINE)


def _deeper_headings(text: str) -> str:
    return _ATX.sub(lambda m: m[1] + "#", text)


def _loose_lists(text: str) -> str:
    """A blank line between two top-level items of a list (a "loose" list)."""
    return re.sub(r"\n(?=[*-] \S|\d{1,2}\. \S)", "\n\n", text).replace("\n\n\n", "\n\n")


def _tight_lists(text: str) -> str:
    """No blank line between two items of a list when the first one is a single line."""
    return re.sub(r"(^[ \t]*(?:[*-]|\d{1,2}\.) [^\n]+)\n\n(?=[ \t]*(?:[*-]|\d{1,2}\.) \S)",
                  r"\1\n", text, flags=re.MULTILINE)  # fmt: skip


# `* 9h30 : Accueil`, `**14h-15h :** Titre`: the colon between a time and its title.
_TIME_COLON = re.compile(
    rf"(?P<time>{_HOUR.format(n='a')}(?:[ ]?[-–][ ]?{_HOUR.format(n='b')})?)"
    r"(?P<close>\**)[ \u00a0]?:(?P<after>\**) "
)


def _dash_after_time(text: str) -> str:
    """`9h30 : Accueil` -> `9h30 – Accueil`."""
    return _TIME_COLON.sub(lambda m: f"{m['time']}{m['close']} –{m['after']} ", text)


def _colon_outside_bold(text: str) -> str:
    """`**9h30 - 12h :** Titre` -> `**9h30 - 12h** : Titre`."""
    return re.sub(r"[ \u00a0]?:\*\* ", "** : ", text)


def _hours_in_words(text: str) -> str:
    """`à 14h` -> `à 14 heures` (whole hours only, as in running text)."""
    return HOUR.sub(lambda m: f"{m['h']} heures" if m["m"] in (None, "00") else m[0], text)


def _leading_zero(text: str) -> str:
    return HOUR.sub(lambda m: f"{int(m['h']):02d}h{m['m'] or ''}", text)


def _no_leading_zero(text: str) -> str:
    return HOUR.sub(lambda m: f"{int(m['h'])}h{m['m'] or ''}", text)


def _curly_apostrophes(text: str) -> str:
    return re.sub(r"(?<=\w)'(?=\w)", "’", text)


def _straight_quotes(text: str) -> str:
    """`« Titre »` -> `"Titre"`."""
    return re.sub(r"«[ \u00a0\u202f]?([^«»\n]*?)[ \u00a0\u202f]?»", r'"\1"', text)


def _entity_spaces(text: str) -> str:
    """`14h30` -> `14&nbsp;h&nbsp;30` and `Titre :` -> `Titre&nbsp;:` (pasted from a word
    processor)."""
    return _nbsp_punctuation("&nbsp;")(_nbsp_hours("&nbsp;")(text))


_ITALIC_STAR = re.compile(r"(?<![*\w])\*(?=[^\s*])(?P<inside>[^*\n]+?)(?<=[^\s*])\*(?![*\w])")


def _italic_underscores(text: str) -> str:
    """`*Titre*` -> `_Titre_`."""
    return _ITALIC_STAR.sub(lambda m: f"_{m['inside']}_", text)


# `**9h30 - 12h :** Titre` at the start of a line (after a bullet): the bold run, then the rest.
_BOLD_LEAD = re.compile(
    r"^(?P<lead>[ \t]*(?:[*-] )?)\*\*(?P<bold>[^*\n]+)\*\*(?P<rest>[^*\n]+)$", re.M
)


_TIME_ONLY = re.compile(rf"\s*\[?\s*(?:{RANGE.pattern}|{HOUR.pattern})\s*\]?\s*:?\s*$")


def _bold_whole_line(text: str) -> str:
    """`* **9h30 - 12h :** Titre` -> `* **9h30 - 12h : Titre**`: the whole line in bold, where
    the bold run was the time alone (a bold title before its description stays as it is)."""

    def whole(match: re.Match[str]) -> str:
        if not _TIME_ONLY.match(match["bold"]) or not any(c.isalpha() for c in match["rest"]):
            return match[0]
        return f"{match['lead']}**{match['bold']}{match['rest'].rstrip()}**"

    return _BOLD_LEAD.sub(whole, text)


def _cms_escapes(text: str) -> str:
    """What a content editor (Decap/Netlify CMS) writes: brackets escaped outside links
    (`\\[Le 09/11 de 14h à 15h\\]`), `\\-` in ranges (`9h\\-10h`); not in raw HTML."""

    def escaped(line: str) -> str:
        line = re.sub(r"(?<![\\!\]])\[(?![^\[\]\n]*\]\()", r"\\[", line)
        line = re.sub(r"(?<![\\)])\](?!\()", r"\\]", line)
        return RANGE.sub(lambda m: _span(m, "\\-") if m["sep"].strip() == "-" else m[0], line)

    return "\n".join(
        line if html else escaped(line) for line, html in _lines_in_html(text.split("\n"))
    )


def _lines_in_html(lines: list[str]) -> list[tuple[str, bool]]:
    """Each line, and whether it is in a paragraph opening with a block-level tag (raw HTML)."""
    flagged, html, previous = [], False, ""
    for line in lines:
        if not line.strip():
            html = False
        elif not previous.strip():
            html = bool(_HTML_BLOCK.match(line))
        flagged.append((line, html))
        previous = line
    return flagged


_WRAP_AT = 60
_NOT_WRAPPED = re.compile(r"^\s*(?:#|<|\||```|\{|-{3}|\*{3}|$)")


def _hard_wrapped(text: str) -> str:
    """Long lines of paragraphs and list items wrapped at 60 columns, as some editors do (the
    next line indented to stay in its item); headings, tables and HTML left alone."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= _WRAP_AT or _NOT_WRAPPED.match(line) or "|" in line:
            out.append(line)
            continue
        item = _ITEM.match(line)
        indent = " " * (item.end() if item else len(line) - len(line.lstrip()))
        out += _wrap(line.rstrip(), indent)
    return "\n".join(out)


def _wrap(line: str, indent: str) -> list[str]:
    lines: list[str] = []
    while len(line) > _WRAP_AT:
        cut = line.rfind(" ", len(indent) + 1, _WRAP_AT)
        if cut <= len(indent) or line.endswith(("\\", "  ")) and cut > len(line) - 3:
            break
        lines.append(line[:cut])
        line = indent + line[cut + 1 :]
    return [*lines, line]


REWRITINGS: tuple[Rewriting, ...] = (
    Rewriting("14h30 -> 14 h 30", _hours(lambda h, m: f"{h} h {m}" if m else f"{h} h")),
    Rewriting("14 h 30 -> 14h30", _hours(lambda h, m: f"{h}h{m or ''}")),
    Rewriting("14h30 -> 14:30", _hours(lambda h, m: f"{h}:{m or '00'}")),
    Rewriting("14h30 -> 14H30", _hours(lambda h, m: f"{h}H{m or ''}")),
    Rewriting("14h -> 14h00", _hours(lambda h, m: f"{h}h{m or '00'}")),
    Rewriting("14h00 -> 14h", _hours(lambda h, m: f"{h}h{'' if m == '00' else m or ''}")),
    Rewriting("14h30 -> 14\u00a0h\u00a030 (U+00A0)", _nbsp_hours("\u00a0")),
    Rewriting("14h30 -> 14\u202fh\u202f30 (U+202F)", _nbsp_hours("\u202f")),
    Rewriting("9h-10h -> 9h – 10h", _ranges(" – ")),
    Rewriting("9h-10h -> 9h—10h", _ranges("—")),
    Rewriting("9h – 10h -> 9h-10h", _ranges("-")),
    Rewriting("9h-10h -> 9h à 10h", _ranges(" à ")),
    Rewriting("de 9h à 10h -> 9h-10h", _de_a_to_dash),
    Rewriting("9h-10h -> de 9h à 10h", _dash_to_de_a),
    Rewriting("Lundi -> lundi", _words(DAYS, str.lower)),
    Rewriting("lundi -> Lundi", _words(DAYS, str.capitalize)),
    Rewriting("lundi 3 mars -> LUNDI 3 MARS", _words(f"{DAYS}|{MONTHS}", str.upper)),
    Rewriting("mars -> Mars", _words(MONTHS, str.capitalize)),
    Rewriting("1er -> 1", _first_plain),
    Rewriting("1 mars -> 1er mars", _first_ordinal("er")),
    Rewriting("1er -> 1<sup>er</sup>", _first_ordinal("<sup>er</sup>")),
    Rewriting("**jour** -> ### jour", _bold_to_heading, inline=False),
    Rewriting("### jour -> **jour**", _heading_to_bold, inline=False),
    Rewriting("* item -> - item", _markers("-"), inline=False),
    Rewriting("- item -> * item", _markers("*"), inline=False),
    Rewriting("* item -> 1. item", _numbered, inline=False),
    Rewriting("<br> -> two spaces, new line", _br_to_lines("  "), inline=False),
    Rewriting("<br> -> \\, new line", _br_to_lines("\\"), inline=False),
    Rewriting("hard break -> <br>", _lines_to_br, inline=False),
    Rewriting("Titre : -> Titre\u00a0: (U+00A0)", _nbsp_punctuation("\u00a0")),
    Rewriting("Titre : -> Titre\u202f: (U+202F)", _nbsp_punctuation("\u202f")),
    Rewriting("trailing spaces", _trailing_spaces, inline=False),
    Rewriting("CRLF line ends", _crlf, inline=False, whole_page=True),
    Rewriting("03/11 -> 3 novembre", _numeric_to_words),
    Rewriting("23 novembre -> 23/11", _words_to_numeric),
    Rewriting("12h -> midi", _noon),
    Rewriting("midi -> 12h", _noon_in_figures),
    Rewriting("9h -> 09h", _leading_zero),
    Rewriting("09h -> 9h", _no_leading_zero),
    Rewriting("14h -> 14 heures", _hours_in_words),
    Rewriting("**gras** -> __gras__", _underscores, inline=False),
    Rewriting("<b> -> <strong>", _tags("b", "strong"), inline=False),
    Rewriting("<i> -> <em>", _tags("i", "em"), inline=False),
    Rewriting("## -> ###", _deeper_headings, inline=False),
    Rewriting("tight list -> loose list", _loose_lists, inline=False),
    Rewriting("loose list -> tight list", _tight_lists, inline=False),
    Rewriting("9h30 : Titre -> 9h30 – Titre", _dash_after_time, inline=False),
    Rewriting("**9h :** -> **9h** :", _colon_outside_bold, inline=False),
    Rewriting("' -> ’", _curly_apostrophes),
    Rewriting('« Titre » -> "Titre"', _straight_quotes),
    Rewriting("14h30 -> 14&nbsp;h&nbsp;30, Titre&nbsp;:", _entity_spaces),
    Rewriting("*titre* -> _titre_", _italic_underscores, inline=False),
    Rewriting("**9h :** Titre -> **9h : Titre**", _bold_whole_line, inline=False),
    Rewriting("[Le 09/11] -> \\[Le 09/11\\] (CMS escapes)", _cms_escapes, inline=False),
)

# Measured, not yet kept: markdown reads a paragraph whole, the extractor line by line. Wrapped
# lines cut titles (a bold run or a link over two lines, `« … »` split), and a wrapped line that
# starts with a date reads as an item of its own: 54 of the 139 pages it changes (2026-12-04).
MEASURED_ONLY: tuple[Rewriting, ...] = (
    Rewriting("lines wrapped at 60 columns", _hard_wrapped, inline=False),
)
