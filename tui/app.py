"""The Textual app: screens, navigation, scenario cache, saving and loading.

``run_app`` is what ``wargame play`` calls.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from engine import SaveError, Scenario, ScenarioError, load_scenario
from engine.load.read.catalog import UnknownScenarioError, resolve
from engine.load.vary.variant import Variant
from engine.play.record.saves import SaveData, default_loader
from tui.screens.end import EndScreen
from tui.screens.game import GameScreen
from tui.screens.help import HelpScreen
from tui.screens.load import LoadDialog
from tui.screens.setup import SetupScreen
from tui.screens.title import TitleScreen
from tui.session import Session
from tui.storage import (
    autosave_path,
    autosaves,
    clean_stale_temporaries,
    read_save,
    save_path,
    write_atomic,
)

#: Seconds between two bot moves by default (WARGAME_BOT_DELAY overrides).
DEFAULT_BOT_DELAY = 0.6
#: The themes WARGAME_THEME and ctrl+t choose between.
THEMES = {"dark": "textual-dark", "light": "textual-light"}


class WargameApp(App):
    """Play wargame scenarios in the terminal."""

    CSS_PATH = "wargame.tcss"
    TITLE = "wargame"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", show=False),
        # Not in the footer: the title and end screens show their own "q Quit", and a second
        # "Quit" beside it read as a duplicate; the help lists ctrl+q.
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("ctrl+t", "toggle_light", "Light/dark theme", show=False),
    ]

    def __init__(
        self,
        scenario_ref: str | None = None,
        seed: int | None = None,
        *,
        bot_delay: float | None = None,
        variant: Variant | None = None,
    ) -> None:
        super().__init__()
        self.scenario_ref = scenario_ref
        self.seed = seed
        #: Changes (``--set``, ``--disable``) to the scenario named on the command line.
        self.variant = variant or Variant()
        if bot_delay is None:
            try:
                bot_delay = float(os.environ.get("WARGAME_BOT_DELAY", DEFAULT_BOT_DELAY))
            except ValueError:
                bot_delay = DEFAULT_BOT_DELAY
        #: Seconds a bot's move waits before it lands (0: at once).
        self.bot_delay = max(0.0, bot_delay)
        self._scenarios: dict[str, Scenario] = {}
        self._lock = threading.Lock()
        # WARGAME_THEME=light (or dark) picks the theme; NO_COLOR is honoured by Textual
        # itself (colours become shades of grey; nothing on screen rests on colour alone).
        wanted = os.environ.get("WARGAME_THEME", "").strip().lower()
        if wanted in THEMES:
            self.theme = THEMES[wanted]

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_mount(self) -> None:
        clean_stale_temporaries()  # what a save killed mid-write left behind
        if self.scenario_ref:
            self.open_setup(self.scenario_ref, seed=self.seed)

    # -- scenarios -----------------------------------------------------------------------
    def scenario(self, ref: str | Path) -> Scenario:
        """Load a scenario by id or path, once (thread-safe: the title screen preloads).

        The scenario named on the command line gets the command line's changes.
        """
        variant = self.variant if str(ref) == str(self.scenario_ref) else Variant()
        key = f"{ref}\0{variant.key()}"
        with self._lock:
            if key not in self._scenarios:
                self._scenarios[key] = load_scenario(resolve(ref), variant)
            return self._scenarios[key]

    def _save_loader(self, data: SaveData) -> Scenario:
        if data.variant:
            return default_loader(data)
        try:
            return self.scenario(data.scenario_id)
        except UnknownScenarioError:
            return default_loader(data)
        except ScenarioError as exc:
            raise SaveError(f"the save's scenario does not load: {exc}") from None

    # -- navigation ----------------------------------------------------------------------
    def open_setup(self, ref: str, *, seed: int | None = None, replace: bool = False) -> None:
        """Show the setup screen for a scenario."""
        try:
            scenario = self.scenario(ref)
        except (ScenarioError, UnknownScenarioError) as exc:
            self.notify(str(exc), title="Cannot load the scenario", severity="error")
            return
        screen = SetupScreen(scenario, seed)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def start_game(self, scenario: Scenario, seed: int, players: dict[str, str]) -> None:
        """Start a new game (called by the setup screen)."""
        self.open_game(Session.new(scenario, seed, players))

    def open_game(self, session: Session) -> None:
        """Show a session's game screen, replacing any game, setup or end screen."""
        screen = GameScreen(session)
        while isinstance(self.screen, HelpScreen | LoadDialog):
            self.pop_screen()
        if isinstance(self.screen, TitleScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def show_end(self, session: Session) -> None:
        """Replace the game screen with the end screen."""
        self.switch_screen(EndScreen(session))

    def to_title(self) -> None:
        """Back to the title screen."""
        self.call_later(self._to_title)

    async def _to_title(self) -> None:
        while len(self.screen_stack) > 1:
            await self.pop_screen()

    # -- saving and loading --------------------------------------------------------------
    def autosave(self, session: Session) -> None:
        """Write the autosave of this session (atomically); report but survive failures."""
        try:
            write_atomic(autosave_path(session.scenario.id), session.save_text("autosave"))
        except OSError as exc:
            self.notify(f"Autosave failed: {exc}", severity="error")

    def save_as(self, session: Session, name: str) -> Path | None:
        """Save under ``name``; return the file written."""
        path = save_path(name)
        try:
            write_atomic(path, session.save_text(name))
        except OSError as exc:
            self.notify(f"Could not save: {exc}", title="Save failed", severity="error")
            return None
        session.name = name
        self.notify(f"Saved as “{name}” ({path})", title="Saved")
        return path

    def load_path(self, path: Path) -> bool:
        """Load a save file and open its game; on any problem say what and change nothing."""
        try:
            data = read_save(path)
            session = Session.from_save(data, loader=self._save_loader)
        except SaveError as exc:
            self.notify(str(exc), title="Cannot load this save", severity="error", timeout=10)
            return False
        self.open_game(session)
        self.autosave(session)  # "Continue" resumes what was played last
        self.notify(f"Loaded {data.name or path.stem}", timeout=3)
        return True

    def continue_latest(self) -> None:
        """Resume the newest autosave of an unfinished game that loads; say which autosaves
        were skipped, and why."""
        skipped: list[str] = []
        for entry in autosaves():
            try:
                if entry.error:
                    raise SaveError(entry.error)
                data = read_save(entry.path)
                session = Session.from_save(data, loader=self._save_loader)
            except SaveError as exc:
                skipped.append(str(exc))
                continue
            self.open_game(session)
            self.autosave(session)
            if skipped:
                self.notify(
                    "\n".join(skipped), title="Skipped autosaves that do not load", timeout=12
                )
            return
        if skipped:
            message = "\n".join(skipped)
            self.notify(message, title="No autosave loads", severity="error", timeout=12)
        else:
            self.notify("No unfinished game to continue.", severity="warning")

    # -- app-wide actions ----------------------------------------------------------------
    def action_load(self) -> None:
        """Choose a save to load."""

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.load_path(path)

        self.push_screen(LoadDialog(), chosen)

    def action_toggle_light(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = THEMES["dark"] if self.theme == THEMES["light"] else THEMES["light"]

    def action_help(self) -> None:
        """Show keys and rules."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and rules summary", self.action_help)
        yield SystemCommand("Load game", "Load a saved game", self.action_load)
        yield SystemCommand(
            "Light or dark theme", "Switch the theme (ctrl+t)", self.action_toggle_light
        )
        if isinstance(screen, GameScreen):
            yield from screen.commands()
        if isinstance(screen, TitleScreen):
            yield SystemCommand(
                "New game", "Set up the highlighted scenario", screen.action_new_game
            )
            yield SystemCommand("Continue", "Resume the latest autosave", self.continue_latest)


def run_app(
    scenario_ref: str | None = None, *, seed: int | None = None, variant: Variant | None = None
) -> int:
    """Run the UI (``wargame play``); return the process exit code."""
    app = WargameApp(scenario_ref, seed, variant=variant)
    app.run()
    return app.return_code or 0
