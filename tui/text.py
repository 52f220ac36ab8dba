"""Words and styled text for the UI: actions, cards, odds, rolls and log entries.

Pure formatting over engine objects (Rich ``Text`` only, no widgets), so screens and the
command palette describe things the same way.
"""

from __future__ import annotations

from rich.color import Color, ColorParseError
from rich.text import Text
from textual.color import Color as CSSColor
from textual.color import ColorParseError as CSSColorParseError

from engine import Action, Event, View
from engine.load.scenario import CRoll, Play, Scenario
from engine.play.rules.resolving.odds import row_odds
from engine.play.views.seat import Seat

KIND_ICONS = {
    "turn": "══",
    "phase": "──",
    "roll": "🎲",
    "play": "▶",
    "react": "↯",
    "pass": "·",
    "decline": "·",
    "end": "■",
    "rule": "§",
    "umpire": "⚖",
}


def colour(name: str | None, default: str = "") -> str:
    """A colour Rich understands: Rich's names as they are, other CSS names as hex."""
    if not name:
        return default
    try:
        Color.parse(name)  # Rich's own names keep the terminal's palette (green, red, …)
    except ColorParseError:
        pass
    else:
        return name
    try:
        return CSSColor.parse(name).hex  # CSS names such as dodgerblue, as hex
    except CSSColorParseError:
        return default


def fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, ending in … when cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…"


def label_of(ident: str) -> str:
    """A readable label for an id that has no display name: ``hard_line`` → ``hard line``."""
    return ident.replace("_", " ")


def band_label(band: object) -> str:
    """A band's display name, or its id made readable."""
    return str(getattr(band, "name", "") or label_of(str(getattr(band, "id", ""))))


def actor_style(scenario: Scenario, actor: str | None) -> str:
    """The Rich style of an actor's colour ("" — the theme's own text colour — when it has
    none, so that text stays readable on a light theme as on a dark one)."""
    if not actor:
        return ""
    try:
        return colour(scenario.actor(actor).colour)
    except StopIteration:
        return ""


def _chosen_name(seat: Seat, value: str) -> str:
    """What a choice's value reads as: a card's name, a zone's or actor's, or the option."""
    if value in seat.scenario.cards:
        return seat.card_name(value)
    return seat.name_of(value).replace("_", " ")


def describe(seat: Seat, action: Action, *, with_actor: bool = False) -> str:
    """A player-facing sentence for an action as ``seat`` sees it, e.g.
    ``Event: Precision strike → Homs``."""
    name_of = seat.name_of
    who = f"{name_of(action.actor)}: " if with_actor else ""
    where = ""
    if action.choices:  # a move or another multi-choice play: each choice by its name
        made = ", ".join(f"{c}: {_chosen_name(seat, v)}" for c, v in action.choices)
        where = f" → {made}"
    elif action.target:
        where = f" → {name_of(action.target)}"
        if action.piece:
            where += f" ({name_of(action.piece)})"
    if action.kind == "pass":
        return f"{who}Pass"
    if action.kind == "decline":
        return f"{who}Do not react"
    if action.kind in ("accept", "reject"):  # the answer to a deal offered in private
        deal = seat.scenario.deals.get(action.operation or "")
        return f"{who}{action.kind.capitalize()}: {deal.name if deal else action.operation}"
    card = seat.card_name(action.card) if action.card else ""
    if action.kind == "discard":
        return f"{who}Discard {card} (hand limit)"
    if action.kind == "react":
        return f"{who}React with {card}"
    if action.kind == "event":
        return f"{who}Event: {card}{where}"
    if action.operation is None or action.card is None:
        return f"{who}{action}"  # never for a legal action: ops always name both
    op = seat.scenario.operations[action.operation]
    ops = seat.scenario.cards[action.card].ops
    lost = ops - op.ops
    spent = f"{op.ops} of its {ops} ops; {lost} unused, lost" if lost > 0 else f"{ops} ops"
    return f"{who}Ops: {op.play.name}{where}  (using {card}, {spent})"


def odds(roll: CRoll, modifier: int = 0) -> list[tuple[str, str, float]]:
    """Each outcome row as (range, label, probability) for the dice plus ``modifier``."""
    return [(_span(r.low, r.high), r.label, r.probability) for r in row_odds(roll, modifier)]


def _span(low: int, high: int) -> str:
    return f"{low}" if low == high else f"{low}–{high}"


def preview_text(seat: Seat, action: Action) -> str:
    """Exact odds of the seat's ``action``'s roll now, e.g.
    '−2 near air defence: miss 58%, hit 42%'."""
    found = seat.preview(action)
    if found is None:
        return ""
    mods = ", ".join(f"{'+' if a > 0 else '−'}{abs(a)} {label}" for label, a in found.modifiers)
    rows = ", ".join(f"{r.label} {r.probability:.0%}" for r in found.rows if r.probability)
    return f"{mods}: {rows}" if mods else rows


def play_details(
    scenario: Scenario,
    play: Play,
    *,
    title: str = "",
    seat: Seat | None = None,
    view: View | None = None,
) -> Text:
    """Text, conditions, cost, target, effects in numbers, odds with each outcome's effects,
    and claims (with their text) of a card side. With a ``seat``, formulas are judged on what
    that seat sees now."""
    out = Text()
    if title:
        out.append(title + "\n", style="bold")
    if play.text:
        out.append(play.text + "\n")
    if play.requires:
        out.append("Requires: ", style="bold")
        out.append(play.requires + "\n")
    if play.costs:
        out.append("Cost: ", style="bold")
        names = {t.id: t.name for t in scenario.tracks} | {c.id: c.name for c in scenario.counters}
        out.append(", ".join(f"{n} {names.get(t, t)}" for t, n in play.costs) + "\n")
    if play.target is not None:
        out.append("Target: ", style="bold")
        out.append(play.target.prompt + "\n")
    if seat is not None:
        view = view or seat.view(with_log=False)  # once: a view copies the table
        does = seat.effects(play.effects, view=view)
        if does:
            out.append("Does: ", style="bold")
            out.append("; ".join(does) + "\n")
    if play.roll is not None:
        roll = play.roll
        out.append(f"Roll {roll.count}d{roll.sides}", style="bold")
        for mod in roll.modifiers:
            out.append(f"  [{mod.label}]", style="italic")
        out.append("\n")
        for row, (span, label, p) in zip(roll.outcomes, odds(roll), strict=True):
            out.append(f"  {span:>6} {label:<18} {p:4.0%}")
            if seat is not None:
                phrases = seat.effects(row.effects, view=view)
                out.append(f": {'; '.join(phrases) or 'no change'}", style="italic")
            out.append("\n")
        if roll.modifiers:
            out.append(
                "  (before modifiers; exact odds per target under 'You can now')\n", style="dim"
            )
    out.append_text(why_this_rule(scenario, play.claims, play.assumptions))
    return out


def why_this_rule(
    scenario: Scenario, claims: tuple[str, ...], assumptions: tuple[str, ...]
) -> Text:
    """What a rule rests on: the source's claims, then the designer's assumptions, told apart."""
    out = Text()
    if not claims and not assumptions:
        return out
    out.append("Why this rule:\n", style="bold")
    if claims:
        out.append("  The source argues\n", style="italic")
        for claim in claims:
            out.append(f"  {claim} ", style="bold cyan")
            out.append((scenario.claim_text(claim) or "(claim text missing)") + "\n")
    if assumptions:
        out.append("  The designer assumes\n", style="italic")
        for ident in assumptions:
            out.append(f"  {ident} ", style="bold magenta")
            out.append((scenario.assumption_text(ident) or "(assumption missing)") + "\n")
    return out


def roll_text(event: Event) -> Text:
    """A roll: dice faces, each modifier, the total and the outcome row highlighted."""
    data = event.data
    out = Text()
    out.append("🎲 ")
    out.append(" ".join(f"[{d}]" for d in data.get("dice", ())), style="bold")
    for label, add in data.get("modifiers", ()):
        out.append(f" {'+' if add > 0 else '−'}{abs(add)} {label}", style="italic")
    out.append(f" = {data.get('total')}", style="bold")
    out.append("  → ")
    out.append(str(data.get("outcome", "")), style="bold reverse")
    out.append("\n   ")
    for low, high, label in data.get("table", ()):
        span = f"{low}" if low == high else f"{low}–{high}"
        cell = f" {span} {label} "
        if label == data.get("outcome"):
            out.append(cell, style="bold black on yellow")
        else:
            out.append(cell, style="dim")
        out.append("│", style="dim")
    return out


def event_text(scenario: Scenario, event: Event) -> Text:
    """One log entry: turn, text and its cause with claim ids."""
    out = Text()
    if event.kind == "turn":
        out.append(f"══ {event.text} ══", style="bold")
        return out
    if event.kind == "phase":
        out.append(f"── {event.text}", style="dim bold")
        return out
    style = actor_style(scenario, event.actor) if event.kind in ("play", "react") else ""
    if event.kind == "umpire":
        style = "bold magenta"  # set apart from the rules' own events
    if event.kind == "roll":
        out.append_text(roll_text(event))  # it brings its own dice icon: one, not two
    else:
        out.append(f"{KIND_ICONS.get(event.kind, ' ')} ", style=style)
        out.append(event.text, style=style)
    if event.cause and event.cause != "engine":
        out.append(f"  ← {cause_label(event)}", style="dim italic")
    return out


def cause_label(event: Event) -> str:
    """``card: C3, C9 · A2`` — the cause, the claims it models and the assumptions it rests on."""
    cited = ", ".join(event.claims)
    if event.assumptions:
        cited += (" · " if cited else "") + ", ".join(event.assumptions)
    return event.cause + (f": {cited}" if cited else "")


__all__ = [
    "actor_style",
    "band_label",
    "cause_label",
    "colour",
    "describe",
    "event_text",
    "fit",
    "label_of",
    "odds",
    "play_details",
    "preview_text",
    "roll_text",
    "why_this_rule",
]
