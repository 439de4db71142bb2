"""One Token and a lookup through the generated SDK ``pulumi_openapi_oauth_sdk`` (served by the
plugin ``pulumi-resource-openapi-oauth``). Config (project namespace): ``totalRequests``."""

import pulumi
import pulumi_openapi_oauth_sdk as oauth

config = pulumi.Config()

token = oauth.Token(
    "sdk",
    scopes=["GET:company.openapi.com/IT-start"],
    ttl=7 * 24 * 3600,
    limits=oauth.TokenLimitsArgs(total_requests=config.get_int("totalRequests") or 100, ip=["203.0.113.7"]),
    rotation_triggers={"generation": "1"},
)
scopes = oauth.get_scopes_output(domain="company.openapi.com")

pulumi.export("id", token.id)
pulumi.export("token_id", token.token_id)
pulumi.export("token", token.token)
pulumi.export("scope_count", scopes.scopes.apply(len))
