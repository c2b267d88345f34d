"""The menu floor: the least an app must do to paint Back Coach's menu, and nothing else.

`python bench/menu_floor.py [ANY ARGUMENTS]` (arguments are ignored, so the bench can
start it exactly as it starts `coach --db DB`).

No Back Coach code, and NO database: it reads no database and no summary. It reads the
bundled content files with `tomllib` (the exercise entries' titles and summaries come
from them, as the real menu's do), renders the same big title with one pyfiglet
`Figlet`, and shows the same entries (the exercises, a separator, the eight screens;
the first marked "› ") in an `OptionList` with the same border, width and focus bar,
and a `Footer` showing the same keys (⏎ Open, w Walks, r Rest, s Settings, q Quit,
? Help, ^p palette). Whatever Back Coach takes beyond this to paint its menu is its
own cost: reading the database, its modules, its screens.
"""

import sys
import tomllib
from pathlib import Path

from pyfiglet import Figlet
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

REPO = Path(__file__).resolve().parent.parent
SCREENS = [  # the real menu's screen entries (coach.screens.registry.SCREEN_TITLES), as text
    ("Walk log", "Time and log your short walks; see when the next one is due"),
    ("Resting positions", "Positions some find comfortable; a reminder to change position"),
    ("History", "Walks, sessions and pain, day by day"),
    ("Follow-up care", "Appointments, medicines, test results, questions"),
    ("Settings", "Hold length, repetitions, neck problem, reminders"),
    ("Your own exercises", "Make one, or copy one and change it; export it"),
    ("About and safety", "What Back Coach is and is not; where your data is kept"),
    ("Help", "Every key, screen by screen"),
]
MARK = "› "


def _entry(title: str, summary: str, marked: bool) -> str:
    mark = MARK if marked else " " * len(MARK)
    return f"{mark}{title}\n{' ' * len(MARK)}{summary}"


class MenuList(OptionList):
    BINDINGS = [Binding("enter", "select", "Open")]


class MenuFloor(App[None]):
    CSS = """
    Screen { align-horizontal: center; }
    #title { width: auto; height: auto; color: $primary; }
    #menu { width: 72; max-width: 100%; height: 1fr; border: round $primary 40%;
            background: $surface; }
    #menu > .option-list--option { padding: 0 1; }
    #menu:focus { border-left: thick $accent; }
    """
    BINDINGS = [
        Binding("w", "go('walks')", "Walks"),
        Binding("r", "go('rest')", "Rest"),
        Binding("s", "go('settings')", "Settings"),
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "go('help')", "Help"),
    ]

    def action_go(self, name: str) -> None:
        self.exit()  # the floor only paints the menu; any key that would open a screen ends it

    def compose(self) -> ComposeResult:
        exercises = []
        for path in sorted((REPO / "content").rglob("*.toml")):  # all content, as the app reads
            data = tomllib.loads(path.read_text())
            if path.parent.name == "exercises":
                exercises.append((data.get("order", 0), data["title"], data["summary"]))
        yield Static(Figlet(font="small", width=1000).renderText("Back Coach").rstrip(), id="title")
        entries = [(title, summary) for _, title, summary in sorted(exercises)]
        screens_from = len(entries)
        self._entries = dict(enumerate([*entries, *SCREENS]))
        options: list[Option | None] = [
            Option(_entry(t, s, i == 0), id=str(i)) for i, (t, s) in enumerate(entries)
        ]
        options.append(None)
        options += [
            Option(_entry(t, s, False), id=str(screens_from + i))
            for i, (t, s) in enumerate(SCREENS)
        ]
        self._marked: str | None = "0"
        yield MenuList(*options, id="menu")
        yield Footer()

    def on_mount(self) -> None:
        menu = self.query_one(MenuList)
        menu.highlighted = 0
        menu.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The mark follows the highlight, as on the real menu (the first-key floor)."""
        wanted = event.option.id
        for option_id, marked in ((self._marked, False), (wanted, True)):
            if option_id is not None and int(option_id) in self._entries:
                title, summary = self._entries[int(option_id)]
                event.option_list.replace_option_prompt(option_id, _entry(title, summary, marked))
        self._marked = wanted


if __name__ == "__main__":
    _ = sys.argv  # arguments are ignored: no database is read
    MenuFloor().run()
