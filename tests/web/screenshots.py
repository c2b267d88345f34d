"""The README's phone screenshots of `coach serve`: `make screenshots` writes them to docs/.

The same browser and server as the tests, on a fresh database in a folder of its own.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from coach.model.settings import Settings
from coach.store import Store
from tests.web.browser import chromium
from tests.web.serving import coach_serve


async def take(folder: Path) -> list[Path]:
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        db = home / "backcoach.json"
        Store.open(db).save_settings(replace(Settings(), about_acknowledged=True))
        with coach_serve(db, home=home) as served:
            async with chromium(home / "profile") as browser:
                await browser.phone()
                await browser.go(served.url)
                await browser.wait_for("Cat-cow", 60)
                await browser.focus_terminal()
                await browser.wait_for(lambda: "Open" in browser.screen.lines[-1], 10, "footer")
                await asyncio.sleep(0.5)
                menu = folder / "serve-menu-phone.png"
                menu.write_bytes(await browser.screenshot())
                await browser.tap_text("Cat-cow")
                await browser.wait_for(lambda: "Next" in browser.screen.lines[-1], 10, "footer")
                await browser.tap_text("Next", row=-1)
                await browser.wait_for(lambda: "Start" in browser.screen.lines[-1], 10, "Start")
                await browser.tap_text("Start", row=-1)
                await browser.wait_for("Holding", 30)
                await asyncio.sleep(4.2)  # a few seconds into the hold: the bar has moved
                hold = folder / "serve-hold-phone.png"
                hold.write_bytes(await browser.screenshot())
    return [menu, hold]


if __name__ == "__main__":
    for path in asyncio.run(take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))):
        print(path)
