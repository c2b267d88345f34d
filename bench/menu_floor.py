"""The limit experiment for start-up: the least an app must do to paint Back Coach's menu.

No Back Coach code: it reads the same content files (tomllib) and the same database
(json), renders the same big title with one pyfiglet `Figlet`, and shows the same nine
two-line entries in an `OptionList` with a `Footer` showing the same keys. Whatever
Back Coach takes beyond this is its own; what this takes beyond the minimal app is
the cost of the menu itself.
"""

import json
import sys
import tomllib
from pathlib import Path

from pyfiglet import Figlet
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

REPO = Path(__file__).resolve().parent.parent
ENTRIES = [
    ("Cat-cow", "On hands and knees, round your back up, then let it sway down."),
    ("Walk log", "Time and log your short walks; see when the next one is due"),
    ("Resting positions", "Comfortable ways to rest, and a reminder to change position"),
    ("History", "Your exercise sessions so far"),
    ("Follow-up care", "Appointments, problems, test results and medicines"),
    ("Settings", "Hold length, repetitions, neck problem, reminders"),
    ("About and safety", "What Back Coach is and is not; where your data is kept"),
    ("Help", "Every key, screen by screen"),
]


class MenuFloor(App[None]):
    CSS = """
    Screen { align-horizontal: center; }
    #title { width: auto; height: auto; color: $primary; }
    #menu { width: 72; max-width: 100%; height: 1fr; border: round $primary 40%; }
    """
    BINDINGS = [
        Binding("enter", "quit", "Open"),
        Binding("w", "quit", "Walks"),
        Binding("r", "quit", "Rest"),
        Binding("s", "quit", "Settings"),
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "quit", "Help"),
    ]

    def compose(self) -> ComposeResult:
        for path in sorted((REPO / "content").rglob("*.toml")):
            tomllib.loads(path.read_text())
        json.loads(Path(sys.argv[1]).read_text())
        yield Static(Figlet(font="small", width=1000).renderText("Back Coach").rstrip(), id="title")
        options = [Option(f"{title}\n{summary}") for title, summary in ENTRIES]
        yield OptionList(*options[:1], None, *options[1:], id="menu")
        yield Footer()


if __name__ == "__main__":
    MenuFloor().run()
