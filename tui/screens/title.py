"""The title screen: shipped scenarios with summaries and briefings; new, continue, load, quit."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engine.load.read.catalog import Entry, shipped
from tui.screens.base import WargameScreen
from tui.screens.from_thread import deliver
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.steady_lists import SteadyOptionList
from tui.widgets.title_header import TitleHeader


class TitleScreen(WargameScreen[None]):
    """Pick a scenario and start, continue the latest autosave, or load a save."""

    BINDINGS = [
        Binding("n", "new_game", "New game"),
        Binding("c", "continue_game", "Continue"),
        Binding("l", "load_game", "Load"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = shipped()

    def compose(self) -> ComposeResult:
        yield TitleHeader()
        with Horizontal(id="title-body"):
            options = [Option(self._label(e), id=e.id) for e in self.entries]
            yield SteadyOptionList(*options, id="scenario-list")
            with VerticalScroll(id="briefing-pane"):
                yield Static(id="briefing")
        yield SteadyFooter()

    @staticmethod
    def _label(entry: Entry) -> Text:
        out = Text(entry.title, style="bold")
        if entry.summary:
            out.append("\n" + entry.summary, style="dim")
        return out

    def on_mount(self) -> None:
        self.sub_title = "choose a scenario"
        listing = self.query_one("#scenario-list", OptionList)
        listing.border_title = "Scenarios"
        self.query_one("#briefing-pane").border_title = "Briefing"
        listing.focus()
        if self.entries:
            listing.highlighted = 0

    @property
    def chosen(self) -> Entry | None:
        """The highlighted scenario."""
        listing = self.query_one("#scenario-list", OptionList)
        if listing.highlighted is None or not self.entries:
            return None
        return self.entries[listing.highlighted]

    @on(OptionList.OptionHighlighted, "#scenario-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self.entries[event.option_index]
        text = Text(entry.title + "\n", style="bold")
        text.append((entry.summary or "") + "\n\n")
        text.append("Loading the briefing…", style="dim")
        self.query_one("#briefing", Static).update(text)
        self._load_briefing(entry)

    @work(thread=True, exclusive=True, group="briefing")
    def _load_briefing(self, entry: Entry) -> None:
        try:
            scenario = self.wargame.scenario(entry.id)
        except Exception as exc:  # a broken shipped scenario: say so, keep the list usable
            deliver(self, self._show_briefing, entry, None, str(exc))
            return
        deliver(self, self._show_briefing, entry, scenario, "")

    def _show_briefing(self, entry: Entry, scenario, error: str) -> None:
        if self.chosen is not entry:
            return
        text = Text(entry.title + "\n", style="bold")
        if error:
            text.append(f"\nThis scenario does not load:\n{error}", style="red")
        else:
            text.append(scenario.summary + "\n\n", style="italic")
            text.append(scenario.briefing.strip() + "\n")
            for actor in scenario.playable_actors:
                brief = scenario.briefings.get(actor)
                if brief:
                    name = scenario.actor(actor).name
                    text.append(f"\n{name}\n", style="bold underline")
                    text.append(brief.strip() + "\n")
            turns = scenario.turns
            text.append(
                f"\n{turns.count} turns · sides: "
                + ", ".join(scenario.actor(a).name for a in scenario.playable_actors),
                style="dim",
            )
            text.append("\n\nEnter or n: new game", style="dim")
        self.query_one("#briefing", Static).update(text)

    @on(OptionList.OptionSelected, "#scenario-list")
    def _selected(self) -> None:
        self.action_new_game()

    def action_new_game(self) -> None:
        """Set up a new game of the highlighted scenario."""
        if self.chosen is not None:
            self.wargame.open_setup(self.chosen.id)

    def action_continue_game(self) -> None:
        """Resume the latest autosave."""
        self.wargame.continue_latest()

    def action_load_game(self) -> None:
        """Open the load dialog."""
        self.wargame.action_load()
