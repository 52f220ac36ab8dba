"""The base of the full screens: the app they belong to, typed as the wargame app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import WargameApp

R = TypeVar("R")


class WargameScreen(Screen[R]):
    """A full screen of the wargame app (title, setup, game, end)."""

    @property
    def wargame(self) -> WargameApp:
        """The app, with its navigation and saving methods known to the type checker."""
        return cast("WargameApp", self.app)


__all__ = ["WargameScreen"]
