"""Two tokens and an optional lookup, steered by stack config, for tests/e2e/test_drift_e2e.py.

Config (project namespace):
    dupScopes   "1": ``main`` lists one of its scopes twice
    adopt       (secret) the value of a live token passed to ``main`` as ``adopt_token``
    getId       look up a token read-only with ``Token.get`` by this id
``main``: auto-named, ttl 60 days, renew_before 7 days, limits with an IP allow-list.
``short``: fixed name ``e2e short``, ttl 1 day, no renewal.
"""

import pulumi

import pulumi_openapi_oauth as oauth

config = pulumi.Config()
scopes = ["GET:company.openapi.com/IT-start", "GET:company.openapi.com/IT-advanced"]
if config.get("dupScopes") == "1":
    scopes.append("GET:company.openapi.com/IT-start")

main = oauth.Token(
    "main",
    scopes=scopes,
    ttl=60 * 24 * 3600,
    renew_before=7 * 24 * 3600,
    limits=oauth.TokenLimitsArgs(total_requests=1000, wallet_amount=5, ip=["203.0.113.7", "2001:db8::1"]),
    adopt_token=config.get_secret("adopt"),
)
short = oauth.Token("short", scopes=["GET:company.openapi.com/IT-start"], name="e2e short", ttl=24 * 3600)

pulumi.export("main_token", main.token)
pulumi.export("main_name", main.name)
pulumi.export("short_token", short.token)

get_id = config.get("getId")
if get_id:
    found = oauth.Token.get("found", get_id)
    pulumi.export("found_name", found.name)
