"""other-year: a year the page writes that names another edition of this event, or a date of
this event written with another year, read in its sentence (history is left alone)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agenda.lib.frenchdates import fold
from agenda.lib.pages import PageData, PageProblem

from .rules import ERROR, CheckContext, Source, rule
from .rules_dates import day_number, month_number
from .rules_sentences import name_before, names_the_event, sentence_at, tells_history
from .rules_text import (
    ANY_YEAR,
    BARE_YEAR,
    DATE_YEAR,
    EDITION,
    FULL_DATE,
    FULL_DATE_ENDING,
    HOUR,
    TIME_LABEL,
    WITHIN_EDITION,
    YEAR_LIST_AFTER,
    YEAR_LIST_BEFORE,
    lower_of,
)

# --- other-year --------------------------------------------------------------------------------

# Words announcing the event's own date: "Quand ?", "Date :", "rendez-vous le", "aura lieu le".
_WHEN = re.compile(
    r"(?:quand|dates?|horaires?|rendez-vous|rdv|aura\s+lieu|a\s+lieu|se\s+tiendra|se\s+d[ée]roulera"
    r"|se\s+tient|se\s+d[ée]roule)\b[^\n]{0,40}$",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(
    r"(?:[\s,*]|</?+[a-zA-Z][^<>\n]*+>)*+(?:de|à|dès|-|–)?(?:\s|</?+[a-zA-Z][^<>\n]*+>)*+\d{1,2}\s?[hH:]"
)
_ABOUT_EVENT_KINDS = ("title", "chapeau", "alt", "caption")
_DAYS_BEFORE = re.compile(r"(?:(?:1er|\d{1,2}+)\s*+(?:,|et|au|&|-|–)\s*+)+$", re.IGNORECASE)
# A year that ends a title: "Forum de l’emploi tech de l’État 2021", "… 2022 : le programme".
_TITLE_END = re.compile(r"\s*+(?:[)»\]!?.]\s*+)*+(?:$|[:–—|-]\s)")
# "À l’occasion de", "dans le cadre de", "lors de": what follows is the frame of this event.
_FRAME = re.compile(r"(?:à|a)\s+l['’]occasion\s+d|dans\s+le\s+cadre\s+d|lors\s+d", re.I)
# A name right after these is a noun's complement: "les vidéos du Forum 2021".
_COMPLEMENT = re.compile(r"(?<![\w])(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*$", re.I)
# After "l’édition 2022": the name of what it is an edition of, if written.
_EDITION_OF = re.compile(
    r"\s*(?:du|de\s+la|de\s+l['’]|des|de)\s+(?P<name>[^.,;:!?()\n]{3,60})", re.I
)


@rule(
    "other-year",
    ERROR,
    "La page nomme une édition de l’événement (« édition 2022 », son propre nom suivi d’une "
    "année, le cadre « dans le cadre de … 2022 ») ou une de ses dates avec une autre année que la "
    "sienne (titre, chapeau, champs d’information, texte alternatif ou corps) ; une phrase au "
    "passé, une échéance ou une autre occurrence (« depuis », « précédente », « jusqu’au ») est "
    "de l’histoire, pas une erreur.",
    wrong="event_start_date: 2023-11-02 … À l’occasion de l’édition 2022 du Mois de l’innovation",
    right="event_start_date: 2023-11-02 … À l’occasion de l’édition 2023 du Mois de l’innovation",
)
def other_year(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    years = ctx.event_years
    if not years:
        return
    event_year = min(years)
    for source in ctx.text_sources:
        if not ANY_YEAR.search(source.text):
            continue
        for start, evidence, year in _other_years(ctx, source, years, event_year):
            corrected = evidence[::-1].replace(str(year)[::-1], str(event_year)[::-1], 1)[::-1]
            yield ctx.problem(
                "other-year",
                source.offset + start,
                f"« {evidence} » nomme {year}, alors que l’événement a lieu en {event_year} : "
                f"« {corrected} » ?",
                field=source.field,
            )


_MARKUP = re.compile(r"<[^<>]*>|\*+|&nbsp;")


def _other_years(
    ctx: CheckContext, source: Source, years: set[int], event_year: int
) -> list[tuple[int, str, int]]:
    """(start, evidence, year) of each year of the source that names another edition of this
    event or dates it in another year, read in its sentence (history is left alone)."""
    text, low = source.text, lower_of(ctx, source)
    title = ctx.page.title or ""
    title_years = {int(y) for y in ANY_YEAR.findall(title)}
    found: dict[int, tuple[int, str, int]] = {}  # year position -> (start, evidence, year)

    def note(start: int, year_at: int, end: int, year: int) -> None:
        if year_at not in found or start < found[year_at][0]:
            evidence = " ".join(_MARKUP.sub(" ", text[start:end]).split())
            found[year_at] = (start, evidence, year)

    def current(position: int, deadline: bool = True) -> bool:
        """The sentence at position speaks of this event now (not history; not a deadline,
        unless what is read there is a name)."""
        start, end = sentence_at(text, position)
        return not tells_history(text, start, end, deadline=deadline)

    dates = {m.start("yt") if m["yt"] else m.start("yn"): m for m in _full_dates(text)}
    for match in EDITION.finditer(text) if "dition" in low else ():
        year = int(match["y"])
        if year in years or _in_year_list(text, match.start("y"), match.end("y")):
            continue
        of = _EDITION_OF.match(text, match.end())
        framed = _FRAME.search(text, max(0, match.start() - 60), match.start())
        if of and not framed and not names_the_event(of["name"], title):
            continue  # "l’édition 2022 du salon VivaTech": another event's
        if current(match.start()):
            note(match.start(), match.start("y"), match.end(), year)
    within = "occasion" in low or "cadre d" in low or "lors d" in low
    for match in WITHIN_EDITION.finditer(text) if within else ():
        year = int(match["y"])
        # The frame of this event ("dans le cadre de la Semaine IP 2019"); a later year names a
        # plan ("France 2030").
        if event_year - 3 <= year < event_year and not _in_year_list(
            text, match.start("y"), match.end("y")
        ):
            if current(match.start()):
                note(match.start("name"), match.start("y"), match.end(), year)
    for match in BARE_YEAR.finditer(text):
        year = int(match["y"])
        if year in years or match.start() in dates or match.start() in found:
            continue
        if _in_year_list(text, match.start(), match.end()) or _in_year_table(text, match.start()):
            continue
        if source.kind == "title":
            if year < event_year and _TITLE_END.match(text, match.end()):
                note(match.start(), match.start(), match.end(), year)
            continue
        if year in title_years:
            continue  # the event's name holds that year ("Appel à projets 2024")
        start = name_before(text, match.start(), title)
        if start is None or not current(match.start(), deadline=False):
            continue
        # "les vidéos du Forum 2021": a complement names another edition; the subject ("le
        # Forum 2023 revient") or a frame ("à l’occasion de la Semaine IP 2019") names this one.
        before = text[max(0, start - 60) : start]
        if _COMPLEMENT.search(before) and not _FRAME.search(before):
            continue
        note(start, match.start(), match.end(), year)
    for year_at, match in dates.items():
        year = int(match["yt"] or match["yn"])
        if year in years or not _about_event(ctx, source, text, match):
            continue
        start = match.start()
        listed = _DAYS_BEFORE.search(text, max(0, start - 30), start)
        if listed and not match["wd"]:
            start = listed.start()  # "13 et 14 juin 2019": the evidence starts at 13
        note(start, year_at, match.end(), year)
    return sorted(found.values())


def _full_dates(text: str) -> Iterator[re.Match[str]]:
    """FULL_DATE matches, found from the years (much faster than scanning for day numbers)."""
    for year in DATE_YEAR.finditer(text):
        match = FULL_DATE_ENDING.search(text, max(0, year.start() - 60), year.end())
        if match:
            yield match


def _in_year_list(text: str, start: int, end: int) -> bool:
    """ "2018 et 2019", "2018-2023": years listed together are history, not an edition."""
    return bool(YEAR_LIST_AFTER.match(text, end) or YEAR_LIST_BEFORE.search(text, 0, start))


def _in_year_table(text: str, position: int) -> bool:
    """A table row whose table holds other years (`| Forum 2023 | Lille |` over `| Forum 2024 |
    …`): the editions listed, history."""
    line_start = text.rfind("\n", 0, position) + 1
    if not text[line_start:position].lstrip().startswith("|"):
        return False
    lines = text.split("\n")
    row = text.count("\n", 0, position)
    first = last = row
    while first > 0 and lines[first - 1].lstrip().startswith("|"):
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].lstrip().startswith("|"):
        last += 1
    table = "\n".join(lines[first : last + 1])
    return len(set(ANY_YEAR.findall(table))) > 1


def _about_event(ctx: CheckContext, source: Source, text: str, match: re.Match[str]) -> bool:
    """A date with its year written as the date of this event (not history, not another event)."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    for other in FULL_DATE.finditer(line):
        if int(other["yt"] or other["yn"]) in ctx.event_years:
            return False  # "1er mars 2018 … 1er mars 2023": a span of history
    sentence_start, sentence_end = sentence_at(text, match.start())
    if tells_history(text, sentence_start, sentence_end):
        return False  # "La précédente rencontre, le 18 janvier 2024, avait porté sur…"
    if source.kind in _ABOUT_EVENT_KINDS or match["wd"]:
        return True
    if source.kind in ("info-content", "info-label"):
        return _date_info_field(ctx, source, text, match)
    if _TIME_AFTER.match(text, match.end()):
        return True
    if _WHEN.search(text, line_start, match.start()):
        return True
    day = day_number(match["d"] or match["dn"])
    month = month_number(match["mt"]) if match["mt"] else int(match["mn"])
    return any(
        value is not None and (value.day, value.month) == (day, month)
        for value in (ctx.start_date, ctx.end_date)
    )


def _date_info_field(ctx: CheckContext, source: Source, text: str, match: re.Match[str]) -> bool:
    """An information field that gives the event's date: labelled so, or holding little else."""
    entry = ctx.info_entries[source.entry] if 0 <= source.entry < len(ctx.info_entries) else None
    label = entry.values.get("intitule") if entry else None
    if isinstance(label, str) and TIME_LABEL.search(fold(label)):
        return True
    rest = text[: match.start()] + text[match.end() :]
    return len(re.sub(r"[^a-zA-Zà-ÿ]", "", HOUR.sub("", rest))) < 12
