"""The latest dice roll: faces, modifiers, total and the outcome row picked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from engine import Event
from tui.text import roll_text


class RollView(Static):
    """Shows one roll event; hidden (``display = False``) when there is none to show."""

    def show_roll(self, event: Event | None) -> None:
        """Show ``event`` (a roll), or hide."""
        self.display = event is not None
        if event is not None:
            title = Text(f"{event.text.split(':')[0]}: ", style="bold")
            title.append_text(roll_text(event))
            self.update(title)
