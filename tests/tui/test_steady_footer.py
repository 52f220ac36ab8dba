"""The footer rebuilds its keys when what it shows changes, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Footer
from textual.widgets._footer import FooterKey

from tests.tui.helpers import wait_for
from tui.widgets.steady_footer import SteadyFooter


class _Door(App[None]):
    """A screen with a door key that is enabled only while the door is open."""

    BINDINGS = [Binding("o", "open", "Open"), Binding("x", "leave", "Leave")]

    def __init__(self) -> None:
        super().__init__()
        self.door_open = False
        self.rebuilds = 0

    def compose(self) -> ComposeResult:
        yield Button("a", id="a")
        yield Button("b", id="b")
        yield SteadyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return self.door_open or None  # shown but disabled while the door is shut
        return True

    def action_open(self) -> None:
        self.door_open = True
        self.refresh_bindings()

    def action_leave(self) -> None:
        self.exit()


def _count_rebuilds(app: _Door, footer: Footer) -> None:
    """Count ``footer``'s rebuilds in ``app.rebuilds``."""
    rebuild = footer.recompose

    async def counted() -> None:
        app.rebuilds += 1
        await rebuild()

    footer.recompose = counted  # type: ignore[method-assign]


def _keys(app: App) -> dict[str, bool]:
    """Each key the footer shows, and whether it is enabled."""
    return {key.key: not key.has_class("-disabled") for key in app.query(FooterKey)}


async def test_the_footer_follows_the_bindings_and_rebuilds_only_on_a_change():
    app = _Door()
    async with app.run_test() as pilot:
        _count_rebuilds(app, app.query_one(SteadyFooter))
        await wait_for(pilot, lambda: _keys(app).get("x") is False)
        assert _keys(app)["o"] is True
        before = app.rebuilds

        for _ in range(5):  # focus moves and refreshes that change nothing shown
            await pilot.press("tab")
            app.refresh_bindings()
            await pilot.pause()
        assert app.rebuilds == before, "rebuilt though the keys shown were the same"

        app.action_open()  # the door opens: Leave becomes enabled
        await wait_for(pilot, lambda: _keys(app).get("x") is True)
        assert app.rebuilds == before + 1


async def test_a_plain_footer_rebuilds_on_every_refresh():
    """Why the steady footer exists: Textual's own rebuilds whenever it is told the bindings
    may have changed, even when nothing it shows did. (If this starts failing, Textual's
    footer has learnt the same trick and ``SteadyFooter`` can go.)"""

    class _Plain(_Door):
        def compose(self) -> ComposeResult:
            yield Button("a", id="a")
            yield Footer()

    app = _Plain()
    async with app.run_test() as pilot:
        _count_rebuilds(app, app.query_one(Footer))
        await wait_for(pilot, lambda: "x" in _keys(app))
        before = app.rebuilds
        for _ in range(3):
            app.refresh_bindings()
            await pilot.pause()
        assert app.rebuilds > before
