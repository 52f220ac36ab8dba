"""The key footer of every screen: Textual's, rebuilt only when what it shows has changed."""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """Textual's ``Footer``, except that it rebuilds its keys only when the keys it would show
    (each shown binding, whether it is enabled, its tooltip) differ from the ones it last built.

    Why: ``Footer`` rebuilds all its key widgets (``recompose``) on every signal that the
    bindings may have changed, and screens send that signal on every change of focus and every
    ``refresh_bindings`` — most of them changing nothing the footer shows. Rebuilding restyles
    each key widget; it was about a fifth of the app's CPU while playing."""

    _built: Hashable = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            shown = shown_keys(screen)
            if shown == self._built:
                return
            # Remembered when the rebuild is asked for: the rebuild reads the bindings as
            # they are when it runs, and a later change sends its own signal.
            self._built = shown
            self.call_after_refresh(self.recompose)


def shown_keys(screen: Screen) -> Hashable:
    """What a footer on ``screen`` shows now: every active binding it would draw (``show``),
    with whether it is enabled and its tooltip, in order."""
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == screen.app.COMMAND_PALETTE_BINDING
    )
