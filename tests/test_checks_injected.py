"""Checks that generalise (issue 11, item 5): mistakes injected into the real pages of the corpus,
in the surface forms editors give them, are reported at their line on every page; harmless
rewritings of the same pages (hours spelt otherwise, non-breaking spaces, a past-tense sentence
about last year's edition, a link with a year…) raise no false alarm. The forms are in
tests/injected_forms.py and tests/injected_years.py, the editing in tests/injecting.py
(`python -m tests.injecting` prints the table)."""

from __future__ import annotations

import functools

import pytest

from .conftest import require_shared
from .injected_forms import FORMS
from .injecting import Form, Page, corpus_pages, outcomes


@functools.cache
def _pages() -> list[Page]:
    require_shared("corpus")
    return corpus_pages()


def _label(form: Form) -> str:
    return f"{form.code}: {form.name}"


@pytest.mark.parametrize("form", [f for f in FORMS if not f.harmless], ids=_label)
def test_an_injected_mistake_is_reported_at_its_line_on_every_page(form: Form):
    results = list(outcomes(form, _pages()))
    wrong = [
        f"{o.page}: expected line {o.expected}, found {o.found}" for o in results if not o.right
    ]
    assert len(results) >= 5  # the form applies to pages: it measures something
    assert wrong == []


@pytest.mark.parametrize("form", [f for f in FORMS if f.harmless], ids=_label)
def test_a_harmless_rewriting_raises_no_false_alarm_on_any_page(form: Form):
    results = list(outcomes(form, _pages()))
    wrong = [f"{o.page}: found {o.found}" for o in results if not o.right]
    assert len(results) >= 5
    assert wrong == []
