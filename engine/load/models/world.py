"""Models for who plays and what the board holds: sources, actors, tracks, map, turns."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictInt, model_validator

from engine.load.models.base import Colour, Expr, Ident, Model, RowError, new_dict, new_list


# Tracks, counters and flags say who may see them in the same three words.
def internal_field() -> Any:
    """``internal:`` — bookkeeping nobody sees."""
    return Field(
        default=False, description="Bookkeeping: never shown to players, changes not logged."
    )


def visible_to_field() -> Any:
    """``visible_to:`` — the actors a private value is shown to."""
    return Field(
        default_factory=new_list,
        description="Private to these actors (empty: public); a reveal effect shows it to others.",
    )


def notice_field() -> Any:
    """``notice:`` — what the others see when a private value changes."""
    return Field(
        default="",
        description="What the others see in the log when it changes privately, e.g. "
        "'Moscow sends a private message' (empty: nothing).",
    )


# Most of the world's parts cite claims and assumptions in the same words.
def claims_field() -> Any:
    """``claims:`` — the claim ids a part models."""
    return Field(default_factory=new_list, description="Claim ids it models.")


def assumptions_field() -> Any:
    """``assumptions:`` — the assumption ids a part rests on."""
    return Field(default_factory=new_list, description="Assumption ids it rests on.")


class Claim(Model):
    """One claim of a source, restated in the scenario's own words."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", description="Stable id, e.g. C7.")
    text: str = Field(min_length=1, description="The claim, restated (never quoted).")


class Assumption(Model):
    """Something the designer added that the sources do not say, with its basis and why.

    Rules cite assumptions beside claims, so that players and analysts can tell what the
    source argues from what the game's author supplied.
    """

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", description="Stable id, e.g. A4.")
    statement: str = Field(min_length=1, description="What is assumed, in one or two sentences.")
    basis: Literal["designer", "historical", "other source"] = Field(
        description="designer (judgement), historical (the record: give a citation) or "
        "other source (a document other than the scenario's sources: give a citation)."
    )
    citation: str = Field(default="", description="Where the historical record or source is.")
    rationale: str = Field(default="", description="Why the game needs this assumption.")

    @model_validator(mode="after")
    def _cited_when_not_judgement(self) -> Assumption:
        if self.basis != "designer" and not self.citation:
            raise ValueError(f"a {self.basis} assumption needs a citation")
        return self


class Fact(Model):
    """A fact of the scenario (a date, a place, a starting value) and what it rests on."""

    id: Ident = Field(description="Id of the fact.")
    text: str = Field(min_length=1, description="The fact as players read it.")
    claims: list[str] = Field(default_factory=new_list, description="Claim ids it rests on.")
    assumptions: list[str] = Field(
        default_factory=new_list, description="Assumption ids it rests on (invented or inferred)."
    )


class Source(Model):
    """A document the scenario's rules are drawn from, with its claims."""

    id: Ident = Field(description="Id of the source.")
    title: str = Field(description="Title of the document.")
    author: str = Field(default="", description="Author(s).")
    date: str = Field(default="", description="Publication date, ISO 8601.")
    url: str = Field(default="", description="Where the document can be read.")
    publisher: str = Field(default="", description="Publisher or outlet.")
    claims: list[Claim] = Field(default_factory=new_list, description="Claims cards may cite.")


class HandLimit(Model):
    """The most cards an actor may keep, and the moment it must discard down to them: the
    actor chooses which cards go, one discard action at a time."""

    max: int = Field(ge=0, le=24, description="The most cards the actor may keep (0..24).")
    at: Ident = Field(
        default="end_of_turn",
        description="When the limit is enforced: a phase id (on entering it, after its rules "
        "and draws) or end_of_turn (after the turn's last phase).",
    )


class Actor(Model):
    """A side in the game, played by a person or a bot, or driven only by standing rules."""

    id: Ident = Field(description="Id used in expressions, decks and actions.")
    name: str = Field(description="Display name.")
    colour: Colour = Field(
        default="white", description="Colour for the map and log: a CSS name or #rrggbb."
    )
    playable: bool = Field(
        default=True, description="False for actors driven only by standing rules."
    )
    control: Literal["human", "bot"] = Field(
        default="bot", description="Default controller: human or bot."
    )
    bot: str = Field(default="random", description="Default bot kind when played by a bot.")
    description: str = Field(default="", description="Who this actor is.")
    hand_limit: HandLimit | None = Field(
        default=None,
        description="A hand limit: at the moment it names, the actor discards down to 'max' "
        "cards, choosing which (playable actors only).",
    )


class Band(Model):
    """A named, inclusive range of a track's values (e.g. tolerance 'strained': 3..5)."""

    id: Ident = Field(description="Band id, used by card gates and in_band().")
    name: str = Field(default="", description="Display name; defaults to the id.")
    min: int = Field(description="Lowest value in the band (inclusive).")
    max: int = Field(description="Highest value in the band (inclusive).")
    colour: Colour = Field(default="", description="Colour for this band in the UI.")


class Track(Model):
    """A bounded integer with optional named bands that cover its whole range."""

    id: Ident = Field(description="Id used in expressions and effects.")
    name: str = Field(description="Display name.")
    min: int = Field(default=0, description="Lowest value; changes are clamped to it.")
    max: int = Field(description="Highest value; changes are clamped to it.")
    start: int = Field(description="Value at the start of the game.")
    bands: list[Band] = Field(default_factory=new_list, description="Named ranges, low to high.")
    description: str = Field(default="", description="What the track measures.")
    claims: list[str] = claims_field()
    assumptions: list[str] = assumptions_field()
    main: bool = Field(default=True, description="Shown in end-of-game history charts.")
    internal: bool = internal_field()
    visible_to: list[Ident] = visible_to_field()
    notice: str = notice_field()
    bad_end: Literal["high", "low", "none"] = Field(
        default="none",
        description="Which end is the danger, for display: low for a DEFCON-like track.",
    )

    @model_validator(mode="after")
    def _check_range(self) -> Track:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start {self.start} is outside {self.min}..{self.max}")
        ids = [band.id for band in self.bands]
        if len(set(ids)) != len(ids):
            raise ValueError(f"band ids must differ: {', '.join(ids)}")
        if self.bands:
            expected = self.min
            for i, band in enumerate(self.bands):
                if band.min != expected or band.max < band.min:
                    what = "a gap" if band.min > expected else "an overlap"
                    if band.max < band.min:
                        what = "a band that ends before it starts"
                    raise RowError(
                        ("bands", i, "min" if band.max >= band.min else "max"),
                        f"{what}: band '{band.id}' should start at {expected} and not end before "
                        f"it starts; bands must cover {self.min}..{self.max} in order",
                    )
                expected = band.max + 1
            if expected != self.max + 1:
                raise RowError(
                    ("bands", len(self.bands) - 1, "max"),
                    f"bands end at {expected - 1}; they must reach max {self.max}",
                )
        return self


class Flag(Model):
    """A boolean fact of the game (e.g. whether the deconfliction line is open)."""

    id: Ident = Field(description="Id used in expressions and effects.")
    name: str = Field(description="Display name.")
    start: bool = Field(default=False, description="Value at the start of the game.")
    description: str = Field(default="", description="What the flag means.")
    internal: bool = internal_field()
    visible_to: list[Ident] = visible_to_field()
    notice: str = notice_field()
    claims: list[str] = claims_field()
    assumptions: list[str] = assumptions_field()


class Counter(Model):
    """An integer with a floor but no ceiling (e.g. a ledger of unmet expectations)."""

    id: Ident = Field(description="Id used in expressions and effects.")
    name: str = Field(description="Display name.")
    start: int = Field(default=0, description="Value at the start of the game.")
    min: int = Field(default=0, description="Lowest value; changes are clamped to it.")
    description: str = Field(default="", description="What the counter counts.")
    internal: bool = internal_field()
    visible_to: list[Ident] = visible_to_field()
    notice: str = notice_field()
    claims: list[str] = claims_field()
    assumptions: list[str] = assumptions_field()

    @model_validator(mode="after")
    def _check_start(self) -> Counter:
        if self.start < self.min:
            raise ValueError(f"start {self.start} is below min {self.min}")
        return self


class Param(Model):
    """A named number that expressions use by its id, so a threshold can be varied by name.

    ``wargame ... --set params.ID=VALUE`` (or a variant file) changes it within ``min..max``.
    """

    id: Ident = Field(description="Name used in expressions, e.g. ledger_alarm.")
    name: str = Field(default="", description="Display name; defaults to the id.")
    default: int = Field(description="Value unless a variant sets another.")
    min: int = Field(description="Lowest value a variant may set.")
    max: int = Field(description="Highest value a variant may set.")
    description: str = Field(default="", description="What it controls, for analysts.")
    claims: list[str] = claims_field()
    assumptions: list[str] = assumptions_field()

    @model_validator(mode="after")
    def _check_range(self) -> Param:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"{self.default} is outside the allowed range {self.min}..{self.max}")
        return self


class Zone(Model):
    """A map area: drawn at ``pos``, connected to its ``adjacent`` zones."""

    id: Ident = Field(description="Zone id, used in effects and expressions.")
    name: str = Field(description="Display name.")
    pos: tuple[StrictInt, StrictInt] = Field(
        strict=False,  # YAML gives a list; the numbers inside stay strict
        description="Drawing position [column, row] on a 0..100 grid.",
    )
    adjacent: list[Ident] = Field(
        default_factory=new_list, description="Ids of neighbouring zones."
    )
    tags: list[Ident] = Field(
        default_factory=new_list, description="Labels usable in expressions, e.g. border, russian."
    )
    description: str = Field(default="", description="What the zone is.")


class PieceType(Model):
    """A kind of piece owned by an actor, with a fixed number in play (board plus supply)."""

    id: Ident = Field(description="Piece type id.")
    name: str = Field(description="Display name.")
    owner: Ident = Field(description="Actor that owns pieces of this type.")
    symbol: str = Field(min_length=1, max_length=2, description="One or two map characters.")
    total: int = Field(ge=0, description="How many exist: placed pieces come from this pool.")
    hidden: bool = Field(
        default=False,
        description="Placed face-down: its owner sees it, the others see an unknown piece "
        "until a reveal effect turns it face-up.",
    )
    states: list[Ident] = Field(
        default_factory=new_list,
        description="States a piece may be in, e.g. [active, damaged]; the first is the state "
        "it is placed in. Used by mark effects and in_state().",
    )
    description: str = Field(default="", description="What the piece represents.")
    claims: list[str] = claims_field()
    assumptions: list[str] = assumptions_field()


class Placement(Model):
    """Pieces on the map at the start of the game."""

    piece: Ident = Field(description="Piece type id.")
    zone: Ident = Field(description="Zone id.")
    count: int = Field(default=1, ge=1, description="How many.")


class Phase(Model):
    """A step of each turn: upkeep (rules fire), draw (hands refill) or actions (rounds)."""

    id: Ident = Field(description="Phase id; rules use it in 'at:'.")
    name: str = Field(default="", description="Display name; defaults to the id.")
    kind: Literal["upkeep", "draw", "actions", "orders"] = Field(
        description="upkeep, draw, actions, or orders (sealed: all commit, then all resolve)."
    )
    rounds: int = Field(default=1, ge=1, le=20, description="Action rounds (actions phases).")
    order: list[Ident] = Field(
        default_factory=new_list,
        description="Acting order in this actions phase (default: the turns' order).",
    )
    initiative: Expr | None = Field(
        default=None,
        description="Each actor's initiative ('self' is the actor), judged as the phase "
        "begins: highest acts first, ties in the phase's order.",
    )
    resolve: list[Ident] = Field(
        default_factory=new_list,
        description="Orders phases: the order in which the sealed orders resolve once all are "
        "revealed (default: the phase's order).",
    )

    @model_validator(mode="after")
    def _rounds_only_for_actions(self) -> Phase:
        if self.rounds != 1 and self.kind != "actions":
            raise ValueError("'rounds' applies to actions phases only")
        if self.order and self.kind not in ("actions", "orders"):
            raise RowError(("order",), "'order' applies to actions and orders phases only")
        if self.resolve and self.kind != "orders":
            raise RowError(("resolve",), "'resolve' applies to orders phases only")
        if self.initiative and self.kind != "actions":
            raise RowError(("initiative",), "'initiative' applies to actions phases only")
        return self


class Turns(Model):
    """The game's clock: how many turns, their calendar labels, phases and who acts first."""

    count: int = Field(ge=1, le=100, description="Turn limit: the game ends after this turn.")
    calendar: list[str] = Field(
        default_factory=new_list, description="A label per turn (e.g. 'Summer 2019')."
    )
    phases: list[Phase] = Field(min_length=1, description="Phases of every turn, in order.")
    order: list[Ident] = Field(min_length=1, description="Actors in acting order each round.")


class Setup(Model):
    """Scenario-specific starting values that override the defaults of shared files."""

    tracks: dict[Ident, int] = Field(
        default_factory=new_dict, description="Track or counter starts."
    )
    flags: dict[Ident, bool] = Field(default_factory=new_dict, description="Flag starts.")


class InstantCondition(Model):
    """Ends the game at once when ``when`` holds, with the given winners (possibly none)."""

    id: Ident = Field(description="Id of the condition.")
    when: Expr = Field(description="Condition checked after every action and phase.")
    winners: list[Ident] | Literal["by_score", "highest_score"] = Field(
        default_factory=new_list,
        description="Actors who win (may be empty); or by_score: those whose end 'wins' holds "
        "now; or highest_score: those with the highest end score now.",
    )
    reason: str = Field(description="Why the game ended, for the outcome screen.")
    claims: list[str] = Field(default_factory=new_list, description="Claim ids this models.")
    assumptions: list[str] = assumptions_field()


class EndScore(Model):
    """How one actor scores at the end, and whether that score is a win."""

    actor: Ident = Field(description="Actor scored.")
    score: Expr = Field(description="Formula for the score.")
    wins: Expr = Field(description="Condition (may use the name 'score') for a win.")
    explain: str = Field(default="", description="What the score rewards, for briefings.")


class Victory(Model):
    """Instant conditions and end-of-game scoring; several actors may win, or none."""

    instant: list[InstantCondition] = Field(default_factory=new_list, description="Instant ends.")
    end: list[EndScore] = Field(default_factory=new_list, description="Scoring at the turn limit.")
