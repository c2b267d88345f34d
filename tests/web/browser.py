"""Headless Chromium driven over the DevTools protocol, with aiohttp's websocket client.

It sees what a person's browser sees: every request the page makes, the bytes the
app sends down the websocket (read into a screen with pyte, as the terminal tests
do), screenshots, and taps on the screen.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import struct
import subprocess
import threading
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import aiohttp
import pyte

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # without these, Chromium calls home at start
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--remote-debugging-port=0",
]
PHONE = (412, 915)  # CSS pixels: a common phone held upright


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("the browser tests need Chromium (.ci/run installs Debian's chromium)")
    return found


@dataclass
class Screen:
    """The terminal the page shows, rebuilt from the bytes the app sent it."""

    columns: int = 80
    rows: int = 24
    _screen: Any = field(init=False)
    _stream: Any = field(init=False)

    def __post_init__(self) -> None:
        self._screen = pyte.Screen(self.columns, self.rows)
        self._stream = pyte.ByteStream(self._screen)

    def resize(self, columns: int, rows: int) -> None:
        if (columns, rows) != (self.columns, self.rows):
            self.columns, self.rows = columns, rows
            self._screen.resize(rows, columns)

    def feed(self, data: bytes) -> None:
        self._stream.feed(data)

    @property
    def lines(self) -> list[str]:
        return list(self._screen.display)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def find(self, needle: str, row: int | None = None) -> tuple[int, int] | None:
        """(column, row) of the first cell of `needle` (in `row` only, if given), or None."""
        lines = list(enumerate(self.lines))
        for number, line in lines if row is None else [lines[row]]:
            column = line.find(needle)
            if column >= 0:
                return column, number
        return None


class Browser:
    """One page in headless Chromium, and what it did."""

    def __init__(self, process: subprocess.Popen[bytes], session: aiohttp.ClientSession) -> None:
        self.process = process
        self._session = session
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self.requests: list[str] = []  # every URL the page asked for, sockets included
        self.console: list[str] = []
        self.screen = Screen()
        self.socket_closed = False

    async def open(self, port: int) -> None:
        async with self._session.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t["type"] == "page")
        self._ws = await self._session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        for domain in ("Network", "Page", "Runtime"):
            await self.send(f"{domain}.enable")

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
            else:
                self._event(data["method"], data.get("params", {}))

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(params["url"])
            size = re.search(r"width=(\d+)&height=(\d+)", params["url"])
            if size:
                self.screen.resize(int(size.group(1)), int(size.group(2)))
        elif method == "Network.webSocketFrameSent":
            self._sent(params["response"])
        elif method == "Network.webSocketFrameReceived":
            frame = params["response"]
            if frame["opcode"] == 2:  # the app's output: binary, base64 here
                self.screen.feed(base64.b64decode(frame["payloadData"]))
        elif method == "Network.webSocketClosed":
            self.socket_closed = True
        elif method == "Runtime.consoleAPICalled":
            self.console.append(" ".join(str(a.get("value", "")) for a in params["args"]))

    def _sent(self, frame: dict[str, Any]) -> None:
        with contextlib.suppress(ValueError, TypeError, KeyError, IndexError):
            kind, data = json.loads(frame["payloadData"])[:2]
            if kind == "resize":
                self.screen.resize(int(data["width"]), int(data["height"]))

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._ws is not None
        ident = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[ident] = future
        await self._ws.send_json({"id": ident, "method": method, "params": params})
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    async def phone(self, width: int = PHONE[0], height: int = PHONE[1]) -> None:
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=True,
        )
        await self.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=1)
        # The page has the focus, as on a phone in a person's hand (headless has no window).
        await self.send("Emulation.setFocusEmulationEnabled", enabled=True)

    async def focus_terminal(self) -> None:
        """Put the focus in the terminal, as a first tap on a phone does: the app then has
        the focus too (the page tells it), and its footer shows the focused list's keys."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def go(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply["result"].get("value")

    async def wait_for(
        self, check: Callable[[], bool] | str, timeout: float = 30.0, what: str = ""
    ) -> None:
        """Until `check()` holds, or the text is on the screen; fail with the screen."""
        test = (lambda: check in self.screen.text) if isinstance(check, str) else check
        deadline = asyncio.get_running_loop().time() + timeout
        while not test():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(
                    f"waited {timeout:.0f} s for {what or check!r}; the page shows:\n"
                    + self.screen.text
                )
            await asyncio.sleep(0.05)

    async def screenshot(self) -> bytes:
        reply = await self.send("Page.captureScreenshot", format="png")
        return base64.b64decode(reply["data"])

    async def tap_text(self, needle: str, row: int | None = None) -> None:
        """Tap the middle of the first cell of `needle` with a finger, as on a phone."""
        found = self.screen.find(needle, row)
        assert found is not None, f"{needle!r} is not on the screen:\n{self.screen.text}"
        column, row = found
        box = await self.evaluate(
            "(() => { const r = document.querySelector('.xterm-screen')"
            ".getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()"
        )
        left, top, width, height = box
        x = left + (column + 0.5) * width / self.screen.columns
        y = top + (row + 0.5) * height / self.screen.rows
        point = [{"x": x, "y": y}]
        await self.send("Input.dispatchTouchEvent", type="touchStart", touchPoints=point)
        await self.send("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])

    async def close_page(self) -> None:
        """The tab goes, as a phone's browser drops a page: the websocket closes."""
        await self.send("Page.navigate", url="about:blank")


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Browser]:
    """A fresh headless Chromium with an empty profile, closed (and waited for) after."""
    process = subprocess.Popen(
        [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "LANG": "en_GB.UTF-8"},
    )
    try:
        port = await asyncio.wait_for(asyncio.to_thread(_devtools_port, process), 60)
        async with aiohttp.ClientSession() as session:
            browser = Browser(process, session)
            await browser.open(port)
            yield browser
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _devtools_port(process: subprocess.Popen[bytes]) -> int:
    assert process.stderr is not None
    seen = []
    for raw in process.stderr:
        line = raw.decode("utf-8", "replace")
        seen.append(line)
        found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
        if found:
            # Read on, so Chromium never blocks writing to a full pipe.
            threading.Thread(target=_drain, args=(process.stderr,), daemon=True).start()
            return int(found.group(1))
    raise RuntimeError("Chromium did not start:\n" + "".join(seen[-20:]))


def _drain(stream: IO[bytes]) -> None:
    for _ in stream:
        pass


def png_colours(png: bytes, sample_every: int = 7) -> int:
    """How many distinct colours a screenshot has (sampled): a blank page has one or two.

    A small PNG reader (8-bit RGB or RGBA, as Chromium writes) so the test needs no
    imaging library.
    """
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, width, height, channels, data = 8, 0, 0, 0, b""
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset : offset + 8])
        body = png[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            data += body
        offset += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        if y % sample_every == 0:
            for x in range(0, width, sample_every):
                colours.add(bytes(line[x * channels : x * channels + 3]))
        previous = line
    return len(colours)
