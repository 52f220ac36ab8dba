"""The map: zones drawn at their positions, joined by their adjacencies, with their pieces."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from engine import View
from tui.text import actor_style, fit

#: Arrow keys as (dx, dy) on the map's 0–100 positions.
_DIRECTIONS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}


class MapView(Widget):
    """Draws ``view``'s board; ``highlight`` marks zones a chosen card could target.

    Each zone's pieces sit beside its name in brackets (or under it when there is room), and
    a legend of the piece symbols closes the map. With the map focused, the arrow keys move
    from zone to zone (the selected zone's full name shows) and Enter acts on it.
    Posts :class:`MapView.ZoneClicked` when a zone is clicked or Enter is pressed on it, and
    :class:`MapView.ZoneSelected` when the arrow keys select one.
    """

    BINDINGS = [
        Binding("left", "step('left')", "West", show=False),
        Binding("right", "step('right')", "East", show=False),
        Binding("up", "step('up')", "North", show=False),
        Binding("down", "step('down')", "South", show=False),
        Binding("enter", "choose", "Act on zone", show=False),
    ]

    class ZoneClicked(Message):
        """A zone was clicked on the map (or Enter pressed on the selected one)."""

        def __init__(self, zone: str) -> None:
            self.zone = zone
            super().__init__()

    class ZoneSelected(Message):
        """The arrow keys selected a zone."""

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
        self._reserved: dict[str, int] = {}  # room kept for each zone's pieces

    def render(self) -> Text:
        view = self.view
        width, height = self.size.width, self.size.height
        if view is None or width < 8 or height < 3:
            return Text("")
        scenario = view.scenario
        legend = _legend(view, width, rows=1 if height < 20 else 2) if height >= 8 else []
        height -= len(legend)
        chars = [[" "] * width for _ in range(height)]
        styles: list[list[str]] = [[""] * width for _ in range(height)]
        zones = scenario.zones
        # two rows per zone (name, pieces) when there is room, else one row for both
        tall = height >= 2 * len(zones)
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
                style += " underline reverse" if self.has_focus else " underline"
                name = zone.name[: max(len(name), width - x)]  # the selected zone: in full
            _put(chars, styles, x, y, name, style)
            if not tall and tokens[zone.id]:
                _put(chars, styles, x + len(name), y, " ", "")  # no line between name and pieces
            col, row = (x + 1, y + 1) if tall else (x + len(name) + 1, y)
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
        for line in legend:
            out.append("\n")
            out.append_text(line)
        return out

    # -- the keyboard --------------------------------------------------------------------
    def action_step(self, direction: str) -> None:
        """Select the nearest zone in ``direction`` (by the zones' map positions)."""
        view = self.view
        if view is None or not view.scenario.zones:
            return
        zones = {z.id: z.pos for z in view.scenario.zones}
        current = self.selected if self.selected in zones else None
        if current is None:
            self._select(next(iter(zones)))
            return
        dx, dy = _DIRECTIONS[direction]
        x0, y0 = zones[current]
        best, best_cost = None, None
        for zone, (x, y) in zones.items():
            along = (x - x0) * dx + (y - y0) * dy
            if zone == current or along <= 0:
                continue
            across = abs((x - x0) * dy) + abs((y - y0) * dx)
            cost = along + 2 * across  # straight ahead first, then the least off course
            if best_cost is None or cost < best_cost:
                best, best_cost = zone, cost
        if best is not None:
            self._select(best)

    def _select(self, zone: str) -> None:
        self.selected = zone
        self.post_message(self.ZoneSelected(zone))

    def action_choose(self) -> None:
        """Act on the selected zone as a click would."""
        if self.selected is not None:
            self.post_message(self.ZoneClicked(self.selected))

    def on_focus(self) -> None:
        if self.selected is None and self.view is not None and self.view.scenario.zones:
            self._select(self.view.scenario.zones[0].id)
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _layout(self, view, tokens, width: int, height: int, tall: bool):
        """Place every zone label without overlaps, shortening names (with …) until they fit."""
        zones = view.scenario.zones
        # Room for pieces in steps of 6 cells: a zone gaining or losing a piece keeps its
        # place unless it crosses a step, and the layout depends only on what is on the board
        # (never on which frames happened to be drawn), so equal boards draw alike.
        self._reserved = {z.id: -(-sum(len(t) for t, _ in tokens[z.id]) // 6) * 6 for z in zones}
        key = (width, height, tall, tuple(self._reserved[z.id] for z in zones))
        if self._zone_layout_key == key:
            return self._zone_layout
        longest = max((len(z.name) for z in zones), default=3)
        tries = sorted({longest, 24, 18, 14, 11}, reverse=True)
        # Whole names (cut with …) while they fit; then each name's first word, which reads
        # better on a small map than the first letters of a long name ("Homs", not "Ho…").
        widths = [(w, False) for w in tries if w <= max(3, min(longest, width // 3))]
        widths += [(w, True) for w in (10, 8, 7, 6, 5, 4, 3)]
        boxes: dict[str, tuple[int, int, int, int, str]] = {}
        for attempt, (label_w, short) in enumerate(widths):
            last = attempt == len(widths) - 1
            boxes, ok = {}, True
            taken: set[tuple[int, int]] = set()
            for zone in zones:
                name = fit(_first_word(zone.name) if short else zone.name, label_w)
                pieces_w = self._reserved[zone.id]
                w = max(len(name), pieces_w + 1) if tall else len(name) + 1 + pieces_w
                h = 2 if tall else 1
                x0 = round(zone.pos[0] / 100 * max(0, width - w))
                y0 = round(zone.pos[1] / 100 * max(0, height - h))
                spot = _free_spot(taken, x0, y0, w, h, width, height, wide=last or short)
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
        """The pieces of a zone as (text, style) tokens, e.g. ``m3`` in its owner's colour."""
        scenario = view.scenario
        pieces = view.board.get(zone_id, {})
        out = []
        for piece in scenario.piece_types:
            count = pieces.get(piece.id, 0)
            if count:
                token = piece.symbol + (str(count) if count > 1 else "") + " "
                out.append((token, f"bold {actor_style(scenario, piece.owner)}"))
        for owner, count in sorted(view.unknown.get(zone_id, {}).items()):
            # another side's face-down pieces: "?" in its colour, their type unseen
            token = "?" + (str(count) if count > 1 else "") + " "
            out.append((token, f"bold {actor_style(scenario, owner)}"))
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


def _first_word(name: str) -> str:
    """``Homs and the T4 air base`` → ``Homs``; ``Al-Bukamal crossing`` → ``Al-Bukamal``."""
    word = name.split()[0] if name.split() else name
    return word.strip("(),;:") or name


def _legend(view: View, width: int, rows: int = 2) -> list[Text]:
    """The piece symbols with their names (and owner's colour), in at most ``rows`` rows
    (the zone detail and the zoomed map show it whole)."""
    scenario = view.scenario
    lines: list[Text] = [Text(no_wrap=True, overflow="ellipsis")]
    for piece in scenario.piece_types:
        entry = Text()
        entry.append(piece.symbol, style=f"bold {actor_style(scenario, piece.owner)}")
        entry.append(f" {piece.name}  ", style="dim")
        if lines[-1].cell_len + entry.cell_len > width and lines[-1].cell_len:
            if len(lines) == rows:
                entry.truncate(max(0, width - lines[-1].cell_len - 1))
                lines[-1].append_text(entry)
                lines[-1].append("…", style="dim")
                break
            lines.append(Text(no_wrap=True, overflow="ellipsis"))
        lines[-1].append_text(entry)
    for line in lines:
        line.truncate(width)
    return lines


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
