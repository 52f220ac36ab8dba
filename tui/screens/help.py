"""Help: the keys and a summary of the rules of play."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from tui.screens.dialogs import Dialog

HELP = """\
# How to play

**The aim** differs per side: read your briefing (`b`) — several sides can win, and an
all-out clash can make everyone lose. The second status line keeps every side's score as
things stand, the score it needs to win and how far it is.

**A turn** runs through its phases: *upkeep* (standing rules fire: the systemic logic of the
scenario), *draw* (hands refill), then *action* rounds in which each side plays one card or
passes. A card is played **as an event** (its text happens) **or for operations** (its ops
points buy one of your side's operations). Some cards are **reactions**: when something
happens (a strike near Russian forces…), the side holding one may answer or decline.

**Dice**: the card shows its dice, modifiers and the outcome table with the odds. When
dice are rolled the roll panel shows each die, the modifiers applied, the total and the row
of the table it picks.

**Why this rule**: each card cites the claims (from the scenario's sources) it models and the
designer's assumptions it rests on; the detail pane shows both, told apart. Each log entry
names its cause (`← card: claims · assumptions`).

## Keys

| Key | What it does |
|---|---|
| ↑ ↓ | move through your hand (the detail pane follows) |
| Enter | play the highlighted card (choose how and where) |
| e / o | play it as its event / for operations |
| p | pass (or, when asked to react, do not react) |
| click a zone | details; plays the highlighted card there if it can |
| space | skip the bots' pace: their moves land at once |
| + / − | bots play slower / faster |
| u | undo your last action (until dice or hidden cards are revealed) |
| s / l | save under a name / load a game |
| ctrl+p | command palette: every action and command |
| Tab / z | move between panes / zoom the focused pane to the full screen (z again restores) |
| b / r / h | briefing and victory / what happened since your last move / history by turn |
| ← → ↑ ↓ Enter | on the map: move between zones / act on the selected zone |
| v / U | facilitator: projector view / step in as umpire (with a reason) |
| ctrl+t / ctrl+q | light or dark theme / quit |
| ? | this help |
| q | back to the title screen (the game is autosaved) |

Saves live in your user data folder (or `$WARGAME_DATA_DIR`); the game is autosaved after
every action, and *Continue* on the title screen resumes the latest one.
"""


class HelpScreen(Dialog[None]):
    """The keys and the rules summary; Escape closes."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Markdown(HELP)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
