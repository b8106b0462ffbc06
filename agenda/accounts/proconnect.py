"""ProConnect, the State's OpenID Connect sign-in for public agents: a small relying party.

Authorization code flow with state, nonce and PKCE (S256). Endpoints come from the issuer's
discovery document (`<issuer>/.well-known/openid-configuration`), fetched when first needed and
cached, like the provider's signing keys (JWKS), which are fetched again once when a token names
a key we do not know (key rotation). The ID token's signature is checked against the JWKS with
the algorithms the provider announces (asymmetric ones only), then its issuer, audience, expiry
and nonce. The userinfo endpoint may answer JSON or a signed JWT (ProConnect does the latter).

Settings: PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET (PROCONNECT_ENABLED
is true when the first two are set) and optionally PROCONNECT_SCOPES.
"""

import base64
import hashlib
import json
import secrets
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache

DEFAULT_SCOPES = "openid email given_name usual_name"
CACHE_SECONDS = 3600
TIMEOUT = 10
# Never "none" nor HMAC: the ID token must be signed with one of the provider's published keys.
ASYMMETRIC_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"}
LEEWAY_SECONDS = 60


class ProConnectError(Exception):
    """The sign-in could not be completed; the message is for the logs, not for the user."""


def enabled() -> bool:
    return settings.PROCONNECT_ENABLED


def issuer() -> str:
    return settings.PROCONNECT_ISSUER.rstrip("/")


def _get(url: str, **kwargs) -> requests.Response:
    try:
        response = requests.get(url, timeout=TIMEOUT, **kwargs)
        response.raise_for_status()
    except requests.RequestException as error:
        raise ProConnectError(f"GET {url}: {error}") from error
    return response


def _json(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError as error:
        raise ProConnectError(f"{response.url}: not JSON") from error
    if not isinstance(data, dict):
        raise ProConnectError(f"{response.url}: not a JSON object")
    return data


def discovery() -> dict:
    key = f"proconnect:discovery:{issuer()}"
    document = cache.get(key)
    if document is None:
        document = _json(_get(f"{issuer()}/.well-known/openid-configuration"))
        if str(document.get("issuer", "")).rstrip("/") != issuer():
            raise ProConnectError(f"discovery names issuer {document.get('issuer')!r}")
        for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not document.get(endpoint):
                raise ProConnectError(f"discovery has no {endpoint}")
        cache.set(key, document, CACHE_SECONDS)
    return document


def jwks(*, refresh: bool = False) -> dict:
    uri = discovery()["jwks_uri"]
    key = f"proconnect:jwks:{uri}"
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _json(_get(uri))
        if not isinstance(keys.get("keys"), list):
            raise ProConnectError("JWKS without keys")
        cache.set(key, keys, CACHE_SECONDS)
    return keys


def _allowed_algorithms() -> list[str]:
    announced = discovery().get("id_token_signing_alg_values_supported") or ["RS256"]
    allowed = [alg for alg in announced if alg in ASYMMETRIC_ALGORITHMS]
    if not allowed:
        raise ProConnectError(f"no usable signing algorithm in {announced}")
    return allowed


def _find_key(header: dict, keys: dict):
    kid = header.get("kid")
    candidates = [
        k
        for k in keys.get("keys", [])
        if k.get("use", "sig") == "sig" and (kid is None or k.get("kid") == kid)
    ]
    if kid is None and len(candidates) != 1:
        return None  # without a key id, only a lone signing key is unambiguous
    for candidate in candidates:
        try:
            return jwt.PyJWK(candidate, algorithm=header.get("alg"))
        except jwt.PyJWTError:
            continue
    return None


def signing_key(token: str):
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise ProConnectError(f"unreadable token header: {error}") from error
    if header.get("alg") not in _allowed_algorithms():
        raise ProConnectError(f"token signed with {header.get('alg')!r}")
    key = _find_key(header, jwks())
    if key is None:  # perhaps the provider rotated its keys
        key = _find_key(header, jwks(refresh=True))
    if key is None:
        raise ProConnectError(f"no published key {header.get('kid')!r}")
    return key


def _decode(token: str, **kwargs) -> dict:
    try:
        return jwt.decode(
            token,
            key=signing_key(token),
            algorithms=_allowed_algorithms(),
            leeway=LEEWAY_SECONDS,
            **kwargs,
        )
    except jwt.PyJWTError as error:
        raise ProConnectError(f"token refused: {error}") from error


def verify_id_token(id_token: str, nonce: str) -> dict:
    claims = _decode(
        id_token,
        audience=settings.PROCONNECT_CLIENT_ID,
        issuer=discovery()["issuer"],
        options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise ProConnectError("nonce mismatch")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != settings.PROCONNECT_CLIENT_ID:
        raise ProConnectError("azp is not this client")
    return claims


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge


def start(redirect_uri: str) -> tuple[str, dict]:
    """The provider's authorization URL, and what the callback must find in the session."""
    verifier, challenge = _pkce_pair()
    pending = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": verifier,
        "redirect_uri": redirect_uri,
    }
    params = {
        "response_type": "code",
        "client_id": settings.PROCONNECT_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.PROCONNECT_SCOPES or DEFAULT_SCOPES,
        "state": pending["state"],
        "nonce": pending["nonce"],
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    endpoint = discovery()["authorization_endpoint"]
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}", pending


def exchange_code(code: str, pending: dict) -> dict:
    """Trade the authorization code for tokens at the token endpoint."""
    document = discovery()
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": pending["redirect_uri"],
        "code_verifier": pending["verifier"],
    }
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth = None
    if "client_secret_post" in methods:
        data["client_id"] = settings.PROCONNECT_CLIENT_ID
        data["client_secret"] = settings.PROCONNECT_CLIENT_SECRET
    else:
        auth = (settings.PROCONNECT_CLIENT_ID, settings.PROCONNECT_CLIENT_SECRET)
    try:
        response = requests.post(
            document["token_endpoint"],
            data=data,
            auth=auth,
            timeout=TIMEOUT,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException as error:
        raise ProConnectError(f"token endpoint: {error}") from error
    if response.status_code != 200:
        raise ProConnectError(f"token endpoint answered {response.status_code}: {response.text}")
    tokens = _json(response)
    if not tokens.get("id_token"):
        raise ProConnectError("no id_token in the token response")
    return tokens


def userinfo(access_token: str) -> dict:
    """The userinfo claims, or {} when the provider has no userinfo endpoint."""
    endpoint = discovery().get("userinfo_endpoint")
    if not endpoint or not access_token:
        return {}
    response = _get(endpoint, headers={"Authorization": f"Bearer {access_token}"})
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/jwt":
        return _json(response)
    # A signed answer (ProConnect's): same keys as the ID token; iss and aud checked when given.
    claims = _decode(response.text.strip(), options={"require": ["sub"], "verify_aud": False})
    if "iss" in claims and str(claims["iss"]).rstrip("/") != issuer():
        raise ProConnectError(f"userinfo from issuer {claims['iss']!r}")
    audiences = claims.get("aud", settings.PROCONNECT_CLIENT_ID)
    if settings.PROCONNECT_CLIENT_ID not in (
        audiences if isinstance(audiences, list) else [audiences]
    ):
        raise ProConnectError("userinfo for another client")
    return claims


def claims_for(code: str, pending: dict) -> tuple[dict, str]:
    """The verified claims of the person signing in (ID token, then userinfo), and the ID token."""
    tokens = exchange_code(code, pending)
    claims = verify_id_token(tokens["id_token"], pending["nonce"])
    extra = userinfo(tokens.get("access_token", ""))
    if extra:
        if str(extra.get("sub")) != str(claims["sub"]):
            raise ProConnectError("userinfo is about someone else")
        claims = {**claims, **extra}
    return claims, tokens["id_token"]


def logout_url(id_token: str, post_logout_redirect_uri: str) -> str | None:
    """Where to send someone signed in with ProConnect to end their ProConnect session."""
    try:
        endpoint = discovery().get("end_session_endpoint")
    except ProConnectError:
        return None
    if not endpoint:
        return None
    params = {
        "id_token_hint": id_token,
        "state": secrets.token_urlsafe(16),
        "post_logout_redirect_uri": post_logout_redirect_uri,
        "client_id": settings.PROCONNECT_CLIENT_ID,
    }
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"


def describe(claims: dict) -> str:
    return json.dumps({k: claims.get(k) for k in ("sub", "email", "idp_id")}, ensure_ascii=False)
