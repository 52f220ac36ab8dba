"""The status lines: turn and calendar, phase and round, who acts; the score; the latest news."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusBar(Widget):
    """Three lines set by the game screen: ``where`` (the clock), ``score`` (every side's
    standing) and ``news`` (the last move). Each is one row, cut with an ellipsis rather than
    wrapped, so the layout never jumps."""

    where: reactive[Text] = reactive(Text)
    score: reactive[Text] = reactive(Text)
    #: The score in fewer words, shown when ``score`` does not fit.
    score_short: reactive[Text] = reactive(Text)
    news: reactive[Text] = reactive(Text)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        width = max(1, self.size.width)
        score = self.score if self.score.cell_len <= width else self.score_short
        for i, line in enumerate((self.where, score, self.news)):
            if i:
                out.append("\n")
            out.append_text(_fit(line, width))
        return out


def _fit(line: Text, width: int) -> Text:
    """``line`` on one row of ``width`` cells, ending in … when cut."""
    line = line.copy()
    line.plain = line.plain.replace("\n", " ")
    if line.cell_len > width:
        line.truncate(width - 1)
        line.append("…")
    return line
