"""The error-log lookup: GET /errors (every page), the account's failed requests."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from pulumi_openapi_oauth._models import ErrorLog
from pulumi_openapi_oauth.lookups._args import check_scopes
from pulumi_openapi_oauth.lookups._invoke import fetch, output_form, reported
from pulumi_openapi_oauth.lookups._result import Result, to_int

__all__ = ["GetErrorsErrorResult", "GetErrorsResult", "get_errors", "get_errors_output"]


@pulumi.output_type
class GetErrorsErrorResult(Result):
    """One entry of the error log.

    Attributes:
        id: The entry's id.
        scope: The scope of the failed request.
        domain: Its API domain.
        error_at: When it failed (ISO 8601).
        http_response_code: The HTTP status returned.
        error_code: The service's internal error code.
        message: The error message.
        ip: The client IP address.
    """

    id: str = pulumi.property("id")
    scope: str = pulumi.property("scope")
    domain: str | None = pulumi.property("domain", default=None)
    error_at: str | None = pulumi.property("errorAt", default=None)
    http_response_code: int | None = pulumi.property("httpResponseCode", default=None)
    error_code: int | None = pulumi.property("errorCode", default=None)
    message: str | None = pulumi.property("message", default=None)
    ip: str | None = pulumi.property("ip", default=None)


@pulumi.output_type
class GetErrorsResult(Result):
    """The result of :func:`get_errors`.

    Attributes:
        errors: The entries, newest first, as the service orders them.
        scopes: The ``scopes`` filter (sorted, without duplicates), if one was given.
    """

    errors: tuple[GetErrorsErrorResult, ...] = pulumi.property("errors")
    scopes: tuple[str, ...] | None = pulumi.property("scopes", default=None)


@reported
def get_errors(scopes: Sequence[str] | None = None) -> GetErrorsResult:
    """The account's error log (GET /errors, every page of 100), optionally by scope.

    Raises:
        LookupError: a scope is malformed (before any request).
    """
    wanted = check_scopes("get_errors", scopes)
    items: list[ErrorLog] = fetch("list_errors", (wanted,), lambda c: c.list_errors(wanted))
    return GetErrorsResult(
        errors=tuple(
            GetErrorsErrorResult(
                id=e.id or "",
                scope=e.scope or "",
                domain=e.domain,
                error_at=e.error_at,
                http_response_code=e.http_response_code,
                error_code=to_int(e.error_code),
                message=e.message,
                ip=e.ip,
            )
            for e in items
        ),
        scopes=wanted,
    )


def get_errors_output(
    scopes: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
) -> pulumi.Output[GetErrorsResult]:
    """:func:`get_errors` taking an input or Output and returning an Output."""
    return output_form(get_errors, scopes=scopes)
