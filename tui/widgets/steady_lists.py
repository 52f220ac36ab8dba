"""Textual's list widgets, steady under a fast hand.

To move the highlight by a page, Textual's ``OptionList`` looks up the line of the highlighted
option. Before the list has been laid out — a dialog or a drop-down opened an instant
earlier — that line is not known yet and the lookup raises ``KeyError`` out of the app's
message loop, ending the app (found by the monkey test). Here a page key that arrives too
early does nothing, as it would on an empty list; once the list is on screen it pages.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TypeVar

from textual.binding import Binding
from textual.widgets import OptionList, Select

T = TypeVar("T")


def page(options: OptionList, direction: int) -> None:
    """Move ``options``' highlight a page down (1) or up (-1), if it is laid out yet."""
    with suppress(KeyError):  # not laid out yet: see the module's docstring
        if direction > 0:
            OptionList.action_page_down(options)
        else:
            OptionList.action_page_up(options)


class SteadyOptionList(OptionList):
    """An ``OptionList`` whose page keys wait for the list to be laid out."""

    def action_page_down(self) -> None:
        page(self, 1)

    def action_page_up(self) -> None:
        page(self, -1)


class SteadySelect(Select[T]):
    """A ``Select`` whose open drop-down pages safely: the drop-down is Textual's own (an
    ``OptionList`` we cannot replace), so the page keys are caught here first."""

    BINDINGS = [
        Binding("pagedown", "page(1)", show=False, priority=True),
        Binding("pageup", "page(-1)", show=False, priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            # The drop-down may still hold the focus for an instant after it closed.
            open_or_focused = self.expanded or self.query_one(OptionList).has_focus
            return open_or_focused or None  # neither: the keys go on to the screen as before
        return True

    def action_page(self, direction: int) -> None:
        """Page the open drop-down."""
        page(self.query_one(OptionList), direction)
