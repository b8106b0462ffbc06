"""Subresource Integrity computed from the static file as it is served.

django-dsfr ships fixed SRI hashes of its source files, but `collectstatic` with the manifest
storage rewrites the `url(…)` references inside the CSS to their hashed names: the served bytes
differ and the browser blocks the stylesheet. The hash is therefore taken from the file the
site serves (the collected one with production's manifest storage, else the source one), once
per process.
"""

import base64
import hashlib
from functools import cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

register = template.Library()


@register.simple_tag
def static_integrity(path: str) -> str:
    """The `integrity` value (sha384) of the static file `path` as the site serves it."""
    collected = hasattr(staticfiles_storage, "stored_name")  # the manifest storage
    return _integrity(path, collected, str(settings.STATIC_ROOT))


@cache
def _integrity(path: str, collected: bool, static_root: str) -> str:
    digest = hashlib.sha384(_served_bytes(path, collected)).digest()
    return "sha384-" + base64.b64encode(digest).decode()


def _served_bytes(path: str, collected: bool) -> bytes:
    if collected:  # production: the file collectstatic wrote under its hashed name
        with staticfiles_storage.open(staticfiles_storage.stored_name(path)) as file:
            return file.read()
    source = finders.find(path)  # development: served from the apps' static folders
    if not source:
        raise ValueError(f"{path}: fichier statique introuvable")
    with open(source, "rb") as file:
        return file.read()
