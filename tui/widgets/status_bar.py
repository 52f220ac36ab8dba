"""The status line: turn and calendar, phase and round, who acts, and the latest news."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusBar(Widget):
    """Two lines set by the game screen: ``where`` (the clock) and ``news`` (the last move)."""

    where: reactive[Text] = reactive(Text)
    news: reactive[Text] = reactive(Text)

    def render(self) -> Text:
        out = Text()
        out.append_text(self.where)
        out.append("\n")
        out.append_text(self.news)
        return out
