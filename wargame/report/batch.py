"""The after-action report of a batch of games, as a document for a facilitator's debrief."""

from __future__ import annotations

from typing import Any

from engine.analysis.explain.batch_report import FEATURE_KINDS, BatchReport
from engine.analysis.run.aggregate import NOBODY
from engine.analysis.run.features import describe_feature
from wargame.report.common import (
    Names,
    claims_section,
    pct,
    reading_notes,
    signed,
    variant_lines,
)
from wargame.report.document import Bullets, Document, Figure, Heading, Paragraph, Table

#: How each kind of feature is headed in "What went with each outcome".
KIND_TITLES = {
    "event": "Cards played as events",
    "ops": "Cards played for operations",
    "op": "Operations",
    "deal": "Deals accepted or rejected",
    "rule": "Standing rules that fired",
    "chain": "Causal chains that happened",
}
#: Causes shown per track in the attribution chart.
CAUSES_SHOWN = 6


def batch_document(report: BatchReport) -> Document:
    """The report of a batch: outcomes, scores, attribution, associations, chains, claims."""
    s = report.scenario
    result = report.result
    names = Names(s)
    bots = ", ".join(f"{names.actor(a)} {k}" for a, k in result.bots.items())
    doc = Document(
        f"After-action report: {s.title} — {result.runs} games",
        f"{result.runs} seeded games · root seed {result.seed} · bots: {bots}",
    )
    doc.add(*variant_lines(s))
    _outcomes(doc, report, names)
    _scores(doc, report, names)
    _attribution(doc, report)
    _associations(doc, report, names)
    _chains(doc, report)
    doc.add(*claims_section(s, report.claims_cited(), report.assumptions_cited()))
    doc.add(*reading_notes(0, batch=True))
    return doc


def _outcomes(doc: Document, report: BatchReport, names: Names) -> None:
    s, data = report.scenario, report.data
    doc.add(Heading("Outcomes"))
    rows = tuple(
        (
            names.actor(r.label) + (" (no winner)" if r.label == NOBODY else ""),
            str(r.wins),
            pct(r.rate),
            f"{pct(r.low)} – {pct(r.high)}",
        )
        for r in report.win_rates
    )
    entries = [(names.actor(r.label), r.rate, r.low, r.high, r.label) for r in report.win_rates]

    def draw() -> str:
        from wargame.report.figures import win_rates_figure

        return win_rates_figure(
            [
                (name, rate, low, high, names.colour(label))
                for name, rate, low, high, label in entries
            ]
        )

    doc.add(Figure("Share of games each side won, with its 95% interval.", draw))
    doc.add(Table(("Outcome", "Games", "Share", "95% interval"), rows, frozenset({1, 2, 3})))
    doc.add(
        Paragraph(
            "Several sides can win the same game (the scenario scores each on its own terms), so "
            f"the shares need not add up to 100%. Games lasted {data['mean_turns']:.2f} turns "
            f"and {data['mean_actions']:.1f} decisions on average."
        )
    )
    reasons = {c.id: c.reason for c in s.instant}
    runs = report.result.runs
    ending_rows = tuple(
        (
            reasons.get(k, "The turn limit was reached" if k == "turn limit" else k),
            str(v),
            pct(v / runs),
        )
        for k, v in sorted(data["endings"].items(), key=lambda kv: (-kv[1], kv[0]))
    )
    doc.add(Heading("How the games ended", 3))
    doc.add(Table(("Ending", "Games", "Share"), ending_rows, frozenset({1, 2})))


def _scores(doc: Document, report: BatchReport, names: Names) -> None:
    data = report.data
    actors = report.result.actors
    if not actors:
        return
    doc.add(Heading("Scores"))
    histograms = {a: {int(k): v for k, v in data["score_histogram"][a].items()} for a in actors}

    def draw() -> str:
        from wargame.report.figures import histograms_figure

        return histograms_figure([(names.actor(a), histograms[a], names.colour(a)) for a in actors])

    doc.add(Figure("How many games ended with each score, per side.", draw))
    rows = []
    for actor in actors:
        q: dict[str, Any] = data["scores"][actor]
        if q:
            cells = (
                f"{q['mean']:.2f}",
                *(str(q[k]) for k in ("min", "p25", "median", "p75", "max")),
            )
            rows.append((names.actor(actor), *cells))
    doc.add(
        Table(
            ("Side", "Mean", "Min", "25%", "Median", "75%", "Max"),
            tuple(rows),
            frozenset(range(1, 7)),
        )
    )
    explain = [
        f"**{names.actor(x.actor)}**: {x.explain}" for x in report.scenario.scores if x.explain
    ]
    if explain:
        doc.add(Bullets(tuple(explain)))


def _attribution(doc: Document, report: BatchReport) -> None:
    s = report.scenario
    attribution = report.data["attribution"]
    main = [t for t in s.tracks if t.main and t.id in attribution]
    if not main:
        return
    doc.add(Heading("What moved the main tracks"))
    doc.add(
        Paragraph(
            "Each main track's average change per game, split by the card, operation or "
            "standing rule that made it, and by the claims those cite."
        )
    )
    panels = [
        (
            f"{attribution[t.id]['name']} ({signed(attribution[t.id]['mean'])} a game)",
            [(c["name"], c["mean"]) for c in attribution[t.id]["by_cause"][:CAUSES_SHOWN]],
        )
        for t in main
    ]

    def draw() -> str:
        from wargame.report.figures import attribution_figure

        return attribution_figure(panels)

    doc.add(Figure("Mean change per game of each main track, by cause (largest first).", draw))
    items = []
    for track in main:
        entry = attribution[track.id]
        causes = "; ".join(f"{c['name']} {signed(c['mean'])}" for c in entry["by_cause"][:5])
        claims = sorted(entry["by_claim"].items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:5]
        subs = [f"By cause: {causes}"]
        if claims:
            subs.append("By claim: " + ", ".join(f"{c} {signed(v)}" for c, v in claims))
        items.append((f"**{entry['name']}**: {signed(entry['mean'])} per game", tuple(subs)))
    doc.add(Bullets(tuple(items)))


def _associations(doc: Document, report: BatchReport, names: Names) -> None:
    s = report.scenario
    doc.add(Heading("What went with each outcome"))
    doc.add(
        Paragraph(
            "For each outcome, the cards, operations, rules and chains whose presence in a game "
            "most raised how often that outcome happened: the outcome's rate in games with it "
            "and in games without it. Cards played as events and cards played for operations "
            "are counted apart. Only things present in at least 5% of games, and absent from "
            "at least 5%, are ranked."
        )
    )
    for label, kinds in report.associations.items():
        title = f"{names.actor(label)} wins" if label != NOBODY else "Nobody wins"
        rows = []
        for kind in FEATURE_KINDS:
            for f in kinds.get(kind, []):
                rows.append(
                    (
                        KIND_TITLES[kind],
                        describe_feature(s, f["feature"]),
                        str(f["present_in"]),
                        pct(f["rate_when_present"]),
                        pct(f["rate_otherwise"]),
                        signed(100 * f["lift"], 0),
                    )
                )
        doc.add(Heading(title, 3))
        if not rows:
            doc.add(Paragraph("Nothing stands out."))
            continue
        headers = ("Kind", "What", "Games with it", "Rate with", "Rate without", "Lift (points)")
        doc.add(Table(headers, tuple(rows), frozenset({2, 3, 4, 5})))


def _chains(doc: Document, report: BatchReport) -> None:
    doc.add(Heading("Causal chains"))
    if not report.chains:
        doc.add(Paragraph("This scenario declares no causal chains (a `chains:` section)."))
        return
    doc.add(
        Paragraph(
            "How often each causal chain the scenario argues happened: all its steps, in order."
        )
    )
    rows = tuple(
        (
            c.chain.name,
            ", ".join(c.chain.claims) or "—",
            str(c.games),
            pct(c.rate),
            f"{pct(c.low)} – {pct(c.high)}",
        )
        for c in report.chains
    )
    doc.add(
        Table(("Chain", "Claims", "Games", "Share", "95% interval"), rows, frozenset({2, 3, 4}))
    )
    doc.add(
        Bullets(
            tuple(
                f"**{c.chain.name}**: {c.chain.text.strip()}" for c in report.chains if c.chain.text
            )
        )
    )


__all__ = ["batch_document"]
