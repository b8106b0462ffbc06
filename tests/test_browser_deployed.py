"""The site as deployed (nginx → gunicorn, DEBUG=false, collected static files) in Chromium:
styled (the body is set in Marianne), nothing blocked, no console error, axe-core finds nothing."""

import pytest

from tests.browsing import QUIET, assert_no_axe_violations, watch
from tests.conftest import soon

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("path", ["/", "/passes/", "/accessibilite/", "/plan-du-site/", "EVENT"])
def test_the_deployed_site_is_styled_complete_quiet_and_accessible(
    deployed, page, make_event, path
):
    event = make_event("Forum des données publiques", start=soon(3, 9), end=soon(3, 17))
    seen = watch(page, site=deployed.url)
    response = page.goto(deployed.url + (event.get_absolute_url() if path == "EVENT" else path))
    assert response.status == 200
    assert response.headers["server"].startswith("nginx")
    page.wait_for_load_state("networkidle")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.split(",")[0].strip("\"' ") == "Marianne"
    assert page.evaluate("document.fonts.check('1rem Marianne')")
    assert seen == QUIET
    assert_no_axe_violations(page)


def test_static_files_come_from_nginx_with_hashed_names_and_the_security_headers(deployed, page):
    seen = watch(page)
    styles: list = []
    page.on("response", lambda r: r.url.endswith(".css") and styles.append(r))
    page.goto(deployed.url + "/")
    page.wait_for_load_state("networkidle")
    assert seen["refused"] == [] and seen["failed"] == []
    dsfr = next(r for r in styles if "/dsfr.min." in r.url)
    assert dsfr.status == 200
    assert dsfr.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "default-src 'self'" in dsfr.headers["content-security-policy"]
    assert dsfr.headers["x-content-type-options"] == "nosniff"


def test_an_unknown_page_is_the_french_404_page_styled(deployed, page):
    seen = watch(page)
    response = page.goto(deployed.url + "/nulle-part/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page non trouvée").is_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Marianne")
    assert seen["console"] == [] and seen["failed"] == []
    assert_no_axe_violations(page)


def test_the_api_docs_render_swagger_ui_from_our_static_files(deployed, page):
    seen = watch(page, site=deployed.url)
    page.goto(deployed.url + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Agenda public" in page.locator(".swagger-ui .info .title").inner_text()
    assert seen["elsewhere"] == [] and seen["failed"] == [] and seen["refused"] == []
