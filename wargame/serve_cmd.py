"""``wargame serve``: the terminal UI in a browser, one app process and one data folder per
browser.

textual-serve (the ``serve`` extra) starts the app for every browser connection. Out of the
box every visitor shares the server's saves folder; here a cookie names each browser's
session, and its app runs with ``WARGAME_DATA_DIR`` (read by ``tui/storage.py``) pointing at a
folder of that session alone, under ``--data``. A browser that comes back (a reload, the next
day) finds its own saves; another browser never sees them. The folder's name is a hash of the
cookie, so one session cannot name another's folder. See ``docs/serve.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import re
import secrets
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wargame.options import UsageError, load

if TYPE_CHECKING:
    from aiohttp import web

#: The cookie that names a browser's session.
COOKIE = "wargame_session"
#: How long a browser keeps its session (and so finds its saves): 90 days.
COOKIE_AGE = 90 * 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
log = logging.getLogger("wargame.serve")


def session_folder(root: Path, token: str) -> Path:
    """The data folder of the session ``token`` under ``root`` (a hash: never a path the
    visitor chose)."""
    return root / hashlib.sha256(token.encode()).hexdigest()[:32]


def session_command(app_command: str, folder: Path) -> str:
    """The shell command that runs the app with its data in ``folder``."""
    return f"exec env WARGAME_DATA_DIR={shlex.quote(str(folder))} {app_command}"


def make_server(
    app_command: str,
    data_root: Path,
    *,
    host: str = "localhost",
    port: int = 8000,
    public_url: str | None = None,
    title: str = "wargame",
) -> Any:
    """A textual-serve server whose sessions each get their own data folder."""
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    secure = (public_url or "").startswith("https:")

    class SessionServer(Server):
        """textual-serve's server, with a session cookie and a data folder per session."""

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(self._give_cookie)
            return app

        @web.middleware
        async def _give_cookie(
            self, request: web.Request, handler: Callable[[web.Request], Awaitable[Any]]
        ) -> Any:
            response = await handler(request)
            token = request.cookies.get(COOKIE, "")
            if request.path == "/" and not _TOKEN.match(token):
                response.set_cookie(
                    COOKIE,
                    secrets.token_urlsafe(24),
                    max_age=COOKIE_AGE,
                    httponly=True,
                    samesite="Strict",
                    secure=secure,
                )
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # textual-serve's own handler, with the command chosen per session.
            token = request.cookies.get(COOKIE, "")
            if not _TOKEN.match(token):
                token = secrets.token_urlsafe(24)  # no cookie: a session of its own, unnamed
            folder = session_folder(data_root, token)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            websocket = web.WebSocketResponse(heartbeat=15)
            width = _int(request.query.get("width"), 80)
            height = _int(request.query.get("height"), 24)
            service = None
            try:
                await websocket.prepare(request)
                service = AppService(
                    session_command(app_command, folder),
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,  # type: ignore[arg-type]  # as textual-serve does
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                await service.start(width, height)
                try:
                    await self._process_messages(websocket, service)
                finally:
                    await service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # one session's failure must not stop the server
                log.exception(error)
            finally:
                if service is not None:
                    await service.stop()
            return websocket

    return SessionServer(app_command, host=host, port=port, title=title, public_url=public_url)


def _int(text: str | None, default: int) -> int:
    try:
        return max(10, min(1000, int(text or default)))
    except ValueError:
        return default


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``serve`` subcommand to the ``wargame`` parser."""
    p = sub.add_parser(
        "serve",
        help="serve the terminal UI to web browsers (one app and saves folder per browser)",
        description="Serve `wargame play` over HTTP with textual-serve: each browser gets its "
        "own app process and its own saves folder. See docs/serve.md for a seminar room "
        "behind a reverse proxy.",
    )
    p.add_argument("scenario", nargs="?", help="shipped id or path: every session starts there")
    p.add_argument("--host", default="localhost", help="address to listen on (default localhost)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when behind a reverse proxy (e.g. https://host/)",
    )
    p.add_argument(
        "--data",
        metavar="DIR",
        help="folder holding one data folder per session (default: 'sessions' in the "
        "wargame data folder)",
    )
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the server until Ctrl-C."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        raise UsageError(
            "serving needs textual-serve: pip install 'seminar-wargame[serve]'"
        ) from None
    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    if args.public_url and not re.match(r"^https?://[^\s/]+", args.public_url):
        raise UsageError("--public-url must start with http:// or https:// and a host")
    python = shlex.quote(sys.executable)
    # Each app dies with the server, even one killed outright (see wargame.die_with_parent).
    app = f"{python} -m wargame.die_with_parent {python} -m wargame play"
    if args.scenario:
        load(args.scenario)  # a broken scenario is reported here, once, not per browser
        given = Path(args.scenario)
        # A file is named absolutely: the app may start in another working folder.
        app += " " + shlex.quote(str(given.resolve()) if given.is_file() else args.scenario)
    if args.data:
        root = Path(args.data)
    else:
        from tui.storage import data_dir

        root = data_dir() / "sessions"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    public = args.public_url.rstrip("/") if args.public_url else None
    server = make_server(app, root.resolve(), host=args.host, port=args.port, public_url=public)
    print(f"wargame serve: sessions' data under {root}", file=sys.stderr)
    server.serve()
    return 0


__all__ = ["COOKIE", "cmd_serve", "make_server", "register", "session_command", "session_folder"]
