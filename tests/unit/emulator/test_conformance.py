"""Schemathesis conformance of the live emulator against the vendored spec.

Positive mode: no server error, and every response matches the spec's schema and content
type. Negative mode (data that breaks the spec): still never a server error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

import pulumi_openapi_oauth
from tests.conftest import Emulator

SPEC = Path(pulumi_openapi_oauth.__file__).parent / "spec" / "openapi-oauth.json"

positive = schemathesis.openapi.from_path(SPEC)
positive.config.generation.update(modes=[GenerationMode("positive")], deterministic=True)

negative = schemathesis.openapi.from_path(SPEC)
negative.config.generation.update(modes=[GenerationMode("negative")], deterministic=True)

_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@positive.parametrize()
@_SETTINGS
def test_positive_conformance(case: schemathesis.Case[Any], emulator: Emulator) -> None:
    case.call_and_validate(
        base_url=emulator.url,
        auth=(emulator.email, emulator.api_key),
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        timeout=10,
    )


@negative.parametrize()
@_SETTINGS
def test_negative_never_a_server_error(case: schemathesis.Case[Any], emulator: Emulator) -> None:
    case.call_and_validate(
        base_url=emulator.url,
        auth=(emulator.email, emulator.api_key),
        checks=[not_a_server_error],
        timeout=10,
    )
