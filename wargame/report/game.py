"""The after-action report of one game, as a document for a facilitator's debrief."""

from __future__ import annotations

from engine.analysis.explain.aar import GameReport
from engine.analysis.explain.attribution import cause_kind
from engine.analysis.explain.decisions import HUMAN, HUMAN_REASON
from engine.analysis.explain.turning_points import TurningPoint
from engine.analysis.measure.winprob import noise
from engine.play.events import Event
from wargame.report.common import (
    Names,
    claims_section,
    pct,
    reading_notes,
    signed,
    variant_lines,
)
from wargame.report.document import Bullets, Document, Figure, Heading, Paragraph, Table

#: Events listed under one turning point (the rest are counted).
EVENTS_SHOWN = 8


def game_document(report: GameReport) -> Document:
    """The report of one game: brief, turning points, chances, tracks, chains, timeline,
    questions, claims and how to read it."""
    s = report.scenario
    names = Names(s)
    outcome = report.outcome
    bots = sorted({p for p in report.players.values() if p and p != HUMAN})
    subtitle = f"One game · seed {report.seed} · {len(report.decisions)} decisions"
    if bots:
        subtitle += " · bots: " + ", ".join(bots)
    doc = Document(f"After-action report: {s.title}", subtitle)

    doc.add(Heading("The game in brief"))
    if outcome is None:
        doc.add(Paragraph(f"The game was saved before its end, during turn {_last_turn(report)}."))
    else:
        when = s.calendar(outcome.turn)
        doc.add(
            Paragraph(
                f"{outcome.reason}. The game ended in turn {outcome.turn}"
                + (f" ({when})" if when else "")
                + f" after {len(report.decisions)} decisions."
            )
        )
    rows = []
    for actor in s.playable_actors:
        player = report.players.get(actor, "")
        who = "a person" if player == HUMAN else (f"{player} bot" if player else "not recorded")
        score = outcome.scores.get(actor) if outcome else None
        result = (
            "—" if outcome is None else ("wins" if actor in outcome.winners else "does not win")
        )
        rows.append((names.actor(actor), who, "—" if score is None else str(score), result))
    doc.add(Table(("Side", "Played by", "Score", "Result"), tuple(rows), frozenset({2})))
    aims = [f"**{names.actor(x.actor)}**: {x.explain}" for x in s.scores if x.explain]
    if aims:
        doc.add(Paragraph("What each side was scored on:"), Bullets(tuple(aims)))
    doc.add(*variant_lines(s))
    _umpire(doc, report)

    _turning_points(doc, report, names)
    _chances(doc, report, names)
    _tracks(doc, report, names)
    _chains(doc, report, names)
    _timeline(doc, report, names)
    _questions(doc, report, names)
    doc.add(*claims_section(s, report.claims_cited(), report.assumptions_cited()))
    doc.add(*reading_notes(report.winprob.rollouts if report.winprob else 0, batch=False))
    return doc


def _umpire(doc: Document, report: GameReport) -> None:
    """The umpire's interventions, apart from the players' moves: when, what and why."""
    events = [e for e in report.log if e.cause == "umpire"]
    if not events:
        return
    doc.add(Heading("Umpire interventions"))
    doc.add(
        Paragraph(
            f"The umpire stepped in {len(events)} time{'s' * (len(events) > 1)}; "
            "these changes are not any side's doing."
        )
    )
    rows = tuple(
        (str(e.turn), e.text.split(" — ", 1)[0], str(e.data.get("reason", ""))) for e in events
    )
    doc.add(Table(("Turn", "Intervention", "Reason"), rows, frozenset({0})))


def _last_turn(report: GameReport) -> int:
    """The turn the game had reached: its log's last, else that of its last decision."""
    decided = report.decisions[-1].turn if report.decisions else 1
    return max(decided, report.log[-1].turn) if report.log else decided


def _when(turn: int, calendar: str) -> str:
    return f"Turn {turn}" + (f" ({calendar})" if calendar else "")


def event_line(event: Event) -> str:
    """One log event with the claims behind it."""
    claims = f" — {', '.join(event.claims)}" if event.claims else ""
    return f"{event.text}{claims}"


def _turning_points(doc: Document, report: GameReport, names: Names) -> None:
    doc.add(Heading("Turning points"))
    wp = report.winprob
    if wp is None:
        doc.add(Paragraph("Chances of winning were not estimated for this report (no rollouts)."))
        return
    doc.add(
        Paragraph(
            "The decisions across which a side's chance of winning moved most. Each chance is "
            f"estimated by playing the game on {wp.rollouts} times from that point with the "
            "scenario's bots; it is a guide to where the game turned, not a verdict. Good "
            "places to stop the debrief and ask what each side knew, and what else it could "
            "have done."
        )
    )
    if not report.turning_points:
        doc.add(Paragraph("No decision moved any side's chance: the game was settled early."))
        return
    items = []
    ordered = sorted(report.turning_points, key=lambda p: p.swing.index)
    for number, point in enumerate(ordered, start=1):
        items.append(_point_item(number, point, report, names))
    doc.add(Bullets(tuple(items), ordered=True))


def _point_item(
    number: int, point: TurningPoint, report: GameReport, names: Names
) -> tuple[str, tuple[str, ...]]:
    d, swing = point.decision, point.swing
    head = (
        f"**{_when(d.turn, d.calendar)} — {names.actor(d.actor)} {d.text}.** "
        f"{names.actor(swing.actor)}'s chance of winning went from {pct(swing.before)} to "
        f"{pct(swing.after)} ({signed(100 * swing.change, 0)} points)."
    )
    others = [
        f"{names.actor(a)} {signed(100 * c, 0)}"
        for a, c in swing.changes.items()
        if a != swing.actor and abs(c) >= 0.005
    ]
    subs = [f"Why: {d.reason or 'not recorded'}"]
    if others:
        subs.append("Other sides' chances: " + ", ".join(others) + " points")
    shown = point.events[:EVENTS_SHOWN]
    subs += [f"Then: {event_line(e)}" for e in shown]
    if len(point.events) > len(shown):
        subs.append(f"… and {len(point.events) - len(shown)} more events (see the full log)")
    if point.claims:
        subs.append("Claims behind it: " + ", ".join(point.claims))
    if point.assumptions:
        subs.append("Designer's assumptions behind it: " + ", ".join(point.assumptions))
    return head, tuple(subs)


def _chances(doc: Document, report: GameReport, names: Names) -> None:
    wp = report.winprob
    if wp is None:
        return
    doc.add(Heading("Each side's chance of winning"))
    starts = _turn_starts(report)
    ordered = sorted(report.turning_points, key=lambda p: p.swing.index)
    marks = [(p.swing.index + 1, p.swing.after, str(i)) for i, p in enumerate(ordered, start=1)]
    series = {names.actor(a): wp.series[a] for a in wp.actors}

    def draw() -> str:
        from wargame.report.figures import winprob_figure

        colours = {names.actor(a): names.colour(a) for a in wp.actors}
        return winprob_figure(series, colours, starts, marks)

    doc.add(
        Figure(
            "Chance of winning before every decision, and at the end; numbered dots are the "
            "turning points, dotted rules the start of each turn.",
            draw,
        )
    )
    rows = []
    for point, label in starts:
        rows.append((label, *(pct(wp.series[a][point]) for a in wp.actors)))
    end = wp.points - 1
    rows.append(
        ("end" if wp.finished else "last decision", *(pct(wp.series[a][end]) for a in wp.actors))
    )
    headers = ("Turn starts", *(names.actor(a) for a in wp.actors))
    doc.add(Table(headers, tuple(rows), frozenset(range(1, len(headers)))))
    margin = 2 * noise(wp.rollouts)
    players = ", ".join(f"{names.actor(a)} {k}" for a, k in wp.bots.items())
    note = (
        "Several sides can win the same game, or none, so the chances need not add up to "
        f"100%. With {wp.rollouts} playouts per decision an estimate can be off by up to "
        f"about {pct(margin)} either way; smaller swings may be chance alone. The playouts "
        f"are played by bots ({players})"
    )
    if any(p == HUMAN for p in report.players.values()):
        note += ", not by the people who played"
    doc.add(Paragraph(note + ".", style="note"))


def _turn_starts(report: GameReport) -> list[tuple[int, str]]:
    out, seen = [], set()
    for d in report.decisions:
        if d.turn not in seen:
            seen.add(d.turn)
            out.append((d.index, d.calendar or f"turn {d.turn}"))
    return out


def _tracks(doc: Document, report: GameReport, names: Names) -> None:
    s = report.scenario
    main = [t for t in s.tracks if t.main]
    if not main:
        return
    doc.add(Heading("The tracks over the game"))
    labels = report.history_labels
    panels = [(t.name, [snap[t.id] for snap in report.history], (t.min, t.max)) for t in main]
    marks = {
        i: [
            (m.turn, _move_note(m.causes[0].name if m.causes else "", m.change))
            for m in report.moves.get(t.id, [])
        ]
        for i, t in enumerate(main)
    }

    def draw() -> str:
        from wargame.report.figures import tracks_figure

        return tracks_figure(labels, panels, marks)

    doc.add(
        Figure(
            "Each main track at the start and after every turn; red dots mark its largest "
            "moves, labelled with their main cause.",
            draw,
        )
    )
    rows = tuple((t.name, *(str(snap[t.id]) for snap in report.history)) for t in main)
    doc.add(Table(("Track", *labels), rows, frozenset(range(1, len(labels) + 1))))
    doc.add(Heading("What moved them", 3))
    items = []
    for track in main:
        values = [snap[track.id] for snap in report.history]
        head = f"**{track.name}**: {values[0]} → {values[-1]} over the game."
        causes = report.track_causes.get(track.id, [])
        subs = []
        for move in report.moves.get(track.id, []):
            parts = "; ".join(
                f"{c.name} {signed(c.change)}" + (f" ({', '.join(c.claims)})" if c.claims else "")
                for c in move.causes[:4]
            )
            subs.append(
                f"{_when(move.turn, move.label if move.label != f'turn {move.turn}' else '')}: "
                f"{move.before} → {move.after}" + (f" — {parts}" if parts else "")
            )
        if causes:
            top = "; ".join(f"{c.name} {signed(c.change)}" for c in causes[:5])
            subs.append(f"Over the whole game: {top}")
        items.append((head, tuple(subs)))
    doc.add(Bullets(tuple(items)))


def _move_note(cause: str, change: int) -> str:
    return f"{signed(change)} {cause}".strip()


def _chains(doc: Document, report: GameReport, names: Names) -> None:
    s = report.scenario
    doc.add(Heading("Causal chains"))
    if not s.chains:
        doc.add(
            Paragraph(
                "This scenario declares no causal chains (a `chains:` section names the "
                "stories a scenario argues, step by step, so that reports can say whether they "
                "happened)."
            )
        )
        return
    fired = {f.chain.id for f in report.chains}
    count = f"{len(s.chains)} causal chain{'s' * (len(s.chains) != 1)}"
    if not fired:
        happened = "none of them happened in this game."
    elif len(fired) == len(s.chains):
        happened = "all of them happened in this game (each step, in order)."
    else:
        happened = f"{len(fired)} of them happened in this game (each step, in order)."
    doc.add(Paragraph(f"The scenario argues {count}; {happened}"))
    for f in report.chains:
        chain = f.chain
        doc.add(Heading(chain.name, 3))
        text = chain.text.strip()
        claims = f" Claims: {', '.join(chain.claims)}." if chain.claims else ""
        if chain.assumptions:
            claims += f" Assumptions: {', '.join(chain.assumptions)}."
        if text or claims:
            doc.add(Paragraph((text + claims).strip()))
        items = []
        for step in f.steps:
            head = f"Turn {step.turn} — {step.name} ({_kind_word(step.kind)})"
            subs = tuple(event_line(e) for e in step.events[:4])
            items.append((head, subs))
        doc.add(Bullets(tuple(items), ordered=True))
    missing = [c for c in s.chains if c.id not in fired]
    if missing:
        doc.add(Heading("Chains that did not happen", 3))
        doc.add(
            Bullets(
                tuple(
                    f"{c.name}: " + " → ".join(_step_label(report, step) for step in c.steps)
                    for c in missing
                )
            )
        )


def _kind_word(kind: str) -> str:
    return {
        "card": "card played as an event",
        "operation": "operation",
        "rule": "standing rule",
        "instant": "end of the game",
    }.get(kind, kind)


def _step_label(report: GameReport, step: str) -> str:
    from engine.analysis.explain.attribution import cause_name

    kind = cause_kind(report.scenario, step)
    if kind == "instant":
        return next(c.reason for c in report.scenario.instant if c.id == step)
    return cause_name(report.scenario, step)


def _timeline(doc: Document, report: GameReport, names: Names) -> None:
    doc.add(Heading("Timeline of decisions"))
    wp = report.winprob
    headers = ["#", "Turn", "Side", "Decision", "Reason"]
    if wp is not None:
        headers += [f"{names.actor(a)} before" for a in wp.actors]
    rows = []
    for d in report.decisions:
        row = [str(d.index + 1), d.calendar or str(d.turn), names.actor(d.actor), d.text]
        row.append(d.reason or "—")
        if wp is not None:
            row += [pct(wp.series[a][d.index]) for a in wp.actors]
        rows.append(tuple(row))
    numeric = frozenset({0, *range(5, len(headers))})
    doc.add(Table(tuple(headers), tuple(rows), numeric))
    if any(d.reason == HUMAN_REASON for d in report.decisions):
        doc.add(Paragraph("A person's reasons are theirs to tell in the debrief.", style="note"))


def _questions(doc: Document, report: GameReport, names: Names) -> None:
    questions = []
    for point in sorted(report.turning_points, key=lambda p: p.swing.index)[:3]:
        d = point.decision
        questions.append(
            f"{_when(d.turn, d.calendar)}: {names.actor(d.actor)} {d.text}. What did "
            f"{names.actor(d.actor)} know at that moment, and what else could it have done?"
        )
    for fired in report.chains[:2]:
        claims = ", ".join(fired.chain.claims)
        questions.append(
            f"“{fired.chain.name}” played out. Is that how the source argues it works"
            + (f" ({claims})" if claims else "")
            + "? What would have broken the chain?"
        )
    main = [t for t in report.scenario.tracks if t.main]
    if main and report.history:
        first, last = report.history[0], report.history[-1]
        track = max(main, key=lambda t: abs(last[t.id] - first[t.id]) / max(1, t.max - t.min))
        if last[track.id] != first[track.id]:
            questions.append(
                f"{track.name} went from {first[track.id]} to {last[track.id]}. Who drove it, "
                "and did anyone try to stop it?"
            )
    if questions:
        doc.add(Heading("Questions for the debrief"), Bullets(tuple(questions), ordered=True))


__all__ = ["event_line", "game_document"]
