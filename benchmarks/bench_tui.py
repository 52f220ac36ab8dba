"""TUI benchmark: launch to the first interactive screen, and key press to updated screen.

Runs the app headless (Textual's test driver) at 80×24 and 120×40. Prints medians.

    .venv/bin/python benchmarks/bench_tui.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def import_time() -> float:
    """Seconds to import the app module in a fresh interpreter (part of a cold launch)."""
    code = "import time; t=time.perf_counter(); import tui.app; print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    return float(out.stdout.strip())


async def launch(size: tuple[int, int], scenario: str | None) -> float:
    """Seconds from creating the app to its first screen being ready for keys."""
    from tui.app import WargameApp
    from tui.screens.setup import SetupScreen
    from tui.screens.title import TitleScreen

    start = time.perf_counter()
    app = WargameApp(scenario, seed=1, bot_delay=0)
    want = SetupScreen if scenario else TitleScreen
    async with app.run_test(size=size) as pilot:
        while not (isinstance(app.screen, want) and app.screen.is_mounted and app.focused):
            await pilot.pause(0.001)
        await pilot.pause()
        return time.perf_counter() - start


async def moves(
    size: tuple[int, int], count: int = 14, scenario: str = "tutorial"
) -> tuple[list[float], list[float]]:
    """Per move: (handler, frame) seconds.

    ``handler``: the pass key's action — apply the move, autosave (atomic, fsync'd), push the
    new view into every widget. ``frame``: then lay out and render the whole screen, as the
    next refresh would. (Pilot's own idle-waiting costs ~100 ms per press and is not timed.)
    """
    from tui.app import WargameApp
    from tui.screens.game import GameScreen
    from tui.screens.setup import SetupScreen

    app = WargameApp(scenario, seed=1, bot_delay=0)
    handler: list[float] = []
    frame: list[float] = []
    async with app.run_test(size=size) as pilot:
        while not isinstance(app.screen, SetupScreen):
            await pilot.pause(0.001)
        # both sides human, so no bot time is counted
        for actor in app.screen.scenario.playable_actors:
            app.screen.players[actor] = "human"
        await pilot.press("ctrl+s")
        while len(handler) < count:
            screen = app.screen
            name = screen.__class__.__name__
            if name == "HandOverScreen":
                await pilot.press("enter")
                continue
            if name == "EndScreen":
                break
            if not isinstance(screen, GameScreen) or not screen.human_turn():
                await pilot.pause(0.001)
                continue
            start = time.perf_counter()
            screen.action_pass_turn()  # what the "p" binding runs
            mid = time.perf_counter()
            game_screen = next((s for s in app.screen_stack if isinstance(s, GameScreen)), None)
            if game_screen is None:  # that pass ended the game
                break
            game_screen._refresh_layout(size=app.size)
            game_screen._compositor.render_update(full=True)
            end = time.perf_counter()
            handler.append(mid - start)
            frame.append(end - mid)
            await pilot.pause()
    return handler, frame


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WARGAME_DATA_DIR"] = tmp
        print(f"import tui.app (fresh interpreter): {import_time() * 1000:.0f} ms")
        for size in ((80, 24), (120, 40)):
            runs = [asyncio.run(launch(size, None)) for _ in range(3)]
            print(
                f"{size[0]}x{size[1]} launch → title screen ready: "
                f"{statistics.median(runs) * 1000:.0f} ms (median of 3)"
            )
            runs = [asyncio.run(launch(size, "tutorial")) for _ in range(3)]
            print(
                f"{size[0]}x{size[1]} launch → setup screen (scenario loaded): "
                f"{statistics.median(runs) * 1000:.0f} ms (median of 3)"
            )
            # the campaign scenarios are the heavier screens (12 zones, 12 tracks, the score
            # and every card's effects in numbers)
            for scenario in ("tutorial", "israeli-strike", "russian-reaction"):
                handler, frame = asyncio.run(moves(size, scenario=scenario))
                total = [h + f for h, f in zip(handler, frame, strict=True)]
                print(
                    f"{size[0]}x{size[1]} {scenario}: key press → move applied, autosaved, "
                    f"screen re-rendered: median {statistics.median(total) * 1000:.1f} ms "
                    f"(handler {statistics.median(handler) * 1000:.1f} + full frame "
                    f"{statistics.median(frame) * 1000:.1f}), max {max(total) * 1000:.1f} ms "
                    f"over {len(total)} moves"
                )


if __name__ == "__main__":
    main()
