"""Rules about links: broken addresses, registration links reused from another event, pages that
require registration without saying where."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from agenda.lib.links import link_refusal, link_scheme
from agenda.lib.pages import PageData, PageProblem

from .rules import ERROR, WARNING, CheckContext, PagesContext, Source, rule
from .rules_text import lower_of

_I = re.IGNORECASE


@dataclass
class Link:
    url: str  # as written (spaces kept, so that they can be reported)
    offset: int  # where the problem is shown: the address, or the tag when it has none
    text: str  # the link's text, or the info field's label and content
    kind: str  # markdown, html, autolink, info
    evidence: str  # what to quote
    field: str = ""
    missing_href: bool = False  # `<a https://…">`: an address without href=


_MD_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*+\])*)\]\((?P<url>(?:[^()\n]|\([^()\n]*+\))*)\)"
)
# A link's text ends at </a>, at the next <a (scanning no further: linear) or at the end.
_HTML_A = re.compile(
    r"<a\b(?P<attrs>[^<>]*)>(?P<text>(?:(?!<a\b).)*?)(?:</a\s*>|(?=<a\b)|$)", _I | re.S
)
_HREF = re.compile(r"\bhref\s*=\s*(?:\"(?P<d>[^\"]*)\"|'(?P<s>[^']*)'|(?P<u>[^\s>]+))", _I)
# A reference definition: `[1]: https://example.org "Titre"`.
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?P<text>[^\]\n]+)\]:[ \t]*(?P<url><[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto|ftp|file):[^<>\s]*)>", _I)
_TITLE = re.compile(r"(?<!\s)\s+(?:\"[^\"]*\"|'[^']*')\s*$")
_URLISH = re.compile(r"https?:|www\.", _I)


def page_links(ctx: CheckContext) -> list[Link]:
    """Every link a visitor could follow: markdown, HTML, autolinks, info fields' `lien`."""
    if "links" in ctx.shared:
        return ctx.shared["links"]
    links: list[Link] = []
    for source in ctx.text_sources:
        if source.kind in ("info-label", "alt", "caption", "place", "address"):
            continue
        links += _links_in(source)
    for entry in ctx.info_entries:
        source = entry.value_sources.get("lien")
        if source is None or not isinstance(entry.values.get("lien"), str):
            continue
        url = entry.values["lien"]
        if not url:
            continue
        lead = len(source.text) - len(source.text.lstrip())
        label = (
            entry.values.get("intitule") if isinstance(entry.values.get("intitule"), str) else ""
        )
        content = (
            entry.values.get("contenu") if isinstance(entry.values.get("contenu"), str) else ""
        )
        links.append(
            Link(
                url, source.offset + lead, f"{label} {content}", "info", url,
                field="champs_informations",
            )
        )  # fmt: skip
    links.sort(key=lambda link: link.offset)
    ctx.shared["links"] = links
    return links


def _links_in(source: Source) -> list[Link]:
    text = source.text  # the body's comments are already blanked out
    links: list[Link] = []
    if "](" not in text and "<" not in text:
        return links
    for match in _MD_LINK.finditer(text) if "](" in text else ():
        raw = match["url"]
        url = _TITLE.sub("", raw.strip())
        lead = len(raw) - len(raw.lstrip())
        links.append(
            Link(
                url,
                source.offset + match.start("url") + lead,
                match["text"],
                "markdown",
                url,
                source.field,
            )
        )
    for match in _HTML_A.finditer(text):
        attrs = match["attrs"]
        href = _HREF.search(attrs)
        tag = text[match.start() : match.start() + 2 + len(attrs) + 1]
        if href is None:
            if _URLISH.search(attrs):
                links.append(
                    Link(attrs.strip(), source.offset + match.start(), match["text"], "html",
                         tag, source.field, missing_href=True)
                )  # fmt: skip
            continue
        group = "d" if href["d"] is not None else ("s" if href["s"] is not None else "u")
        url = href[group]
        start = match.start("attrs") + href.start(group)
        at = source.offset + (match.start() if not url.strip() else start)
        links.append(
            Link(url, at, match["text"], "html", tag if not url.strip() else url, source.field)
        )
    for match in _REFERENCE.finditer(text) if "]:" in text else ():
        links.append(
            Link(match["url"], source.offset + match.start("url"), match["text"], "markdown",
                 match["url"], source.field)
        )  # fmt: skip
    for match in _AUTOLINK.finditer(text) if "<" in text else ():
        links.append(
            Link(match["url"], source.offset + match.start("url"), "", "autolink", match["url"],
                 source.field)
        )  # fmt: skip
    return links


# --- bad-url -----------------------------------------------------------------------------------

_SCHEME = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):(?P<rest>.*)$", re.S)
_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]++)+$")
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]++)*\.[a-zA-Z]{2,}(?::\d+)?(?:[/?#]|$)")


def url_problem(url: str) -> tuple[str, str | None] | None:
    """Why a link cannot work, and what was probably meant; None when it looks fine, which
    the URL policy (`lib.links`) always agrees with."""
    refusal = link_refusal(url)
    if refusal and link_scheme(url) not in _EXPLAINED_SCHEMES:
        return refusal, None
    return _url_problem(url) or ((refusal, None) if refusal else None)


_EXPLAINED_SCHEMES = ("file", "htpp", "htps", "htttp")  # a more helpful message below


def _url_problem(url: str) -> tuple[str, str | None] | None:
    value = url.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()  # CommonMark's [text](<address>)
    if not value:
        return "lien vide", None
    if value.startswith("(") or (value.endswith(")") and "(" not in value):
        inner = value.strip("()").strip()
        return "adresse entre parenthèses", inner
    if re.search(r"\s", value):
        return "adresse coupée par une espace", re.sub(r"\s+", "", value)
    if "\\" in value:
        return "markdown échappé dans l’adresse", value.replace("\\", "")
    if re.search(r"\]\(|\*\*|\[|\]|<|>|\"", value):
        return "balisage dans l’adresse", None
    if value.endswith(("…", "...")):
        return "adresse tronquée", None
    match = _SCHEME.match(value)
    if match is None or (match["scheme"].lower() == "www"):
        if value.startswith(("/", "#", "?", "./", "../")):
            return None
        if value.startswith("mailto") or _EMAIL.match(value):
            address = value.removeprefix("mailto").lstrip(":")
            return "adresse e-mail sans « mailto: »", f"mailto:{address}"
        if _DOMAIN.match(value):
            return "adresse sans « https:// »", f"https://{value}"
        return "adresse sans « https:// » ni chemin commençant par « / »", None
    scheme, rest = match["scheme"].lower(), match["rest"]
    if scheme in ("http", "https"):
        return _web_problem(scheme, rest)
    if scheme == "mailto":
        if not _EMAIL.match(rest.split("?")[0].strip()):
            return "adresse e-mail invalide", None
        return None
    if scheme == "tel":
        return None
    if scheme == "file":
        return "lien vers un fichier de l’ordinateur de l’éditeur (file:)", None
    if scheme in ("htpp", "htps", "http:", "htttp", "https:"):
        return f"schéma « {scheme}: » mal écrit", None
    return None  # any other scheme: refused by the URL policy


def _web_problem(scheme: str, rest: str) -> tuple[str, str | None] | None:
    if not rest.startswith("//"):
        slashes = rest[: len(rest) - len(rest.lstrip("/"))]
        fixed = f"{scheme}://{rest.lstrip('/')}"
        return f"« {scheme}:{slashes} » au lieu de « {scheme}:// »", fixed
    after = rest[2:]
    lowered = after.lower()
    for inner in ("mailto:", "tel:"):
        if lowered.startswith(inner):
            return f"« {scheme}://{inner} » : un lien {inner[:-1]} n’a pas de {scheme}://", after
    repeated = re.match(r"https?:?//", lowered)
    if repeated:
        return "schéma écrit deux fois", f"{scheme}://{after[repeated.end() :]}"
    try:
        parts = urlsplit(f"{scheme}://{after}")
        host = (parts.hostname or "").lower()
    except ValueError:
        return "adresse illisible", None
    if not host:
        return "adresse sans nom de domaine", None
    if host.startswith("www.www."):
        return "« www. » en double", f"{scheme}://{after[4:]}"
    if ".." in host or host.endswith("-") or host.startswith(("-", ".")):
        return "nom de domaine invalide", None
    if "." not in host.strip(".") and host != "localhost":
        return "nom de domaine incomplet (adresse tronquée ?)", None
    tld = host.rsplit(".", 1)[-1]
    if host != "localhost" and not re.fullmatch(r"[a-z]{2,24}|xn--[a-z0-9-]+|\d{1,3}", tld):
        return f"nom de domaine qui finit par « .{tld} » (adresse tronquée ?)", None
    if tld == "gouv":
        return "nom de domaine en « .gouv » : « .gouv.fr » ?", None
    path = parts.path
    if path.endswith(("-", "_", "%")) and not parts.query:
        return "adresse qui s’arrête sur « " + path[-1] + " » (tronquée ?)", None
    if "//" in path:
        fixed_path = re.sub(r"/{2,}", "/", path)
        netloc_end = after.find(path) if path else len(after)
        fixed = f"{scheme}://{after[:netloc_end]}{fixed_path}{after[netloc_end + len(path) :]}"
        return "« // » dans le chemin de l’adresse", fixed
    return None


@rule(
    "bad-url",
    ERROR,
    "Un lien qui ne peut pas fonctionner : vide, « www.www. », « // » dans le chemin, sans "
    "schéma, espace, « http://mailto: », markdown échappé, entre parenthèses, tronqué, fichier "
    "local.",
    wrong="[piaf@data.gouv.fr](http://mailto:piaf@data.gouv.fr)",
    right="[piaf@data.gouv.fr](mailto:piaf@data.gouv.fr)",
)
def bad_url(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    for link in page_links(ctx):
        if link.missing_href:
            found = re.search(r"(?:https?:|www\.)[^\s\"'<>]*", link.url)
            fixed = found.group(0) if found else "…"
            yield ctx.problem(
                "bad-url",
                link.offset,
                f'« {_cut(link.evidence)} » : lien sans href= : <a href="{fixed}" ?',
                field=link.field,
            )
            continue
        verdict = url_problem(link.url)
        if verdict is None:
            continue
        reason, fixed = verdict
        message = f"« {_cut(link.evidence)} » : {reason}"
        if fixed:
            message += f" : {fixed} ?"
        yield ctx.problem("bad-url", link.offset, message, field=link.field)


def _cut(text: str, size: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


# --- registration ------------------------------------------------------------------------------

_REGISTRATION_WORDS = re.compile(
    r"inscri|enregistr|r[ée]serv|billet|register|ticket|s['’]\s*inscrire|participer|rejoindre"
    r"|formulaire|candidat",
    _I,
)
_TICKETING = re.compile(
    r"eventbrite\.|weezevent\.|helloasso\.|livestorm\.|billetweb\.|yurplan\.|evenium\."
    r"|demarches-simplifiees\.fr/commencer|framaforms\.|typeform\.|forms\.gle|/inscription",
    _I,
)
_REQUIRED = re.compile(
    r"sur\s+inscription|inscriptions?\s+(?:(?:gratuite|préalable)s?\s+(?:et\s+)?)?"
    r"(?:obligatoires?|requises?|nécessaires?|indispensables?)"
    r"|(?:inscription|réservation)\s+(?:est\s+)?(?:obligatoire|indispensable|requise)"
    r"|inscrivez-vous|merci\s+de\s+vous\s+inscrire|il\s+est\s+nécessaire\s+de\s+s['’]inscrire",
    _I,
)
_EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]++)+")


def registration_links(ctx: CheckContext) -> list[Link]:
    """Links that look like a way to register: by their text, their label or their address.
    Kept with what the cross-page rules read of the page (`reused-link` compares them)."""
    if "registration_links" in ctx.shared:
        return ctx.shared["registration_links"]
    result = []
    for link in page_links(ctx):
        url = link.url.strip()
        if not url or link.missing_href:
            continue
        if url.lower().startswith(("mailto:", "tel:", "#")):
            continue
        if _TICKETING.search(url) or _REGISTRATION_WORDS.search(link.text):
            result.append(link)
    ctx.shared["registration_links"] = result
    return result


_SCHEME_AND_WWW = re.compile(r"^https?://(?:www\.)?")
_QUERY_OR_FRAGMENT = re.compile(r"[?#].*", re.S)
_SLASHES = re.compile(r"/+")


def normalise_url(url: str) -> str:
    value = _SCHEME_AND_WWW.sub("", url.strip().lower())
    value = _QUERY_OR_FRAGMENT.sub("", value)
    return _SLASHES.sub("/", value).rstrip("/")


@rule(
    "reused-link",
    WARNING,
    "Un lien d’inscription déjà utilisé par un autre événement du programme (souvent le lien de "
    "l’édition précédente, resté dans une page copiée).",
    wrong='2023 : <a href="https://www.eventbrite.fr/e/billets-meetup-2022-449408933217">'
    "Inscriptions</a> (le lien de l’événement de 2022)",
    right='2023 : <a href="https://www.eventbrite.fr/e/billets-meetup-2023-712345678901">'
    "Inscriptions</a>",
    scope="pages",
    prepare=registration_links,
)
def reused_link(pages: list[PageData], ctx: PagesContext) -> Iterator[PageProblem]:
    users: dict[str, list[tuple[PageData, Link]]] = {}
    for page in pages:
        seen: set[str] = set()
        for link in registration_links(ctx.of(page)):
            key = normalise_url(link.url)
            if "/" not in key or key in seen:
                continue  # a site's home page is not an event's registration link
            seen.add(key)
            users.setdefault(key, []).append((page, link))
    for uses in users.values():
        if len(uses) < 2:
            continue
        # Only dated events can be told apart: the earliest one owns the link.
        uses = sorted(
            (use for use in uses if _start(use[0])), key=lambda u: (_start(u[0]), u[0].path)
        )
        if len(uses) < 2:
            continue
        first_page, _ = uses[0]
        for page, link in uses[1:]:
            if _start(page) == _start(first_page):
                continue  # the same event (a duplicate page), not another one
            date = _start(first_page)
            yield ctx.of(page).problem(
                "reused-link",
                link.offset,
                f"lien d’inscription déjà utilisé par « {first_page.title} » ({date}, "
                f"{first_page.path}) : lien de cet événement-ci ?",
                field=link.field,
            )


def _start(page: PageData) -> str:
    if page.start is None:
        return ""
    value = page.start.value
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat()


@rule(
    "missing-registration",
    WARNING,
    "Le texte dit que l’inscription est obligatoire, mais la page ne donne ni lien, ni "
    "formulaire, ni adresse où s’inscrire.",
    wrong="Modalités : Inscription obligatoire (sans lien)",
    right="Modalités : Inscription obligatoire, lien : https://www.demarches-simplifiees.fr/…",
)
def missing_registration(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    statement = None
    for source in ctx.text_sources:
        low = lower_of(ctx, source)
        if "inscri" not in low and "réserv" not in low:
            continue
        match = _REQUIRED.search(source.text)
        if match:
            statement = (source, match)
            break
    if statement is None:
        return
    if registration_links(ctx) or any(s.registration_url for s in page.sessions):
        return
    for link in page_links(ctx):
        if link.url.strip().lower().startswith("mailto:") or _TICKETING.search(link.url):
            return
    if any(_EMAIL_IN_TEXT.search(source.text) for source in ctx.text_sources):
        return  # "inscription par courriel à …"
    source, match = statement
    yield ctx.problem(
        "missing-registration",
        source.offset + match.start(),
        f"« {' '.join(match.group(0).split())} », mais aucun lien ni adresse pour s’inscrire : "
        "ajouter le lien d’inscription (champ « lien ») ?",
        field=source.field,
    )
