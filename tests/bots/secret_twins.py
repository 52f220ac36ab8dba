"""Twin games for the secrets (issue 11): copies that differ only in what one actor cannot
see — private values, the types of others' face-down pieces, others' sealed orders — on top of
the hands, deck order and RNG that :func:`tests.bots.test_hidden_information.rescramble`
changes. Whatever the actor is shown must be the same in both twins.
"""

from __future__ import annotations

from engine import Game
from engine.play import rng
from engine.play.rules.actions import Action
from engine.play.rules.resolving.secrets import privacy, sees
from tests.bots.test_hidden_information import rescramble


def scramble_secrets(game: Game, actor: str, seed: int) -> Game:
    """A twin of ``game`` differing in everything ``actor`` cannot see (as far as it can)."""
    twin = rescramble(game, actor, seed)
    state = twin.state
    scenario = twin.scenario
    r = rng.derive_seed(seed, "secret twin")
    rules = privacy(scenario)
    for value in sorted(rules.owners):
        if sees(scenario, state.secrets, value, actor):
            continue
        r, state.values[value] = _other_value(twin, value, state.values[value], r)
    _swap_face_down(twin, actor, r)
    secrets = state.secrets
    if secrets.orders and not secrets.open:
        acting = state.order or twin.tables.phase_orders[state.phase]
        seat = state.seat
        changed = []
        for who, text in secrets.orders:
            if who != actor:
                state.seat = acting.index(who)
                legal = [str(a) for a in twin.legal_actions() if str(a) != text]
                if legal:
                    r, i = rng.below(r, len(legal))
                    text = legal[i]
            changed.append((who, text))
        state.seat = seat
        secrets.orders = changed
    return twin


def _other_value(game: Game, value: str, now: int | bool, r: int) -> tuple[int, int | bool]:
    if isinstance(now, bool):
        return r, not now
    low, high = game.bounds[value]
    top = high if high is not None else low + 9
    r, k = rng.below(r, top - low + 1)
    new = low + k
    return r, new if new != now else (low if now != low else top)


def _swap_face_down(game: Game, actor: str, r: int) -> None:
    """Turn one face-down piece of another actor into another of its hidden types, where the
    supply allows: same zones, same counts, another type."""
    rules = privacy(game.scenario)
    state = game.state
    for zone in sorted(state.secrets.facedown):
        cell = state.secrets.facedown[zone]
        for piece in sorted(cell):
            owner = rules.hidden[piece]
            if owner == actor:
                continue
            others = [p for p, o in sorted(rules.hidden.items()) if o == owner and p != piece]
            others = [p for p in others if state.supply[p] > 0]
            if not others or state.secrets.marks.get(zone, {}).get(piece):
                continue
            r, i = rng.below(r, len(others))
            other = others[i]
            cell[piece] -= 1
            cell[other] = cell.get(other, 0) + 1
            if not cell[piece]:
                del cell[piece]
            board = state.board[zone]
            board[piece] -= 1
            if not board[piece]:
                del board[piece]
            board[other] = board.get(other, 0) + 1
            state.supply[piece] += 1
            state.supply[other] -= 1
            return


def seen(view) -> tuple:
    """Everything a view shows, the secret parts included, for comparing twins."""
    return (
        view.values,
        view.board,
        view.supply,
        view.hand,
        view.hand_sizes,
        view.draw_sizes,
        view.discards,
        view.removed,
        view.legal,
        view.reacting_to,
        view.to_move,
        view.unknown,
        view.hidden,
        view.committed,
        view.secrets.to_dict(),
        view.history,
        [e.to_dict() for e in view.log],
    )


def random_points(scenario, seed: int, every: int) -> list[Game]:
    """Copies of a random game at every ``every``-th decision (any decision)."""
    from engine import observe
    from engine.bots.random_bot import RandomBot

    game = Game.new(scenario, seed)
    bots = {a: RandomBot(a, seed) for a in scenario.playable_actors}
    out = []
    step = 0
    while not game.is_over():
        who = game.to_move()
        assert who is not None
        step += 1
        if step % every == 0:
            out.append(game.copy())
        action: Action = bots[who].choose(observe(game, who, with_log=False))
        game.push(action)
    return out


__all__ = ["random_points", "scramble_secrets", "seen"]
