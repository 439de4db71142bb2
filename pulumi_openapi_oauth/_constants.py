"""Names other code relies on, in a module with no imports so policy packs can share them."""

#: The Pulumi ``module`` of the Token dynamic resource; part of its type and of every URN.
TOKEN_MODULE = "openapi-oauth"

#: The resource type of :class:`pulumi_openapi_oauth.Token`. Fixed: policies match on it.
TOKEN_TYPE = f"pulumi-python:dynamic/{TOKEN_MODULE}:Token"

#: The keys of ``limits`` that count requests (whole numbers >= 0).
COUNT_LIMIT_KEYS = ("total_requests", "wallet_requests", "subscription_requests")
#: The keys of ``limits``: the one list. The models that declare them (``TokenLimitsArgs``,
#: ``TokenLimitsInput``, the wire model ``TokenLimits``) are checked against it by a test.
LIMIT_KEYS = (*COUNT_LIMIT_KEYS, "wallet_amount", "ip")

#: The service's default and maximum token lifetimes, in seconds.
DEFAULT_TTL = 30 * 24 * 3600
MAX_TTL = 365 * 24 * 3600

#: The resource type of the native provider's Token (``pulumi-resource-openapi-oauth``).
NATIVE_TOKEN_TYPE = f"{TOKEN_MODULE}:index:Token"
#: Both: what the policy rules, the drift report and the recovery command look for in a stack.
TOKEN_TYPES = (TOKEN_TYPE, NATIVE_TOKEN_TYPE)

#: Hidden inputs the program sets on every Token. The Token resource module imports them from
#: here, so a program pays for neither the input models (pydantic) nor the client (httpx).
#: The resource's URN, from which ``check`` derives the auto name (the same in preview and up):
#: its last part, the resource name, is the name's prefix.
NAME_SEED_KEY = "__name_seed"
#: The input that adopts an existing token by its (secret) value.
ADOPT_KEY = "adopt_token"
#: The Token's declared inputs, in order (``TokenInputs`` follows it; a test checks).
TOKEN_INPUT_KEYS = ("scopes", "name", "ttl", "limits", "renew_before", "rotation_triggers", ADOPT_KEY)
#: Outputs that hold secrets; every front end marks them secret.
SECRET_OUTPUTS = ("token", "refresh_token")
