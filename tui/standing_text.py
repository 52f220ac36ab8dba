"""Words for where the sides stand: the score line, the briefing with the victory conditions,
the recap since your last move and the history by turn. Pure formatting over what a seat
may see (Rich ``Text`` only, no widgets)."""

from __future__ import annotations

from rich.text import Text

from engine import Event, View
from engine.play.views.seat import Seat
from engine.play.views.standings import Standing
from tui.text import actor_style, event_text


def score_line(seat: Seat, standings: list[Standing], *, compact: bool = False) -> Text:
    """``Score ▸ You (Israel) 12, wins at ≥ 8 (winning now) · Iran 33/≥40 −7 · …``.

    The seated side first and in full; the others short. ``✓`` marks a side that would win
    if the game ended now, so the line reads without colour too.
    """
    scenario = seat.scenario
    out = Text()
    out.append("Score ", style="bold")
    mine = [s for s in standings if s.actor == seat.actor]
    others = [s for s in standings if s.actor != seat.actor]
    for s in mine:
        out.append(f"You ({s.name}) " if not compact else "You ", style="bold")
        phrase = _short(s) if compact else s.phrase()
        out.append(phrase, style=f"bold {actor_style(scenario, s.actor)}")
    for i, s in enumerate(others):
        if mine or i:
            out.append("  · ", style="dim")
        out.append(f"{s.name} ", style=actor_style(scenario, s.actor))
        out.append(_short(s))
    return out


def _short(s: Standing) -> str:
    """``33/≥40 (−7)`` or ``12/≥8 ✓``."""
    if s.score is None:
        return "hidden"
    if s.threshold is None:
        return f"{s.score}" + (" ✓" if s.wins_now else "")
    text = f"{s.score}/{'≥' if s.higher else '≤'}{s.threshold}"
    need = s.need
    return text + (" ✓" if need == 0 else f" (needs {need})")


def briefing_text(seat: Seat, standings: list[Standing]) -> Text:
    """The seated side's briefing, how each side wins and where it stands, and what ends the
    game at once."""
    scenario = seat.scenario
    out = Text()
    if seat.actor:
        out.append(f"{seat.name_of(seat.actor)}\n", style="bold underline")
        out.append((scenario.briefings.get(seat.actor, "") or scenario.briefing).strip() + "\n")
    else:
        out.append(scenario.briefing.strip() + "\n")
    out.append("\nHow each side wins (at the end of the last turn)\n", style="bold")
    for s in standings:
        you = " — you" if s.actor == seat.actor else ""
        out.append(f"  {s.name}{you}: ", style=f"bold {actor_style(scenario, s.actor)}")
        out.append(f"{s.phrase()}\n")
        if s.explain:
            out.append(f"    To win: {s.explain}\n", style="italic")
    if scenario.instant:
        out.append("\nThe game ends at once when\n", style="bold")
        for cond in scenario.instant:
            winners = ", ".join(seat.name_of(w) for w in cond.winners) or "nobody"
            out.append(f"  • {cond.reason} (winners: {winners})\n")
    out.append(
        f"\nThe game lasts {scenario.turns.count} turns. Several sides can win; "
        "scores are judged from what you can see.\n",
        style="dim",
    )
    return out


def recap_events(view: View, actor: str | None) -> list[Event]:
    """The events ``actor`` saw since its own last move (everything, if it has not moved)."""
    log = list(view.log)
    for i in range(len(log) - 1, -1, -1):
        e = log[i]
        if e.actor == actor and e.kind in ("play", "react", "pass", "decline"):
            return log[i + 1 :]
    return log


def recap_text(seat: Seat, view: View) -> Text:
    """What happened since the seated side's last move, each line with its cause."""
    events = [e for e in recap_events(view, seat.actor) if e.kind not in ("phase",)]
    out = Text()
    if not events:
        out.append("Nothing has happened since your last move.", style="dim")
        return out
    for e in events:
        out.append_text(event_text(seat.scenario, e))
        out.append("\n")
    out.rstrip()
    return out


def history_text(seat: Seat, view: View) -> Text:
    """Every event the seated side saw, grouped by turn with the turn's calendar label."""
    scenario = seat.scenario
    out = Text()
    turn = None
    for e in view.log:
        if e.kind in ("turn", "phase", "start"):
            continue
        if e.turn != turn:
            turn = e.turn
            label = scenario.calendar(turn)
            out.append(f"\nTurn {turn}" + (f" — {label}" if label else "") + "\n", style="bold")
        out.append("  ")
        out.append_text(event_text(scenario, e))
        out.append("\n")
    out.rstrip()
    return out


__all__ = ["briefing_text", "history_text", "recap_events", "recap_text", "score_line"]
