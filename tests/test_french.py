"""French that reads well: one helper for agreement (agenda/lib/french.py and the `francais`
template library), elision, no-break spaces; and a scan of every template and every Python
message for what slipped through: "(e)", English plurals, counts without agreement, English
words."""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from agenda.lib.french import NBSP, NNBSP, accord, compte, elide, typographie, word
from agenda.lib.frenchdates import format_hour_fr

AGENDA = Path(__file__).resolve().parents[1] / "agenda"
TEMPLATES = sorted(
    p for p in AGENDA.rglob("templates/**/*") if p.suffix in (".html", ".txt") and p.is_file()
)
PYTHON = sorted(p for p in AGENDA.rglob("*.py") if "migrations" not in p.parts)


# The helper


@pytest.mark.parametrize(
    "count, expected",
    [
        (0, "0\u00a0séance"),
        (1, "1\u00a0séance"),
        (2, "2\u00a0séances"),
        (1500, "1\u202f500\u00a0séances"),
    ],
)
def test_zero_and_one_are_singular_in_french(count, expected):
    assert accord(count, "séance") == expected


def test_agreement_of_a_phrase_and_of_a_word():
    assert accord(3, "place restante") == "3\u00a0places restantes"
    assert accord(2, "demande non confirmée", "demandes non confirmées").endswith(
        "demandes non confirmées"
    )
    assert compte(0, "page importée") == "0 page importée"
    assert (word(1, "confirmée"), word(4, "confirmée")) == ("confirmée", "confirmées")


@pytest.mark.parametrize(
    "particle, following, expected",
    [
        ("de", "Alex", "d’Alex"),
        ("de", "Élise", "d’Élise"),
        ("de", "Marie", "de Marie"),
        ("de", "Yannick", "de Yannick"),
        ("le", "atelier", "l’atelier"),
        ("que", "elle", "qu’elle"),
    ],
)
def test_elision_before_a_vowel(particle, following, expected):
    assert elide(particle, following) == expected


def test_no_break_spaces_before_high_punctuation_and_in_hours():
    text = typographie("Accès : salle 2 ; venez ! Quand ? À 9 h 30, voir https://ex.org:8080/a")
    assert text == (
        f"Accès{NBSP}: salle 2{NNBSP}; venez{NNBSP}! Quand{NNBSP}? À 9{NBSP}h{NBSP}30, "
        "voir https://ex.org:8080/a"
    )


def test_hours_are_shown_with_no_break_spaces():
    assert format_hour_fr(dt.time(9, 30)) == f"9{NBSP}h{NBSP}30"
    assert format_hour_fr(dt.time(14, 0)) == f"14{NBSP}h"


def test_the_template_library_is_there_in_every_template():
    rendered = Template(
        '{{ 0 }} séance{{ 0|pluriel }}, {{ 2 }} séance{{ 2|pluriel }}, {% accord 1 "place" %}, '
        "au nom {{ name|particule_de }}<b>{{ name }}</b>, {{ other|de }}"
    ).render(Context({"name": "Alex", "other": "Marie"}))
    assert rendered == "0 séance, 2 séances, 1\u00a0place, au nom d’<b>Alex</b>, de Marie"


def test_the_registrant_page_elides_the_name(client, make_event):
    from agenda.registrations import services
    from agenda.registrations.links import personal_path
    from tests.conftest import native_session

    session = native_session(make_event, "Forum", "Atelier", capacity=5)
    outcome = services.register(session=session, name="Alex", email="alex@ex.org", consent=True)

    html = client.get(personal_path(outcome.registration)).content.decode()

    assert "Inscription au nom d’<strong>Alex</strong>" in html


def test_an_empty_agenda_says_0_seance_in_the_singular(client, db):
    html = client.get("/").content.decode()
    assert "0 séance" in html and "0 séances" not in html


# The scan


def message_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that a person may read: not docstrings, not regular
    expressions (arguments of re.compile and friends)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant):
                skipped.add(id(body[0].value))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
            "compile", "match", "search", "fullmatch", "sub", "findall", "split", "finditer",
        ):  # fmt: skip
            for arg in node.args[:1]:
                for sub in ast.walk(arg):
                    skipped.add(id(sub))
    strings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in skipped:
                strings.append((node.lineno, node.value))
    return strings


GENDER_OR_NUMBER_IN_BRACKETS = re.compile(r"[a-zà-ÿ]\((?:e|s|es|ne)\)")
PLURAL_NOUNS = (
    "séances|places|inscriptions|personnes|événements|jours|minutes|heures|erreurs|points|"
    "avertissements|pages|lignes|champs|objets|fichiers|organisations|membres"
)
# "plus de {MAX} lignes": a limit, always many, needs no agreement.
LIMIT = re.compile(r"(?:plus de|au plus|moins de|jusqu’à)\s*$")
COUNT_THEN_PLURAL_TEMPLATE = re.compile(r"\{\{[^}]*\}\}\s+(?:" + PLURAL_NOUNS + r")\b")
# "séance{% if n > 1 %}s{% endif %}": agreement written by hand, beside the helper (`pluriel`).
HAND_WRITTEN_PLURAL = re.compile(
    r"\{%\s*if\s[^%]*(?:>\s*1|>=\s*2)\s*%\}(?:s|x|es)\{%\s*endif\s*%\}"
)
ENGLISH = re.compile(
    r"\b(?:Username|Password|This field|is required|Enter a valid|Sign in|Log in|Log out|"
    r"Submit|Superuser|Bypass|Search|Previous|Loading)\b"
)


def template_slips(text: str) -> list[str]:
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    slips = GENDER_OR_NUMBER_IN_BRACKETS.findall(text)
    slips += re.findall(r"\|pluralize\b", text)
    slips += HAND_WRITTEN_PLURAL.findall(text)
    slips += COUNT_THEN_PLURAL_TEMPLATE.findall(text)
    slips += ENGLISH.findall(re.sub(r"<[^>]*>", " ", text))  # visible text, not attributes
    return slips


def python_slips(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    slips = re.findall(r"\b(?:pluralize|ngettext)\(", source)
    for line, value in message_strings(path):
        if GENDER_OR_NUMBER_IN_BRACKETS.search(value) or ENGLISH.search(value):
            slips.append(f"{line}: {value!r}")
    for node in ast.walk(ast.parse(source)):  # f"{n} séances": a count without agreement
        if isinstance(node, ast.JoinedStr):
            parts = [None, *node.values]
            for lead, value, after in zip(parts, parts[1:], parts[2:], strict=False):
                limit = isinstance(lead, ast.Constant) and LIMIT.search(str(lead.value))
                if isinstance(value, ast.FormattedValue) and isinstance(after, ast.Constant):
                    if re.match(r"\s(?:" + PLURAL_NOUNS + r")\b", str(after.value)) and not limit:
                        slips.append(f"{node.lineno}: {{…}}{after.value!r}")
    return slips


def test_the_scan_finds_the_slips_it_looks_for(tmp_path):
    assert template_slips("n’est pas un(e) catégorie connu(e)") == ["n(e)", "u(e)"]
    assert template_slips("{{ n }} séances, {{ n }} séance{{ n|pluralize }}") == [
        "|pluralize",
        "{{ n }} séances",
    ]
    assert template_slips("{{ n }} membre{% if n > 1 %}s{% endif %}") == [
        "{% if n > 1 %}s{% endif %}"
    ]
    assert template_slips('<label>Username</label><input type="password" required>') == ["Username"]
    module = tmp_path / "m.py"
    module.write_text('"""Docs (s)."""\nx = f"{n} séances"\ny = "Password"\n')
    assert python_slips(module) == ["3: 'Password'", "2: {…}' séances'"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(AGENDA)))
def test_templates_read_as_french(path):
    assert template_slips(path.read_text(encoding="utf-8")) == []


# Modules whose strings are patterns or data, not messages: the programme extractor's and the
# checks' vocabularies, and this helper's own documentation of what it replaces.
NOT_MESSAGES = ("exchange/programme", "lib/frenchtokens.py", "lib/frenchwhen.py")


@pytest.mark.parametrize(
    "path",
    [p for p in PYTHON if not any(part in str(p) for part in NOT_MESSAGES)],
    ids=lambda p: str(p.relative_to(AGENDA)),
)
def test_python_messages_read_as_french(path):
    assert python_slips(path) == []


# No-break spaces, in every template: "&nbsp;:" and "&#8239;?" in HTML, the characters themselves
# in plain-text e-mails.
TEMPLATE_CODE = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^>]*>)", re.S)
# A space then ":" "?" "!" ";" in the text, after a word or after template code or a tag
# ("{{ label }} :", "</a> :"): the code is masked with a character that is not a space.
BREAKING_SPACE = re.compile(r"\S [:?!;](?=\s|$|[\x01&])")


def breaking_spaces(text: str) -> list[str]:
    """ " :" " ?" " !" " ;" with an ordinary space, in the text between tags and template code."""
    masked = TEMPLATE_CODE.sub(lambda code: "\x01" * len(code[0]), text)
    return [text[m.start() : m.end()] for m in BREAKING_SPACE.finditer(masked)]


def test_the_scan_finds_breaking_spaces():
    assert breaking_spaces("<p>Quand : {{ x }} ?</p> <a title='a : b'>") == ["d :", "} ?"]
    assert breaking_spaces("<b>Lieu</b> : ici ; {{ n }}&nbsp;: là{% if x %} !{% endif %}") == [
        "> :",
        "i ;",
        "} !",
    ]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(AGENDA)))
def test_templates_keep_punctuation_with_its_word(path):
    assert breaking_spaces(path.read_text(encoding="utf-8")) == []
