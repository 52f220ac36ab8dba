"""Hot-seat hand-over: an opaque screen that hides the hand until the next player is ready."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from tui.screens.dialogs import CloseOnce


class HandOverScreen(CloseOnce, Screen[None]):
    """Covers the game screen; any key or click dismisses it."""

    BINDINGS = [Binding("enter", "ready", "I am ready")]

    def __init__(self, name: str, colour: str = "") -> None:
        super().__init__()
        self.player = name
        self.colour = colour

    def compose(self) -> ComposeResult:
        text = Text(justify="center")
        text.append("Hand-over\n\n", style="bold")
        text.append("Pass the keyboard to ")
        text.append(self.player, style=f"bold {self.colour}")
        text.append(".\n\nThe other hands are hidden.\n")
        text.append(f"{self.player}: press any key when ready.", style="dim")
        with Middle(), Center():
            yield Static(text, id="handover-text")

    def on_key(self, event) -> None:
        event.stop()
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)

    def action_ready(self) -> None:
        """Show the game to the next player."""
        self.dismiss(None)
