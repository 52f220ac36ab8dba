"""Models for what actors do: effects, dice, cards, operations, rules, triggers, doctrine."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from engine.load.models.base import Amount, Expr, Ident, Model, RowError, field_names, new_list
from engine.load.models.secrets import Mark, Message, Reveal


class Adjust(Model):
    """Add to a track or counter (clamped to its bounds)."""

    track: Ident = Field(description="Track or counter id.")
    by: Amount = Field(description="Amount to add (negative to lower); int or expression.")


class SetValue(Model):
    """Set a track or counter to a value (clamped)."""

    track: Ident = Field(description="Track or counter id.")
    to: Amount = Field(description="New value; int or expression.")


class SetFlag(Model):
    """Set a flag true or false."""

    id: Ident = Field(description="Flag id.")
    to: bool = Field(description="New value.")


class PlacePieces(Model):
    """Take pieces from their supply and put them in a zone (as many as the supply allows)."""

    piece: Ident = Field(description="Piece type id.")
    zone: Ident = Field(description="Zone id, or 'target' for the chosen zone.")
    count: Amount = Field(default=1, description="How many; int or expression.")


class RemovePieces(Model):
    """Return pieces from a zone to their supply (as many as are there)."""

    piece: Ident = Field(description="Piece type id.")
    zone: Ident = Field(description="Zone id, or 'target' for the chosen zone.")
    count: Amount = Field(default=1, description="How many; int or expression.")


class MovePieces(Model):
    """Move pieces between zones (as many as are in the source zone)."""

    piece: Ident = Field(description="Piece type id.")
    from_: Ident = Field(alias="from", description="Source zone id or 'target'.")
    to: Ident = Field(description="Destination zone id or 'target'.")
    count: Amount = Field(default=1, description="How many; int or expression.")


class DrawCards(Model):
    """An actor draws cards from its decks."""

    actor: Ident = Field(description="Actor id, or 'self' for the one who played the card.")
    count: Amount = Field(default=1, description="How many; int or expression.")


class DiscardCards(Model):
    """An actor discards cards chosen at random from its hand, or the card a choice named."""

    actor: Ident = Field(description="Actor id, or 'self' for the one who played the card.")
    count: Amount = Field(default=1, description="How many; int or expression.")
    card: Ident | None = Field(
        default=None,
        description="A card choice's id: discard that card (chosen by the player) instead of "
        "cards at random.",
    )


class GiveCard(Model):
    """The player passes the card a card choice picked to another actor's hand."""

    card: Ident = Field(description="A card choice's id: the card to pass.")
    to: Ident = Field(description="The actor who receives it (a playable actor).")


class Branch(Model):
    """Run ``then`` when ``when`` holds, otherwise ``else``."""

    when: Expr = Field(description="Condition.")
    then: list[Effect] = Field(default_factory=new_list, description="Effects when it holds.")
    else_: list[Effect] = Field(
        default_factory=new_list, alias="else", description="Effects when it does not."
    )


class ForEach(Model):
    """Run ``do`` once for each zone (or actor) where ``where`` holds, named by ``zone`` (or
    ``actor``); the matching ones are found first, in map (or turn) order, then each runs."""

    zone: Ident | None = Field(default=None, description="Name each zone takes in turn.")
    actor: Ident | None = Field(default=None, description="Name each actor takes in turn.")
    where: Expr | None = Field(default=None, description="Condition on each; all if absent.")
    do: list[Effect] = Field(min_length=1, description="Effects run for each.")

    @model_validator(mode="after")
    def _one_name(self) -> ForEach:
        if (self.zone is None) == (self.actor is None):
            raise ValueError("for_each needs exactly one of 'zone' or 'actor' (the name to bind)")
        return self


class Effect(Model):
    """One step of resolution. Exactly one key must be given."""

    adjust: Adjust | None = Field(default=None, description="Add to a track or counter.")
    set: SetValue | None = Field(default=None, description="Set a track or counter.")
    flag: SetFlag | None = Field(default=None, description="Set a flag.")
    place: PlacePieces | None = Field(default=None, description="Place pieces from supply.")
    remove: RemovePieces | None = Field(default=None, description="Remove pieces to supply.")
    move: MovePieces | None = Field(default=None, description="Move pieces between zones.")
    draw: DrawCards | None = Field(default=None, description="Draw cards.")
    discard: DiscardCards | None = Field(
        default=None, description="Discard at random, or the card a choice picked."
    )
    give: GiveCard | None = Field(default=None, description="Pass a chosen card to an actor.")
    trigger: Ident | None = Field(
        default=None, description="Fire a trigger: rules on it run, reactions may answer."
    )
    narrate: str | None = Field(default=None, description="Write a line to the narrative log.")
    if_: Branch | None = Field(default=None, alias="if", description="Conditional effects.")
    roll: Roll | None = Field(default=None, description="Roll dice here; the row's effects run.")
    for_each: ForEach | None = Field(
        default=None, description="Run effects for each zone or actor where a condition holds."
    )
    reveal: Reveal | None = Field(
        default=None, description="Show a private value to others, or turn pieces face-up."
    )
    message: Message | None = Field(
        default=None, description="A private log line for some actors, with a public notice."
    )
    mark: Mark | None = Field(default=None, description="Put pieces into another state.")
    offer: Ident | None = Field(
        default=None, description="Propose a deal (by id): its 'to' answers privately."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Effect:
        given = [name for name in field_names(type(self)) if getattr(self, name) is not None]
        if len(given) != 1:
            keys = ", ".join(f.alias or n for n, f in type(self).model_fields.items())
            raise ValueError(f"an effect needs exactly one of: {keys}")
        return self

    @property
    def kind(self) -> str:
        """The name of the one key this effect uses."""
        for name in field_names(type(self)):
            if getattr(self, name) is not None:
                return name.rstrip("_")
        raise AssertionError("validated effect has no kind")


class Modifier(Model):
    """A die-roll modifier, applied when its condition holds."""

    label: str = Field(description="Shown beside the roll, e.g. 'notified via hotline'.")
    when: Expr | None = Field(default=None, description="Condition; always applies if absent.")
    add: Amount = Field(description="Added to the total; int or expression.")


class Outcome(Model):
    """A row of an outcome table: totals min..max give these effects."""

    min: int = Field(description="Lowest total (inclusive).")
    max: int = Field(description="Highest total (inclusive).")
    label: str = Field(description="Name of the result, e.g. 'clean hit'.")
    effects: list[Effect] = Field(default_factory=new_list, description="What happens.")


class Roll(Model):
    """Dice with modifiers and an outcome table; totals beyond the table use its end rows."""

    dice: str = Field(pattern=r"^[1-9]d(4|6|8|10|12|20)$", description="e.g. 2d6.")
    modifiers: list[Modifier] = Field(
        default_factory=new_list, description="Conditional modifiers."
    )
    outcomes: list[Outcome] = Field(min_length=1, description="Rows, low totals first.")

    @model_validator(mode="after")
    def _rows_contiguous(self) -> Roll:
        expected = self.outcomes[0].min
        for i, row in enumerate(self.outcomes):
            if row.min != expected or row.max < row.min:
                raise RowError(
                    ("outcomes", i, "min" if row.max >= row.min else "max"),
                    f"outcome '{row.label}' should start at {expected}: rows must run low to "
                    "high without gaps or overlaps",
                )
            expected = row.max + 1
        return self


class Cost(Model):
    """A price paid from a track or counter; unaffordable if it would go below the minimum."""

    track: Ident = Field(description="Track or counter id.")
    amount: int = Field(ge=1, description="How much is subtracted.")


class BandGate(Model):
    """Playable only while a track sits in one of the listed bands."""

    track: Ident = Field(description="Track id (must have bands).")
    in_: list[Ident] = Field(alias="in", min_length=1, description="Band ids allowed.")


class Target(Model):
    """What the player chooses when playing: a zone, or a piece (a zone holding a type)."""

    kind: Literal["zone", "piece"] = Field(default="zone", description="zone or piece.")
    where: Expr | None = Field(
        default=None, description="Condition on the candidate, named 'target'."
    )
    pieces: list[Ident] = Field(
        default_factory=new_list, description="For kind piece: the piece types that may be chosen."
    )
    prompt: str = Field(default="Choose a zone", description="Shown when choosing.")


class Choice(Model):
    """One decision of a multi-choice action: a zone, or one of named options.

    Choices are made in order; each is named by its ``id`` in the ``where`` of the choices
    after it, in effects (a zone choice wherever a zone is expected: ``move: {from: origin,
    to: dest}``) and in narration (``{dest}``).
    """

    id: Ident = Field(description="Name of the choice, used by later choices and effects.")
    kind: Literal["zone", "option", "card"] = Field(
        default="zone",
        description="zone, option, or card (a card in the player's hand besides the one played).",
    )
    where: Expr | None = Field(
        default=None,
        description="Condition on the candidate, named by this choice's id; earlier choices "
        "by theirs.",
    )
    options: list[Ident] = Field(
        default_factory=new_list, description="For kind option: the options, in order."
    )
    prompt: str = Field(default="", description="Shown when choosing.")


class CardSide(Model):
    """What a card says and does; a card has a front side and may have a flip side."""

    name: str = Field(description="Title of the card.")
    text: str = Field(default="", description="Rules text for players.")
    claims: list[str] = Field(default_factory=new_list, description="Claim ids this side models.")
    assumptions: list[str] = Field(
        default_factory=new_list, description="Assumption ids this side rests on."
    )
    when: Expr | None = Field(default=None, description="Condition for playing it as an event.")
    requires_text: str = Field(
        default="",
        description="The requirement in prose for players (instead of one made from 'when').",
    )
    band: BandGate | None = Field(default=None, description="Track band gate for the event.")
    cost: list[Cost] = Field(default_factory=new_list, description="Price of the event.")
    target: Target | None = Field(default=None, description="What to choose when playing.")
    choices: list[Choice] = Field(
        default_factory=new_list,
        description="Several decisions in order (instead of target), later ones depending on "
        "earlier ones.",
    )
    roll: Roll | None = Field(default=None, description="Dice and outcome table.")
    effects: list[Effect] = Field(default_factory=new_list, description="Effects, before the roll.")


class Reaction(Model):
    """Makes a card a reaction: played only in answer to a trigger."""

    on: Ident = Field(description="Trigger id it answers.")
    when: Expr | None = Field(default=None, description="Extra condition to answer.")


class FlipSide(CardSide):
    """The other side of a card, in force while ``flip_when`` holds."""

    flip_when: Expr = Field(description="While this holds, the card shows this side.")


class Card(CardSide):
    """A rule card: an event (front or flip side) and/or operations points."""

    id: Ident = Field(description="Card id.")
    deck: Ident = Field(description="Deck it belongs to.")
    copies: int = Field(default=1, ge=1, le=10, description="Copies in the deck.")
    ops: int = Field(default=0, ge=0, le=9, description="Operations points if played for ops.")
    once: bool = Field(default=False, description="Removed from the game after its event.")
    phase: Ident | None = Field(default=None, description="Only in this actions phase.")
    reaction: Reaction | None = Field(default=None, description="Reaction-only event.")
    flip: FlipSide | None = Field(default=None, description="The other side.")


class Operation(Model):
    """A standing option an actor pays for with a card's operations points."""

    id: Ident = Field(description="Operation id.")
    name: str = Field(description="Display name.")
    actor: Ident = Field(description="Who may perform it.")
    ops: int = Field(ge=1, description="Operations points it needs.")
    text: str = Field(default="", description="Rules text.")
    claims: list[str] = Field(default_factory=new_list, description="Claim ids this models.")
    assumptions: list[str] = Field(
        default_factory=new_list, description="Assumption ids this rests on."
    )
    when: Expr | None = Field(default=None, description="Condition.")
    band: BandGate | None = Field(default=None, description="Track band gate.")
    target: Target | None = Field(default=None, description="What to choose.")
    choices: list[Choice] = Field(
        default_factory=new_list,
        description="Several decisions in order (instead of target), later ones depending on "
        "earlier ones.",
    )
    roll: Roll | None = Field(default=None, description="Dice and outcome table.")
    effects: list[Effect] = Field(default_factory=new_list, description="Effects, before the roll.")


class Trigger(Model):
    """A named happening that rules and reaction cards can answer."""

    id: Ident = Field(description="Trigger id.")
    name: str = Field(description="Display name.")
    description: str = Field(default="", description="When it fires.")


class Rule(Model):
    """A standing rule: fires at a phase or on a trigger when its condition holds."""

    id: Ident = Field(description="Rule id.")
    name: str = Field(description="Display name.")
    text: str = Field(default="", description="The rule in words.")
    claims: list[str] = Field(default_factory=new_list, description="Claim ids this models.")
    assumptions: list[str] = Field(
        default_factory=new_list, description="Assumption ids this rests on."
    )
    at: Ident | None = Field(default=None, description="Phase id at whose start it fires.")
    on: Ident | None = Field(default=None, description="Trigger id on which it fires.")
    when: Expr | None = Field(default=None, description="Condition; always fires if absent.")
    roll: Roll | None = Field(default=None, description="Dice and outcome table.")
    effects: list[Effect] = Field(default_factory=new_list, description="Effects.")

    @model_validator(mode="after")
    def _one_timing(self) -> Rule:
        if (self.at is None) == (self.on is None):
            raise ValueError("a rule needs exactly one of 'at' (a phase) or 'on' (a trigger)")
        return self


class Chain(Model):
    """A causal chain the scenario argues: steps that, happening in this order, tell one story.

    A chain *fired* in a game when its steps occur in that order in the game's trace (other
    things may happen between them). Reports count and show the chains that fired.
    """

    id: Ident = Field(description="Chain id.")
    name: str = Field(description="Display name, e.g. 'Careless strike to closed skies'.")
    text: str = Field(default="", description="What the chain means, in words.")
    claims: list[str] = Field(default_factory=new_list, description="Claim ids the chain argues.")
    assumptions: list[str] = Field(
        default_factory=new_list, description="Assumption ids the chain rests on."
    )
    steps: list[Ident] = Field(
        min_length=2,
        description="Ids of cards (as events), operations, standing rules or instant ends, "
        "in the order they must happen.",
    )


class Deck(Model):
    """A deck: its cards (which name it), who draws from it, and their hand size."""

    id: Ident = Field(description="Deck id.")
    name: str = Field(description="Display name.")
    owners: list[Ident] = Field(min_length=1, description="Actors who draw from it.")
    hand_size: int = Field(ge=1, le=12, description="Each owner refills to this many from it.")


class DoctrineEntry(Model):
    """One priority of a doctrine bot: when the condition holds, prefer this move."""

    when: Expr | None = Field(default=None, description="Condition; always if absent.")
    prefer: str = Field(description="A card id, an operation id, or 'pass'.")
    use: Literal["event", "ops"] | None = Field(
        default=None, description="event or ops (default: any)."
    )
    why: str = Field(default="", description="Explanation shown with the choice.")
    target: Expr | None = Field(
        default=None,
        description="Condition on the move's target ('target') or choices (by their ids); "
        "only moves where it holds are preferred.",
    )
    pay_with: list[Ident] = Field(
        default_factory=new_list,
        description="For operations: only these cards may pay (e.g. not reaction cards).",
    )


class Doctrine(Model):
    """An actor's ordered doctrine for the doctrine bot."""

    actor: Ident = Field(description="Actor it drives.")
    entries: list[DoctrineEntry] = Field(min_length=1, description="Priorities, first wins.")


Branch.model_rebuild()
ForEach.model_rebuild()
