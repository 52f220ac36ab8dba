"""Setup: who plays each side (a person or a bot kind) and the seed (random, always shown)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from engine import Scenario
from tui.screens.base import WargameScreen
from tui.session import HUMAN, default_players, random_seed
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.steady_lists import SteadySelect
from tui.widgets.title_header import TitleHeader

#: The opponents on offer, easiest first: (bot kind, label, what it means for a player).
DIFFICULTIES = (
    ("random", "Easy: random", "plays any legal move at random; good for learning the cards"),
    (
        "doctrine",
        "Normal: doctrine",
        "follows the scenario's doctrine, the side's stated priorities, and says which one "
        "chose each move (the default opponent)",
    ),
    ("greedy", "Tricky: greedy", "tries each move one step ahead and takes the best for its score"),
    (
        "ismcts",
        "Hard: search",
        "searches many possible futures over what it cannot see (ISMCTS); plays strongest, "
        "thinks a second or more per move",
    ),
)


def _difficulty_text() -> Text:
    out = Text()
    for _, label, meaning in DIFFICULTIES:
        out.append(f"{label:<17}", style="bold")
        out.append(f"{meaning}\n")
    out.rstrip()
    return out


class SetupScreen(WargameScreen[None]):
    """Choose controllers and the seed, then start."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Start game", priority=True),
        Binding("ctrl+r", "reroll", "New seed", priority=True),
        Binding("escape", "back", "Back"),
    ]
    # The first side's controller (the selects come in the order of the sides), focused by
    # selector as the dialogs are: a lookup in on_mount fails if the screen closed first.
    AUTO_FOCUS = ".setup-select"

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.seed = seed if seed is not None else random_seed()
        self.players = default_players(scenario)

    def compose(self) -> ComposeResult:
        yield TitleHeader()
        with VerticalScroll(id="setup-body"):
            yield Static(Text(self.scenario.title, style="bold"), id="setup-title")
            kinds = [("Human", HUMAN)] + [(label, kind) for kind, label, _ in DIFFICULTIES]
            for actor in self.scenario.playable_actors:
                name = self.scenario.actor(actor).name
                with Horizontal(classes="setup-row"):
                    yield Label(f"{name}", classes="setup-label")
                    yield SteadySelect(
                        kinds,
                        value=self.players[actor],
                        allow_blank=False,
                        id=f"who-{actor}",
                        classes="setup-select",
                    )
            with Horizontal(classes="setup-row"):
                yield Label("Seed", classes="setup-label")
                yield Input(str(self.seed), id="seed", type="integer", classes="setup-seed")
            with Vertical(id="setup-buttons"):
                yield Button("Start  (ctrl+s)", id="start", variant="primary")
            yield Static(_difficulty_text(), id="setup-difficulty")
            yield Static(
                Text(
                    "The seed is shown so that a game can be replayed exactly. "
                    "Several humans play hot-seat at this keyboard.",
                    style="dim",
                ),
                id="setup-hint",
            )
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "setup"

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        actor = (event.select.id or "").removeprefix("who-")
        if actor in self.players and isinstance(event.value, str):
            self.players[actor] = event.value

    @on(Button.Pressed, "#start")
    def _pressed(self) -> None:
        self.action_start()

    @on(Input.Submitted, "#seed")
    def _submitted(self) -> None:
        self.action_start()

    def action_reroll(self) -> None:
        """Pick a new random seed."""
        self.query_one("#seed", Input).value = str(random_seed())

    def action_start(self) -> None:
        """Start the game with these choices."""
        text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(text)
        except ValueError:
            self.notify("The seed must be a whole number.", severity="error")
            return
        self.wargame.start_game(self.scenario, seed, dict(self.players))

    def action_back(self) -> None:
        """Back to the title screen."""
        self.wargame.to_title()
