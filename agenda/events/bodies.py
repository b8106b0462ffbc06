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
    its parts are rendered from its blocks when the programme's lines are whole blocks."""
    texts = body_texts(page.body, page.programme_lines)
    rendered = {texts[0]: ""}
    if len(texts) == 1:
        rendered[texts[0]] = render_markdown(texts[0])
    else:
        ranges = [(int(first), int(last)) for first, last in page.programme_lines]
        read = {n for first, last in ranges for n in range(first, last + 1)}
        start, count = ranges[0][0], texts[0].count("\n") + 1
        intro = set(range(start))
        closing = {n for n in range(start, count) if n not in read}
        whole, parts = render_parts(texts[0], [intro, closing])
        rendered[texts[0]] = whole
        for text, html in zip(texts[1:], parts, strict=True):
            rendered[text] = html if html is not None else render_markdown(text)
    for session in page.sessions:
        description = session.description.strip()
        if description and description not in rendered:
            rendered[description] = render_markdown(description)
    return rendered


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
