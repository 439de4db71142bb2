"""A faithful local emulator of the Openapi OAuth Service (FastAPI + SQLite).

Run it with ``openapi-oauth-emulator`` (see :mod:`.__main__`) or build the ASGI app with
:func:`create_app`. It imports only the wire models of the package, never the client.
"""

from .app import create_app

__all__ = ["create_app"]
