"""Jekyll's kramdown and CommonMark read some lines differently: the body is shown as its
writers saw it on their site, line for line (agenda/lib/kramdown.py)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from agenda.lib.kramdown import as_commonmark
from agenda.lib.markup import render_markdown, render_parts


def test_attribute_lists_are_taken_out_of_the_page():
    text = (
        "Venez nombreux !\n{: .text-center}\n\n"
        "## Programme {#programme}\n\n"
        'Un encadré.{:.encadre role="presentation"}\n'
    )
    html = render_markdown(text)
    assert "{:" not in html
    assert "<p>Venez nombreux !</p>" in html
    assert "<p>Un encadré.</p>" in html
    assert "<h2>Programme</h2>" in html


def test_an_attribute_list_inside_a_quote_leaves_an_empty_quote_line():
    assert as_commonmark("> {: .text-center}\n>\n> Texte") == ">\n>\n> Texte"


def test_markdown_right_after_a_closing_tag_is_read_as_markdown():
    text = (
        '<section class="menu">\n<p>Au menu</p>\n</section>\n'
        "> #### **Rencontrez les recruteurs**\n\nLa suite.\n"
    )
    html = render_markdown(text)
    assert "<blockquote>" in html
    assert "<h4><strong>Rencontrez les recruteurs</strong></h4>" in html
    assert "&gt;" not in html and "####" not in html


def test_html_followed_by_html_or_a_blank_line_is_left_as_written():
    for text in (
        "<div>\n<p>Un</p>\n</div>\n<div>Deux</div>\n",
        "<div>\n<p>Un</p>\n</div>\n\nDeux\n",
        "```\n<div>\n</div>\nnot html\n```\n",
        "Pas de balise {: ici\n",
    ):
        assert as_commonmark(text) == text


def test_a_closing_tag_after_a_blank_line_stays_where_it_is():
    text = "<div>\n<p>Un</p>\n\n</div>\nDeux\n"
    assert as_commonmark(text) == text


_PIECES = st.sampled_from(
    [
        "<div>",
        "</div>",
        "</section>",
        "texte",
        "> citation",
        "{: .a}",
        "> {: .b}",
        "",
        "* point",
        "```",
        "ligne\r",
        "x {:.c}",
    ]
)


@given(st.lists(_PIECES, max_size=12))
def test_every_text_keeps_its_line_count(pieces):
    text = "\n".join(pieces)
    assert len(re.split(r"\r\n|\n|\r", as_commonmark(text))) == len(re.split(r"\r\n|\n|\r", text))


def test_a_part_rendered_from_the_whole_parse_matches_the_part_alone():
    text = "<div>\n<p>Intro</p>\n</div>\n> Citation {: .x}\n\nFin.\n"
    whole, [closing] = render_parts(text, [{5}])
    assert closing == render_markdown("Fin.")
    assert "{:" not in whole and "<blockquote>" in whole
