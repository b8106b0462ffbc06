"""Markdown (with the inline HTML editors write) rendered to HTML that is safe to publish."""

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from .links import SAFE_SCHEMES

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "div", "em", "h2", "h3", "h4", "h5", "h6",
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


def sanitize(html: str) -> str:
    """Drop scripts, styles, event handlers and iframes; keep the structure editors use."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> str:
    if not text or text.isspace():  # most sessions have no description of their own
        return ""
    return sanitize(_markdown().render(text))


def render_inline(text: str) -> str:
    """One line of markdown (a chapeau, an info field) without the wrapping paragraph."""
    return sanitize(_markdown().renderInline(text or ""))


_TAG = re.compile(r"<[^>]+>")
_MD_MARK = re.compile(r"(\*\*|__|\*|`)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """Text without markup and with spaces folded (titles, descriptions in feeds)."""
    text = _MD_LINK.sub(r"\1", text or "")
    text = _TAG.sub(" ", text)
    text = _MD_MARK.sub("", text)
    return _SPACES.sub(" ", html.unescape(text)).strip()
