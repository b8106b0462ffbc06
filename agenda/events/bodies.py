"""An event's body: the markdown as written and the HTML shown from it, split around the
programme when the sessions were read from some of its lines."""

import re

from agenda.lib.markup import map_images, render_markdown, render_parts, resolve_liquid_urls
from agenda.lib.pages import PageData

from .models import Event

_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def body_texts(body: str, programme_lines: list | None) -> list[str]:
    """The markdown texts an event's body is shown from: the whole, and when the programme was
    read from `programme_lines` of it (ranges of lines), the text before the programme, the
    text after it, then each text standing between two of its ranges (a room's or a section's
    heading and introduction), which the public page shows in place among the sessions."""
    whole = resolve_liquid_urls(body)
    if not programme_lines:
        return [whole]
    lines = _LINE_BREAK.split(whole)
    return [whole, *("\n".join(lines[n] for n in part) for part in _parts(lines, programme_lines))]


def _parts(lines: list[str], programme_lines: list) -> list[list[int]]:
    """Line numbers of the text before the programme, after it, then between its ranges."""
    ranges = [(int(first), int(last)) for first, last in programme_lines]
    before, after = list(range(ranges[0][0])), list(range(ranges[-1][1] + 1, len(lines)))
    return [before, after, *(gap for _, gap in _between(lines, ranges))]


def _between(lines: list[str], ranges: list) -> list[tuple[int, list[int]]]:
    """The gaps between two ranges that hold more than blank lines: (first line of the range
    after the gap, the gap's line numbers). Sessions read from that line on follow the gap."""
    gaps = []
    for (_, last), (first, _) in zip(ranges, ranges[1:], strict=False):
        gap = list(range(last + 1, first))
        if any(lines[n].strip() for n in gap):
            gaps.append((first, gap))
    return gaps


def page_html(page: PageData) -> dict[str, str]:
    """Every markdown text saving this page renders (body parts, session descriptions) and its
    HTML: what the importer renders ahead (`lib.markup.prerendered`). The body is parsed once;
    its parts, and the descriptions written as whole lines of it, are rendered from its blocks
    when they are whole blocks (the others are rendered on their own: the same HTML)."""
    texts = body_texts(page.body, page.programme_lines)
    whole = texts[0]
    lines = _LINE_BREAK.split(whole)
    parts: dict[str, set[int] | None] = {}
    if len(texts) > 1:
        for text, numbers in zip(texts[1:], _parts(lines, page.programme_lines), strict=True):
            parts.setdefault(text, set(numbers))
        parts.pop(whole, None)
    for session in page.sessions:
        description = session.description.strip()
        if description and description not in parts and description != whole:
            parts[description] = _lines_within(description, lines)
    chosen = [(text, lines_of) for text, lines_of in parts.items() if lines_of is not None]
    html, rendered = render_parts(whole, [lines_of for _, lines_of in chosen])
    result = {whole: html}
    result.update(zip([text for text, _ in chosen], rendered, strict=True))
    for text in parts:
        if result.get(text) is None:
            result[text] = render_markdown(text)
    return result


def _lines_within(text: str, lines: list[str]) -> set[int] | None:
    """The numbers of the lines of `lines` that `text` is made of, when it is a run of them."""
    own = _LINE_BREAK.split(text)
    for first, line in enumerate(lines):
        if line == own[0] and lines[first : first + len(own)] == own:
            return set(range(first, first + len(own)))
    return None


def set_body(
    event: Event,
    body: str,
    programme_lines: list | None = None,
    image_urls: dict[str, str | None] | None = None,
    first_line: int | None = None,
) -> None:
    """The body and its HTML (`body_texts`: the whole for staff and the API; the text before
    the programme, after it and between its parts for the public page). `image_urls`: where
    the import stored the body's images (None: not found, left out; `exchange.site_images`).
    `first_line`: the file line of the body's first line, which sessions' `source_line` counts
    from (by default the one the event's parts were stored with: a copy keeps its lines)."""
    if first_line is None:
        first_line = body_first_line(event)
    html = [
        map_images(render_markdown(text), image_urls or {})
        for text in body_texts(body, programme_lines)
    ]
    event.body = body
    event.body_html = html[0]
    if len(html) == 1:
        event.programme_lines = None
        event.intro_html = event.closing_html = ""
        event.programme_parts = []
        return
    event.programme_lines = [[int(first), int(last)] for first, last in programme_lines]
    event.intro_html, event.closing_html = html[1], html[2]
    lines = _LINE_BREAK.split(resolve_liquid_urls(body))
    starts = [first for first, _ in _between(lines, event.programme_lines)]
    event.programme_parts = [
        {"line": start + first_line, "body_line": start, "html": text}
        for start, text in zip(starts, html[3:], strict=True)
    ]


def body_first_line(event: Event) -> int:
    """The file line of the body's first line, as the event's parts were stored with it."""
    for part in event.programme_parts or []:
        return int(part["line"]) - int(part["body_line"])
    return 1


def sessions_by_part(event: Event, sessions: list) -> list[tuple[str, list]]:
    """The programme in the parts the body wrote it in: (text shown before them, sessions),
    the first part with no text. A session read from the body goes to the part its line falls
    in; one added later (no line) to the last part."""
    parts = event.programme_parts or []
    grouped: list[tuple[str, list]] = [("", [])] + [(part["html"], []) for part in parts]
    starts = [int(part["line"]) for part in parts]
    for session in sessions:
        line = session.source_line
        index = len(starts) if line is None else sum(start <= line for start in starts)
        grouped[index][1].append(session)
    return [(html, chosen) for html, chosen in grouped if html or chosen]
