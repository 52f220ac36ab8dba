"""What the game screen writes, worked out from a seat and its view: the status line, the
news of the latest move, the bots' reasons under their moves, the hand's rows, the overview,
and which actions a choice offers. Pure functions: the screen pushes their results into its
widgets, and they read only what the person at the keyboard may know."""

from __future__ import annotations

from collections import Counter
from typing import TypeVar

from rich.text import Text

from engine import Action, View
from engine.play.rules.turn.hand_limit import is_discard_window
from engine.play.views.seat import Seat
from tui.session import Session
from tui.text import actor_style, describe
from tui.widgets.hand_list import CardRow

Reason = TypeVar("Reason", str, str | None)


def status_where(session: Session, view: View, viewer: str | None, pace: float) -> Text:
    """The clock line: turn, phase and round, who acts and what they are asked, the pace."""
    scenario = session.scenario
    where = Text()
    where.append(f"Turn {view.turn}/{scenario.turns.count} ", style="bold")
    where.append(f"{view.calendar} · {view.phase_name}")
    phase = next((p for p in scenario.turns.phases if p.id == view.phase), None)
    if phase is not None and phase.kind == "actions" and view.outcome is None:
        where.append(f" round {view.round}/{phase.rounds}")
    if phase is not None and phase.kind == "orders" and view.outcome is None:
        given, writers = len(view.committed), len(phase.order or scenario.turns.order)
        where.append(f" · sealed orders {given}/{writers} given")
    who = view.to_move
    if who:
        where.append(" · ")
        where.append(f"▶ {session.name_of(who)}", style=f"bold {actor_style(scenario, who)}")
        kind = session.players.get(who, "")
        where.append(" (you)" if who == viewer else f" ({kind})", style="dim")
        if who == viewer and view.secrets.offers:  # only a party sees the offer
            where.append(" · answer a private offer (p)", style="bold yellow")
        if view.pending and is_discard_window(view.pending[0]):
            where.append(" · discards down to the hand limit", style="bold yellow")
        elif view.reacting_to:
            trigger, zone = view.reacting_to
            what = scenario.triggers.get(trigger, trigger)
            at = f" at {session.name_of(zone)}" if zone else ""
            where.append(f" · may react to {what}{at}", style="bold yellow")
    where.append(f"  · pace {pace:g}s", style="dim")
    return where


def move_news(session: Session, seat: Seat, action: Action, why: str) -> Text:
    """The latest move as the seat's holder may read it: another side's unrevealed sealed
    order or private answer to a deal says only that it was given (after a hot-seat hand-over
    the next player must not read it)."""
    style = f"bold {actor_style(session.scenario, action.actor)}"
    secret = session.hidden_move(action, seat.actor)
    if secret is not None:
        return Text(f"{session.name_of(action.actor)}: {secret}", style=style)
    news = Text()
    news.append(describe(seat, action, with_actor=True), style=style)
    if why:
        news.append(f" — {why}", style="italic")
    return news


def bot_notes(session: Session, viewer: str | None) -> dict[int, Text]:
    """Each bot's reason the viewer may read, keyed by its move's sequence number, to print
    under that move in the log."""
    return {
        seq: Text(
            f"   ↳ {session.name_of(actor)} ({session.players.get(actor)}): {why}",
            style="dim italic",
        )
        for seq, (actor, why) in session.notes(viewer).items()
    }


def empty_hand_text(session: Session, viewer: str | None) -> str:
    """What the hand pane says when it lists no card."""
    if viewer is None:
        return "Hands are hidden." if session.humans else "Bots only: watching."
    return "No cards in hand."


def hand_rows(seat: Seat, view: View) -> list[CardRow]:
    """One row per distinct card in the viewer's hand: its name (×n), ops, the ways it can
    be used now, or why it cannot."""
    legal = list(view.legal)
    counts = Counter(view.hand)
    rows = []
    for card_id in sorted(counts, key=lambda c: seat.card_name(c, view)):
        card = seat.scenario.cards[card_id]
        acts = [a for a in legal if a.card == card_id]
        kinds = [k for k in ("react", "event", "ops", "discard") if any(a.kind == k for a in acts)]
        reason = ""
        if not acts:
            reason = seat.why_not(card_id, "event") or "not playable now"
            if card.ops and view.to_move == seat.actor:
                reason = with_ops_reason(seat, card_id, reason)
        name = seat.card_name(card_id, view)
        name += f" ×{counts[card_id]}" if counts[card_id] > 1 else ""
        rows.append(CardRow(card_id, name, card.ops, ", ".join(kinds), reason))
    return rows


def overview(session: Session, viewer: str | None) -> Text:
    """The detail pane with no card highlighted: the viewer's briefing, or the scenario's."""
    scenario = session.scenario
    out = Text()
    if viewer:
        brief = scenario.briefings.get(viewer, "")
        out.append(f"{session.name_of(viewer)}\n", style="bold")
        out.append(brief.strip() or scenario.briefing.strip())
    else:
        out.append(scenario.briefing.strip())
    return out


def matching_actions(
    seat: Seat, card: str | None, use: str | None, zone: str | None
) -> list[Action]:
    """The seat's legal card plays with this card, use ('event' takes reactions too) and
    zone, each None for any."""
    return [
        a
        for a in seat.legal()
        if a.card is not None
        and (card is None or a.card == card)
        and (use is None or a.kind == use or (use == "event" and a.kind == "react"))
        and (zone is None or zone in seat.zones_of(a))
    ]


def not_playable_text(seat: Seat, card: str | None, use: str | None) -> str:
    """Why nothing matched: the card's reason (with its operations' when it has any)."""
    if not card:
        return "Nothing of that kind can be played now."
    reason = seat.why_not(card, use or "event")
    if use is None and seat.scenario.cards[card].ops:
        reason = with_ops_reason(seat, card, reason)
    return f"{seat.card_name(card)}: {reason or 'not playable that way'}"


def with_ops_reason(seat: Seat, card: str, reason: Reason) -> Reason:
    """``reason`` (why the card's event cannot be played), followed by why its operations
    cannot be either, when that is another reason."""
    ops = seat.why_not(card, "ops")
    return f"{reason}; ops: {ops}" if ops and ops != reason else reason


def choice_note(seat: Seat, acts: list[Action]) -> str:
    """The line under a choice: the first target's prompt, else which key does what."""
    prompt = next(
        (
            target.prompt
            for a in acts
            if a.card is not None
            and a.kind in ("event", "react")
            and (target := seat.side(a.card).target) is not None
        ),
        "",
    )
    verb = "discard" if all(a.kind == "discard" for a in acts) else "play"
    return prompt or f"Enter: {verb} · Escape: cancel"
