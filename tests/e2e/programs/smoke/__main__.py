import pulumi
from smoke_provider import Record

config = pulumi.Config()
record = Record("rec", key=config.get("key") or "alpha", value=config.get("value") or "v1")
pulumi.export("key", record.key)
pulumi.export("value", record.value)
pulumi.export("greeting", record.greeting)
pulumi.export("secret_greeting", pulumi.Output.secret(record.greeting))
