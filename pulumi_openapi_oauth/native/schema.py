"""The Pulumi package schema of ``openapi-oauth``, built from the code it describes.

Nothing is typed twice: the Token's inputs come from the pydantic models that ``check``
validates with (:mod:`pulumi_openapi_oauth.token.inputs`), ``stats`` from the wire model
(:mod:`pulumi_openapi_oauth._models`) with the vendored spec's descriptions, and the 13
functions from the lookups' signatures and ``@pulumi.output_type`` result classes (their
``Attributes:`` docstrings are the property docs). What the code cannot say (the outputs'
docs, the lookup arguments' docs, the provider config) is in the tables below, and
:func:`build_schema` raises when a property would go undocumented or a table entry is stale.

``python -m pulumi_openapi_oauth.native.schema`` rewrites ``pulumi_openapi_oauth/schema.json``
(``scripts/gen-sdk`` runs it first); ``tests/unit/native`` fails when that file is stale.
"""

from __future__ import annotations

import collections.abc
import datetime as _dt
import importlib.metadata
import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.alias_generators import to_camel

from pulumi_openapi_oauth import lookups
from pulumi_openapi_oauth._config import ENDPOINTS
from pulumi_openapi_oauth._constants import NATIVE_TOKEN_TYPE, TOKEN_MODULE
from pulumi_openapi_oauth._models import TokenStats
from pulumi_openapi_oauth._secrets import FINGERPRINT_PREFIX
from pulumi_openapi_oauth.lookups._result import Result
from pulumi_openapi_oauth.token.inputs import ADOPT_KEY, TokenInputs, TokenLimitsInput

__all__ = ["PACKAGE", "SCHEMA_PATH", "TOKEN_TYPE", "SchemaError", "build_schema", "main", "render"]

PACKAGE = TOKEN_MODULE
TOKEN_TYPE = NATIVE_TOKEN_TYPE
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema.json"
_SPEC_PATH = Path(__file__).resolve().parent.parent / "spec" / "openapi-oauth.json"

#: The lookups served as functions, in schema order (``get_scopes`` -> ``getScopes``).
LOOKUPS = (
    "get_scopes",
    "get_scope",
    "get_wallet",
    "get_wallet_transactions",
    "get_subscriptions",
    "get_subscription",
    "get_stats",
    "get_stats_ips",
    "get_stats_apis",
    "get_stats_api",
    "get_callbacks",
    "get_callback",
    "get_errors",
)

#: Provider config: key -> (secret, description). The keys are those
#: :func:`pulumi_openapi_oauth._config.resolve_settings` reads.
CONFIG: dict[str, tuple[bool, str]] = {
    "email": (False, "The account's e-mail address (HTTP Basic user). Default: `OPENAPI_OAUTH_EMAIL`."),
    "apiKey": (
        True,
        "The account's API key (HTTP Basic password); kept as a secret. Default: `OPENAPI_OAUTH_API_KEY`.",
    ),
    "baseUrl": (
        False,
        "Base URL of the service, e.g. a local emulator's `http://127.0.0.1:8080`. Wins over `environment`. "
        "Default: `OPENAPI_OAUTH_BASE_URL`, else the `environment`'s URL.",
    ),
    "environment": (
        False,
        "Which service to use when `baseUrl` is not set: "
        + ", ".join(f"`{name}` ({url})" for name, url in ENDPOINTS.items())
        + ". Default: `OPENAPI_OAUTH_ENVIRONMENT`, else `production`.",
    ),
}

#: The Token's output-only properties: name -> (secret, always set, description).
TOKEN_OUTPUTS: dict[str, tuple[bool, bool, str]] = {
    "token": (True, True, "The token value, always a secret. Never the resource id."),
    "refreshToken": (True, False, "The refresh token that extends the token's lifetime, always a secret."),
    "tokenId": (
        False,
        True,
        f"The token's fingerprint (`{FINGERPRINT_PREFIX}` and 128 bits of the value's SHA-256, in hex); also the "
        "resource id.",
    ),
    "expireAt": (False, False, "When the token expires (ISO 8601), as last read from the service."),
    "createdAt": (False, False, "When the token was created (ISO 8601)."),
    "updatedAt": (False, False, "When the token last changed (ISO 8601)."),
    "stats": (False, False, "Usage counters of the token as last read (create, update or refresh)."),
}
#: Inputs the provider always records in the outputs (the name is generated when not given,
#: ``ttl`` falls back to the service default).
_ALWAYS_SET_INPUTS = ("scopes", "name", "ttl")

#: The lookup arguments' docs: (lookup, argument) -> description.
ARG_DOCS: dict[tuple[str, str], str] = {
    ("get_scopes", "domain"): "Only scopes of this API domain, e.g. `company.openapi.com`.",
    ("get_scopes", "method"): "Only scopes of this HTTP method (`GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `*`).",
    ("get_scopes", "enabled"): "Only enabled (`true`) or only disabled (`false`) scopes.",
    ("get_scope", "id"): "The scope's id. Give exactly one of `id` and `scope`.",
    ("get_scope", "scope"): "The scope string `METHOD:domain/path`, resolved through the catalogue. Give exactly "
    "one of `id` and `scope`.",
    ("get_wallet_transactions", "limit"): "At most this many transactions (a positive integer). Default: all.",
    ("get_subscriptions", "scopes"): "Only subscriptions to these scopes (`*` wildcards as in a Token's scopes).",
    ("get_subscriptions", "active"): "Only active (`true`) or only inactive (`false`) subscriptions.",
    ("get_subscription", "id"): "The subscription's id.",
    ("get_stats", "date"): "A year `YYYY`, month `YYYY-MM` or day `YYYY-MM-DD`. Default: all time.",
    ("get_stats_ips", "date"): "A year `YYYY`, month `YYYY-MM` or day `YYYY-MM-DD`. Default: all time.",
    ("get_stats_apis", "date"): "A year `YYYY`, month `YYYY-MM` or day `YYYY-MM-DD`. Default: all time.",
    ("get_stats_api", "domain"): "The API domain, e.g. `company.openapi.com`.",
    ("get_stats_api", "date"): "A year `YYYY`, month `YYYY-MM` or day `YYYY-MM-DD`. Default: all time.",
    ("get_callbacks", "scopes"): "Only callbacks of these scopes (`*` wildcards as in a Token's scopes).",
    ("get_callback", "id"): "The callback's id.",
    ("get_errors", "scopes"): "Only errors of these scopes (`*` wildcards as in a Token's scopes).",
}


class SchemaError(Exception):
    """The code cannot be described: an undocumented property, a stale table entry or a type
    the schema has no word for."""


Spec = dict[str, Any]


def _md(text: str) -> str:
    """reST fragments of docstrings as Markdown: ``x`` -> `x`, :func:`get_x` -> `getX`."""
    text = re.sub(r":(?:func|class|mod|meth|attr):`~?(?:[\w.]*\.)?(\w+)`", lambda m: f"`{to_camel(m[1])}`", text)
    return text.replace("``", "`")


def _summary(doc: str | None) -> str:
    """The docstring up to its first section (``Attributes:``, ``Raises:``), as Markdown."""
    lines: list[str] = []
    for line in inspect.cleandoc(doc or "").splitlines():
        if re.match(r"^(Attributes|Raises|Args|Returns):\s*$", line):
            break
        lines.append(line)
    paragraphs = "\n".join(lines).strip().split("\n\n")
    return _md("\n\n".join(" ".join(p.split()) for p in paragraphs))


def _attributes(doc: str | None) -> dict[str, str]:
    """The ``Attributes:`` section of a Google-style docstring: field -> description."""
    out: dict[str, str] = {}
    section = False
    current: str | None = None
    for line in inspect.cleandoc(doc or "").splitlines():
        if re.match(r"^\w+:\s*$", line):
            section = line.strip() == "Attributes:"
            current = None
            continue
        if not section:
            continue
        match = re.match(r"^    (\w+): (.*)$", line)
        if match:
            current = match[1]
            out[current] = match[2].strip()
        elif current and line.startswith("        "):
            out[current] += " " + line.strip()
    return {k: _md(v) for k, v in out.items()}


class _Builder:
    """Accumulates the object types while resource and function specs refer to them."""

    def __init__(self) -> None:
        self.types: dict[str, Spec] = {}
        spec = json.loads(_SPEC_PATH.read_text())
        self.wire_docs: dict[str, Mapping[str, Any]] = spec["components"]["schemas"]

    # -- types ------------------------------------------------------------------------------

    def type_spec(self, tp: Any, where: str) -> tuple[Spec, bool]:
        """The schema type of a Python annotation, and whether it admits ``None``."""
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            choices = [a for a in args if a is not type(None)]
            specs: list[Spec] = []
            for choice in choices:
                spec, _ = self.type_spec(choice, where)
                if spec not in specs:
                    specs.append(spec)
            optional = len(choices) < len(args)
            return (specs[0] if len(specs) == 1 else {"oneOf": specs}), optional
        if tp is typing.Any:
            return {"$ref": "pulumi.json#/Any"}, True
        if tp is bool:
            return {"type": "boolean"}, False
        if tp is int:
            return {"type": "integer"}, False
        if tp is float:
            return {"type": "number"}, False
        if tp in (str, _dt.date):
            return {"type": "string"}, False
        if origin in (list, tuple, collections.abc.Sequence):
            return {"type": "array", "items": self.type_spec(args[0], where)[0]}, False
        if isinstance(origin, type) and issubclass(origin, Mapping):
            if args[0] is not str:
                raise SchemaError(f"{where}: map keys must be strings, got {args[0]!r}")
            return {"type": "object", "additionalProperties": self.type_spec(args[1], where)[0]}, False
        if isinstance(tp, type) and issubclass(tp, Result):
            return {"$ref": self.result_type(tp)}, False
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return {"$ref": self.model_type(tp)}, False
        raise SchemaError(f"{where}: no schema type for {tp!r}")

    def _ref(self, name: str, spec: Spec) -> str:
        token = f"{PACKAGE}:index:{name}"
        if self.types.setdefault(token, spec) is not spec and self.types[token] != spec:
            raise SchemaError(f"two different types are named {token}")
        return f"#/types/{token}"

    def result_type(self, cls: type[Result]) -> str:
        """An object type from a lookup result class (``GetScopesScopeResult`` -> ``GetScopesScope``:
        the Python codegen adds ``Result`` back to types used by function outputs)."""
        props, required = self.result_properties(cls)
        spec: Spec = {"type": "object", "description": _summary(cls.__doc__), "properties": props}
        if required:
            spec["required"] = required
        return self._ref(cls.__name__.removesuffix("Result"), spec)

    def result_properties(self, cls: type[Result]) -> tuple[dict[str, Spec], list[str]]:
        docs = _attributes(cls.__doc__)
        hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
        props: dict[str, Spec] = {}
        required: list[str] = []
        for field, hint in hints.items():
            getter = getattr(cls, field, None)
            wire = getattr(getattr(getter, "fget", None), "_pulumi_name", None)
            if not isinstance(wire, str):
                continue
            if field not in docs:
                raise SchemaError(f"{cls.__name__}.{field} has no line in the class's Attributes: docstring")
            spec, optional = self.type_spec(hint, f"{cls.__name__}.{field}")
            props[wire] = {**spec, "description": docs[field]}
            if not optional:
                required.append(wire)
        return props, required

    def model_type(self, model: type[BaseModel]) -> str:
        """An object type from a pydantic model: the Token's limits, or the wire ``TokenStats``."""
        name = "TokenLimits" if model is TokenLimitsInput else model.__name__
        wire = self.wire_docs.get(model.__name__, {})
        props: dict[str, Spec] = {}
        for field, info in model.model_fields.items():
            key = to_camel(field)
            doc = info.description or wire.get("properties", {}).get(key, {}).get("description")
            if not doc:
                raise SchemaError(f"{model.__name__}.{field} has no description")
            spec, _ = self.type_spec(info.annotation, f"{model.__name__}.{field}")
            props[key] = {**spec, "description": doc}
        doc = _summary(model.__doc__) if model is not TokenStats else wire.get("description", "")
        return self._ref(name, {"type": "object", "description": doc, "properties": props})

    # -- resource, functions, provider ------------------------------------------------------

    def token(self) -> Spec:
        inputs: dict[str, Spec] = {}
        required_inputs: list[str] = []
        for field, info in TokenInputs.model_fields.items():
            key = to_camel(field)
            if not info.description:
                raise SchemaError(f"TokenInputs.{field} has no description")
            spec, _ = self.type_spec(info.annotation, f"TokenInputs.{field}")
            inputs[key] = {**spec, "description": info.description}
            if field == ADOPT_KEY:
                inputs[key]["secret"] = True
            if info.is_required():
                required_inputs.append(key)
        outputs = {k: v for k, v in inputs.items() if k != to_camel(ADOPT_KEY)}
        missing = [k for k in _ALWAYS_SET_INPUTS if k not in outputs]
        if missing:
            raise SchemaError(f"TokenInputs has no field {missing[0]}")
        stats_ref, _ = self.type_spec(TokenStats, "Token.stats")
        for key, (secret, _always, doc) in TOKEN_OUTPUTS.items():
            outputs[key] = {**(stats_ref if key == "stats" else {"type": "string"}), "description": doc}
            if secret:
                outputs[key]["secret"] = True
        required = [*[k for k, (_s, always, _d) in TOKEN_OUTPUTS.items() if always], *_ALWAYS_SET_INPUTS]
        return {
            "description": "An Openapi OAuth token. The id is the token's fingerprint, never its value; "
            "`token` and `refreshToken` are secret outputs. Credentials come from the provider's config, "
            "never from inputs.",
            "properties": outputs,
            "required": required,
            "inputProperties": inputs,
            "requiredInputs": required_inputs,
        }

    def function(self, name: str, used: set[tuple[str, str]]) -> Spec:
        fn: Callable[..., Any] = getattr(lookups, name)
        hints = typing.get_type_hints(fn)
        inputs: dict[str, Spec] = {}
        required: list[str] = []
        for param in inspect.signature(fn).parameters.values():
            doc = ARG_DOCS.get((name, param.name))
            if doc is None:
                raise SchemaError(f"{name}({param.name}) has no entry in ARG_DOCS")
            used.add((name, param.name))
            arg, optional = self.type_spec(hints[param.name], f"{name}({param.name})")
            inputs[to_camel(param.name)] = {**arg, "description": doc}
            if param.default is inspect.Parameter.empty and not optional:
                required.append(to_camel(param.name))
        result = hints["return"]
        props, out_required = self.result_properties(result)
        spec: Spec = {"description": _summary(fn.__doc__)}
        if inputs:
            spec["inputs"] = {"properties": inputs, **({"required": required} if required else {})}
        spec["outputs"] = {
            "description": _summary(result.__doc__),
            "properties": props,
            **({"required": out_required} if out_required else {}),
        }
        return spec


def _config_spec() -> dict[str, Spec]:
    return {
        key: {"type": "string", "description": doc, **({"secret": True} if secret else {})}
        for key, (secret, doc) in CONFIG.items()
    }


def build_schema() -> dict[str, Any]:
    """The package schema as a JSON-ready dict; raises :class:`SchemaError`."""
    builder = _Builder()
    resources = {TOKEN_TYPE: builder.token()}
    used: set[tuple[str, str]] = set()
    functions = {f"{PACKAGE}:index:{to_camel(name)}": builder.function(name, used) for name in LOOKUPS}
    stale = sorted(set(ARG_DOCS) - used)
    if stale:
        raise SchemaError(f"ARG_DOCS documents arguments no lookup has: {stale}")
    return {
        "name": PACKAGE,
        "displayName": "Openapi OAuth",
        "version": importlib.metadata.version("pulumi-openapi-oauth"),
        "description": "Scoped API tokens of the Openapi OAuth Service as code: tokens, their limits, "
        "renewal and rotation, and read-only lookups of the account.",
        "keywords": ["pulumi", "openapi", "oauth", "tokens", "category/utility"],
        "license": "Apache-2.0",
        # supportPack: the SDKs carry the schema's version and the Go SDK gets its own go.mod.
        "meta": {"supportPack": True},
        "config": {"variables": _config_spec()},
        "provider": {
            "description": "The provider's configuration: credentials and endpoint. Unset keys fall back to "
            "the `OPENAPI_OAUTH_*` environment variables of the provider's process.",
            "inputProperties": _config_spec(),
        },
        "resources": resources,
        "functions": functions,
        "types": dict(sorted(builder.types.items())),
        "language": {
            "python": {
                "packageName": "pulumi_openapi_oauth_sdk",
                "respectSchemaVersion": True,
                "pyproject": {"enabled": True},
            },
            "nodejs": {"packageName": "@openapi-oauth/pulumi", "respectSchemaVersion": True},
            "go": {
                "importBasePath": "github.com/openapi-oauth/pulumi-openapi-oauth/sdk/go/openapioauth",
                "respectSchemaVersion": True,
            },
        },
    }


def render() -> str:
    """:func:`build_schema` as the bytes of ``schema.json``."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``schema.json`` (or the path given), or with ``--check`` say whether it is current."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    path = Path(paths[0]) if paths else SCHEMA_PATH
    text = render()
    if check:
        current = path.read_text() if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run python -m pulumi_openapi_oauth.native.schema", file=sys.stderr)
            return 1
        return 0
    path.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
