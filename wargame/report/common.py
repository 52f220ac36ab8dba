"""Pieces both reports share: names, number formats, the claims cited, how to read."""

from __future__ import annotations

from engine.load.models import Source
from engine.load.scenario import Scenario
from wargame.report.document import Block, Bullets, Heading, Paragraph, Table


class Names:
    """Display names (and chart colours) of a scenario's actors and outcomes."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._actors = {a.id: a.name for a in scenario.actors}
        self._index = {a.id: i for i, a in enumerate(scenario.actors)}

    def actor(self, actor: str) -> str:
        """An actor's name ("Nobody" for the no-winner outcome)."""
        return self._actors.get(actor, "Nobody" if actor == "nobody" else actor)

    def colour(self, actor: str) -> str:
        """A drawable colour for an actor (imports Matplotlib: call it while drawing)."""
        from wargame.charts import actor_colour

        if actor not in self._index:
            return "#888888"
        return actor_colour(self.scenario.actor(actor).colour, self._index[actor])


def pct(x: float) -> str:
    """A share as a whole percentage: ``0.254`` → ``25%``."""
    return f"{100 * x:.0f}%"


def signed(x: float, digits: int | None = None) -> str:
    """A change with its sign: ``+2``, ``−1``, ``+0.35`` (whole numbers for ints)."""
    if digits is None:
        digits = 0 if isinstance(x, int) else 2
    return f"{x:+.{digits}f}".replace("-", "−")


def variant_lines(scenario: Scenario) -> list[Block]:
    """What the scenario was changed with, when it was (a variant)."""
    variant = scenario.variant
    if not variant:
        return []
    blocks: list[Block] = [Paragraph("Played with changes to the scenario as written:")]
    if variant.why:
        blocks.append(Paragraph(variant.why))
    blocks.append(Bullets(tuple(f"`{line}`" for line in variant.describe()) or ("(none)",)))
    return blocks


def claims_section(
    scenario: Scenario, cited: list[str], assumptions: list[str] | tuple[str, ...] = ()
) -> list[Block]:
    """The claims the report cites, with their text and their sources, then the designer's
    assumptions it cites (what the sources do not say), with their basis."""
    blocks: list[Block] = [Heading("Claims cited")]
    if not cited:
        blocks.append(Paragraph("The report cites no claims."))
    else:
        blocks.append(
            Paragraph(
                "Every rule in the scenario cites the claims of its source that it models. The "
                "claims this report mentions, restated by the scenario's authors:"
            )
        )
        rows = tuple((c, scenario.claims[c].text) for c in cited)
        blocks.append(Table(("Claim", "What the source says"), rows))
        used = set(cited)
        sources = [_source_line(s) for s in scenario.sources if {c.id for c in s.claims} & used]
        if sources:
            blocks.append(Paragraph("Source" + ("s" if len(sources) > 1 else "") + ":"))
            blocks.append(Bullets(tuple(sources)))
    if assumptions:
        blocks.append(Heading("Assumptions cited", 3))
        blocks.append(
            Paragraph(
                "What the scenario's designers added that the sources do not say, and on what "
                "basis:"
            )
        )
        basis_rows: list[tuple[str, str, str]] = []
        for ident in assumptions:
            found = scenario.assumptions[ident]
            basis = found.basis + (f": {found.citation}" if found.citation else "")
            basis_rows.append((ident, found.statement, basis))
        blocks.append(Table(("Assumption", "What is assumed", "Basis"), tuple(basis_rows)))
    return blocks


def _source_line(source: Source) -> str:
    parts = [f"“{source.title}”"]
    parts += [p for p in (source.author, source.publisher, source.date) if p]
    line = ", ".join(parts)
    return line + (f" — {source.url}" if source.url else "")


def reading_notes(rollouts: int, *, batch: bool) -> list[Block]:
    """How to read the report, and what it cannot say."""
    notes = []
    if batch:
        notes += [
            "Win rates come with 95% Wilson intervals: with fewer games the intervals are wide, "
            "and two rates whose intervals overlap may not differ.",
            "“What went with each outcome” compares games in which a card, rule or chain "
            "occurred with games in which it did not. It shows association, not cause: a card "
            "may be played more in games that were already going one way. To test a cause, "
            "switch the rule off and compare (`wargame ablate`, `wargame compare`).",
            "Attribution splits each track's change by the card, operation or rule that made "
            "it; by claim, a change counts under every claim its cause cites.",
        ]
    else:
        notes += [
            "The chance of winning at a decision is the share of playouts from that position "
            f"({rollouts} per decision) that each side won. The playouts keep every hand and "
            "everything on the table as it was, reshuffle the draw piles and roll new dice, "
            "and are played by the scenario's bots — not by the people who played, and not "
            "by perfect players. It is an estimate of where the game stood if bots played it "
            "on, not the truth about what would have happened.",
            "Turning points are the largest swings between two consecutive decisions. A swing "
            "belongs to the decision and to everything that followed it until the next "
            "decision: dice, standing rules, the end of a turn.",
            "The reason of a bot's move is what the bot reported; a doctrine bot names the "
            "doctrine entry that chose the move.",
        ]
    return [Heading("How to read this report"), Bullets(tuple(notes))]


__all__ = ["Names", "claims_section", "pct", "reading_notes", "signed", "variant_lines"]
