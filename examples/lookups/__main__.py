"""Read the account before deploying: enabled scopes of one domain, a wallet floor, usage.

Config (``pulumi config set ...``):
    domain              the API domain whose enabled scopes the token gets
                        (default company.openapi.com)
    minWalletCredit     refuse to deploy below this wallet credit (default 10)
    openapi-oauth:email / openapi-oauth:apiKey (secret) / openapi-oauth:baseUrl
                        credentials and endpoint, as for the Token resource (or the
                        OPENAPI_OAUTH_* environment variables)
"""

import pulumi

import pulumi_openapi_oauth as oauth

config = pulumi.Config()
domain = config.get("domain") or "company.openapi.com"
min_credit = config.get_float("minWalletCredit")
min_credit = 10.0 if min_credit is None else min_credit

# The plain forms answer at once, so the program can decide before declaring anything.
# pulumi.RunError ends the run with just this message (no traceback) in `pulumi up`/`preview`.
wallet = oauth.get_wallet()
if wallet.credit < min_credit:
    raise pulumi.RunError(
        f"wallet credit {wallet.credit:g} is below the floor of {min_credit:g} "
        "(config minWalletCredit): top up the wallet before deploying"
    )

enabled = oauth.get_scopes(domain=domain, enabled=True)
if not enabled.scopes:
    raise pulumi.RunError(f"no enabled scopes in domain {domain!r} (config domain)")

token = oauth.Token(
    "lookups-token",
    scopes=[s.scope for s in enabled.scopes],
)

# The _output forms take Outputs and return Outputs: usage of the same domain, this year.
domain_stats = oauth.get_stats_api_output(domain=pulumi.Output.from_input(domain))
totals = oauth.get_stats()

pulumi.export("domain", domain)
pulumi.export("scopes", token.scopes)
pulumi.export("wallet", wallet)
pulumi.export(
    "stats",
    {
        "totalRequests": totals.total_requests,
        "errorRequests": totals.error_requests,
        "walletAmount": totals.wallet_amount,
        "totalApis": totals.total_apis,
        "domainRequests": domain_stats.total_requests,
        "domainScopes": domain_stats.apply(lambda d: sorted(d.scopes)),
    },
)
