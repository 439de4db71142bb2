"""``count`` no-op resources with inputs shaped like the benchmark's tokens (name, scopes)."""

import pulumi
from noop_provider import Noop

config = pulumi.Config()
count = config.get_int("count") or 10
for i in range(count):
    Noop(f"tok-{i}", {"name": f"tok-{i}", "scopes": ["GET:company.openapi.com/IT-start"], "ttl": None})
pulumi.export("count", count)
