"""The game screen: map, tracks, status, the acting person's hand, card detail, dice, log.

The screen owns a :class:`Session`; widgets get views and rows from it ("attributes
down") and post intents back ("messages up"): a card highlighted or chosen, a zone clicked.
Bots think in a thread worker; their moves land one at a time at the app's pace.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from engine import Action, Event, IllegalActionError, View
from engine.play.rules.resolving.umpire import Intervention, UmpireError
from engine.play.views.seat import Seat
from tui.details import card_details, zone_details
from tui.screens.base import WargameScreen
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog, NameDialog
from tui.screens.from_thread import deliver
from tui.screens.game_text import (
    bot_notes,
    choice_note,
    empty_hand_text,
    hand_rows,
    matching_actions,
    move_news,
    not_playable_text,
    overview,
    status_where,
)
from tui.screens.handover import HandOverScreen
from tui.screens.projector import ProjectorScreen
from tui.screens.reading import ReadingDialog
from tui.screens.umpire import UmpireDialog
from tui.session import Session
from tui.standing_text import briefing_text, history_text, recap_text, score_line
from tui.text import actor_style, describe
from tui.widgets.card_detail import CardDetail
from tui.widgets.hand_list import HandList
from tui.widgets.map_view import MapView
from tui.widgets.narrative_log import NarrativeLog
from tui.widgets.roll_view import RollView
from tui.widgets.status_bar import StatusBar
from tui.widgets.steady_footer import SteadyFooter
from tui.widgets.track_panel import TrackPanel

PACES = (0.0, 0.25, 0.6, 1.2, 2.5)


class TracksPane(VerticalScroll):
    """The tracks' scrolling pane, zoomable like the other panes (z)."""

    ALLOW_MAXIMIZE = True


class GameScreen(WargameScreen[None]):
    """Play one game; the app swaps in the end screen when it is over."""

    # The footer shows what a player needs most, in that order; the rest (load, pace) is in
    # the help and the command palette, so the footer fits at 80 columns without cutting.
    BINDINGS = [
        Binding("e", "play('event')", "Event", tooltip="Play the highlighted card as its event"),
        Binding("o", "play('ops')", "Ops", tooltip="Use the highlighted card for operations"),
        Binding("p", "pass_turn", "Pass", tooltip="Pass, or do not react"),
        Binding("b", "briefing", "Briefing", tooltip="Your briefing, how each side wins"),
        Binding("r", "recap", "Recap", tooltip="What happened since your last move"),
        Binding("h", "history", "History", tooltip="Everything you saw, by turn"),
        Binding("u", "undo", "Undo"),
        Binding("s", "save", "Save"),
        Binding("l", "app.load", "Load", show=False),
        Binding("space", "skip", "Skip bots", tooltip="Land the bots' moves at once"),
        Binding("plus,equals_sign", "pace(1)", "Slower bots", show=False),
        Binding("minus", "pace(-1)", "Faster bots", show=False),
        Binding("z", "zoom", "Zoom pane", tooltip="Fill the screen with the focused pane"),
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("q", "leave", "Title"),
        Binding("v", "projector", "Projector", show=False),
        Binding("U", "umpire", "Umpire", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        humans = session.humans
        #: The person whose hand is shown (None: hidden, or a game of bots only).
        self.viewer: str | None = humans[0] if len(humans) == 1 else None
        self._gen = 0  # bumps on every change; stale bot results are dropped
        self._mark = 0  # log length at the viewer's last action (rolls since are shown)
        self._skip = threading.Event()
        self._fast = False
        self._handing = False
        self._deferred = False
        self._news = Text("")
        #: The latest move and its reason, while it is the news (see _move_news).
        self._news_move: tuple[Action, str] | None = None
        self._card: str | None = None

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="game-body"):
            with Vertical(id="left"):
                yield MapView(id="map")
                with TracksPane(id="tracks"):
                    yield TrackPanel(id="track-panel")
            with Vertical(id="right"):
                yield HandList(id="hand")
                yield CardDetail(id="detail")
        yield RollView(id="roll")
        yield NarrativeLog(id="log")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#map").border_title = "Map"
        tracks = self.query_one("#tracks")
        tracks.border_title = "Tracks"
        self.query_one("#hand").border_title = "Hand"
        self.query_one("#detail").border_title = "Detail"
        self.query_one("#log").border_title = "Log"
        self.query_one("#roll").display = False
        self._mark = self._log_end(self.viewer)
        self.refresh_view()
        self.query_one(HandList).focus()
        self.call_after_refresh(self.advance)

    def on_resize(self) -> None:
        self.set_class(self.size.height < 32 or self.size.width < 100, "compact")

    def on_screen_resume(self) -> None:
        if self._deferred:
            self._deferred = False
            self.call_after_refresh(self.advance)

    # -- state to widgets ----------------------------------------------------------------
    @property
    def seat(self) -> Seat:
        """The seat of the person at the keyboard: what the screen may show and ask."""
        return self.session.seat(self.viewer)

    def _log_end(self, actor: str | None) -> int:
        """The sequence number the next event ``actor`` sees will have at least."""
        log = self.session.view(actor).log
        return log[-1].seq + 1 if log else 0

    def human_turn(self) -> bool:
        """Whether the person at the keyboard decides now."""
        who = self.session.to_move()
        return who is not None and who == self.viewer and self.session.is_human(who)

    def refresh_view(self) -> None:
        """Push the current view into every widget."""
        view = self.session.view(self.viewer)
        self.query_one(MapView).view = view
        self.query_one(TrackPanel).view = view
        self._refresh_status(view)
        rows = hand_rows(self.seat, view) if self.viewer is not None else []
        self.query_one(HandList).show_rows(rows, empty_hand_text(self.session, self.viewer))
        notes = bot_notes(self.session, self.viewer)
        self.query_one(NarrativeLog).sync(self.session.scenario, view.log, notes)
        rolls = [e for e in view.log if e.kind == "roll" and e.seq >= self._mark]
        self.query_one(RollView).show_roll(rolls[-1] if rolls else None)
        self._refresh_detail()
        self.refresh_bindings()

    def _refresh_status(self, view: View) -> None:
        status = self.query_one(StatusBar)
        status.where = status_where(self.session, view, self.viewer, self.wargame.bot_delay)
        seat = self.seat
        standings = seat.standings(view)
        status.score = score_line(seat, standings)
        status.score_short = score_line(seat, standings, compact=True)
        if self._news_move:
            status.news = move_news(self.session, seat, *self._news_move)
        else:
            status.news = self._news

    def _refresh_detail(self) -> None:
        detail = self.query_one(CardDetail)
        hand = self.query_one(HandList)
        option = hand.highlighted_option
        card = option.id if option is not None and option.id != "-" else None
        self._card = card
        if card is None:
            self.query_one(MapView).highlight = frozenset()
            detail.show(overview(self.session, self.viewer))
            return
        detail.show(self.card_text(card))
        legal = self.seat.legal()
        seat = self.seat
        self.query_one(MapView).highlight = frozenset().union(
            *(seat.zones_of(a) for a in legal if a.card == card)
        )

    def card_text(self, card_id: str) -> Text:
        """Everything about a card for the viewer: uses now, details, claims, other side."""
        return card_details(self.seat, card_id)

    def zone_text(self, zone_id: str) -> Text:
        """A zone's name, tags, neighbours and pieces."""
        return zone_details(self.seat, zone_id)

    # -- the flow of play ----------------------------------------------------------------
    def advance(self) -> None:
        """Decide what happens next: the end, a hand-over, a human decision or a bot move."""
        if not self.is_current:
            self._deferred = True
            return
        if self.session.is_over():
            self.wargame.show_end(self.session)
            return
        who = self.session.to_move()
        if who is not None and self.session.is_human(who):
            self._fast = False
            self._skip.clear()
            if who != self.viewer:
                if len(self.session.humans) > 1:
                    self._hand_over(who)
                    return
                self.viewer = who
            self.refresh_view()
            return
        if not self._fast:
            self._skip.clear()
        news = Text(f"{self.session.name_of(who)} is thinking…", style="italic")
        self._news, self._news_move = news, None
        self.query_one(StatusBar).news = news
        self.think(self._gen, who, self.session.view(who))

    def _hand_over(self, who: str) -> None:
        if self._handing:
            return
        self._handing = True
        self.viewer = None
        self.refresh_view()
        colour = actor_style(self.session.scenario, who)

        def taken(_: object) -> None:
            self._handing = False
            self.app.clear_notifications()  # what was said to the last player is not for this one
            self.viewer = who
            self._mark = self._log_end(who)
            self.refresh_view()
            self.query_one(HandList).focus()

        self.app.push_screen(HandOverScreen(self.session.name_of(who), colour), taken)

    @work(thread=True, exclusive=True, group="bot")
    def think(self, gen: int, actor: str, view: View) -> None:
        """A bot chooses its move off the event loop, then waits out the pace."""
        bot = self.session.bot_for(actor)
        action = bot.choose(view)
        why = bot.explain() if hasattr(bot, "explain") else ""
        delay = self.wargame.bot_delay
        if delay > 0 and not self._fast:
            self._skip.wait(delay)
        deliver(self, self._bot_moved, gen, action, why)

    def _bot_moved(self, gen: int, action: Action, why: str) -> None:
        if gen != self._gen or self.session.to_move() != action.actor:
            return  # the game changed meanwhile (undo, load): drop the stale move
        self.play(action, why=why)

    def play(self, action: Action, *, why: str = "") -> list[Event]:
        """Apply an action, autosave, show it, and move on."""
        session = self.session
        before = self._log_end(action.actor)
        try:
            events = session.apply(action, why)
        except IllegalActionError as exc:
            self.notify(str(exc), title="Not allowed", severity="error")
            return []
        self._gen += 1
        if session.is_human(action.actor):
            self._mark = before
            self._warn_lost_ops(action)
        self._news = Text()
        self._news_move = (action, why)  # shown as the one who sees the screen may read it
        self.wargame.autosave(session)
        self.refresh_view()
        self.advance()
        return events

    def _warn_lost_ops(self, action: Action) -> None:
        """Say so when an operation costs less than the card gives: the rest is lost."""
        if action.kind != "ops" or action.card is None or action.operation is None:
            return
        scenario = self.session.scenario
        lost = scenario.cards[action.card].ops - scenario.operations[action.operation].ops
        if lost > 0:
            self.notify(
                f"{lost} operation point{'s' * (lost > 1)} unused and lost "
                "(one operation per card).",
                title="Ops points lost",
                severity="warning",
                timeout=4,
            )

    # -- choosing ------------------------------------------------------------------------
    def choose(
        self, card: str | None = None, use: str | None = None, zone: str | None = None
    ) -> None:
        """Offer the legal actions matching card / use / zone in a dialog."""
        if not self.human_turn():
            who = self.session.to_move()
            self.notify(f"It is {self.session.name_of(who)}'s decision.", severity="warning")
            return
        seat = self.seat
        acts = matching_actions(seat, card, use, zone)
        if not acts:
            text = not_playable_text(seat, card, use)
            self.notify(text, title="Not playable", severity="warning")
            return
        choices = [(describe(seat, a), a) for a in acts]
        title = seat.card_name(card) if card else "Choose"
        dialog = ChoiceDialog(title, choices, note=choice_note(seat, acts))
        self.app.push_screen(dialog, self._chosen)

    def _chosen(self, action: Action | None) -> None:
        if action is not None and self.human_turn():
            self.play(action)

    @on(HandList.CardHighlighted)
    def _card_highlighted(self) -> None:
        self._refresh_detail()

    @on(HandList.CardChosen)
    def _card_chosen(self, message: HandList.CardChosen) -> None:
        self.choose(card=message.card)

    @on(MapView.ZoneClicked)
    def _zone_clicked(self, message: MapView.ZoneClicked) -> None:
        self.query_one(MapView).selected = message.zone
        self.query_one(CardDetail).show(self.zone_text(message.zone))
        if self._card and self.human_turn():
            legal = self.seat.legal()
            seat = self.seat
            if any(a.card == self._card and message.zone in seat.zones_of(a) for a in legal):
                self.choose(card=self._card, zone=message.zone)

    @on(MapView.ZoneSelected)
    def _zone_selected(self, message: MapView.ZoneSelected) -> None:
        self.query_one(CardDetail).show(self.zone_text(message.zone))

    # -- actions (keys and palette) ------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "pass_turn"):
            return True if self.human_turn() else None
        if action == "skip":
            return True if not self.human_turn() else None
        return True

    def action_zoom(self) -> None:
        """Fill the screen with the focused pane (Tab moves focus), or restore the layout."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            target = self.focused
            if isinstance(target, TrackPanel):
                target = self.query_one("#tracks")
            self.maximize(target, container=False)

    def action_briefing(self) -> None:
        """Your side's briefing, how each side wins and where it stands now."""
        seat = self.seat
        text = briefing_text(seat, seat.standings())
        self.app.push_screen(ReadingDialog("Briefing and victory", text, close_keys="b"))

    def action_recap(self) -> None:
        """What the others did since your last move, with causes."""
        seat = self.seat
        text = recap_text(seat, seat.view())
        self.app.push_screen(ReadingDialog("Since your last move", text, close_keys="r"))

    def action_history(self) -> None:
        """Everything you saw, grouped by turn."""
        seat = self.seat
        dialog = ReadingDialog("History, by turn", history_text(seat, seat.view()), close_keys="h")
        self.app.push_screen(dialog)

    def action_projector(self) -> None:
        """The situation board for the room: scores large, map, tracks; no hands."""
        self.app.push_screen(ProjectorScreen(self.session.seat(None)))

    def action_umpire(self) -> None:
        """Step in as umpire: change a track, flag or pieces, or read an inject, with a reason."""
        if self.session.is_over():
            self.notify("The game is over.", severity="warning")
            return
        self.app.push_screen(UmpireDialog(self.session.view(None)), self._umpired)

    def _umpired(self, intervention: Intervention | None) -> None:
        if intervention is None:
            return
        try:
            events = self.session.intervene(intervention)
        except UmpireError as exc:
            self.notify(str(exc), title="Umpire", severity="error")
            return
        self._gen += 1  # a bot thinking on the old position must think again
        self.workers.cancel_group(self, "bot")
        self._news = Text(events[0].text if events else "Umpire", style="bold magenta")
        self._news_move = None
        self.wargame.autosave(self.session)
        self.refresh_view()
        self.advance()

    def action_play(self, use: str) -> None:
        """Play the highlighted card as its event, or for operations."""
        if self._card is None:
            self.notify("No card is highlighted.", severity="warning")
            return
        self.choose(card=self._card, use=use)

    def action_pass_turn(self) -> None:
        """Pass (or decline to react)."""
        if not self.human_turn():
            return
        legal = self.seat.legal()
        answers = [a for a in legal if a.kind in ("accept", "reject")]
        if answers:  # a deal offered in private: accept or reject it
            choices = [(describe(self.seat, a), a) for a in answers]
            self.app.push_screen(ChoiceDialog("Answer the offer", choices), self._chosen)
            return
        done = next((a for a in legal if a.kind in ("pass", "decline")), None)
        if done is not None:
            self.play(done)
        elif legal and all(a.kind == "discard" for a in legal):
            self.notify(
                "Over your hand limit: pick a card and press Enter to discard it.",
                title="No passing now",
                severity="warning",
            )

    def action_skip(self) -> None:
        """Let the bots' pending moves land at once (until the next human decision)."""
        self._fast = True
        self._skip.set()

    def action_pace(self, step: int) -> None:
        """Bots play slower (+1) or faster (-1)."""
        current = min(range(len(PACES)), key=lambda i: abs(PACES[i] - self.wargame.bot_delay))
        self.wargame.bot_delay = PACES[max(0, min(len(PACES) - 1, current + step))]
        self.notify(f"Bots' pace: {self.wargame.bot_delay:g} s per move", timeout=2)
        self._refresh_status(self.session.view(self.viewer))

    def action_undo(self) -> None:
        """Take back your last action, unless dice or hidden cards were revealed since."""
        index, reason = self.session.undo_point(self.viewer)
        if index is None:
            self.notify(reason, title="Undo", severity="warning")
            return
        self._gen += 1
        self.workers.cancel_group(self, "bot")
        undone = self.session.undo(self.viewer)
        if undone is None:
            return
        self._mark = self._log_end(self.viewer)
        self._news = Text(f"Undone: {describe(self.seat, undone)}", style="italic")
        self._news_move = None
        self.wargame.autosave(self.session)
        self.refresh_view()
        self.advance()

    def action_save(self) -> None:
        """Save under a name."""
        turn = self.session.view(None).turn
        default = self.session.name or f"{self.session.scenario.id} turn {turn}"

        def named(name: str | None) -> None:
            if name:
                self.wargame.save_as(self.session, name)

        self.app.push_screen(NameDialog("Save the game as", default), named)

    def action_leave(self) -> None:
        """Back to the title screen (the game is autosaved)."""

        def answer(yes: bool | None) -> None:
            if yes:
                self._gen += 1
                self.workers.cancel_group(self, "bot")
                self.wargame.to_title()

        self.app.push_screen(ConfirmDialog("Leave to the title screen? (autosaved)"), answer)

    def commands(self):
        """Palette entries: every legal action of the person to act, and game commands."""
        if self.human_turn():
            seat = self.seat
            for action in seat.legal():
                yield SystemCommand(
                    f"Play: {describe(seat, action)}",
                    f"{action}",
                    lambda a=action: self.play(a) if self.human_turn() else None,
                )
        yield SystemCommand("Undo", "Take back your last action", self.action_undo)
        yield SystemCommand("Save game", "Save under a name", self.action_save)
        yield SystemCommand("Skip bots' pace", "Land the bots' moves now", self.action_skip)
        yield SystemCommand(
            "Bots slower", "Increase the delay per bot move", lambda: self.action_pace(1)
        )
        yield SystemCommand(
            "Bots faster", "Decrease the delay per bot move", lambda: self.action_pace(-1)
        )
        yield SystemCommand("Leave to title", "Back to the title screen", self.action_leave)
        yield SystemCommand(
            "Umpire: intervene",
            "Change a track, flag or pieces, or read an inject, with a reason (U)",
            self.action_umpire,
        )
        yield SystemCommand(
            "Projector view",
            "The situation board for the room, no hands (v)",
            self.action_projector,
        )
        yield SystemCommand(
            "Briefing", "Your briefing and how each side wins (b)", self.action_briefing
        )
        yield SystemCommand("Recap", "What happened since your last move (r)", self.action_recap)
        yield SystemCommand("History", "Everything you saw, by turn (h)", self.action_history)
