"""The footer, composed again only when what it shows has changed, its keys born in its style.

Textual's `Footer` rebuilds all its keys whenever the screen says its bindings may
have changed: on mount, on every resume and focus move, on every `refresh_bindings`.
Just after the menu's first paint that happened twice with the very same keys, and a
key pressed then waited for both rebuilds. This footer remembers what it last showed
and lets such a signal pass when nothing it shows would differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

Shown = tuple[tuple[object, ...], ...]


class QuietFooter(Footer):
    """A `Footer` that skips rebuilds which would show the same keys."""

    _shown: Shown | None = None

    def _what_it_shows(self, screen: Screen[object]) -> Shown:
        """Everything `Footer.compose` reads from the bindings, in its order: the keys it
        shows and the command palette's."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                binding.key_display,
                binding.show,
                binding.group,
                enabled,
                tooltip,
                binding.tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        self._shown = self._what_it_shows(self.screen) if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # A key starts compact and is told the footer's style once mounted: each
                # such change restyles it, about 3 ms a key. Born in the right style, it
                # needs none.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._what_it_shows(screen) == self._shown
        ):
            return  # the same keys: a rebuild would only cost the next key its turn
        super().bindings_changed(screen)
