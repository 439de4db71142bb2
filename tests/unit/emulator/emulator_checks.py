"""Shared checks of the emulator tests."""

from __future__ import annotations

import httpx

__all__ = ["assert_error"]


def assert_error(response: httpx.Response, status: int, code: int | None, message: str | None = None) -> None:
    """The response is the service's error envelope: ``status``, error ``code``, no data."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"] == code
    assert body["data"] is None
    if message is not None:
        assert body["message"] == message
