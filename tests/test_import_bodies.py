"""Imported bodies as the public page shows them: headings fit the page's outline, editors'
inline styles are gone, a link without a target is text, an image without alt is decorative."""

import sys
from pathlib import Path

import pytest

from agenda.events.services import save_page
from agenda.exchange.jekyll import parse_page
from agenda.lib.markup import render_markdown, shift_headings

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:  # bench/ is not an installed package: import it from the checkout
    sys.path.insert(0, ROOT)

from bench.generate import make_page  # noqa: E402

PAGE = """---
title: Forum des métiers
event_start_date: 2026-11-12 09:00:00 +01:00
---
{body}
"""


def levels(html: str) -> list[int]:
    import re

    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ([3, 3, 2, 2, 4], [2, 2, 2, 2, 3]),  # a body starting below its own top level
        ([1, 2, 4], [2, 3, 4]),  # h1 in a body, and a skipped level
        ([2, 4, 4, 3], [2, 3, 3, 3]),
        ([5], [2]),
    ],
)
def test_headings_are_renumbered_from_the_top_level_without_skipping_one(written, shown):
    html = "".join(f"<h{n}>Titre {i}</h{n}><p>texte</p>" for i, n in enumerate(written))
    shifted = shift_headings(html, 2)
    assert levels(shifted) == shown
    closing = [int(n) for n in __import__("re").findall(r"</h([1-6])>", shifted)]
    assert closing == shown  # each heading closes at its own new level


def test_headings_never_go_past_h6():
    html = "<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4>"
    assert levels(shift_headings(html, 4)) == [4, 5, 6, 6]


def test_inline_styles_are_dropped_and_a_link_without_target_is_plain_text():
    html = render_markdown(
        '<div style="margin-top: 40px"><a https://example.org/inscription" class="button" '
        'title="S\'inscrire"><b>S\'inscrire</b></a> puis <a href="https://example.org">ici</a>'
        "</div>"
    )
    assert "style" not in html and "class" not in html
    assert "<span><b>S'inscrire</b></span>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">ici</a>' in html


def test_an_image_without_alt_text_is_shown_as_decorative_and_alt_text_is_kept():
    html = render_markdown('<img src="/uploads/a.png"/> et <img src="/uploads/b.png" alt="Logo">')
    assert '<img src="/uploads/a.png" alt="">' in html
    assert '<img src="/uploads/b.png" alt="Logo">' in html


def test_an_imported_body_keeps_its_h1_as_a_heading_of_the_page_outline(db, client):
    body = "# Le programme\n\nDu texte.\n\n### Intervenants\n\nDes noms.\n"
    event = save_page(page=parse_page(PAGE.format(body=body), path="forum.md", slug="forum"))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<h2>Le programme</h2>" in html
    assert "<h3>Intervenants</h3>" in html


# Sessions whose descriptions end with a list, tight or loose, whose last items are place lines.
LISTS_AFTER_SESSIONS = [
    f"Intro.\n\n**Le 12/11 de 14h à 16h** Atelier\n\nDescription.\n\n{items}\n\n"
    "**Le 13/11 de 10h à 12h** Table ronde\n\nSuite.\n\n* Salle 2\n\nFin.\n"
    for items in (
        "* Sur inscription\n* 8 quai des Chartrons 33000 Bordeaux",
        "* Sur inscription\n\n* 8 quai des Chartrons 33000 Bordeaux",
        "3. Sur inscription\n4. Gratuit\n5. 8 quai des Chartrons 33000 Bordeaux",
        "* Sur inscription\n  * en ligne\n* 8 quai des Chartrons 33000 Bordeaux",
        "- Sur inscription\n- 8 quai des Chartrons 33000 Bordeaux\n- Accès : tram B",
    )
]


def test_a_body_parsed_once_gives_the_html_of_each_part_rendered_on_its_own():
    """The importer renders a body once (its parts from its blocks): the same HTML as each
    part rendered alone, on every corpus page, and on a programme that cuts a list."""
    from agenda.events.bodies import body_texts, page_html
    from agenda.exchange.jekyll import read_page

    from .conftest import require_shared

    folder = require_shared("corpus/numerique.gouv.fr/_evenements")
    cut_list = parse_page(
        PAGE.format(body="Intro.\n\n* avant\n* 12/11 14h : Atelier\n* après\n\nFin.\n"),
        path="liste.md",
        slug="liste",
    )
    with_references = parse_page(
        PAGE.format(
            body="Intro [inscription][i].\n\n**Le 12/11 de 14h à 16h** Atelier\n\n"
            "Description avec [le lien][i].\n\n[i]: https://example.org/inscription\n"
        ),
        path="references.md",
        slug="references",
    )
    lists = [
        parse_page(PAGE.format(body=body), path=f"listes-{n}.md", slug=f"listes-{n}")
        for n, body in enumerate(LISTS_AFTER_SESSIONS)
    ]
    generated = [make_page(index) for index in range(40)]
    pages = [read_page(path) for path in sorted(folder.glob("*.m*"))]
    pages += [cut_list, with_references, *lists]
    pages += [parse_page(g.text, path=g.filename, slug=g.slug) for g in generated]
    checked = descriptions = 0
    for page in pages:
        rendered = page_html(page)
        for text in body_texts(page.body, page.programme_lines):
            assert rendered[text] == render_markdown(text), page.path
            checked += 1
        for session in page.sessions:
            description = session.description.strip()
            if description:
                assert rendered[description] == render_markdown(description), page.path
                descriptions += 1
    assert checked > 100 and descriptions > 100
    # A part alone does not see the body's `[i]: url` line: rendered alone, not from the blocks.
    intro = body_texts(with_references.body, with_references.programme_lines)[1]
    assert "Intro [inscription][i]." in page_html(with_references)[intro]


def test_generated_descriptions_ending_with_a_list_are_rendered_from_the_bodys_blocks(
    monkeypatch,
):
    """Their place lines are taken out of the list (a detail of the session), and the list
    keeps blank lines after it: no text of a generated page is parsed on its own."""
    from agenda.events import bodies

    alone = []
    monkeypatch.setattr(bodies, "render_markdown", lambda text: alone.append(text) or "")
    for index in range(40):
        generated = make_page(index)
        page = parse_page(generated.text, path=generated.filename, slug=generated.slug)
        assert page.sessions and page.programme_lines
        bodies.page_html(page)
    assert alone == []
