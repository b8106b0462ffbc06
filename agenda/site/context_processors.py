"""What every page's template knows of the site: names, and django-dsfr's SITE_CONFIG.

django-dsfr's header and footer (dsfr/header.html, dsfr/footer.html, extended by
templates/furniture/) read a SITE_CONFIG that django-dsfr keeps in a database model
(DsfrConfig). Here it is built from the settings instead: no query per page, nothing to fill in
the admin, the same values in every environment.
"""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from agenda.lib.links import safe_link

BRAND = "République<br>française"


def site_config() -> dict:
    more = [{"label": "Données ouvertes", "url": reverse("opendata")}]
    for label, url in settings.FOOTER_LINKS:
        if safe_link(url.strip()):
            more.append({"label": label.strip(), "url": safe_link(url.strip())})
    return {
        "site_title": settings.SITE_NAME,
        "site_tagline": settings.PROGRAMME_NAME,
        "header_brand_html": BRAND,
        "footer_brand_html": BRAND,
        "footer_description": (
            f"{settings.SITE_NAME} publie le programme du {settings.PROGRAMME_NAME}\u00a0: les "
            "rencontres, ateliers et webinaires proposés par les organisations participantes."
        ),
        "get_accessibility_status_display": settings.ACCESSIBILITY_STATUS,
        "more_links": more,
    }


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_CONFIG": site_config(),
    }
