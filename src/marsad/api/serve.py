"""``marsad serve``: run the API and the dashboard with uvicorn."""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class ServeError(RuntimeError):
    """A problem the user can fix (missing database, port in use); the message is one line."""


def check_port(host: str, port: int) -> None:
    """Fail early, with a readable reason, when the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use (try --port {port + 1})") from None
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _redact(db: str) -> str:
    """A store for messages: a PostgreSQL URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(db)
    if parts.scheme not in ("postgresql", "postgres") or parts.password is None:
        return db
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}@{netloc}"))


def build_app(db: str):
    """The app for ``db`` (a SQLite file or a ``postgresql://`` URL); ``MARSAD_EVENT_INDEX=0`` in the environment answers event queries with SQL
    only (no in-memory event index: for comparisons and very large stores)."""
    import os

    from marsad.api import create_app
    from marsad.store.sqlite import SchemaError

    try:
        return create_app(db, event_index=os.environ.get("MARSAD_EVENT_INDEX", "1") != "0")
    except (FileNotFoundError, ValueError) as exc:
        raise ServeError(str(exc)) from None
    except SchemaError as exc:
        raise ServeError(str(exc)) from None
    except Exception as exc:  # sqlite3.DatabaseError, psycopg.OperationalError and friends: not a marsad store
        raise ServeError(f"{_redact(db)}: cannot open the store ({type(exc).__name__}: {exc})") from None


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning") -> None:
    """Serve until interrupted; prints the address first."""
    import uvicorn

    if not 0 < port < 65536:
        raise ServeError(f"--port must be 1..65535, got {port}")
    app = build_app(db)
    check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"marsad: serving {_redact(db)} at http://{shown}:{port}/ (API docs: http://{shown}:{port}/docs) — Ctrl-C to stop",
          flush=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)


@contextmanager
def running(app, host: str = "127.0.0.1", port: int = 0, timeout: float = 30.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a background thread (tests, benchmarks); yields the base URL.

    ``port=0`` picks a free port. The server stops when the block ends.
    """
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="marsad-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise ServeError(f"the server did not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout)
