"""``count`` no-op resources: the engine's floor for the benchmark.

Config ``shape``:

- ``plain`` (default): inputs shaped like the benchmark's tokens (name, scopes), the floor of
  the issue's table.
- ``secrets``: ``plain`` plus two secret outputs (24-hex values, like the Token's ``token``
  and ``refresh_token``): what secret outputs alone cost the engine.
- ``token``: the Token's shape: the same properties in the program (so the same number of
  Outputs), the same inputs after check and outputs of the same size after create, two of them
  secret. Its provider still does nothing; the bench reports it beside the plain floor, to
  tell the engine's cost of the Token's shape from the provider's own.

``scopeVariant`` ``b`` changes every resource's scopes (an update), as in ``many_tokens``.
"""

import pulumi
from noop_provider import Noop, TokenShaped, WithSecrets

config = pulumi.Config()
count = config.get_int("count") or 10
shape = config.get("shape") or "plain"
scopes = ["GET:company.openapi.com/IT-start"]
if config.get("scopeVariant") == "b":
    scopes = [*scopes, "POST:sms.openapi.com/send"]
for i in range(count):
    if shape == "token":
        TokenShaped(f"tok-{i}", scopes)
    elif shape == "secrets":
        WithSecrets(f"tok-{i}", {"name": f"tok-{i}", "scopes": scopes, "ttl": None})
    else:
        Noop(f"tok-{i}", {"name": f"tok-{i}", "scopes": scopes, "ttl": None})
pulumi.export("count", count)
