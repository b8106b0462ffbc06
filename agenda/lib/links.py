"""The one URL policy: which links the agenda takes in and writes out.

http, https, mailto, tel and relative links only, from every source (page files, forms, tables,
the ICS import) and on every output (HTML, JSON-LD, ICS, Atom, the API). Input refuses or drops
what fails (`link_refusal`); outputs write `safe_link(url)`, which is empty for such a link, so a
link stored before this policy, or by a path that forgot it, is never clickable.

The scheme is read the way browsers read it (WHATWG URL): leading controls and spaces, and tabs
and newlines anywhere, are ignored, and case does not matter; `JaVa\\tScRiPt:` is `javascript:`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_IGNORED_ANYWHERE = re.compile(r"[\t\n\r]")
_LEADING = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*(?=:)")


def link_scheme(url: str) -> str | None:
    """The scheme a browser would read in `url`, lower-case; None for a relative link."""
    value = _IGNORED_ANYWHERE.sub("", url or "").lstrip(_LEADING)
    match = _SCHEME.match(value)
    return match.group(0).lower() if match else None


def is_safe_link(url: str) -> bool:
    scheme = link_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


def safe_link(url: str | None) -> str:
    """`url` when the policy allows it, else "": what every output writes."""
    return url if url and is_safe_link(url) else ""


def link_refusal(url: str) -> str | None:
    """Why the policy refuses `url`, in French; None when it is accepted."""
    if is_safe_link(url):
        return None
    return (
        f"lien « {link_scheme(url)}: » refusé : seuls les liens http, https, mailto, tel "
        "et les liens relatifs sont acceptés"
    )


def validate_link(url: str) -> None:
    """Django validator for form fields that hold a link."""
    refusal = link_refusal(url)
    if refusal:
        raise ValidationError(refusal[0].upper() + refusal[1:] + ".", code="unsafe-link")
