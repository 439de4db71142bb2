"""One lookup or one Token from stack config, to see what a user reads when it fails.

Config (namespace ``errors``):

- ``mode``: ``lookup`` (``get_wallet()`` in the program), ``lookup-output``
  (``get_wallet_output()``) or ``token`` (one Token ``t``, the default).
- ``adoptToken`` (secret, optional): the Token adopts that value.
- ``ipCount`` (optional int): the Token's ``limits.ip`` holds that many distinct IPv6 addresses.
- ``name`` (optional): the Token's name (default: the auto name).
"""

import pulumi

import pulumi_openapi_oauth as oauth

config = pulumi.Config()
mode = config.get("mode") or "token"

if mode == "lookup":
    pulumi.export("credit", oauth.get_wallet().credit)
elif mode == "lookup-output":
    pulumi.export("credit", oauth.get_wallet_output().credit)
else:
    ip_count = config.get_int("ipCount") or 0
    limits = {"ip": [f"2001:db8:{i // 65536:x}:{i % 65536:x}::1" for i in range(ip_count)]} if ip_count else None
    token = oauth.Token(
        "t",
        scopes=["GET:company.openapi.com/IT-start"],
        name=config.get("name"),
        limits=limits,
        adopt_token=config.get_secret("adoptToken"),
    )
    pulumi.export("token_id", token.token_id)
