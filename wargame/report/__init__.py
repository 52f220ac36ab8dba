"""After-action reports rendered for people: Markdown, and one self-contained HTML file.

The numbers come from :mod:`engine.analysis.explain.aar` (one game) and
:mod:`engine.analysis.explain.batch_report` (a batch); :mod:`wargame.report.game` and
:mod:`wargame.report.batch` turn them into a :class:`~wargame.report.document.Document`,
which :mod:`~wargame.report.markdown` and :mod:`~wargame.report.html` render. Only HTML draws
charts, so Markdown alone never imports Matplotlib.

    doc = document(game_report(scenario, seed, actions))
    Path("aar.html").write_text(render_html(doc))
"""

from __future__ import annotations

from engine.analysis.explain.aar import GameReport
from engine.analysis.explain.batch_report import BatchReport
from wargame.report.batch import batch_document
from wargame.report.document import Document
from wargame.report.game import game_document
from wargame.report.html import render_html
from wargame.report.markdown import render_markdown


def document(report: GameReport | BatchReport) -> Document:
    """The document of a one-game or a batch report."""
    if isinstance(report, BatchReport):
        return batch_document(report)
    return game_document(report)


__all__ = [
    "Document",
    "batch_document",
    "document",
    "game_document",
    "render_html",
    "render_markdown",
]
