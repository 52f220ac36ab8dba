"""Small modal dialogs: pick one of several choices, type a name, confirm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.widgets.steady_lists import SteadyOptionList

T = TypeVar("T")
R = TypeVar("R")


class CloseOnce:
    """Mixin for a screen that answers once and closes once.

    A fast hand sends a second Enter (or Escape) before the first has closed the screen; a
    plain screen would then answer twice and pop the screen beneath it too. Here every answer
    after the first, and any answer while the screen is not on top, is ignored.
    """

    _answered = False

    def dismiss(self, result=None) -> AwaitComplete:  # type: ignore[no-untyped-def]
        if self._answered or self.app.screen is not self:  # type: ignore[attr-defined]
            return AwaitComplete()
        self._answered = True
        return super().dismiss(result)  # type: ignore[misc]


class Dialog(CloseOnce, ModalScreen[R], Generic[R]):
    """A modal dialog that closes once (see :class:`CloseOnce`)."""


class ChoiceDialog(Dialog[T | None], Generic[T]):
    """Pick one item from a list (e.g. which action and target); Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    # Focus by selector, not in on_mount: a fast Escape can close the dialog before its mount
    # event is handled, and a lookup there then finds nothing (seen by the monkey test).
    AUTO_FOCUS = "#choices"

    def __init__(
        self, title: str, choices: Sequence[tuple[Text | str, T]], *, note: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield SteadyOptionList(
                *[Option(label, id=str(i)) for i, (label, _) in enumerate(self.choices)],
                id="choices",
            )
            if self.note:
                yield Label(self.note, classes="dialog-note")

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class NameDialog(Dialog[str | None]):
    """Type a name (e.g. for a save); Enter accepts, Escape cancels."""

    AUTO_FOCUS = "#name"  # see ChoiceDialog

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, id="name")
            yield Label("Enter to save · Escape to cancel", classes="dialog-note")

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without a name."""
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """A yes/no question; y or Enter confirms, n or Escape declines."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield Label("y / Enter: yes   ·   n / Escape: no", classes="dialog-note")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
