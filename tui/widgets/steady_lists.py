"""Textual's list widgets, steady under a fast hand.

To move the highlight by a page, Textual's ``OptionList`` looks up the line of the highlighted
option. Before the list has been laid out — a dialog or a drop-down opened an instant
earlier — that line is not known yet and the lookup raises ``KeyError`` out of the app's
message loop, ending the app (found by the monkey test). Here a page key that arrives too
early does nothing, as it would on an empty list; once the list is on screen it pages.
"""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from typing import TypeVar

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
    """A ``Select`` whose drop-down pages safely. The drop-down is Textual's own, made inside
    ``Select`` (not a class we can swap), so its two page actions are replaced on the
    instance once it is mounted: Textual finds an action by name on the widget."""

    def on_mount(self) -> None:
        drop_down = self.query_one(OptionList)
        setattr(drop_down, "action_page_down", partial(page, drop_down, 1))  # noqa: B010
        setattr(drop_down, "action_page_up", partial(page, drop_down, -1))  # noqa: B010
