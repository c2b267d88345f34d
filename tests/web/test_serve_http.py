"""`coach serve`'s routes in this process, through aiohttp's own test client: who is
refused, what the page loads, and the app reaching a websocket that may drive it."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDict

from coach.web import server
from coach.web.guard import Guard, new_token
from coach.web.server import ASSETS, ServeConfig, app_command, make_web_app
from tests.web.browser import Screen
from tests.web.serving import app_processes

PAGE = (ASSETS / "page.html").read_text(encoding="utf-8")


TOKEN = new_token()


def _config(db: Path, loopback_only: bool, port: int = 0) -> ServeConfig:
    return ServeConfig(
        command=app_command(db, []),
        guard=Guard(token=TOKEN, loopback_only=loopback_only, port=port),
        page=PAGE,
    )


@pytest.fixture
async def client(db: Path) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(make_web_app(_config(db, True)), host="127.0.0.1")) as c:
        yield c


@pytest.fixture
async def network_client(db: Path) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(make_web_app(_config(db, False)), host="127.0.0.1")) as c:
        yield c


async def _all_apps_gone(timeout: float = 15.0) -> None:
    """Every tab's app process has ended (the server waits for each it started)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while app_processes(os.getpid()):
        assert asyncio.get_running_loop().time() < deadline, app_processes(os.getpid())
        await asyncio.sleep(0.05)


def _cookie() -> dict[str, str]:
    return {"Cookie": f"backcoach-0={TOKEN}"}


def _origin(client: TestClient) -> str:
    return f"http://{client.host}:{client.port}"


@pytest.mark.parametrize(
    "path", ["/", "/?token=wrong", "/static/js/textual.js", "/assets/page.js", "/ws", "/nowhere"]
)
async def test_without_the_key_everything_is_refused(client: TestClient, path: str) -> None:
    response = await client.get(path)
    assert response.status == 403
    assert "printed" in await response.text()  # what to do: open the address it printed
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


async def test_the_key_opens_the_page_and_leaves_a_strict_cookie(client: TestClient) -> None:
    response = await client.get(f"/?token={TOKEN}")
    assert response.status == 200
    cookie = response.headers["Set-Cookie"]
    assert f"backcoach-0={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    page = await response.text()
    assert f'data-session-websocket-url="ws://{client.host}:{client.port}/ws"' in page
    for path in ("/static/js/textual.js", "/assets/page.js", "/static/css/xterm.css"):
        asset = await client.get(path, headers=_cookie())
        assert asset.status == 200, path


async def test_the_page_names_no_other_host(client: TestClient) -> None:
    """Nothing the page or its styles load comes from anywhere but this server."""
    page = await (await client.get(f"/?token={TOKEN}")).text()
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert "/static/js/textual.js" in links and "/assets/page.css" in links
    styles = ""
    for link in links:
        if link.endswith(".css"):
            styles += await (await client.get(link, headers=_cookie())).text()
    links += re.findall(r"url\(\s*[\"']?([^\"')]*)", styles)
    assert "/static/fonts/RobotoMono-VariableFont_wght.ttf" in links  # the font, from here
    foreign = [x for x in links if re.match(r"^(?:[a-z]+:)?//", x) or x.startswith("http")]
    assert foreign == []
    assert "googleapis" not in page + styles


async def test_a_rebound_name_is_refused_on_loopback(client: TestClient) -> None:
    """A page on evil.example that resolves to 127.0.0.1 sends its own Host."""
    host = f"evil.example:{client.port}"
    response = await client.get(f"/?token={TOKEN}", headers={"Host": host})
    assert response.status == 403
    assert "this machine" in await response.text()


async def test_a_foreign_origin_cannot_open_the_socket(client: TestClient) -> None:
    for origin in ("http://evil.example", "null", f"http://localhost:{client.port + 1}"):
        response = await client.get("/ws", headers={**_cookie(), "Origin": origin})
        assert response.status == 403, origin
        assert "other web pages" in await response.text()
    missing = await client.get("/ws", headers=_cookie())
    assert missing.status == 403


async def test_on_the_network_any_host_name_but_still_the_key(network_client: TestClient) -> None:
    host = f"192.0.2.77:{network_client.port}"
    refused = await network_client.get("/", headers={"Host": host})
    assert refused.status == 403
    page = await network_client.get(f"/?token={TOKEN}", headers={"Host": host})
    assert page.status == 200
    # The phone connects back to the address it used, not to 0.0.0.0.
    assert f'data-session-websocket-url="ws://{host}/ws"' in await page.text()


async def _read_screen(ws: aiohttp.ClientWebSocketResponse, screen: Screen, text: str) -> None:
    async def until_shown() -> None:
        while text not in screen.text:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                screen.feed(message.data)
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"closed before {text!r}:\n{screen.text}")

    try:
        await asyncio.wait_for(until_shown(), 30)
    except TimeoutError:
        raise AssertionError(f"no {text!r} after 30 s:\n{screen.text}") from None


async def test_the_socket_with_the_key_and_origin_runs_the_app(
    client: TestClient, db: Path
) -> None:
    """Each socket is an app process of its own on the one database, driven by keys."""
    headers = {**_cookie(), "Origin": _origin(client)}
    first = await client.ws_connect("/ws?width=80&height=24", headers=headers)
    second = await client.ws_connect("/ws?width=80&height=24", headers=headers)
    screens = [Screen(80, 24), Screen(80, 24)]
    await _read_screen(first, screens[0], "Cat-cow")
    await _read_screen(second, screens[1], "Cat-cow")
    apps = app_processes(os.getpid())
    assert len(apps) == 2
    assert all(argv[argv.index("--db") + 1] == str(db) for argv in apps.values())
    await first.send_json(["stdin", "w"])  # keys typed in the page
    await _read_screen(first, screens[0], "Walk log")
    await second.send_json(["stdin", "q"])  # q in one tab ends that tab's app only
    closed = await asyncio.wait_for(second.receive(), 30)
    while closed.type == aiohttp.WSMsgType.BINARY:
        closed = await asyncio.wait_for(second.receive(), 30)
    assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    await first.send_json(["stdin", "\x1b"])
    await _read_screen(first, screens[0], "Open")
    await first.close()
    await _all_apps_gone()


async def test_malformed_messages_are_dropped(client: TestClient) -> None:
    headers = {**_cookie(), "Origin": _origin(client)}
    ws = await client.ws_connect("/ws?width=abc&height=-1", headers=headers)
    screen = Screen(80, 24)
    await _read_screen(ws, screen, "Cat-cow")
    for junk in ("not json", "[]", "{}", '["stdin", 5]', '["resize", {"width": "x"}]', "[1]"):
        await ws.send_str(junk)
    await ws.send_json(["resize", {"width": 100000, "height": 3}])  # out of range: dropped
    await ws.send_json(["ping", "1"])
    reply = await asyncio.wait_for(ws.receive(), 30)
    while reply.type == aiohttp.WSMsgType.BINARY:
        reply = await asyncio.wait_for(ws.receive(), 30)
    assert reply.json() == ["pong", "1"]  # still there, still answering
    await ws.close()
    await _all_apps_gone()


async def test_refusals_and_errors_carry_the_same_headers(client: TestClient) -> None:
    missing = await client.get("/static/no-such-file.js", headers=_cookie())
    assert missing.status == 404
    assert missing.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in missing.headers["Content-Security-Policy"]


async def test_two_origins_are_refused(client: TestClient) -> None:
    headers = CIMultiDict([("Cookie", f"backcoach-0={TOKEN}"), ("Origin", _origin(client))])
    headers.add("Origin", "http://evil.example")
    response = await client.get("/ws", headers=headers)
    assert response.status == 403


async def test_the_socket_url_comes_from_the_checked_host(client: TestClient) -> None:
    """An absolute request target names another host than the Host header: the page's
    socket goes to the Host header's, the one the checks passed."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    host = f"{client.host}:{client.port}"
    writer.write(
        f"GET http://evil.example/?token={TOKEN} HTTP/1.1\r\nHost: {host}\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    answer = (await asyncio.wait_for(reader.read(), 30)).decode()
    writer.close()
    assert answer.startswith("HTTP/1.1 200")
    assert f'ws://{host}/ws"' in answer and "evil.example" not in answer


async def _close_reason(ws: aiohttp.ClientWebSocketResponse) -> tuple[int | None, str]:
    while True:
        message = await asyncio.wait_for(ws.receive(), 30)
        if message.type == aiohttp.WSMsgType.CLOSE:
            return ws.close_code, str(message.extra or "")
        if message.type == aiohttp.WSMsgType.CLOSED:
            return ws.close_code, ""


async def test_the_page_is_told_why_its_app_ended(
    client: TestClient, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = {**_cookie(), "Origin": _origin(client)}
    ws = await client.ws_connect("/ws?width=80&height=24", headers=headers)
    await _read_screen(ws, Screen(80, 24), "Cat-cow")
    await ws.send_json(["stdin", "q"])
    assert await _close_reason(ws) == (1000, server.CLOSED_BY_APP.decode())
    # A file damaged after the server started: the app cannot open it, and the page
    # hears so at once instead of waiting on a blank screen.
    db.write_text('{"walks": {"1": ', encoding="utf-8")
    summary = db.with_name(db.name + ".summary")
    summary.unlink(missing_ok=True)
    ws = await client.ws_connect("/ws?width=80&height=24", headers=headers)
    assert await _close_reason(ws) == (1000, server.CLOSED_APP_FAILED.decode())
    await _all_apps_gone()
    # ...and the terminal does tell why, as the page says: the app's own line, and one more.
    said = capsys.readouterr()
    assert "coach serve: a tab's app ended unexpectedly (exit status 1)" in said.err
    assert db.read_text(encoding="utf-8") == '{"walks": {"1": '
    await _all_apps_gone()


async def test_past_the_cap_the_page_is_told_to_close_a_tab(db: Path) -> None:
    config = replace(_config(db, True), max_apps=1)
    async with TestClient(TestServer(make_web_app(config), host="127.0.0.1")) as capped:
        headers = {**_cookie(), "Origin": _origin(capped)}
        first = await capped.ws_connect("/ws?width=80&height=24", headers=headers)
        await _read_screen(first, Screen(80, 24), "Cat-cow")
        second = await capped.ws_connect("/ws?width=80&height=24", headers=headers)
        code, reason = await _close_reason(second)
        assert code == 1013 and reason.startswith("Too many Back Coach tabs are open (1 at most)")
        assert len(app_processes(os.getpid())) == 1
        await first.close()
        # A tab closed and opened again at once: its app may still be stopping, and it
        # still counts, so apps never pile up past the cap however fast the page reloads.
        for _ in range(4):
            tab = await capped.ws_connect("/ws?width=80&height=24", headers=headers)
            assert len(app_processes(os.getpid())) <= 1
            await tab.close()
        await _all_apps_gone()


async def test_a_message_nested_too_deep_is_dropped(client: TestClient) -> None:
    headers = {**_cookie(), "Origin": _origin(client)}
    ws = await client.ws_connect("/ws?width=80&height=24", headers=headers)
    await _read_screen(ws, Screen(80, 24), "Cat-cow")
    await ws.send_str("[" * 100_000 + "]" * 100_000)
    await ws.send_json(["ping", "after"])
    reply = await asyncio.wait_for(ws.receive(), 30)
    while reply.type == aiohttp.WSMsgType.BINARY:
        reply = await asyncio.wait_for(ws.receive(), 30)
    assert reply.json() == ["pong", "after"]
    await ws.close()
    await _all_apps_gone()
