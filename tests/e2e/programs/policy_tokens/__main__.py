"""One token, compliant with the example policy config by default.

Config (project namespace):
    ttl         seconds (default 30 days; more than 90 days violates openapi-oauth-max-ttl)
    extraScope  a scope to add (e.g. DELETE:sms.openapi.com/messages violates openapi-oauth-forbidden-scopes)
"""

import pulumi

import pulumi_openapi_oauth as oauth

config = pulumi.Config()
ttl = config.get_int("ttl") or 30 * 24 * 3600
extra = config.get("extraScope")

oauth.Token(
    "reporting",
    scopes=["GET:company.openapi.com/IT-start", *([extra] if extra else [])],
    ttl=ttl,
    limits=oauth.TokenLimitsArgs(total_requests=1000, wallet_amount=20),
    renew_before=7 * 24 * 3600,
)
