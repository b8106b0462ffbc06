"""Mistakes injected into the real pages of ../shared/corpus, and harmless rewritings of them
(issue 11, item 5): a check that generalises finds a mistake an editor makes in every surface
form it takes, on pages it was not tuned to, and stays silent when the same words say nothing
wrong.

Each `Form` edits one corpus page (its chapeau, an information field, an image's alternative
text, the front matter or the end of its body) and says at which line the problem must be
reported, or that no problem of its code may appear. Only pages whose expectations list no
problem of the form's code are edited, so whatever the check reports of that code comes from
the edit. The forms are in tests/injected_forms.py and tests/injected_years.py;
`python -m tests.injecting` prints the table code × form → found, missed, false alarms.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from agenda.lib.frenchdates import MONTHS, WEEKDAYS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_FRONT_END = re.compile(r"^---[ \t]*$", re.M)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Page:
    """A corpus page and what the edits need to know of it."""

    name: str
    text: str
    start: dt.date | dt.datetime
    end: dt.date | None
    title: str
    codes: frozenset[str]  # the codes its expectations list
    sessions: int = 0  # how many sessions its expectations list
    times_elsewhere: bool = False  # its chapeau or an information field writes an hour

    @property
    def day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        return self.end if self.end and self.end >= self.day else self.day

    @property
    def hour(self) -> int | None:
        """The front matter's start hour, when it gives one (00:00 means none)."""
        if isinstance(self.start, dt.datetime) and self.start.time() != dt.time():
            return self.start.hour
        return None

    @property
    def name_of_event(self) -> str:
        """The title as an editor names the event in a sentence: before a colon, a dash or a
        parenthesis, without its years and hashtags."""
        name = re.split(r"\s[:–—-]\s|\s?[:(]", self.title)[0]
        name = _YEAR.sub("", re.sub(r"#\S+", "", name))
        return " ".join(name.split()).strip(" ,'\"")


@dataclass(frozen=True)
class Edited:
    text: str
    line: int | None  # where the problem must be reported; None: no problem of the code


@dataclass(frozen=True)
class Form:
    code: str
    name: str
    edit: Callable[[Page], Edited | None]
    harmless: bool = False
    needs_hour: bool = False


# --- editing a page -----------------------------------------------------------------------------


def _front_end(text: str) -> int:
    """Offset of the line closing the front matter."""
    return list(_FRONT_END.finditer(text))[1].start()


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _front_block(lines: list[str], key: str) -> tuple[int, int] | None:
    """(first, end) line indexes of a top-level key and the lines that belong to it."""
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            end = index + 1
            while end < len(lines) and (lines[end][:1] in (" ", "\t", "-") or not lines[end]):
                if lines[end] == "---":
                    break
                end += 1
            return index, end
    return None


def _with_front(page: Page, key: str, block: list[str], *, keep: bool) -> tuple[str, int]:
    """The page with `block` (top-level YAML lines) written at the end of the key's block
    (`keep`) or instead of it, or before the closing `---`; and the block's first line."""
    end = _front_end(page.text)
    head, tail = page.text[:end], page.text[end:]
    lines = head.split("\n")[:-1]
    found = _front_block(lines, key)
    if found is None:
        at = len(lines)
        lines[at:at] = block if not keep else [f"{key}:", *block]
        first = at + (1 if keep else 0)
    elif keep:
        at = found[1]
        lines[at:at] = block
        first = at
    else:
        lines[found[0] : found[1]] = block
        first = found[0]
    return "\n".join(lines) + "\n" + tail, first + 1


def chapeau(sentence: str) -> Callable[[Page], tuple[str, int]]:
    def edit(page: Page) -> tuple[str, int]:
        return _with_front(page, "chapeau-text", [f"chapeau-text: {quoted(sentence)}"], keep=False)

    return edit


def info_field(label: str, content: str) -> Callable[[Page], tuple[str, int]]:
    def edit(page: Page) -> tuple[str, int]:
        entry = [f"- intitule: {label}", f"  contenu: {quoted(content)}"]
        text, first = _with_front(page, "champs_informations", entry, keep=True)
        return text, first + 1  # the content's line

    return edit


def front_lines(
    key: str, *block: str, keep: bool = True, line: int = 0
) -> Callable[[Page], tuple[str, int]]:
    """`block` written in the key's block (`keep`) or instead of it; the problem at the
    block's line `line` (0: its first)."""

    def edit(page: Page) -> tuple[str, int]:
        text, first = _with_front(page, key, list(block), keep=keep)
        return text, first + line

    return edit


def alt_text(alt: str) -> Callable[[Page], tuple[str, int]]:
    def edit(page: Page) -> tuple[str, int]:
        entry = ['- image: "/uploads/affiche.png"', f"  alternative-textuelle: {quoted(alt)}"]
        text, first = _with_front(page, "une-ou-diaporama", entry, keep=True)
        return text, first + 1

    return edit


def body_end(paragraph: str, offset: int = 0) -> Callable[[Page], tuple[str, int]]:
    """The paragraph added after the body; the problem at its line `offset` (0: its first)."""

    def edit(page: Page) -> tuple[str, int]:
        text = page.text.rstrip("\n") + "\n\n"
        return text + paragraph + "\n", _line_of(text, len(text)) + offset

    return edit


def body_rewrite(rewrite: Callable[[str], str]) -> Callable[[Page], tuple[str, int]]:
    """The body rewritten line for line (the same number of lines)."""

    def edit(page: Page) -> tuple[str, int]:
        end = page.text.index("\n", _front_end(page.text)) + 1
        body = rewrite(page.text[end:])
        assert body.count("\n") == page.text[end:].count("\n")
        return page.text[:end] + body, 0

    return edit


def start_line(text: str) -> int:
    match = re.search(r"^event_start_date:", text, re.M)
    return _line_of(text, match.start()) if match else 0


# --- words of a page's dates ------------------------------------------------------------------


def long_date(day: dt.date, year: bool = False) -> str:
    written = f"{day.day if day.day > 1 else '1er'} {MONTHS[day.month - 1]}"
    return f"{written} {day.year}" if year else written


def days_before(page: Page, days: int) -> dt.date:
    """A day of last year, `days` before the event's first day moved a year back."""
    return last_year(page.day) - dt.timedelta(days=days)


def wrong_weekday(day: dt.date) -> str:
    return WEEKDAYS[(day.weekday() + 1) % 7]


def last_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=min(day.day, 28))


# --- the forms --------------------------------------------------------------------------------


def mistake(code: str, name: str, make, *, needs_hour: bool = False) -> Form:
    """A form whose edit must be reported: at its line, or (time-mismatch) at the start's."""

    def edit(page: Page) -> Edited | None:
        made = make(page)
        if not made:
            return None
        text, line = made(page)
        return Edited(text, start_line(text) if code == "time-mismatch" else line)

    return Form(code, name, edit, needs_hour=needs_hour)


def harmless(code: str, name: str, make, *, needs_hour: bool = False) -> Form:
    def edit(page: Page) -> Edited | None:
        made = make(page)
        if not made:
            return None
        return Edited(made(page)[0], None)

    return Form(code, name, edit, harmless=True, needs_hour=needs_hour)


# --- running --------------------------------------------------------------------------------


def _writes_an_hour(read) -> bool:
    """The chapeau or an information field writes an hour (the rule reads these first)."""
    texts = [read.chapeau or "", *(field.content or "" for field in read.info_fields)]
    return any(re.search(r"\d\s?[hH:]\s?\d*|heures", text) for text in texts)


def corpus_pages() -> list[Page]:
    from agenda.exchange.jekyll import parse_page

    pages = []
    for path in sorted((CORPUS / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        source = CORPUS / data["source"]
        text = source.read_text(encoding="utf-8")
        read = parse_page(text, path=source.name, slug=source.stem)
        if read.start is None or len(list(_FRONT_END.finditer(text))) < 2:
            continue
        end = read.end.value if read.end else None
        end = end.date() if isinstance(end, dt.datetime) else end
        codes = frozenset(p["code"] for p in data["problems"])
        pages.append(
            Page(
                source.name, text, read.start.value, end, read.title or "", codes,
                len(data["sessions"]), _writes_an_hour(read),
            )
        )  # fmt: skip
    return pages


def lines_found(page: Page, text: str, code: str) -> list[int]:
    from agenda.checks import check_page
    from agenda.exchange.jekyll import parse_page

    read = parse_page(text, path=page.name, slug=page.name)
    return sorted(p.line for p in check_page(read) if p.code == code)


@dataclass(frozen=True)
class Outcome:
    form: Form
    page: str
    expected: int | None
    found: list[int]

    @property
    def right(self) -> bool:
        return self.found == ([] if self.expected is None else [self.expected])


def outcomes(form: Form, pages: list[Page]) -> Iterator[Outcome]:
    for page in pages:
        if form.code in page.codes or (form.needs_hour and page.hour is None):
            continue
        edited = form.edit(page)
        if edited is not None:
            yield Outcome(form, page.name, edited.line, lines_found(page, edited.text, form.code))


def table(forms: list[Form], pages: list[Page]) -> tuple[str, list[Outcome]]:
    rows, wrong = [], []
    for form in forms:
        counts = collections.Counter()
        for outcome in outcomes(form, pages):
            counts["pages"] += 1
            if not outcome.right:
                wrong.append(outcome)
            if outcome.expected is not None:
                counts["found" if outcome.expected in outcome.found else "missed"] += 1
            counts["false"] += len([line for line in outcome.found if line != outcome.expected])
        kind = "sans erreur" if form.harmless else "erreur"
        rows.append(
            f"{form.code:22} {kind:11} {form.name:52} {counts['pages']:5} "
            f"{counts['found'] if not form.harmless else '—':>5} "
            f"{counts['missed'] if not form.harmless else '—':>6} {counts['false']:5}"
        )
    head = f"{'code':22} {'':11} {'forme':52} {'pages':>5} {'vus':>5} {'ratés':>6} {'fausses':>5}"
    return "\n".join([head, *rows]), wrong


def main() -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    from .injected_forms import FORMS

    text, wrong = table(FORMS, corpus_pages())
    print(text)
    for outcome in wrong[: int(sys.argv[1]) if len(sys.argv) > 1 else 40]:
        print(f"  {outcome.form.name} | {outcome.page}: attendu {outcome.expected}, "
              f"trouvé {outcome.found}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
