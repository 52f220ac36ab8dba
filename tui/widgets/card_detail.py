"""The detail pane: the highlighted card (or clicked zone), with its claims' text."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


class CardDetail(VerticalScroll):
    """A scrollable pane; the game screen sets its ``content``."""

    ALLOW_MAXIMIZE = True

    def compose(self):
        yield Static(id="detail-body")

    def show(self, content: Text) -> None:
        """Replace what the pane shows."""
        self.query_one("#detail-body", Static).update(content)
        self.scroll_home(animate=False)
