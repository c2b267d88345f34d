"""`coach serve` as a command: what it listens on, its one-line errors, and ctrl+c."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from coach.serve_command import network_address
from tests.web.serving import app_processes, coach_env, coach_serve


def listening_addresses(pid: int) -> set[tuple[str, int]]:
    """The TCP addresses a process listens on, read from /proc as `ss -ltnp` would."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, width in (("tcp", 4), ("tcp6", 16)):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A" or fields[9] not in inodes:  # 0A: LISTEN
                continue
            hex_address, hex_port = fields[1].split(":")
            raw = bytes.fromhex(hex_address)
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, width, 4))
            family = socket.AF_INET if width == 4 else socket.AF_INET6
            found.add((socket.inet_ntop(family, words), int(hex_port, 16)))
    return found


def run_coach(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env=coach_env(home),
        timeout=60,
    )


def test_without_host_it_listens_on_loopback_only(db: Path, tmp_path: Path) -> None:
    with coach_serve(db, home=tmp_path) as served:
        assert listening_addresses(served.process.pid) == {("127.0.0.1", served.port)}
        assert served.url.startswith(f"http://127.0.0.1:{served.port}/?token=")
        assert served.err == []  # no warning: nothing crosses the network
        with pytest.raises(OSError):  # and it cannot be reached from the network
            socket.create_connection((network_address(), served.port), timeout=2).close()


def test_with_a_host_it_warns_and_listens_there(db: Path, tmp_path: Path) -> None:
    with coach_serve(db, "--host", "0.0.0.0", home=tmp_path) as served:
        assert listening_addresses(served.process.pid) == {("0.0.0.0", served.port)}
        warning = "".join(served.err)
        assert warning.startswith("Warning: your back-pain log is private")
        assert "unencrypted" in warning


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--port", "http"], 2, "--port 'http': give a port from 1 to 65535"),
        (["--port", "70000"], 2, "--port '70000'"),
        (["--port", " 80"], 2, "--port ' 80'"),
        (["--port", "+0"], 2, "--port '+0'"),
        (["--port", "1_0000"], 2, "--port '1_0000'"),
        (["--port", "٤٠٠٠٠"], 2, "give a port from 1 to 65535"),
        (["--host", "no.such.host.invalid"], 2, "--host 'no.such.host.invalid': no such address"),
        (["--host", "192.0.2.254"], 1, "cannot listen on 192.0.2.254:"),  # not this machine's
    ],
)
def test_a_wrong_argument_is_one_line(
    db: Path, tmp_path: Path, args: list[str], code: int, said: str
) -> None:
    done = run_coach("--db", str(db), "serve", *args, home=tmp_path)
    assert (done.returncode, done.stdout) == (code, "")
    assert done.stderr.count("\n") == 1 and said in done.stderr, done.stderr


def test_a_port_in_use_is_one_line(db: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_coach("--db", str(db), "serve", "--port", str(port), home=tmp_path)
    assert done.returncode == 1
    assert done.stderr == f"coach: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_a_damaged_database_is_refused_before_anything_listens(tmp_path: Path) -> None:
    db = tmp_path / "damaged.json"
    db.write_text('{"walks": {"1": ', encoding="utf-8")
    done = run_coach("--db", str(db), "serve", "--port", "0", home=tmp_path)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and str(db) in done.stderr
    assert done.stderr.count("set-aside") == 1  # the way out said once, not twice
    assert db.read_text(encoding="utf-8") == '{"walks": {"1": '  # not a byte changed


async def _until_closed(tab: aiohttp.ClientWebSocketResponse) -> int | None:
    """Read what the app draws until the server closes the socket; its close code."""
    while (await tab.receive()).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
        pass
    return tab.close_code


async def test_ctrl_c_closes_every_tab_and_keeps_the_key_out_of_every_file(
    db: Path, tmp_path: Path
) -> None:
    with coach_serve(db, home=tmp_path) as served:
        origin = f"http://127.0.0.1:{served.port}"
        headers = {"Cookie": f"backcoach-{served.port}={served.token}", "Origin": origin}
        async with aiohttp.ClientSession() as session:
            tabs = [
                await session.ws_connect(f"{origin}/ws?width=80&height=24", headers=headers)
                for _ in range(2)
            ]
            # Each tab is read all along, as a page does: it answers the server's pings.
            closes = [asyncio.create_task(_until_closed(tab)) for tab in tabs]
            for _ in range(400):
                if len(app_processes(served.process.pid)) == 2:
                    break
                await asyncio.sleep(0.05)
            apps = app_processes(served.process.pid)
            assert len(apps) == 2
            await asyncio.sleep(1.0)  # the apps are up and drawing
            served.process.send_signal(signal.SIGINT)
            # each page is told: its app has gone (1001, going away)
            assert await asyncio.wait_for(asyncio.gather(*closes), 30) == [1001, 1001]
            code = await asyncio.to_thread(served.process.wait, 30)
        assert code == 0
        assert all(not Path(f"/proc/{pid}").exists() for pid in apps)  # every app ended
    assert served.out[-2:] == ["Stopping: closing the open tabs…\n", "Stopped.\n"]
    assert served.err == []  # no traceback, no noise
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert db in written
    for path in written:
        assert served.token.encode() not in path.read_bytes(), path
    assert json.loads(db.read_text(encoding="utf-8"))  # the log is whole


def test_an_ipv4_address_written_as_ipv6_is_judged_as_ipv4(db: Path, tmp_path: Path) -> None:
    with coach_serve(db, "--host", "::ffff:127.0.0.1", home=tmp_path) as served:
        assert served.err == []  # loopback: no network warning
        assert served.url.startswith(f"http://127.0.0.1:{served.port}/")
    with coach_serve(db, "--host", "::ffff:0.0.0.0", home=tmp_path) as served:
        assert served.url.startswith(f"http://{network_address()}:{served.port}/")


def test_the_database_path_is_shown_without_control_codes(tmp_path: Path) -> None:
    db = tmp_path / "a\x1b]0;TITLE\x07\nb.json"
    with coach_serve(db, home=tmp_path) as served:
        said = "".join(served.out)
    assert "\x1b" not in said and "\x07" not in said
    assert said.count("\n") == 3  # the three lines, none split by the name


def test_an_app_left_by_a_killed_server_ends_and_keeps_its_session(
    db: Path, tmp_path: Path
) -> None:
    """kill -9 of the server: its apps are orphans with no page. Each notices, keeps a
    session under way as interrupted, and ends."""
    import time

    from coach.model.records import SessionStatus
    from coach.store import Store

    with coach_serve(db, home=tmp_path) as served:
        origin = f"http://127.0.0.1:{served.port}"
        headers = {"Cookie": f"backcoach-{served.port}={served.token}", "Origin": origin}

        async def start_a_hold() -> None:
            from tests.web.browser import Screen

            screen = Screen(80, 24)
            async with aiohttp.ClientSession() as session:
                tab = await session.ws_connect(f"{origin}/ws?width=80&height=24", headers=headers)
                for key, wanted in (
                    ("", "Cat-cow"),
                    ("\r", "Step 1 of"),
                    ("n", "Step 2 of"),
                    (" ", "Get ready"),
                ):
                    if key:
                        await tab.send_json(["stdin", key])
                    while wanted not in screen.text:
                        message = await asyncio.wait_for(tab.receive(), 30)
                        assert message.type == aiohttp.WSMsgType.BINARY, screen.text
                        screen.feed(message.data)
                apps = app_processes(served.process.pid)
                assert len(apps) == 1
                served.process.kill()
                served.process.wait()
                (pid,) = apps
                deadline = time.monotonic() + 30
                while Path(f"/proc/{pid}").exists() and not _zombie(pid):
                    assert time.monotonic() < deadline, "the orphaned app is still running"
                    await asyncio.sleep(0.1)

        asyncio.run(start_a_hold())
    assert [s.status for s in Store.open(db).sessions()] == [SessionStatus.INTERRUPTED]


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
