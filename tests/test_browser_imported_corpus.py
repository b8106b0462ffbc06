"""Every imported corpus page, as the public sees it, in a real Chromium: axe-core finds no
violation (heading order, colour contrast of editors' inline styles, images without alt text were
the ones seen before imported bodies were shifted and cleaned)."""

import pytest

from agenda.events.models import Event
from agenda.exchange.services import import_paths
from tests.browsing import assert_no_axe_violations

from .conftest import require_shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def corpus_events():
    report = import_paths([require_shared("corpus/numerique.gouv.fr/_evenements")])
    assert [p.code for p in report.failed] == ["slug-conflict"]  # a page written twice
    return list(Event.objects.published().order_by("slug"))  # drafts have no public page


@pytest.mark.sqlite_only  # the pages' markup does not depend on the database
def test_every_imported_corpus_page_has_no_axe_violations(deployed, page, corpus_events):
    failures = []
    for event in corpus_events:
        page.goto(deployed.url + event.get_absolute_url())
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:
            failures.append(str(error)[:2000])
    assert not failures, f"{len(failures)} page(s):\n" + "\n\n".join(failures)
