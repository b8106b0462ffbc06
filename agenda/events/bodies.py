"""An event's body: the markdown as written and the HTML shown from it, split around the
programme when the sessions were read from some of its lines."""

import re

from agenda.lib.markup import map_images, render_markdown, render_parts, resolve_liquid_urls
from agenda.lib.pages import PageData

from .models import Event

_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def body_texts(body: str, programme_lines: list | None) -> list[str]:
    """The markdown texts an event's body is shown from: the whole, and when the programme was
    read from `programme_lines` of it (ranges of lines), the text before them and the other
    lines, which the public page shows before and after the structured sessions."""
    whole = resolve_liquid_urls(body)
    if not programme_lines:
        return [whole]
    lines = _LINE_BREAK.split(whole)
    ranges = [(int(first), int(last)) for first, last in programme_lines]
    read = {n for first, last in ranges for n in range(first, last + 1)}
    start = ranges[0][0]
    rest = [line for n, line in enumerate(lines[start:], start) if n not in read]
    return [whole, "\n".join(lines[:start]), "\n".join(rest)]


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
        ranges = [(int(first), int(last)) for first, last in page.programme_lines]
        read = {n for first, last in ranges for n in range(first, last + 1)}
        start = ranges[0][0]
        parts[texts[1]] = set(range(start))
        parts.setdefault(texts[2], {n for n in range(start, len(lines)) if n not in read})
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
) -> None:
    """The body and its HTML (`body_texts`: the whole for staff and the API; the text before
    the programme and the other lines for the public page). `image_urls`: where the import
    stored the body's images (None: not found, left out; `exchange.site_images`)."""
    html = [
        map_images(render_markdown(text), image_urls or {})
        for text in body_texts(body, programme_lines)
    ]
    event.body = body
    event.body_html = html[0]
    if len(html) == 1:
        event.programme_lines = None
        event.intro_html = event.closing_html = ""
        return
    event.programme_lines = [[int(first), int(last)] for first, last in programme_lines]
    event.intro_html, event.closing_html = html[1], html[2]
