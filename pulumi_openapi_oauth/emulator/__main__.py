"""``openapi-oauth-emulator``: run the emulator with uvicorn.

The first line on stdout is always ``listening on http://HOST:PORT`` (with the real port
when ``--port 0`` asked for a free one), so test harnesses can read the URL.
"""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

__all__ = ["listen_socket", "main", "serve"]


def _account(text: str) -> tuple[str, str]:
    email, sep, api_key = text.partition(":")
    if not sep or not email or not api_key:
        raise argparse.ArgumentTypeError("expected EMAIL:APIKEY")
    return email, api_key


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openapi-oauth-emulator",
        description="Local emulator of the Openapi OAuth Service.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port; 0 picks a free one")
    parser.add_argument("--db", default="emulator.sqlite", help="SQLite file (default emulator.sqlite) or :memory:")
    parser.add_argument(
        "--account",
        action="append",
        type=_account,
        metavar="EMAIL:APIKEY",
        help="an account (repeatable); default demo@example.com:demo-key",
    )
    parser.add_argument("--seed", choices=["demo"], help="seed every account with demo data")
    parser.add_argument("--no-admin", action="store_true", help="do not serve the /_emulator/ control API")
    parser.add_argument(
        "--http", choices=["auto", "h11", "httptools"], default="auto", help="uvicorn HTTP implementation"
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level")
    parser.add_argument(
        "--access-log", action="store_true", help="log every request (token values hashed), whatever --log-level says"
    )
    return parser


def listen_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket whose accepted connections get ``TCP_NODELAY``.

    asyncio sets ``TCP_NODELAY`` on an accepted connection only when the socket's ``proto``
    is ``IPPROTO_TCP``, and an accepted socket inherits ``proto`` from the listener: a
    listener made with the default ``proto=0`` left Nagle on, and every response on a
    keep-alive connection waited ~43 ms for the client's delayed ACK (wrk -t1 -c1: 44 ms
    latency, 22 req/s). Linux also copies ``TCP_NODELAY`` from the listener to accepted
    sockets, so it is set there too. Binding ourselves (rather than letting uvicorn bind)
    is what lets ``--port 0`` print the real port before serving.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def serve(
    app: Any,
    sock: socket.socket,
    *,
    log_level: str = "warning",
    access_log: bool = False,
    http: str = "auto",
    date_header: bool = True,
) -> None:
    """Print ``listening on URL`` and serve ``app`` on ``sock`` with uvicorn until stopped.

    The benchmark serves its bare FastAPI endpoint through here too, so both answer
    under the same server settings.
    """
    import uvicorn

    from .logs import install as install_log_redaction

    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if sock.family == socket.AF_INET6 else host
    print(f"listening on http://{shown}:{port}", flush=True)
    config = uvicorn.Config(
        app,
        log_level=log_level,
        access_log=access_log,
        http=http,
        lifespan="off",
        date_header=date_header,
    )
    install_log_redaction(access_log=access_log)  # after Config, which sets the log levels
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        sys.exit(0)


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    from .app import DEFAULT_ACCOUNT, create_app

    app = create_app(
        args.db,
        accounts=args.account or [DEFAULT_ACCOUNT],
        seed=args.seed,
        admin=not args.no_admin,
    )
    serve(
        app,
        listen_socket(args.host, args.port),
        log_level=args.log_level,
        access_log=args.access_log,
        http=args.http,
        date_header=False,  # the app sends the emulator clock's Date
    )


if __name__ == "__main__":
    main()
