"""The top-level document: a scenario file, or a shared file it includes."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from engine.load.models.base import Model, new_dict, new_list
from engine.load.models.cards import Card, Chain, Deck, Doctrine, Operation, Rule, Trigger
from engine.load.models.deals import Deal
from engine.load.models.world import (
    Actor,
    Assumption,
    Counter,
    Fact,
    Flag,
    Param,
    PieceType,
    Placement,
    Setup,
    Source,
    Track,
    Turns,
    Victory,
    Zone,
)


class Fragment(Model):
    """A YAML file of scenario parts. Lists merge across includes; sections appear once."""

    include: list[str] = Field(
        default_factory=new_list, description="Files to merge in, relative to this file."
    )
    sources: list[Source] = Field(default_factory=new_list, description="Source registry.")
    assumptions: list[Assumption] = Field(
        default_factory=new_list, description="The designer's assumptions register."
    )
    facts: list[Fact] = Field(
        default_factory=new_list, description="Facts of the scenario and what they rest on."
    )
    actors: list[Actor] = Field(default_factory=new_list, description="Sides.")
    tracks: list[Track] = Field(default_factory=new_list, description="Bounded tracks.")
    flags: list[Flag] = Field(default_factory=new_list, description="Boolean flags.")
    counters: list[Counter] = Field(default_factory=new_list, description="Floor-bounded counters.")
    params: list[Param] = Field(
        default_factory=new_list, description="Named numbers for expressions, varied by variants."
    )
    zones: list[Zone] = Field(default_factory=new_list, description="Map zones.")
    piece_types: list[PieceType] = Field(default_factory=new_list, description="Kinds of piece.")
    pieces: list[Placement] = Field(default_factory=new_list, description="Starting placements.")
    triggers: list[Trigger] = Field(default_factory=new_list, description="Named happenings.")
    decks: list[Deck] = Field(default_factory=new_list, description="Decks.")
    cards: list[Card] = Field(default_factory=new_list, description="Cards.")
    operations: list[Operation] = Field(default_factory=new_list, description="Ops options.")
    rules: list[Rule] = Field(default_factory=new_list, description="Standing rules.")
    doctrine: list[Doctrine] = Field(default_factory=new_list, description="Bot doctrines.")
    chains: list[Chain] = Field(
        default_factory=new_list, description="Causal chains: steps that, in order, tell one story."
    )
    deals: list[Deal] = Field(
        default_factory=new_list, description="Deals offer effects propose and actors answer."
    )
    exclude_cards: list[str] = Field(
        default_factory=new_list, description="Card ids from included decks to leave out."
    )
    turns: Turns | None = Field(default=None, description="Turn structure (once).")
    victory: Victory | None = Field(default=None, description="Victory conditions (once).")
    setup: Setup | None = Field(default=None, description="Starting value overrides (once).")
    briefings: dict[str, str] = Field(default_factory=new_dict, description="Actor id → briefing.")


class ScenarioDocument(Fragment):
    """A playable scenario file: a fragment with an id, a title and a briefing."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Scenario id, e.g. israeli-strike.")
    title: str = Field(description="Title shown in lists.")
    summary: str = Field(default="", description="One or two sentences for the scenario list.")
    briefing: str = Field(default="", description="The situation, for every player.")
    campaign: str = Field(default="", description="Campaign this belongs to, if any.")


#: The list sections that merge across included files, in the order they are checked.
LIST_SECTIONS = (
    "sources",
    "assumptions",
    "facts",
    "actors",
    "tracks",
    "flags",
    "counters",
    "params",
    "zones",
    "piece_types",
    "pieces",
    "triggers",
    "decks",
    "cards",
    "operations",
    "rules",
    "doctrine",
    "chains",
    "deals",
    "exclude_cards",
)
#: Sections that may be given in only one file.
SINGLE_SECTIONS = ("turns", "victory", "setup")


class VariantDocument(Model):
    """A what-if: a base scenario plus changes, saved to share, validate and play.

    ``set`` maps dotted paths into the merged scenario to new values (as ``--set`` does);
    ``disable`` lists cards, operations, standing rules or instant ends to switch off.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Id of the variant scenario.")
    title: str = Field(description="Title shown in lists, e.g. 'Reckoning: no notification'.")
    why: str = Field(default="", description="The question this variant asks, and why.")
    base: str = Field(description="Base scenario: a shipped id, or a path relative to this file.")
    set: dict[str, Any] = Field(
        default_factory=new_dict,
        description="Dotted path → new value, e.g. tracks.tolerance.start.",
    )
    disable: list[str] = Field(
        default_factory=new_list, description="Ids of cards, operations, rules or instant ends."
    )
