"""What the detail pane says about a card or a zone, for the person looking at it."""

from __future__ import annotations

from rich.text import Text

from engine import Action
from engine.load.scenario import Play
from engine.play.views.seat import Seat
from tui.text import actor_style, describe, play_details, preview_text


def card_details(seat: Seat, card_id: str) -> Text:
    """Everything about a card for the seat: uses now, details, claims, other side."""
    scenario = seat.scenario
    viewer = seat.actor
    view = seat.view(with_log=False)
    card = scenario.cards[card_id]
    side = seat.side(card_id, view)
    flipped = seat.flipped(card_id, view)
    out = Text()
    out.append(side.name, style="bold underline")
    if card.ops:
        out.append(f"   {card.ops} ops", style="cyan")
    out.append("\n")
    if card.back is not None:
        out.append(
            "(flip side in force)\n" if flipped else "(front side)\n",
            style="dim",
        )
    if card.reaction_on:
        out.append(f"Reaction to: {scenario.triggers.get(card.reaction_on)}\n", style="yellow")
    if viewer:
        legal = [a for a in seat.legal() if a.card == card_id]
        if legal:
            out.append("You can now:\n", style="bold green")
            for action in legal[:8]:
                out.append(f"  • {describe(seat, action)}\n", style="green")
                if action.kind == "discard":
                    continue  # discarding down plays nothing: no effects, no odds
                does = seat.effects(_play_of(seat, action).effects, action, view)
                if does:
                    out.append(f"      {'; '.join(does)}\n", style="green")
                odds_now = preview_text(seat, action)
                if odds_now:
                    out.append(f"      {odds_now}\n", style="dim green")
            if len(legal) > 8:
                out.append(f"  … and {len(legal) - 8} more\n", style="green")
        else:
            reason = seat.why_not(card_id, "event") or "not playable now"
            out.append(f"✗ Event: {reason}\n", style="dim")
            if card.ops:
                reason = seat.why_not(card_id, "ops") or "no operation possible"
                out.append(f"✗ Ops: {reason}\n", style="dim")
    out.append_text(play_details(scenario, side, seat=seat, view=view))
    if card.ops and viewer:
        out.append(f"\nOperations ({card.ops} ops buys one):\n", style="bold")
        for op in scenario.operations_of(viewer):
            style = "" if op.ops <= card.ops else "dim"
            out.append(f"  {op.play.name} ({op.ops}): {op.play.text.strip()}\n", style=style)
            does = seat.effects(op.play.effects, view=view)
            if does:
                out.append(f"      {'; '.join(does)}\n", style=style or "italic")
    if card.back is not None:
        other = card.front if flipped else card.back
        out.append(f"\nOther side: {other.name}\n", style="bold dim")
        out.append(other.text + "\n", style="dim")
    return out


def _play_of(seat: Seat, action: Action) -> Play:
    """The card side or operation an action resolves."""
    if action.kind == "ops" and action.operation:
        return seat.scenario.operations[action.operation].play
    assert action.card is not None  # every card action names its card
    return seat.side(action.card)


def zone_details(seat: Seat, zone_id: str) -> Text:
    """A zone's name, tags, neighbours and pieces (the board is public)."""
    scenario = seat.scenario
    zone = next(z for z in scenario.zones if z.id == zone_id)
    out = Text(zone.name + "\n", style="bold underline")
    if zone.description:
        out.append(zone.description + "\n")
    if zone.tags:
        out.append("Tags: " + ", ".join(zone.tags) + "\n", style="dim")
    out.append(
        "Next to: "
        + ", ".join(seat.name_of(a) for a in scenario.world.adjacency.get(zone_id, ()))
        + "\n"
    )
    pieces = seat.view(with_log=False).board.get(zone_id, {})
    for piece in scenario.piece_types:
        if pieces.get(piece.id):
            out.append(f"  {piece.symbol} ", style=f"bold {actor_style(scenario, piece.owner)}")
            out.append(f"{pieces[piece.id]} × {piece.name}\n")
    if not any(pieces.values()):
        out.append("  no pieces\n", style="dim")
    legal = [a for a in seat.legal() if a.target == zone_id and a.card]
    if legal:
        out.append("You can play here:\n", style="bold green")
        for action in legal[:6]:
            out.append(f"  • {describe(seat, action)}\n", style="green")
    out.append("\nKey: ", style="bold")
    for piece in scenario.piece_types:
        out.append(f"{piece.symbol}", style=f"bold {actor_style(scenario, piece.owner)}")
        out.append(f" {piece.name}  ")
    out.append("\n← → ↑ ↓ move between zones · Enter acts on the zone\n", style="dim")
    return out
