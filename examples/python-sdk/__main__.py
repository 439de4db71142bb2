"""One scoped token with limits, renewal and a rotation trigger, and a lookup of the catalogue,
through the generated SDK ``pulumi_openapi_oauth_sdk`` (served by the native provider
``pulumi-resource-openapi-oauth``; the zero-setup dynamic ``pulumi_openapi_oauth.Token`` needs
neither).

Credentials: ``pulumi config set openapi-oauth:email ...`` and
``pulumi config set --secret openapi-oauth:apiKey ...`` (or OPENAPI_OAUTH_EMAIL / OPENAPI_OAUTH_API_KEY).
"""

import pulumi
import pulumi_openapi_oauth_sdk as oauth

token = oauth.Token(
    "ci",
    scopes=["GET:company.openapi.com/IT-start"],
    ttl=7 * 24 * 3600,
    renew_before=24 * 3600,
    limits=oauth.TokenLimitsArgs(total_requests=1000, wallet_amount=5, ip=["203.0.113.7"]),
    rotation_triggers={"generation": "1"},
)
scopes = oauth.get_scopes_output(domain="company.openapi.com")

pulumi.export("token_id", token.token_id)  # the fingerprint, also the resource id
pulumi.export("value", token.token)  # secret
pulumi.export("scope_count", scopes.scopes.apply(len))
