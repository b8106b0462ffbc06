"""A generator of hostile and careless event pages (issue 10): what an attacker or a hurried
editor writes, each kind with what the reader must answer.

`hostile_batch(count, seed)` writes a batch of pages, good ones mixed in, that the fuzz suite
imports and checks in one go: 0 tracebacks, 0 hangs, every good page imported.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEAD = "---\ntitle: {title}\nevent_start_date: 2026-11-{day:02d} 00:00:00 +01:00\n{extra}---\n"
BODY = (
    "Présentation de l’événement.\n\n"
    "**[Le {day:02d}/11 de 10h à 11h] [Atelier]** *Premier atelier*\n\n"
    "**[Le {day:02d}/11 de 14h à 15h30]** *Second atelier*\n"
)
LOL = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@dataclass
class Page:
    name: bytes  # file name, as bytes: some are not UTF-8 on purpose
    data: bytes
    kind: str
    refused: str | None  # the code of the one error that refuses the page; None: it imports


def _page(title: str, day: int, extra: str = "", body: str | None = None) -> str:
    head = HEAD.format(title=title, day=day, extra=extra)
    return head + (BODY.format(day=day) if body is None else body)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _good(rng: random.Random, n: int) -> tuple[bytes, str | None]:
    return _utf8(_page(f"Bonne page {n}", rng.randint(2, 28))), None


def _extra(extra: str, refused: str | None) -> Callable[[random.Random, int], tuple]:
    def make(rng: random.Random, n: int) -> tuple[bytes, str | None]:
        return _utf8(_page(f"Page {n}", rng.randint(2, 28), extra)), refused

    return make


def _body(body: Callable[[random.Random], str], refused: str | None) -> Callable:
    def make(rng: random.Random, n: int) -> tuple[bytes, str | None]:
        return _utf8(_page(f"Page {n}", rng.randint(2, 28), body=body(rng))), refused

    return make


def _raw(text: Callable[[random.Random, int], str | bytes], refused: str | None) -> Callable:
    def make(rng: random.Random, n: int) -> tuple[bytes, str | None]:
        value = text(rng, n)
        return (value if isinstance(value, bytes) else _utf8(value)), refused

    return make


def _nested(depth: int) -> str:
    return "deep: " + "[" * depth + "]" * depth + "\n"


KINDS: dict[str, Callable[[random.Random, int], tuple[bytes, str | None]]] = {
    "timestamp-tag": _extra("date: !!timestamp 2026-13-45\n", "yaml-tag"),
    "int-tag": _extra("lieu: !!int abc\n", "yaml-tag"),
    "binary-tag": _extra("layout: !!binary AAECAwQ=\n", "yaml-tag"),
    "python-tag": _extra("x: !!python/object/apply:os.system ['true']\n", "yaml-tag"),
    "long-number": _extra("lieu: " + "7" * 5000 + "\n", "yaml-number"),
    "self-alias": _extra("lol: &a [*a]\n", "yaml-alias"),
    "alias-bomb": _extra(LOL, "yaml-alias"),
    "deep-nesting": _extra(_nested(200), "yaml-depth"),
    "many-nodes": _extra("tags: [" + ", ".join(["t"] * 6000) + "]\n", "yaml-size"),
    "yaml-syntax": _extra("lieu: [unclosed\n", "yaml-syntax"),
    "unhashable-key": _extra("? [a, b]\n: c\n", "yaml-syntax"),
    "wrong-shape-acces": _extra("acces: [{type: Metro, lignes: 5}]\n", None),
    "wrong-shape-title": _raw(
        lambda r, n: "---\ntitle: [a, b]\ndate: 2026-11-02\n---\n", "missing-title"
    ),
    "infinity-and-ints": _extra(
        "ratio: .inf\nnan: .nan\ncount: 12345678901234567890\n1: un\n", None
    ),
    "impossible-date": _raw(
        lambda r, n: f"---\ntitle: Page {n}\nevent_start_date: 0001-01-01\n---\nx\n", "no-date"
    ),
    "far-date": _raw(
        lambda r, n: f"---\ntitle: Page {n}\nevent_start_date: 9999-12-31 10:00:00\n---\n",
        "no-date",
    ),
    "day-31-february": _raw(
        lambda r, n: f"---\ntitle: Page {n}\nevent_start_date: 2026-02-31\n---\n", "no-date"
    ),
    "century-of-days": _body(
        lambda r: "**[Du 01/01/2000 au 31/12/2099 de 10h à 11h] [Atelier]** *Tous les jours*\n",
        "too-many-sessions",
    ),
    "session-in-1800": _body(lambda r: "**[Le 01/01/1800 de 10h à 11h]** *Jadis*\n", None),
    "spaces-after-date": _body(lambda r: "**Le 1" + " " * 8000 + "\n", None),
    "stars-after-weekday": _body(lambda r: "Le lundi " + "*" * 60 + "x\n", None),
    "underscores-after-weekday": _body(lambda r: "Le lundi " + "_" * 60 + "x\n", None),
    "digits": _body(lambda r: "1" * 5000 + " €\n", None),
    "brackets": _body(lambda r: "[" * 2000 + "](" * 1000 + "![" * 500 + "\n", None),
    "tags": _body(lambda r: "<b" * 2000 + "\n" + "<li>" * 1000 + "\n", None),
    "long-line-of-slots": _body(lambda r: "de 10h à 11h, " * 1000 + "\n", None),
    "javascript-links": _extra(
        "champs_informations:\n- intitule: Lien\n  contenu: clic\n"
        "  lien: JaVaScRiPt:alert(document.domain)\n"
        "une-ou-diaporama:\n- image: 'javascript:alert(1)'\n",
        None,
    ),
    "data-link-in-body": _body(
        lambda r: (
            "**[Le 03/11 de 10h à 11h]** *Atelier*\n\n"
            '<a href="data:text/html,<script>alert(1)</script>">S’inscrire</a>\n'
            "[Inscription](javascript:alert(1))\n"
        ),
        None,
    ),
    "control-characters": _extra('lieu: "Salle\\x01\\x1b[31m\\nrouge\\u2028fin"\n', None),
    "nul-in-body": _body(lambda r: "Avant\x00après\n", "nul-character"),
    "not-utf8": _raw(lambda r, n: b"---\ntitle: caf\xe9\ndate: 2026-11-02\n---\n", "encoding"),
    "empty": _raw(lambda r, n: "", "no-front-matter"),
    "front-matter-only": _raw(lambda r, n: "---\n---\n", "missing-title"),
    "no-date-at-all": _raw(lambda r, n: f"---\ntitle: Page {n}\n---\nTexte.\n", "no-date"),
    "not-a-mapping": _raw(lambda r, n: "---\n- a\n- b\n---\n", "yaml-syntax"),
    "too-many-lines": _body(lambda r: "ligne\n" * 10_001, "page-size"),
    "too-many-bytes": _body(lambda r: ("x" * 1000 + "\n") * 270, "page-size"),
    "crlf-and-bom": _raw(
        lambda r, n: (
            "\ufeff---\r\ntitle: Page CRLF\r\nevent_start_date: 2026-11-05\r\n---\r\n"
            "**[Le 05/11 de 10h à 11h]** *Atelier*\r\n"
        ),
        None,
    ),
}


def hostile_batch(folder: Path, count: int, *, seed: int = 10, good_share: float = 0.3):
    """Write `count` pages in `folder`: every kind in turn, good pages mixed in; returns them."""
    rng = random.Random(seed)
    kinds = list(KINDS.items())
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for n in range(count):
        kind, make = ("good", _good) if rng.random() < good_share else kinds[n % len(kinds)]
        data, refused = make(rng, n)
        name = f"{n:04d}-{kind}.md".encode()
        if kind == "not-utf8" and n % 2:
            name = f"{n:04d}-caf".encode() + b"\xe9.md"  # a file name that is not UTF-8 either
            refused = "file-name"
        with open(os.fsencode(folder) + b"/" + name, "wb") as handle:
            handle.write(data)
        pages.append(Page(name, data, kind, refused))
    return pages
