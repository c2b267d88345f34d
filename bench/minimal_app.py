"""The baseline: a minimal Textual app (one Label and a Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Label


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Label("Hello from the minimal app")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
