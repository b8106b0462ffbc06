"""The site as deployed: static files collected with DEBUG=false (manifest storage, hashed and
compressed names), as `agenda collectstatic` does in production."""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# One key for the test run: the app refuses DEBUG=false with its public development key.
SECRET_KEY = secrets.token_urlsafe(50)


def production_environment(**extra: str) -> dict[str, str]:
    """The environment of a production process: DEBUG=false, a real SECRET_KEY."""
    environment = {**os.environ, "DEBUG": "false", "SECRET_KEY": SECRET_KEY, **extra}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Iterator[Path]:
    """STATIC_ROOT after `agenda collectstatic` in production mode (once per test run)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "-m", "agenda", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_environment(STATIC_ROOT=str(root)),
        check=True,
    )
    yield root
