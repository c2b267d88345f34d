"""`coach serve` in a real browser: headless Chromium the size of a phone, driven over
the DevTools protocol, against the server started as a person starts it."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from coach.model.records import SessionStatus
from coach.serve_command import network_address
from coach.store import Store
from tests.web.browser import Browser, chromium, png_colours
from tests.web.serving import Served, app_processes, coach_serve

SHOTS = 20  # distinct colours: the intro card has a handful; the app has many more


def _only_from(browser: Browser, served_host: str) -> None:
    """Every request the page made, sockets and fonts included, went to the server."""
    hosts = {urlsplit(url).netloc for url in browser.requests if not url.startswith("data:")}
    assert hosts == {served_host}, browser.requests
    assert any(url.startswith(f"ws://{served_host}/ws") for url in browser.requests)


async def _menu_painted(browser: Browser, served: Served, db: Path) -> None:
    await browser.wait_for("Cat-cow", 60, "the menu")
    await browser.wait_for(lambda: "Help" in browser.screen.lines[-1], 10, "the footer")
    # The app, not textual-serve's intro: the intro card is gone, the menu is on the page.
    assert await browser.evaluate("document.body.classList.contains('-first-byte')")
    apps = app_processes(served.process.pid)
    assert len(apps) == 1, apps
    (argv,) = apps.values()
    assert argv[argv.index("--db") + 1] == str(db)


async def test_a_phone_follows_a_hold_and_a_closed_tab_is_interrupted(
    db: Path, tmp_path: Path
) -> None:
    with coach_serve(db, home=tmp_path) as served:
        async with chromium(tmp_path / "profile") as browser:
            await browser.phone()
            await browser.go(served.url)
            await _menu_painted(browser, served, db)
            assert browser.screen.columns < 60  # the phone's narrow screen, not 80x24
            menu = await browser.screenshot()
            assert png_colours(menu) >= SHOTS
            # A finger on the screen: the footer's keys, as the footer shows them.
            await browser.focus_terminal()
            await browser.wait_for(lambda: "Open" in browser.screen.lines[-1], 10, "Open")
            await browser.tap_text("Open", row=-1)
            await browser.wait_for("Step 1 of", 10)
            await browser.wait_for(lambda: "Next" in browser.screen.lines[-1], 10, "footer")
            await browser.tap_text("Next", row=-1)
            await browser.wait_for(lambda: "Start" in browser.screen.lines[-1], 10, "Start")
            assert "Step 2 of" in browser.screen.text
            await browser.tap_text("Start", row=-1)
            await browser.wait_for("Holding", 30)
            assert png_colours(await browser.screenshot()) >= SHOTS
            _only_from(browser, f"127.0.0.1:{served.port}")
            (app,) = app_processes(served.process.pid)
            # The phone locks, or the tab goes, mid-hold: the app ends, the session is kept.
            await browser.close_page()
            for _ in range(300):
                if not app_processes(served.process.pid):
                    break
                await asyncio.sleep(0.05)
            assert not app_processes(served.process.pid)
        sessions = Store.open(db).sessions()
        assert [s.status for s in sessions] == [SessionStatus.INTERRUPTED]
        assert served.stop() == 0
    assert served.out[-1] == "Stopped.\n"
    assert "Traceback" not in "".join(served.err)


async def test_a_phone_on_the_network_reaches_the_menu(db: Path, tmp_path: Path) -> None:
    """Served to the network, the page is reached at an address other than 127.0.0.1,
    and the page's socket goes back to that address (not to 0.0.0.0)."""
    address = network_address()
    assert re.fullmatch(r"[\d.]+", address) and not address.startswith("127."), (
        "this test needs a network address besides loopback; the machine has " + address
    )
    with coach_serve(db, "--host", "0.0.0.0", home=tmp_path) as served:
        assert urlsplit(served.url).hostname == address
        deadline = time.monotonic() + 10  # stderr is read by a thread of its own
        while "crosses the network unencrypted" not in "".join(served.err):
            assert time.monotonic() < deadline, f"no warning on stderr: {served.err}"
            time.sleep(0.05)
        async with chromium(tmp_path / "profile") as browser:
            await browser.phone()
            await browser.go(served.url)
            await _menu_painted(browser, served, db)
            _only_from(browser, f"{address}:{served.port}")
        assert served.stop() == 0
