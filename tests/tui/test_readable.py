"""Issue 13: the table a player can read — score, briefing, recap, history, effects in numbers,
bot reasons under their own move (after undo and load too), tracks that never wrap or cut
without saying so, and an end screen that does not contradict the result."""

from __future__ import annotations

from engine import Game, load_scenario
from tests.helpers import SCENARIOS
from tests.tui.helpers import until_settled, wait_for
from tui.app import WargameApp
from tui.screens.end import EndScreen
from tui.screens.game import GameScreen
from tui.screens.reading import ReadingDialog
from tui.session import HUMAN, Session
from tui.widgets.card_detail import CardDetail
from tui.widgets.narrative_log import NarrativeLog
from tui.widgets.status_bar import StatusBar
from tui.widgets.track_panel import TrackPanel

STRIKE = SCENARIOS / "syria/israeli-strike.yaml"


def israel_against_doctrine(seed: int = 3) -> Session:
    game = Game.new(load_scenario(STRIKE), seed)
    return Session(game, {"israel": HUMAN, "iran": "doctrine", "russia": "doctrine"})


def log_lines(log: NarrativeLog) -> list[str]:
    return [strip.text for strip in log.lines]


async def open_session(app: WargameApp, pilot, session: Session) -> GameScreen:
    app.open_game(session)
    await until_settled(pilot)
    screen = app.screen
    assert isinstance(screen, GameScreen)
    return screen


async def test_the_score_is_always_on_screen_with_the_distance_to_a_win():
    for size in ((120, 40), (80, 24)):
        app = WargameApp(bot_delay=0)
        async with app.run_test(size=size) as pilot:
            screen = await open_session(app, pilot, israel_against_doctrine())
            status = screen.query_one(StatusBar).render().plain.splitlines()
            score = status[1]
            assert score.startswith("Score You"), status
            assert "≥8" in score or "≥ 8" in score
            assert "Iran" in score and "Russia" in score
            assert all(len(line) <= size[0] for line in status)


async def test_briefing_recap_and_history_are_one_key_away():
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_session(app, pilot, israel_against_doctrine())
        for key, words in (
            ("b", ["How each side wins", "wins at ≥ 8", "To win:", "ends at once"]),
            ("r", ["Iran"]),
            ("h", ["Turn 1"]),
        ):
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, ReadingDialog))
            text = app.screen.text.plain
            assert all(w in text for w in words), (key, text[:400])
            await pilot.press(key)  # the same key closes it
            await wait_for(pilot, lambda: app.screen is screen)


async def test_the_detail_pane_says_what_a_card_changes_in_numbers():
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_session(app, pilot, israel_against_doctrine())
        text = screen.card_text("t4_strike").plain
        assert "remove 2 × Iranian weapons depot from Homs and the T4 air base" in text
        assert "Incident and escalation risk +3" in text
        shown = screen.query_one(CardDetail)
        assert shown is not None


async def test_a_bot_reason_sits_under_its_own_move_and_survives_undo_and_load(data_dir):
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        session = israel_against_doctrine()
        screen = await open_session(app, pilot, session)
        assert session.explanations, "doctrine bots explain their moves"

        def reasons_follow_their_moves() -> None:
            lines = log_lines(screen.query_one(NarrativeLog))
            notes = [i for i, line in enumerate(lines) if line.lstrip().startswith("↳")]
            assert notes
            for i in notes:
                who = lines[i].split("↳")[1].split("(")[0].strip()
                above = lines[i - 1]
                assert (
                    f"{who} plays" in above
                    or f"{who} reacts" in above
                    or (f"{who} passes" in above)
                ), (lines[i - 1], lines[i])

        reasons_follow_their_moves()
        # play a move, let the bots answer, take it back: the earlier reasons stay
        await pilot.press("p")
        await until_settled(pilot)
        before = dict(session.explanations)
        await pilot.press("u")
        await until_settled(pilot)
        session = screen.session
        assert session.explanations and set(session.explanations) <= set(before)
        reasons_follow_their_moves()
        # save and load: the reasons come back with the game
        app.save_as(session, "reasons")
        kept = dict(session.explanations)
        from tui.storage import save_path

        assert app.load_path(save_path("reasons"))
        await until_settled(pilot)
        screen = app.screen
        assert screen.session.explanations == kept
        reasons_follow_their_moves()


async def test_tracks_never_wrap_and_cut_names_with_an_ellipsis():
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_session(app, pilot, israel_against_doctrine())
        panel = screen.query_one(TrackPanel)
        lines = panel.render().plain.splitlines()
        scenario = screen.session.scenario
        assert len(lines) >= len(scenario.tracks)
        width = panel.size.width
        assert all(len(line) <= width for line in lines)
        for track, line in zip(scenario.tracks, lines, strict=False):
            assert line.startswith(track.name) or "…" in line.split("  ")[0] or "…" in line
        assert "hard_line" not in panel.render().plain
        # zoomed, the names are whole
        screen.query_one("#tracks").focus()
        await pilot.press("z")
        await pilot.pause()
        text = panel.render().plain
        assert all(track.name in text for track in scenario.tracks), (panel.size, text)


async def test_the_end_screen_words_aims_as_aims_and_says_how_far_a_side_fell_short():
    game = Game.new(load_scenario(STRIKE), 11)
    import random

    chooser = random.Random(11)
    while not game.is_over():
        game.apply(chooser.choice(game.legal_actions()))
    session = Session(game, {a: "random" for a in game.scenario.playable_actors})
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the title screen settles first
        app.push_screen(EndScreen(session))
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("HeaderTitle")))
        text = app.screen._outcome().plain
        assert "What each side aimed at" in text
        if game.outcome.condition is None:
            losers = [a for a in game.scenario.playable_actors if a not in game.outcome.winners]
            if losers:
                assert "short)" in text
        assert "wins at" not in text


async def test_the_map_has_a_legend_and_the_arrow_keys_move_between_zones():
    from tui.widgets.map_view import MapView

    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_session(app, pilot, israel_against_doctrine())
        board = screen.query_one(MapView)
        text = board.render().plain
        assert "m Iranian-backed militia" in text  # the legend
        board.focus()
        await pilot.pause()
        first = board.selected
        assert first is not None
        seen = {first}
        for key in ("right", "down", "left", "up", "down", "down"):
            await pilot.press(key)
            seen.add(board.selected)
        assert len(seen) >= 3
        name = next(z.name for z in screen.session.scenario.zones if z.id == board.selected)
        assert name in board.render().plain  # the selected zone's name in full
        detail = screen.query_one(CardDetail).query_one("#detail-body")
        assert name in str(detail.render())


async def test_z_zooms_the_log_to_the_full_screen():
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_session(app, pilot, israel_against_doctrine())
        log = screen.query_one(NarrativeLog)
        small = log.size.height
        log.focus()
        await pilot.press("z")
        await wait_for(pilot, lambda: log.size.height > small + 8)
        await pilot.press("z")
        await wait_for(pilot, lambda: log.size.height == small)


async def test_an_umpire_sets_a_track_with_a_reason_seen_in_the_log_the_save_and_the_end():
    from textual.widgets import Input

    from tui.screens.umpire import UmpireDialog
    from tui.storage import autosave_path

    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_session(app, pilot, israel_against_doctrine())
        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, UmpireDialog))
        dialog = app.screen
        dialog.query_one("#umpire-value", Input).value = "3"
        await pilot.press("ctrl+s")  # no reason yet: refused with a message
        await pilot.pause()
        assert app.screen is dialog
        assert "reason" in str(dialog.query_one("#umpire-error").render())
        dialog.query_one("#umpire-reason", Input).value = "IRGC recalled to Iraq"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await until_settled(pilot)
        lines = log_lines(screen.query_one(NarrativeLog))
        assert any("Umpire: Iranian entrenchment" in ln and "IRGC recalled" in ln for ln in lines)
        saved = autosave_path("israeli-strike").read_text()
        assert '"reason": "IRGC recalled to Iraq"' in saved
        # the projector shows the board and the scores, no hand
        await pilot.press("v")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ProjectorScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        # play to the end quickly: the end screen lists the intervention apart
        session = screen.session
        import random

        chooser = random.Random(1)
        while not session.is_over():
            session.apply(chooser.choice(session.game.legal_actions()))
        await pilot.pause()
        app.push_screen(EndScreen(session))
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("HeaderTitle")))
        text = app.screen._outcome().plain
        assert "Umpire interventions (1)" in text and "IRGC recalled to Iraq" in text


async def test_no_color_and_the_light_theme_keep_everything_readable(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("WARGAME_THEME", "light")
    app = WargameApp(bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_session(app, pilot, israel_against_doctrine())
        assert app.no_color and app.theme == "textual-light"
        tracks = screen.query_one(TrackPanel).render().plain
        assert "open" in tracks and "compromise" in tracks  # band names beside the colours
        status = screen.query_one(StatusBar).render().plain
        assert "winning now" in status or "needs" in status
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"


def test_a_roll_in_the_log_has_one_dice_icon():
    import random

    from tui.text import event_text

    game = Game.new(load_scenario(STRIKE), 2)
    chooser = random.Random(2)
    while not any(e.kind == "roll" for e in game.state.log):
        game.apply(chooser.choice(game.legal_actions()))
    roll = next(e for e in game.state.log if e.kind == "roll")
    assert event_text(game.scenario, roll).plain.count("🎲") == 1
