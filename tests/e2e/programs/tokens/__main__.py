"""Three tokens whose shape the e2e tests steer through stack config.

Config (project namespace):
    scopeOrder      "asc" (default) or "desc": the order alpha lists its scopes in
    rotation        alpha's rotation trigger (default "1")
    gammaTtl        gamma's ttl in seconds (default 86400); gamma has no renew_before
    bad             "" (default), "scope", "ttl" or "limit": make beta invalid in one way
"""

import hashlib

import pulumi

import pulumi_openapi_oauth as oauth

config = pulumi.Config()
order = config.get("scopeOrder") or "asc"
rotation = config.get("rotation") or "1"
gamma_ttl = config.get_int("gammaTtl") or 86400
bad = config.get("bad") or ""

alpha_scopes = sorted(
    ["GET:company.openapi.com/IT-start", "GET:company.openapi.com/IT-advanced", "GET:company.openapi.com/IT-search"],
    reverse=order == "desc",
)

alpha = oauth.Token(
    "alpha",
    scopes=alpha_scopes,
    ttl=30 * 24 * 3600,
    limits=oauth.TokenLimitsArgs(total_requests=1000, wallet_amount=5, ip=["203.0.113.7", "2001:db8::1"]),
    renew_before=7 * 24 * 3600,
    rotation_triggers={"generation": rotation},
)

beta = oauth.Token(
    "beta",
    scopes=["POST:sms.openapi.com/send", "GET:sms.openapi.com/messages"]
    + (["GET:company.openapi.com/IT start"] if bad == "scope" else []),
    name="e2e beta",
    ttl=400 * 24 * 3600 if bad == "ttl" else 60 * 24 * 3600,
    limits={"total_requests": -5 if bad == "limit" else 500, "wallet_requests": 100},
)

gamma = oauth.Token("gamma", scopes=["GET:pec.openapi.com/pec"], ttl=gamma_ttl)


def short_fingerprint(value: str) -> str:
    return "fp-" + hashlib.sha256(value.encode()).hexdigest()[:16]


pulumi.export("alpha_token", alpha.token)
pulumi.export("alpha_id", alpha.token_id)
pulumi.export("alpha_fp", alpha.token.apply(short_fingerprint))  # derived from the secret: secret too
pulumi.export("alpha_expire_at", alpha.expire_at)
pulumi.export("beta_token", beta.token)
pulumi.export("beta_id", beta.token_id)
pulumi.export("gamma_token", gamma.token)
pulumi.export("gamma_id", gamma.token_id)
