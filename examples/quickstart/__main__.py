"""Quickstart: a few scoped, limited tokens, chosen with the lookups.

Run it with ``scripts/demo`` (it starts the local emulator and sets the stack config), or
against a real account with ``openapi-oauth:email`` and a secret ``openapi-oauth:apiKey``.
"""

import pulumi

import pulumi_openapi_oauth as oauth

config = pulumi.Config()
domain = config.get("domain") or "company.openapi.com"

# Only enabled GET scopes of one domain: the catalogue decides, not a hard-coded list.
catalogue = oauth.get_scopes(domain=domain, method="GET", enabled=True)
read_scopes = sorted(s.scope for s in catalogue.scopes)[:2]

deployer = oauth.Token(
    "ci-deployer",
    scopes=read_scopes,
    ttl=30 * 24 * 3600,
    limits=oauth.TokenLimitsArgs(total_requests=10_000, wallet_amount=50, ip=["203.0.113.7"]),
    renew_before=7 * 24 * 3600,
)

notifier = oauth.Token(
    "sms-notifier",
    scopes=["POST:sms.openapi.com/send"],
    ttl=90 * 24 * 3600,
    limits={"total_requests": 5_000, "wallet_amount": 20},
    rotation_triggers={"quarter": "2026-Q4"},
)

wallet = oauth.get_wallet()

pulumi.export("deployer_token", deployer.token)  # a secret: shown as [secret]
pulumi.export("deployer_token_id", deployer.token_id)  # a fingerprint, safe to show
pulumi.export("deployer_scopes", deployer.scopes)
pulumi.export("deployer_expires", deployer.expire_at)
pulumi.export("notifier_token_id", notifier.token_id)
pulumi.export("notifier_name", notifier.name)
pulumi.export("wallet_credit", wallet.credit)
