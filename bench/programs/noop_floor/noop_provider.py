"""A dynamic provider that does nothing: the engine's own cost per resource, for the benchmark.

It lives in an importable module (like the Token provider) so dill pickles it by reference,
and ``serialize_as_secret_always`` is off as on the Token, so the two stacks differ only in
what the providers themselves do.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi.dynamic
from pulumi.dynamic import CreateResult, ReadResult, ResourceProvider


class NoopProvider(ResourceProvider):
    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(hashlib.sha256(repr(sorted(props.items())).encode()).hexdigest()[:24], props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)


PROVIDER = NoopProvider()


class Noop(pulumi.dynamic.Resource, module="noop", name="Noop"):
    def __init__(self, name: str, props: dict[str, Any]) -> None:
        super().__init__(PROVIDER, name, props)
