"""N tokens from stack config, for the hardening tests and the benchmarks.

Config (namespace ``many-tokens``):

- ``count`` (default 10) tokens ``<prefix>-<i>`` for ``i`` in ``start .. start+count-1``
  (``start`` default 0, ``prefix`` default ``tok``). Moving ``start`` up deletes the lowest
  indices and creates new ones at the top.
- ``scopeVariant`` (``a`` default, ``b``, ``c``): the scope set of the first ``variantCount``
  tokens (default all of them); the others use variant ``a``. Changing it updates in place.
- ``ttl`` (optional int) for every token.
- ``group`` (optional): the tokens are children of a component resource of that name.
- ``badInputs``: a JSON list of objects; each declares one token ``bad-<i>`` with those raw
  inputs (``scopes`` defaults to a valid scope when the object has no ``scopes`` key). Used to
  push hostile input through ``pulumi preview``. ``count`` then defaults to 0.
"""

import json

import pulumi

import pulumi_openapi_oauth as oauth

VARIANTS = {
    "a": ["GET:company.openapi.com/IT-start"],
    "b": ["GET:company.openapi.com/IT-start", "POST:sms.openapi.com/send"],
    "c": ["GET:company.openapi.com/IT-advanced"],
}
VALID_SCOPES = VARIANTS["a"]

config = pulumi.Config()
bad = json.loads(config.get("badInputs") or "[]")
count = config.get_int("count")
count = (0 if bad else 10) if count is None else count
start = config.get_int("start") or 0
prefix = config.get("prefix") or "tok"
variant = config.get("scopeVariant") or "a"
variant_count = config.get_int("variantCount")
variant_count = count if variant_count is None else variant_count
ttl = config.get_int("ttl")
group = config.get("group")
opts = pulumi.ResourceOptions(parent=pulumi.ComponentResource("many:index:Group", group)) if group else None

for i in range(start, start + count):
    scopes = VARIANTS[variant] if i - start < variant_count else VARIANTS["a"]
    oauth.Token(f"{prefix}-{i}", scopes=scopes, ttl=ttl, opts=opts)

for i, raw in enumerate(bad):
    props = dict(raw)
    props.setdefault("scopes", VALID_SCOPES)
    oauth.Token(f"bad-{i}", **props)

pulumi.export("count", count)
