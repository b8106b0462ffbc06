"""The test OpenID Connect provider (tests/oidc_provider) in a process of its own: used by the
ProConnect tests against the live server (tests/test_oidc.py) and against the deployed site
(tests/test_browser_accounts.py).

django-oauth-toolkit in OIDC mode, run with `runserver` on 127.0.0.1 with its own settings,
SQLite database and an RSA key generated here. The agenda is registered as a client once its
address is known (`Provider.register`), so the provider can start before the agenda."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bench.procs import free_port

ROOT = Path(__file__).resolve().parents[1]
CLIENT_ID = "agenda-public-tests"
CLIENT_SECRET = "un-secret-de-client-pour-les-tests"
AGENT = {
    "username": "camille",
    "password": "mot-de-passe-du-fournisseur",
    "email": "Camille.Agent@interieur.gouv.fr",
    "given_name": "Camille",
    "usual_name": "Agent",
}
CALLBACK = "/compte/proconnect/retour/"


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Provider:
    url: str
    issuer: str
    key: rsa.RSAPrivateKey
    log: Path
    environment: dict

    def manage(self, *args: str) -> None:
        """Run a management command of the provider (on its database)."""
        done = subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=ROOT, env=self.environment, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr

    def register(self, agenda_url: str) -> None:
        """Register the agenda at `agenda_url` as a client, and create the test agent."""
        self.manage(
            "provider_setup",
            f"--client-id={CLIENT_ID}",
            f"--client-secret={CLIENT_SECRET}",
            f"--redirect-uri={agenda_url}{CALLBACK}",
            f"--post-logout-redirect-uri={agenda_url}/",
            *(f"--{name.replace('_', '-')}={value}" for name, value in AGENT.items()),
        )

    def agenda_environment(self) -> dict[str, str]:
        """The agenda's settings that turn ProConnect on against this provider."""
        return {
            "PROCONNECT_ISSUER": self.issuer,
            "PROCONNECT_CLIENT_ID": CLIENT_ID,
            "PROCONNECT_CLIENT_SECRET": CLIENT_SECRET,
        }


def _write_key(path: Path) -> rsa.RSAPrivateKey:
    key = new_rsa_key()
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return key


def _wait_for_discovery(provider: Provider, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"the OIDC provider stopped:\n{provider.log.read_text()}")
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"the OIDC provider did not start:\n{provider.log.read_text()}")
        time.sleep(0.2)


@contextmanager
def running_provider(workdir: Path) -> Iterator[Provider]:
    """The provider, migrated and answering its discovery document, stopped on exit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(workdir / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY": str(workdir / "key.pem"),
        "OIDC_PROVIDER_ISSUER": f"{base}/o",
    }
    key = _write_key(workdir / "key.pem")
    provider = Provider(base, f"{base}/o", key, workdir / "runserver.log", environment)
    provider.manage("migrate", "--noinput")
    with open(provider.log, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for_discovery(provider, process)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
