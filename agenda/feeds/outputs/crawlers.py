"""What search engines read first: `/robots.txt` (the private areas are off limits, the
sitemap is named) and `/sitemap.xml` (every public HTML page of the registry, first pages of
lists only)."""

from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse

from agenda.feeds.registry import REGISTRY, Document, Feed, Page

# Signed-in areas and personal links: nothing a search engine should list.
PRIVATE_PREFIXES = ("/admin/", "/compte/", "/espace/", "/inscription/", "/seances/")


def _robots(filters, **kwargs) -> Document:
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap_xml')}")
    return Document(
        content_type="text/plain; charset=utf-8", chunks=["\n".join(lines).encode() + b"\n"]
    )


def public_html_paths() -> Iterator[str]:
    """The paths of every HTML page of the registry, without the later pages of a list."""
    for output in REGISTRY:
        if isinstance(output, Page) and output.content_type.startswith("text/html"):
            yield from (path for path in output.paths() if "?" not in path)


def _sitemap(filters, **kwargs) -> Document:
    def chunks() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?>\n'
        yield b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        for path in public_html_paths():
            yield f"  <url><loc>{escape(settings.SITE_URL + path)}</loc></url>\n".encode()
        yield b"</urlset>\n"

    return Document(content_type="application/xml; charset=utf-8", chunks=chunks())


REGISTRY.register(
    Feed(
        name="robots_txt",
        route="robots.txt",
        content_type="text/plain",
        urls=lambda event: [] if event else [{}],  # it shows no event
        write=_robots,
    )
)
REGISTRY.register(
    Feed(
        name="sitemap_xml",
        route="sitemap.xml",
        content_type="application/xml",
        urls=lambda event: [{}],  # it lists every event page
        write=_sitemap,
    )
)
