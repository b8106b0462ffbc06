"""A tiny OpenID Connect provider (django-oauth-toolkit in OIDC mode) for tests/test_oidc.py.

It plays ProConnect's part: code flow with PKCE, RS256 ID tokens, the `given_name` and
`usual_name` claims. It is a separate Django project with its own settings and SQLite database,
run with `runserver` on 127.0.0.1 by the test; see tests/test_oidc.py for how it is started.

Environment: OIDC_PROVIDER_DB (SQLite file), OIDC_PROVIDER_KEY (PEM file of the RSA signing key),
OIDC_PROVIDER_ISSUER (its issuer URL, http://127.0.0.1:<port>/o).
"""
