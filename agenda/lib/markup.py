"""Markdown (with the inline HTML editors write) rendered to HTML that is safe to publish."""

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt

from .kramdown import as_commonmark
from .links import SAFE_SCHEMES

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "span": {"lang"},
    "p": {"lang"},
    "div": {"lang"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """Built once: `nh3.clean` with these options builds its sanitiser again on every call."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener noreferrer",
    )


def sanitize(html: str) -> str:
    """Drop scripts, inline styles, event handlers and iframes; keep the structure editors use.
    Headings are kept at their written level: pages shift them into their outline
    (`shift_headings`)."""
    clean = _cleaner().clean(html)
    return _fix_links_and_images(clean) if "<a" in clean or "<img" in clean else clean


# nh3's output is normalised (attributes quoted, lower case), so these read it exactly.
_A_OR_IMG = re.compile(r"<(/?)(a|img)\b([^<>]*+)>")


def _fix_links_and_images(html: str) -> str:
    """A link without a target (`<a title="…">`, a mistyped href) is shown as plain text: the
    design system greys it out like a disabled link, below the contrast AA asks for. An image
    without an alt attribute gets an empty one (decorative): the import reports it
    (missing-alt), and a screen reader no longer reads out its file name."""
    open_without_href = False

    def fix(match: re.Match[str]) -> str:
        nonlocal open_without_href
        closing, tag, attributes = match.groups()
        if tag == "img":
            return match[0] if " alt=" in attributes else f'<img{attributes} alt="">'
        if closing:
            was, open_without_href = open_without_href, False
            return "</span>" if was else match[0]
        open_without_href = " href=" not in attributes
        return "<span>" if open_without_href else match[0]

    return _A_OR_IMG.sub(fix, html)


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def shift_headings(html: str, top: int = 2) -> str:
    """Editors' headings renumbered to fit the page's outline: the first is h<top>, none is
    above it, and each is one level below the nearest heading before it written at a higher
    level (or h<top>), capped at h6. A body starting with <h3>, or jumping from h2 to h4, would
    otherwise break the outline (RGAA 9.1); headings written at one level stay at one level."""
    if "<h" not in (html or ""):
        return html or ""
    open_levels: list[tuple[int, int]] = []  # (written, shown) of the enclosing headings
    shown = top

    def renumber(match: re.Match[str]) -> str:
        nonlocal shown
        if not match[1]:  # an opening tag; a closing one gets its heading's level
            written = int(match[2])
            while open_levels and open_levels[-1][0] >= written:
                open_levels.pop()
            shown = min(open_levels[-1][1] + 1, 6) if open_levels else top
            open_levels.append((written, shown))
        return f"<{match[1]}h{shown}"

    return _HEADING.sub(renumber, html)


_IMG_TAG = re.compile(r"<img\b[^<>]*+>")
_SRC_VALUE = re.compile(r' src="([^"]*+)"')


_LIQUID = re.compile(
    r"\{\{-?\s*(?:site\.(?:baseurl|url)|['\"][^'\"]*+['\"]\s*\|\s*(?:relative|absolute)_url)\s*-?\}\}"
)
_LIQUID_FILTER = re.compile(
    r"\{\{-?\s*['\"]([^'\"]*+)['\"]\s*\|\s*(?:relative|absolute)_url\s*-?\}\}"
)


def resolve_liquid_urls(text: str) -> str:
    """The site-relative URLs Jekyll pages write with Liquid, as Jekyll would render them for a
    site at its root: `{{ site.baseurl }}/x` → `/x`, `{{ '/x' | relative_url }}` → `/x`."""
    if "{{" not in (text or ""):
        return text or ""
    return _LIQUID.sub("", _LIQUID_FILTER.sub(lambda m: m[1], text))


def image_key(src: str) -> str:
    """One form for a path however it is written: entities and %-escapes undone, Liquid
    prefixes taken off (what the page writes and what the rendered HTML holds must meet)."""
    return resolve_liquid_urls(unquote(html.unescape(src or "")).strip()).strip()


def map_images(markup: str, urls: dict[str, str | None]) -> str:
    """Sanitised HTML whose images point where they were stored: `urls` maps `image_key(src)` to the
    new URL, or to None for an image that could not be found, which is left out."""
    if not urls or "<img" not in markup:
        return markup

    def point(match: re.Match[str]) -> str:
        src = _SRC_VALUE.search(match[0])
        if src is None:
            return match[0]
        target = urls.get(image_key(src[1]), src[1])
        if target is None:
            return ""
        new = f' src="{html.escape(target, quote=True)}"'
        return match[0][: src.start()] + new + match[0][src.end() :]

    return _IMG_TAG.sub(point, markup)


def render_parts(text: str, parts: list[set[int]]) -> tuple[str, list[str | None]]:
    """The HTML of a markdown text, and of parts of it (each a set of 0-based line numbers),
    from one parse: a part made of whole top-level blocks is rendered from the blocks' tokens;
    one that cuts a block gets None (the caller renders its text on its own), and so does every
    part when the text defines link references (a part alone would not resolve them). A list
    counts its blank lines after it as its own: a part that ends with the list without them
    takes it whole (a session's description ending with a list of details)."""
    if not text or text.isspace():
        return "", ["" for _ in parts]
    md = _markdown()
    env: dict = {}
    tokens = md.parse(as_commonmark(text), env)
    whole = sanitize(md.renderer.render(tokens, md.options, env))
    if env.get("references"):  # `[x]: url` lines: a part alone would not have these links
        return whole, [None for _ in parts]
    blocks = _top_level_blocks(tokens)
    blank = [not line.strip(" \t") for line in _LINES.split(text)]
    rendered = []
    for lines in parts:
        chosen = _blocks_of(blocks, lines, blank)
        rendered.append(
            None if chosen is None else sanitize(md.renderer.render(chosen, md.options, env))
        )
    return whole, rendered


_LINES = re.compile(r"\r\n|\n|\r")


def _blocks_of(blocks: list, lines: set[int], blank: list[bool]) -> list | None:
    """The tokens of the blocks that make up these lines, or None when they cut a block. Blank
    lines before the first block are no block. The last block may leave out the blank lines at
    its end, or the items after some first items of a tight list: what is left reads the same
    alone (a session's description, then the place lines taken out of its list)."""
    chosen: list = []
    ended = False
    for first, last, block in blocks:
        inside = [n for n in range(first, last) if n in lines]
        if not inside or (not chosen and all(blank[n] for n in inside)):
            continue
        if ended:
            return None
        if len(inside) < last - first:
            end = first + len(inside)
            if inside[-1] != end - 1:
                return None  # not the block's first lines
            head = block if all(blank[end:last]) else _first_items(block, end)
            if head is None:
                return None
            block, ended = head, True
        chosen += block
    return chosen


_LISTS = ("bullet_list_open", "ordered_list_open")


def _first_items(block: list, end: int) -> list | None:
    """A tight list's tokens up to its item starting at line `end`, or None."""
    opening = block[0]
    if opening.type not in _LISTS:
        return None
    level = opening.level
    for token in block:
        if token.level == level + 2 and token.type == "paragraph_open" and not token.hidden:
            return None  # a loose list: its first items alone would make a tight one
    for index, token in enumerate(block):
        if token.type == "list_item_open" and token.level == level + 1 and token.map:
            if token.map[0] == end and index > 1:
                return [*block[:index], block[-1]]
    return None


def _top_level_blocks(tokens: list) -> list[tuple[int, int, list]]:
    """(first line, line after the last, tokens) of each top-level block."""
    blocks, current, depth = [], [], 0
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            first, last = current[0].map or (0, 0)
            blocks.append((first, last, current))
            current = []
    return blocks


_PRERENDERED: dict[str, str] = {}  # text -> its HTML, rendered ahead (see `prerendered`)


def render_markdown(text: str) -> str:
    if not text or text.isspace():  # most sessions have no description of their own
        return ""
    ready = _PRERENDERED.get(text)
    if ready is not None:
        return ready
    return sanitize(_markdown().render(as_commonmark(text)))


@contextmanager
def prerendered(rendered: dict[str, str]) -> Iterator[None]:
    """While it lasts, `render_markdown` gives these texts' HTML without rendering them again:
    the importer renders each page's texts once, in the process that reads the pages, and the
    one that writes them takes the HTML as it is."""
    _PRERENDERED.update(rendered)
    try:
        yield
    finally:
        _PRERENDERED.clear()


def render_inline(text: str) -> str:
    """One line of markdown (a chapeau, an info field) without the wrapping paragraph."""
    return sanitize(_markdown().renderInline(text or ""))


_TAG = re.compile(r"<[^>]+>")
_MD_MARK = re.compile(r"(\*\*|__|\*|`)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1024)
def plain_text(text: str) -> str:
    """Text without markup and with spaces folded (titles, descriptions in feeds). Kept for
    the texts last asked: a feed batch asks for each event's chapeau once per session and
    kind (VEVENT, open-data row), each session's description once per kind."""
    text = _MD_LINK.sub(r"\1", text or "")
    text = _TAG.sub(" ", text)
    text = _MD_MARK.sub("", text)
    return _SPACES.sub(" ", html.unescape(text)).strip()
