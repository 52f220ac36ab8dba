"""The acting person's hand: each card with its uses; unplayable ones dimmed with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.widgets.steady_lists import SteadyOptionList


@dataclass(frozen=True)
class CardRow:
    """One card as the hand shows it (computed by the game screen)."""

    card: str
    name: str
    ops: int
    uses: str  # e.g. "event, ops" or "" when unplayable
    reason: str  # why it cannot be played now ("" when playable)


class HandList(SteadyOptionList):
    """Cards in hand. Posts ``CardHighlighted`` when the cursor moves, ``CardChosen`` on Enter."""

    class CardHighlighted(Message):
        """The cursor is on a card."""

        def __init__(self, card: str) -> None:
            self.card = card
            super().__init__()

    class CardChosen(Message):
        """The player chose a card to play."""

        def __init__(self, card: str) -> None:
            self.card = card
            super().__init__()

    def show_rows(self, rows: list[CardRow], empty: str) -> None:
        """Replace the listed cards, keeping the cursor on the same card when possible."""
        current = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        if not rows:
            self.add_option(Option(Text(empty, style="dim italic"), id="-", disabled=True))
            return
        options = []
        for row in rows:
            label = Text()
            if row.reason:
                label.append(f"{row.name}", style="dim")
                label.append(f"  {row.ops} ops" if row.ops else "", style="dim")
                label.append(f"\n  ✗ {row.reason}", style="dim italic")
            else:
                label.append(row.name, style="bold")
                label.append(f"  {row.ops} ops" if row.ops else "", style="cyan")
                label.append(f"\n  ✓ {row.uses}", style="green")
            options.append(Option(label, id=row.card))
        self.add_options(options)
        ids = [r.card for r in rows]
        self.highlighted = ids.index(current) if current in ids else 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and event.option.id != "-":
            self.post_message(self.CardHighlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != "-":
            self.post_message(self.CardChosen(event.option.id))
