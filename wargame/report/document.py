"""A report as a list of blocks, rendered to Markdown or HTML by sibling modules.

Text in blocks is plain, with two inline marks both renderers understand: ``**bold**`` and
```code```. Figures hold a function that draws their SVG, so Markdown (which shows no charts)
never imports Matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A section title; ``level`` 2 for sections, 3 for subsections."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text."""

    text: str
    #: "note" for small print (how to read, limits).
    style: str = ""


@dataclass(frozen=True)
class Bullets:
    """A list; ``ordered`` numbers it. An item may carry sub-items."""

    items: tuple[str | tuple[str, tuple[str, ...]], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """A table; ``numeric`` marks columns aligned right."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Figure:
    """A chart: ``draw()`` returns inline SVG (only the HTML renderer calls it)."""

    caption: str
    draw: Callable[[], str]


Block = Heading | Paragraph | Bullets | Table | Figure


@dataclass
class Document:
    """A whole report: a title, a line under it, and blocks."""

    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        """Append blocks."""
        self.blocks.extend(blocks)

    def sections(self) -> list[str]:
        """The titles of the level-2 sections, in order."""
        return [b.text for b in self.blocks if isinstance(b, Heading) and b.level == 2]


__all__ = ["Block", "Bullets", "Document", "Figure", "Heading", "Paragraph", "Table"]
