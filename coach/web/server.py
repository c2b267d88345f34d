"""The web server around textual-serve's app processes.

textual-serve gives the pieces that matter most: `AppService` runs one app process
per browser tab and speaks its protocol, and its static folder holds the terminal
page's script, styles and font. Its own `Server` would link a web font from a
public font service, trust any `Origin`, and tell a phone to connect to
`0.0.0.0`; so the page, the routes and the checks are ours (see `coach.web.guard`).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import shlex
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any, TextIO

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from coach.web.guard import SECURITY_HEADERS, TOKEN_PARAMETER, Guard
from coach.web.quiet import quiet_server_logs

ASSETS = Path(__file__).resolve().parent / "assets"
TERMINAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"  # script, styles, font
MAX_APPS = 8  # browser tabs at once: each is an app process; a page reloading in a loop stops here
STOP_SECONDS = 10.0  # an app asked to quit has this long before it is killed
HEARTBEAT_SECONDS = 10.0  # a phone that locks stops answering: its app ends within two of these
FONT_SIZES = range(8, 41)

# Why a tab's socket closed: the page shows it (coach/web/assets/page.js).
CLOSED_BY_APP = b"Back Coach has closed. An exercise under way is kept, marked interrupted."
CLOSED_APP_FAILED = b"Back Coach stopped unexpectedly: the terminal running coach serve says why."
CLOSED_TOO_MANY = "Too many Back Coach tabs are open ({} at most): close one, then try again."
CLOSED_BY_SERVER = b"coach serve was stopped. An exercise under way is kept, marked interrupted."


@dataclass(frozen=True)
class ServeConfig:
    """What to serve, and to whom."""

    command: str  # the app, as a shell command line (textual-serve runs it with a shell)
    guard: Guard
    page: str  # the page template, read once
    max_apps: int = MAX_APPS


def app_command(db: Path, content: Sequence[str], *, mouse: bool = True) -> str:
    """The command each tab runs: this Python, this database, these exercise folders."""
    argv = [sys.executable, "-m", "coach", "--db", str(db)]
    if not mouse:
        argv.append("--no-mouse")
    for folder in content:
        argv += ["--content", folder]
    return "exec " + shlex.join(argv)  # exec: the app is the process, not a shell around it


def _whole_number(text: str | None, default: int, allowed: range) -> int:
    try:
        value = int(text or "")
    except ValueError:
        return default
    return value if value in allowed else default


def make_web_app(config: ServeConfig, stopping: asyncio.Event | None = None) -> web.Application:
    """The aiohttp application: the page, its assets, and the websocket, all guarded.
    `stopping` is set once the server is asked to stop (its apps' ends are no news then)."""
    guard = config.guard
    sockets: set[web.WebSocketResponse] = set()  # one per open tab, each with its app
    running: set[AppService] = set()  # every app process not yet ended, its tab open or not

    @web.middleware
    async def guarded(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        origins = request.headers.getall("Origin", [])
        refusal = guard.refusal(
            path=request.path,
            host=request.headers.get("Host"),
            origin=origins[0] if len(origins) == 1 else (None if not origins else "several"),
            query_token=request.query.get(TOKEN_PARAMETER),
            cookie_token=request.cookies.get(guard.cookie),
        )
        response: web.StreamResponse
        if refusal is not None:
            response = web.Response(status=403, text=refusal + "\n", content_type="text/plain")
        else:
            try:
                response = await handler(request)
            except web.HTTPException as error:  # 404, 405: with the same headers as the rest
                response = error
        if not response.prepared:  # a websocket has sent its headers already
            response.headers.update(SECURITY_HEADERS)
        return response

    async def page(request: web.Request) -> web.Response:
        font_size = _whole_number(request.query.get("fontsize"), 16, FONT_SIZES)
        text = Template(config.page).substitute(
            websocket_url=html.escape(f"ws://{request.headers['Host']}/ws", quote=True),
            font_size=font_size,
        )
        response = web.Response(text=text, content_type="text/html")
        if request.cookies.get(guard.cookie) != guard.token:
            response.set_cookie(
                guard.cookie, guard.token, path="/", httponly=True, samesite="Strict"
            )
        return response

    async def websocket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS)
        await ws.prepare(request)
        if len(running) >= config.max_apps:  # apps, not sockets: one still stopping counts
            too_many = CLOSED_TOO_MANY.format(config.max_apps).encode()
            await ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=too_many)
            return ws
        width = _whole_number(request.query.get("width"), 80, range(10, 1001))
        height = _whole_number(request.query.get("height"), 24, range(5, 501))
        service = AppService(
            config.command,
            write_bytes=ws.send_bytes,
            write_str=ws.send_str,
            close=lambda: _close(ws, CLOSED_BY_APP),
            download_manager=DownloadManager(),
        )
        running.add(service)
        sockets.add(ws)
        try:
            await service.start(width, height)
            status = await _relay_until_the_app_ends(ws, service)
            if status not in (0, None) and not (stopping and stopping.is_set()):
                # The page is about to say the terminal tells why: it does (ctrl+c is no news).
                print(
                    f"coach serve: a tab's app ended unexpectedly (exit status {status})",
                    file=sys.stderr,
                    flush=True,
                )
            if status is not None and not ws.closed:  # the page is told at once
                await _close(ws, CLOSED_BY_APP if status == 0 else CLOSED_APP_FAILED)
        finally:
            sockets.discard(ws)
            try:
                await _stop(service)
            finally:
                running.discard(service)  # its process has ended: the place is free
        return ws

    app = web.Application(middlewares=[guarded])
    app.router.add_get("/", page)
    app.router.add_get("/ws", websocket)
    app.router.add_static("/static/", TERMINAL_STATIC, show_index=False, follow_symlinks=False)
    app.router.add_static("/assets/", ASSETS, show_index=False, follow_symlinks=False)

    async def close_sockets(app: web.Application) -> None:
        """On ctrl+c: every tab's app is asked to quit before the server goes."""
        for ws in list(sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=CLOSED_BY_SERVER)

    app.on_shutdown.append(close_sockets)
    return app


async def _close(ws: web.WebSocketResponse, why: bytes) -> None:
    """Close a tab's socket with a reason the page shows (under 123 bytes)."""
    await ws.close(code=WSCloseCode.OK, message=why)


async def _relay_until_the_app_ends(ws: web.WebSocketResponse, service: AppService) -> int | None:
    """Relay the page's input until the page goes or the app's process ends, whatever
    ended it (q, a crash, a file it could not open). The app's exit status if it ended
    first, else None."""
    process = service._process  # textual-serve keeps it private; nothing else reaches it
    assert process is not None
    relay = asyncio.create_task(_relay(ws, service))
    ended = asyncio.create_task(process.wait())
    try:
        done, _ = await asyncio.wait({relay, ended}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        relay.cancel()
        ended.cancel()
    if relay in done and not relay.cancelled():
        relay.exception()  # taken, not logged: a page gone mid-message has nothing to be told
    return process.returncode if ended in done else None


async def _relay(ws: web.WebSocketResponse, service: AppService) -> None:
    """The browser's keys, taps and size to the app; anything malformed is dropped."""
    async for message in ws:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope: Any = json.loads(message.data)
        except (ValueError, RecursionError):  # nested ten thousand deep: dropped too
            continue
        if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            width = _whole_number(str(data.get("width")), 0, range(10, 1001))
            height = _whole_number(str(data.get("height")), 0, range(5, 501))
            if width and height:
                await service.set_terminal_size(width, height)
        elif kind == "ping" and isinstance(data, str):
            await ws.send_json(["pong", data[:64]])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


async def _stop(service: AppService) -> None:
    """Ask the app to quit (it saves a session under way as interrupted), and wait for it;
    kill it only if it has not gone in time, or if the server is being torn down.

    Never signal an app that may have exited: sending a signal makes `subprocess` reap
    it first, behind asyncio's child watcher (which then logs "Unknown child process").
    """
    process = service._process  # textual-serve keeps it private; nothing else reaches it
    if process is None:
        return
    gone = False
    try:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(service.stop(), STOP_SECONDS)
            await asyncio.wait_for(process.wait(), STOP_SECONDS)
            gone = True
    finally:
        if not gone and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
    await process.wait()


def listening_socket(host: str, port: int) -> socket.socket:
    """Bound before anything is printed, so the address shown is one that answers."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


async def serve_forever(
    config: ServeConfig, sock: socket.socket, stopping: asyncio.Event, out: TextIO
) -> None:
    """Serve on `sock` until `stopping` is set, then close every tab's app."""
    runner = web.AppRunner(make_web_app(config, stopping), access_log=None, handle_signals=False)
    await runner.setup()
    try:
        await web.SockSite(runner, sock, shutdown_timeout=STOP_SECONDS).start()
        await stopping.wait()
        print("Stopping: closing the open tabs…", file=out, flush=True)
    finally:
        await runner.cleanup()


def run_server(config: ServeConfig, sock: socket.socket, out: TextIO) -> None:
    """Run until ctrl+c (or SIGTERM); return once every app process has ended."""

    async def main() -> None:
        quiet_server_logs(sys.stderr)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, stopping.set)
        await serve_forever(config, sock, stopping, out)

    asyncio.run(main())
