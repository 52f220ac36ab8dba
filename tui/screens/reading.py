"""A dialog to read: a title and scrollable text (briefing, recap, history); Escape closes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from tui.screens.dialogs import Dialog


class ReadingDialog(Dialog[None]):
    """Show ``text`` under ``title``; ↑ ↓ PgUp PgDn scroll, Escape (or the opening key) closes."""

    BINDINGS = [Binding("escape,q", "close", "Close")]
    AUTO_FOCUS = "#reading"  # see ChoiceDialog

    def __init__(self, title: str, text: Text, *, close_keys: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        if close_keys:
            # the key that opened the dialog closes it again, as z restores a zoomed pane
            self._bindings.bind(close_keys, "close", "Close", show=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog reading", id="reading"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.text, id="reading-text")
            yield Label("Escape closes · ↑ ↓ scroll", classes="dialog-note")

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)


__all__ = ["ReadingDialog"]
