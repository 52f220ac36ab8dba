"""The end screen: turning points estimated off the event loop, the report written on request."""

from __future__ import annotations

import subprocess
import sys

from rich.console import Console
from textual.app import App
from textual.command import CommandList
from textual.widgets import Select

from engine import load_scenario
from tests.helpers import ROOT, SCENARIOS
from tests.tui.helpers import wait_for
from tui.app import WargameApp
from tui.screens.end import EndScreen
from tui.screens.setup import SetupScreen
from tui.widgets.turning_points import TurningPoints

#: Estimating and rendering run in threads; generous limits keep slow machines green.
LIMIT = 120.0


def plain(widget) -> str:
    console = Console(width=200, record=True)
    console.print(widget.content)
    return console.export_text()


async def bots_to_the_end(pilot, kind: str = "doctrine") -> EndScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
    for actor in app.screen.scenario.playable_actors:
        app.screen.query_one(f"#who-{actor}", Select).value = kind
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, EndScreen), timeout=LIMIT)
    # mounted, laid out and its header titled (under load that can take a few frames)
    await wait_for(pilot, lambda: bool(app.screen.query("HeaderTitle")) and app.screen.is_mounted)
    await pilot.pause()
    return app.screen


class OneWidget(App):
    def compose(self):
        yield TurningPoints(load_scenario(SCENARIOS / "tutorial.yaml"))


async def test_turning_points_say_estimating_until_they_are_ready():
    app = OneWidget()
    async with app.run_test() as pilot:
        widget = app.query_one(TurningPoints)
        assert "estimating…" in plain(widget)
        widget.estimating(3, 12)
        await pilot.pause()
        assert "estimating… 25%" in plain(widget)


async def test_the_end_screen_shows_turning_points_and_writes_the_report(data_dir):
    app = WargameApp("tutorial", seed=6, bot_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await bots_to_the_end(pilot)
        await wait_for(pilot, lambda: screen.report is not None, timeout=LIMIT)
        await pilot.pause()
        report = screen.report
        assert report.winprob is not None and report.turning_points
        text = plain(screen.query_one(TurningPoints))
        first = sorted(report.turning_points, key=lambda p: p.swing.index)[0]
        assert f"Turn {first.decision.turn}" in text and "%" in text
        assert "estimating" not in text
        # Every move is explained: doctrine bots name their doctrine entry.
        assert all(d.reason.startswith(("doctrine #", "no doctrine")) for d in report.decisions)

        await pilot.press("r")
        await wait_for(pilot, lambda: screen.written is not None, timeout=LIMIT)
        html, markdown = screen.written
        assert html.parent == data_dir / "reports" and html.suffix == ".html"
        assert "<svg" in html.read_text(encoding="utf-8")
        assert "## Turning points" in markdown.read_text(encoding="utf-8")
        await wait_for(
            pilot, lambda: any(str(html) in n.message for n in app._notifications), timeout=LIMIT
        )


async def test_the_report_can_be_asked_for_before_it_is_ready_and_from_the_palette(data_dir):
    app = WargameApp("tutorial", seed=2, bot_delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await bots_to_the_end(pilot, "random")
        await wait_for(pilot, lambda: screen.has_class("compact"))  # sparklines at 80×24
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"after-action")
        await wait_for(pilot, lambda: "after" in str(app.screen.query("Input").first().value))
        # The palette searches in the background: press Enter once the match is highlighted.
        await wait_for(pilot, lambda: palette_match(app, "after-action"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.written is not None, timeout=LIMIT)
        assert screen.report is not None
        assert {p.suffix for p in screen.written} == {".html", ".md"}
        assert all(p.is_file() for p in screen.written)


def palette_match(app, words: str) -> bool:
    """The command palette highlights a command whose prompt contains ``words``."""
    found = app.screen.query(CommandList)
    if not found:
        return False
    commands = found.first()
    option = commands.highlighted_option
    return option is not None and words.lower() in str(option.prompt).lower()


def test_the_ui_starts_without_matplotlib_or_the_analysis():
    code = (
        "import sys, tui.app\n"
        "heavy = ('matplotlib', 'scipy', 'wargame.report', 'engine.analysis.explain.aar')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ""
