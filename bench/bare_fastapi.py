"""A bare FastAPI endpoint shaped like GET /tokens/{token}: the emulator's throughput floor.

    python bench/bare_fastapi.py    # prints "listening on URL" like openapi-oauth-emulator

Served by the emulator command's own ``listen_socket`` and ``serve``, so it runs under the
same uvicorn settings.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from pulumi_openapi_oauth.emulator.__main__ import listen_socket, serve

app = FastAPI()


@app.get("/tokens/{token}")
async def get_token(token: str) -> dict[str, Any]:
    return {"success": True, "message": "", "error": None, "data": {"token": token}}


if __name__ == "__main__":
    serve(app, listen_socket("127.0.0.1", 0))
