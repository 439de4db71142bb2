"""Schemathesis conformance of the live emulator against the vendored spec (bounded examples).

Positive mode (data the spec allows): no server error, no status the operation does not
document, and every response matches the spec's schema and content type. Negative mode (data
the spec's schema forbids): no server error, no undocumented status, and never a 2xx, so the
emulator accepts nothing the schema forbids. A 405 carries ``Allow``.

The spec documents no error at all for GET /wallet/transactions; its one forbidden input
(a skip/limit that is not an integer, a limit over 100) answers 400 "Query error", the status
the spec documents for that fault on the other lists. :data:`CHOSEN_STATUSES` lists that
choice (docs/emulator.md gives it too); any other undocumented status fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

import pulumi_openapi_oauth
from tests.conftest import Emulator

SPEC = Path(pulumi_openapi_oauth.__file__).parent / "spec" / "openapi-oauth.json"

#: Statuses the spec does not document for an operation, answered by choice (see docs/emulator.md).
CHOSEN_STATUSES: dict[str, set[int]] = {"GET /wallet/transactions": {400}}

positive = schemathesis.openapi.from_path(SPEC)
positive.config.generation.update(
    modes=[GenerationMode("positive")], deterministic=True, with_security_parameters=False
)

negative = schemathesis.openapi.from_path(SPEC)
negative.config.generation.update(
    modes=[GenerationMode("negative")], deterministic=True, with_security_parameters=False
)

_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@schemathesis.check
def documented_status(ctx: CheckContext, response: Response, case: schemathesis.Case[Any]) -> bool | None:
    """``status_code_conformance``, except the statuses :data:`CHOSEN_STATUSES` names."""
    if response.status_code in CHOSEN_STATUSES.get(case.operation.label, set()):
        return None
    return status_code_conformance(ctx, response, case)  # type: ignore[no-any-return]


_ALWAYS = [not_a_server_error, documented_status, allow_header_conformance]


@positive.parametrize()
@_SETTINGS
def test_positive_conformance(case: schemathesis.Case[Any], emulator: Emulator) -> None:
    case.call_and_validate(
        base_url=emulator.url,
        auth=(emulator.email, emulator.api_key),
        checks=[*_ALWAYS, response_schema_conformance, content_type_conformance],
        timeout=10,
    )


@negative.parametrize()
@_SETTINGS
def test_negative_data_is_rejected_with_a_documented_status(case: schemathesis.Case[Any], emulator: Emulator) -> None:
    case.call_and_validate(
        base_url=emulator.url,
        auth=(emulator.email, emulator.api_key),
        checks=[*_ALWAYS, negative_data_rejection],
        timeout=10,
    )
