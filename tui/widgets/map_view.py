"""The map: zones drawn at their positions, joined by their adjacencies, with their pieces."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from engine import View
from tui.text import actor_style


class MapView(Widget):
    """Draws ``view``'s board; ``highlight`` marks zones a chosen card could target.

    Posts :class:`MapView.ZoneClicked` when a zone is clicked.
    """

    class ZoneClicked(Message):
        """A zone was clicked on the map."""

        def __init__(self, zone: str) -> None:
            self.zone = zone
            super().__init__()

    ALLOW_MAXIMIZE = True
    can_focus = True

    view: reactive[View | None] = reactive(None, always_update=True)
    highlight: reactive[frozenset[str]] = reactive(frozenset())
    selected: reactive[str | None] = reactive(None)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._boxes: list[tuple[str, int, int, int, int]] = []  # zone, x, y, w, h
        self._zone_layout_key: tuple | None = None
        self._zone_layout: dict[str, tuple[int, int, int, int, str]] = {}

    def render(self) -> Text:
        view = self.view
        width, height = self.size.width, self.size.height
        if view is None or width < 8 or height < 3:
            return Text("")
        scenario = view.scenario
        chars = [[" "] * width for _ in range(height)]
        styles: list[list[str]] = [[""] * width for _ in range(height)]
        zones = scenario.zones
        # two rows per zone (name, pieces) when there is room, else one row for both
        tall = height >= 2 * len(zones) or height >= 10
        tokens = {z.id: self._tokens(view, z.id) for z in zones}
        boxes = self._layout(view, tokens, width, height, tall)
        # adjacencies as dotted lines between label centres, drawn first (labels cover them)
        for zone in zones:
            x0, y0, _, _, n0 = boxes[zone.id]
            for other in zone.adjacent:
                if other not in boxes or (other < zone.id and zone.id in _adj(scenario, other)):
                    continue
                x1, y1, _, _, n1 = boxes[other]
                _line(chars, styles, x0 + len(n0) // 2, y0, x1 + len(n1) // 2, y1)
        self._boxes = []
        for zone in zones:
            x, y, w, h, name = boxes[zone.id]
            style = "bold"
            if zone.id in self.highlight:
                style = "bold black on yellow"
            if zone.id == self.selected:
                style += " underline"
            _put(chars, styles, x, y, name, style)
            col, row = (x, y + 1) if tall else (x + len(name) + 1, y)
            for token, token_style in tokens[zone.id]:
                _put(chars, styles, col, row, token, token_style)
                col += len(token)
            self._boxes.append((zone.id, x, y, w, h))
        out = Text()
        for row in range(height):
            line = Text()
            run_style, run = styles[row][0], ""
            for col in range(width):
                if styles[row][col] != run_style:
                    line.append(run, style=run_style or None)
                    run_style, run = styles[row][col], ""
                run += chars[row][col]
            line.append(run, style=run_style or None)
            out.append_text(line)
            if row < height - 1:
                out.append("\n")
        return out

    def _layout(self, view, tokens, width: int, height: int, tall: bool):
        """Place every zone label without overlaps, shortening names until they all fit."""
        zones = view.scenario.zones
        key = (width, height, tall, tuple(sum(len(t) for t, _ in tokens[z.id]) for z in zones))
        if self._zone_layout_key == key:
            return self._zone_layout
        widths = [w for w in (18, 14, 11, 8, 6, 4, 3) if w <= max(3, width // 3)] or [3]
        boxes: dict[str, tuple[int, int, int, int, str]] = {}
        for attempt, label_w in enumerate(widths):
            last = attempt == len(widths) - 1
            boxes, ok = {}, True
            taken: set[tuple[int, int]] = set()
            for zone in zones:
                name = zone.name[:label_w]
                pieces_w = sum(len(t) for t, _ in tokens[zone.id])
                w = max(len(name), pieces_w) if tall else len(name) + 1 + pieces_w
                h = 2 if tall else 1
                x0 = round(zone.pos[0] / 100 * max(0, width - w))
                y0 = round(zone.pos[1] / 100 * max(0, height - h))
                spot = _free_spot(taken, x0, y0, w, h, width, height, wide=last)
                if spot is None:
                    ok = False
                    if not last:
                        break
                    spot = (x0, y0)
                x, y = spot
                taken |= {(xx, yy) for xx in range(x - 1, x + w + 1) for yy in range(y, y + h)}
                boxes[zone.id] = (x, y, w, h, name)
            if ok:
                break
        self._zone_layout_key, self._zone_layout = key, boxes
        return boxes

    @staticmethod
    def _tokens(view: View, zone_id: str) -> list[tuple[str, str]]:
        """The pieces of a zone as (text, style) tokens, e.g. ``m3 `` in its owner's colour."""
        scenario = view.scenario
        pieces = view.board.get(zone_id, {})
        out = []
        for piece in scenario.piece_types:
            count = pieces.get(piece.id, 0)
            if count:
                token = piece.symbol + (str(count) if count > 1 else "") + " "
                out.append((token, f"bold {actor_style(scenario, piece.owner)}"))
        return out

    def zone_at(self, x: int, y: int) -> str | None:
        """The zone drawn at (x, y), if any (its name row or its pieces row)."""
        for zone, zx, zy, w, h in self._boxes:
            if zy <= y < zy + h and zx <= x < zx + max(w, 1):
                return zone
        return None

    def on_click(self, event) -> None:
        zone = self.zone_at(event.x, event.y)
        if zone is not None:
            self.post_message(self.ZoneClicked(zone))


def _free_spot(
    taken: set[tuple[int, int]],
    x0: int,
    y0: int,
    w: int,
    h: int,
    width: int,
    height: int,
    *,
    wide: bool = False,
) -> tuple[int, int] | None:
    """The free place nearest to (x0, y0) for a w×h label, or None.

    Searches a window around the wanted place; ``wide`` searches the whole map.
    """
    xmax, ymax = max(0, width - w), max(0, height - h)
    dx_span, dy_span = (width, height) if wide else (10, 2)
    spots = sorted(
        (
            (x, y)
            for x in range(max(0, x0 - dx_span), min(xmax, x0 + dx_span) + 1)
            for y in range(max(0, y0 - dy_span), min(ymax, y0 + dy_span) + 1)
        ),
        key=lambda p: (abs(p[0] - x0) + 3 * abs(p[1] - y0), p),
    )
    for x, y in spots:
        if all((xx, yy) not in taken for xx in range(x, x + w) for yy in range(y, y + h)):
            return x, y
    return None


def _adj(scenario, zone_id: str) -> list[str]:
    return next((z.adjacent for z in scenario.zones if z.id == zone_id), [])


def _put(chars, styles, x: int, y: int, text: str, style: str) -> None:
    if not 0 <= y < len(chars):
        return
    for i, ch in enumerate(text):
        if 0 <= x + i < len(chars[y]):
            chars[y][x + i] = ch
            styles[y][x + i] = style


def _line(chars, styles, x0: int, y0: int, x1: int, y1: int) -> None:
    """A dim dotted line (Bresenham), drawn under labels."""
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    x, y = x0, y0
    while True:
        if 0 <= y < len(chars) and 0 <= x < len(chars[y]) and chars[y][x] == " ":
            chars[y][x] = "·"
            styles[y][x] = "grey50"
        if x == x1 and y == y1:
            break
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x += sx
        if e2 <= dx:
            err += dx
            y += sy
