"""ProConnect sign-in through a real OpenID Connect provider started for these tests.

The provider is tests/oidc_provider, started in its own process by tests/oidc.py. The agenda
runs in pytest-django's live_server; a requests.Session plays the browser between the two
(cookies, redirects, the provider's login form).
"""

import re
from urllib.parse import parse_qs, urlencode, urljoin, urlparse

import jwt
import pytest
import requests
from django.contrib.auth import get_user_model

from agenda.accounts import proconnect
from agenda.accounts.models import Membership
from agenda.events.models import Organisation
from tests.oidc import (
    AGENT,
    CALLBACK,
    CLIENT_ID,
    CLIENT_SECRET,
    free_port,
    new_rsa_key,
    running_provider,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc-provider")) as started:
        started.register(live_server.url)
        yield started


@pytest.fixture
def proconnect_on(settings, provider):
    settings.PROCONNECT_ISSUER = provider.issuer
    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_CLIENT_SECRET = CLIENT_SECRET
    settings.PROCONNECT_ENABLED = True
    return provider


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def start(browser: requests.Session, live_server) -> requests.Response:
    """Press "S'identifier avec ProConnect": returns the provider's login page."""
    login_page = browser.get(f"{live_server.url}/compte/connexion/")
    assert "S’identifier avec" in login_page.text
    response = browser.post(
        f"{live_server.url}/compte/proconnect/",
        data={"csrfmiddlewaretoken": csrf_token(login_page.text)},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return browser.get(response.headers["Location"])


def sign_in_at_provider(browser: requests.Session, page: requests.Response) -> str:
    """Fill the provider's login form; returns the agenda callback URL it redirects to."""
    next_url = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
    response = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": AGENT["username"],
            "password": AGENT["password"],
            "next": next_url.replace("&amp;", "&"),
        },
        allow_redirects=False,
    )
    for _ in range(5):
        assert response.status_code == 302, response.text
        location = urljoin(response.url, response.headers["Location"])
        if CALLBACK in location:
            return location
        response = browser.get(location, allow_redirects=False)
    pytest.fail("the provider never sent the browser back to the agenda")


def sign_in(browser: requests.Session, live_server) -> requests.Response:
    """The whole round trip; the agenda's answer to the callback (not followed)."""
    return browser.get(
        sign_in_at_provider(browser, start(browser, live_server)), allow_redirects=False
    )


def test_an_agent_signs_in_with_proconnect_and_gets_an_account_from_the_claims(
    live_server, proconnect_on
):
    browser = requests.Session()
    provider_login = start(browser, live_server)

    authorize = urlparse(provider_login.url)
    sent = parse_qs(authorize.query)
    assert provider_login.url.startswith(f"{proconnect_on.url}/connexion/")
    request = parse_qs(urlparse(sent["next"][0]).query)
    assert request["response_type"] == ["code"]
    assert request["client_id"] == [CLIENT_ID]
    assert request["code_challenge_method"] == ["S256"]
    assert request["scope"] == ["openid email given_name usual_name"]
    assert len(request["state"][0]) >= 32 and len(request["nonce"][0]) >= 32

    callback = sign_in_at_provider(browser, provider_login)
    assert callback.startswith(f"{live_server.url}{CALLBACK}?")
    assert "code=" in callback

    landing = browser.get(callback, allow_redirects=False)

    assert landing.status_code == 302
    assert landing.headers["Location"] in ("/espace/", "/espace/organisations/")
    user = get_user_model().objects.get()
    assert (user.email, user.username) == (
        "camille.agent@interieur.gouv.fr",
        "camille.agent@interieur.gouv.fr",
    )
    assert (user.first_name, user.last_name) == ("Camille", "Agent")
    assert user.has_usable_password() is False
    page = browser.get(f"{live_server.url}/espace/organisations/", allow_redirects=False)
    assert page.status_code == 200
    assert "Se déconnecter" in page.text
    assert "Vous n’êtes membre d’aucune organisation" in page.text


def test_an_existing_account_with_the_same_email_is_reused_with_its_memberships(
    live_server, proconnect_on
):
    existing = get_user_model().objects.create_user(
        username="camille.agent@interieur.gouv.fr",
        email="camille.agent@INTERIEUR.gouv.fr",
        password="un ancien mot de passe",
        first_name="Camille",
        last_name="",
    )
    organisation = Organisation.objects.create(name="Ministère de l’Intérieur", slug="interieur")
    Membership.objects.create(user=existing, organisation=organisation, role="organiser")
    browser = requests.Session()

    assert sign_in(browser, live_server).status_code == 302

    assert get_user_model().objects.count() == 1
    existing.refresh_from_db()
    assert existing.last_name == "Agent"  # a blank name is filled from usual_name
    page = browser.get(f"{live_server.url}/espace/organisations/").text
    assert "Ministère de l’Intérieur" in page


def test_a_tampered_state_is_refused_and_nobody_is_signed_in(live_server, proconnect_on):
    browser = requests.Session()
    callback = sign_in_at_provider(browser, start(browser, live_server))
    parts = urlparse(callback)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["state"] = query["state"][:-4] + "AAAA"

    response = browser.get(f"{live_server.url}{CALLBACK}?{urlencode(query)}", allow_redirects=False)

    assert response.status_code == 400
    assert "Connexion avec ProConnect impossible" in response.text
    assert get_user_model().objects.count() == 0
    # The state is single use: the genuine callback, replayed after a failure, fails too.
    assert browser.get(callback, allow_redirects=False).status_code == 400
    assert get_user_model().objects.count() == 0


def test_a_callback_without_a_flow_started_in_this_browser_is_refused(live_server, proconnect_on):
    victim_browser = requests.Session()
    attacker = requests.Session()
    callback = sign_in_at_provider(attacker, start(attacker, live_server))

    response = victim_browser.get(callback, allow_redirects=False)

    assert response.status_code == 400
    assert get_user_model().objects.count() == 0


def _resign(id_token: str, how: str, provider) -> str:
    claims = jwt.decode(id_token, options={"verify_signature": False})
    header = jwt.get_unverified_header(id_token)
    if how == "another RSA key under the provider's key id":
        return jwt.encode(claims, new_rsa_key(), algorithm="RS256", headers={"kid": header["kid"]})
    if how == "another RSA key with a key id of its own":
        return jwt.encode(claims, new_rsa_key(), algorithm="RS256", headers={"kid": "inconnue"})
    if how == "HS256 with the client secret":
        return jwt.encode(claims, CLIENT_SECRET, algorithm="HS256", headers={"kid": header["kid"]})
    if how == "no signature at all":
        return jwt.encode(claims, None, algorithm="none")
    # Signed with the provider's genuine key, but saying something else.
    if how == "the provider's key but another nonce":
        claims["nonce"] = "un-autre-nonce"
    if how == "the provider's key but for another client":
        claims["aud"] = "un-autre-client"
    if how == "the provider's key but expired":
        claims["iat"] -= 7200
        claims["exp"] = claims["iat"] + 600
    return jwt.encode(claims, provider.key, algorithm="RS256", headers={"kid": header["kid"]})


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("another RSA key under the provider's key id", "Signature verification failed"),
        ("another RSA key with a key id of its own", "no published key 'inconnue'"),
        ("HS256 with the client secret", "token signed with 'HS256'"),
        ("no signature at all", "token signed with 'none'"),
        ("the provider's key but another nonce", "nonce mismatch"),
        ("the provider's key but for another client", "Audience doesn't match"),
        ("the provider's key but expired", "Signature has expired"),
    ],
)
def test_an_id_token_not_genuinely_signed_for_this_sign_in_is_refused(
    live_server, proconnect_on, monkeypatch, caplog, how, reason
):
    real_exchange = proconnect.exchange_code

    def exchange_then_forge(code, pending):
        tokens = real_exchange(code, pending)
        return {**tokens, "id_token": _resign(tokens["id_token"], how, proconnect_on)}

    monkeypatch.setattr(proconnect, "exchange_code", exchange_then_forge)
    browser = requests.Session()

    response = browser.get(
        sign_in_at_provider(browser, start(browser, live_server)), allow_redirects=False
    )

    assert response.status_code == 400
    assert "La réponse de ProConnect n’a pas pu être vérifiée" in response.text
    assert any(reason in record.getMessage() for record in caplog.records), caplog.text
    assert get_user_model().objects.count() == 0
    page = browser.get(f"{live_server.url}/espace/organisations/", allow_redirects=False)
    assert page.status_code == 302  # still anonymous: sent to the login page


def test_the_genuine_token_passes_the_same_forging_hook_unchanged(
    live_server, proconnect_on, monkeypatch
):
    """The hook above is not what makes those sign-ins fail."""
    real_exchange = proconnect.exchange_code
    calls = []
    monkeypatch.setattr(
        proconnect,
        "exchange_code",
        lambda code, pending: calls.append(code) or real_exchange(code, pending),
    )
    browser = requests.Session()

    response = browser.get(
        sign_in_at_provider(browser, start(browser, live_server)), allow_redirects=False
    )

    assert len(calls) == 1
    assert response.status_code == 302
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize("signed_by", ["the provider", "another key"])
def test_a_userinfo_answered_as_a_signed_jwt_like_proconnect_is_verified(
    live_server, proconnect_on, monkeypatch, signed_by
):
    """ProConnect answers userinfo with a JWT (application/jwt): its signature is checked too."""
    kid = requests.get(f"{proconnect_on.issuer}/.well-known/jwks.json").json()["keys"][0]["kid"]
    key = proconnect_on.key if signed_by == "the provider" else new_rsa_key()
    real_get = proconnect._get

    def userinfo_as_jwt(url, **kwargs):
        response = real_get(url, **kwargs)
        if not url.endswith("/userinfo/"):
            return response
        claims = {**response.json(), "iss": proconnect_on.issuer, "aud": CLIENT_ID}
        claims["usual_name"] = "Agent-Signé"
        signed = requests.Response()
        signed.status_code = 200
        signed.url = url
        signed.headers["Content-Type"] = "application/jwt; charset=utf-8"
        signed._content = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid}).encode()
        return signed

    monkeypatch.setattr(proconnect, "_get", userinfo_as_jwt)
    browser = requests.Session()

    response = sign_in(browser, live_server)

    if signed_by == "the provider":
        assert response.status_code == 302
        assert get_user_model().objects.get().last_name == "Agent-Signé"
    else:
        assert response.status_code == 400
        assert get_user_model().objects.count() == 0


def test_discovery_and_keys_are_fetched_once_then_cached(live_server, proconnect_on, monkeypatch):
    fetched = []
    real_get = proconnect._get
    monkeypatch.setattr(
        proconnect, "_get", lambda url, **kw: fetched.append(url) or real_get(url, **kw)
    )

    for _ in range(2):
        browser = requests.Session()
        assert sign_in(browser, live_server).status_code == 302

    issuer = proconnect_on.issuer
    assert fetched.count(f"{issuer}/.well-known/openid-configuration") == 1
    assert fetched.count(f"{issuer}/.well-known/jwks.json") == 1
    assert fetched.count(f"{issuer}/userinfo/") == 2


def test_signing_out_also_ends_the_proconnect_session(live_server, proconnect_on):
    browser = requests.Session()
    assert sign_in(browser, live_server).status_code == 302
    assert browser.get(f"{proconnect_on.url}/qui/").text == AGENT["email"]
    page = browser.get(f"{live_server.url}/espace/organisations/")

    response = browser.post(
        f"{live_server.url}/compte/deconnexion/",
        data={"csrfmiddlewaretoken": csrf_token(page.text)},
        allow_redirects=False,
    )

    assert response.headers["Location"].startswith(f"{proconnect_on.issuer}/logout/?")
    assert "id_token_hint=" in response.headers["Location"]
    final = browser.get(response.headers["Location"])
    assert final.url.startswith(f"{live_server.url}/?state=")
    assert browser.get(f"{proconnect_on.url}/qui/").text == "anonyme"
    again = browser.get(f"{live_server.url}/espace/organisations/", allow_redirects=False)
    assert again.status_code == 302


def test_an_unreachable_provider_gives_a_french_error_page(client, settings, db):
    settings.PROCONNECT_ISSUER = f"http://127.0.0.1:{free_port()}/o"
    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_ENABLED = True

    response = client.post("/compte/proconnect/")

    assert response.status_code == 502
    assert "Connexion avec ProConnect impossible" in response.content.decode()
