"""The load dialog: saves newest first; unreadable ones are listed with what is wrong."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.screens.dialogs import Dialog
from tui.storage import SaveEntry, list_saves, saves_dir
from tui.widgets.steady_lists import SteadyOptionList


class LoadDialog(Dialog[Path | None]):
    """Pick a save file; Escape cancels. A broken file is shown, never deleted."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#saves"  # see ChoiceDialog; absent when there are no saves

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[SaveEntry] = list_saves()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="load-dialog"):
            yield Label("Load a game", classes="dialog-title")
            if self.entries:
                yield SteadyOptionList(
                    *[Option(self._label(e), id=str(i)) for i, e in enumerate(self.entries)],
                    id="saves",
                )
            else:
                yield Label(f"No saves yet in {saves_dir()}", classes="dialog-note")
            yield Label("Enter: load · Escape: cancel", classes="dialog-note")

    @staticmethod
    def _label(entry: SaveEntry) -> Text:
        out = Text()
        if entry.error:
            out.append(f"{entry.path.name}  (cannot be loaded)\n", style="bold red")
            out.append(f"  {entry.error}", style="red")
            return out
        out.append(entry.name, style="bold")
        if entry.autosave:
            out.append("  [autosave]", style="cyan")
        if entry.over:
            out.append("  [finished]", style="dim")
        out.append(f"\n  {entry.scenario} · turn {entry.turn} · {entry.saved_at}", style="dim")
        return out

    @on(OptionList.OptionSelected, "#saves")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[event.option_index]
        if entry.error:
            self.notify(entry.error, title="Cannot load", severity="error", timeout=8)
            return
        self.dismiss(entry.path)

    def action_cancel(self) -> None:
        """Close without loading."""
        self.dismiss(None)
