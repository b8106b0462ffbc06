"""The outputs of the feeds app, one module per format, each registering its outputs in
`agenda.feeds.registry.REGISTRY` when imported (`load_all`, called when the app is ready)."""

import importlib
import pkgutil


def load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
