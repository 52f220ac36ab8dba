"""The umpire's dialog: change a track, counter or flag, place or remove pieces, or read an
inject — always with a typed reason. It answers with an :class:`Intervention` (checked against
the scenario) or None; the game screen applies it through the session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select

from engine import View
from engine.play.rules.resolving.umpire import KINDS, Intervention, UmpireError, check
from tui.screens.dialogs import Dialog
from tui.widgets.steady_lists import SteadySelect


class UmpireDialog(Dialog[Intervention | None]):
    """Compose one intervention; ctrl+s or Enter in the reason applies, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply", priority=True),
    ]

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view
        self.scenario = view.scenario

    # -- what each kind applies to ------------------------------------------------------
    def _targets(self, kind: str) -> list[tuple[str, str]]:
        s = self.scenario
        values = self.view.values
        if kind == "set":
            named = [(t.id, t.name) for t in s.tracks] + [(c.id, c.name) for c in s.counters]
            return [(f"{name} (now {values.get(ident, '?')})", ident) for ident, name in named]
        if kind == "flag":
            return [
                (f"{f.name} (now {'on' if values.get(f.id) else 'off'})", f.id) for f in s.flags
            ]
        if kind in ("place", "remove"):
            return [(f"{p.symbol} {p.name}", p.id) for p in s.piece_types]
        return []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="umpire"):
            yield Label("Umpire: step into the game", classes="dialog-title")
            with Horizontal(classes="umpire-row"):
                yield Label("Do", classes="umpire-label")
                kinds = [(f"{k}: {text}", k) for k, text in KINDS.items()]
                yield SteadySelect(kinds, value="set", allow_blank=False, id="umpire-kind")
            with Horizontal(classes="umpire-row", id="umpire-target-row"):
                yield Label("What", classes="umpire-label")
                yield SteadySelect(self._targets("set"), allow_blank=False, id="umpire-target")
            with Horizontal(classes="umpire-row", id="umpire-value-row"):
                yield Label("Value", classes="umpire-label")
                yield Input(id="umpire-value", type="integer", placeholder="new value")
            with Horizontal(classes="umpire-row", id="umpire-zone-row"):
                yield Label("Zone", classes="umpire-label")
                zones = [(z.name, z.id) for z in self.scenario.zones]
                yield SteadySelect(zones, allow_blank=False, id="umpire-zone")
            with Horizontal(classes="umpire-row", id="umpire-text-row"):
                yield Label("Inject", classes="umpire-label")
                yield Input(id="umpire-text", placeholder="the news, as read to the room")
            with Horizontal(classes="umpire-row"):
                yield Label("Reason", classes="umpire-label")
                yield Input(id="umpire-reason", placeholder="why the umpire steps in (required)")
            yield Label("", id="umpire-error")
            yield Button("Apply  (ctrl+s)", id="umpire-apply", variant="warning")
            yield Label(
                "Logged with cause 'umpire' and your reason; kept in saves and replays.",
                classes="dialog-note",
            )

    def on_mount(self) -> None:
        self._show_fields("set")
        self.query_one("#umpire-kind", Select).focus()

    def _show_fields(self, kind: str) -> None:
        self.query_one("#umpire-target-row").display = kind != "inject"
        self.query_one("#umpire-value-row").display = kind != "inject"
        self.query_one("#umpire-zone-row").display = kind in ("place", "remove")
        self.query_one("#umpire-text-row").display = kind == "inject"
        hint = {"set": "new value", "flag": "1 on, 0 off", "place": "how many"}
        value = self.query_one("#umpire-value", Input)
        value.placeholder = hint.get(kind, "how many")

    @on(Select.Changed, "#umpire-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = str(event.value)
        target = self.query_one("#umpire-target", Select)
        options = self._targets(kind)
        if options:
            target.set_options(options)
            target.value = options[0][1]
        self._show_fields(kind)

    def intervention(self) -> Intervention:
        """The intervention the fields describe (raises UmpireError when it does not fit)."""
        kind = str(self.query_one("#umpire-kind", Select).value)
        reason = self.query_one("#umpire-reason", Input).value.strip()
        if kind == "inject":
            text = self.query_one("#umpire-text", Input).value.strip()
            iv = Intervention(kind, text, 0, None, reason)
        else:
            raw = self.query_one("#umpire-value", Input).value.strip()
            try:
                value = int(raw)
            except ValueError:
                raise UmpireError("the value must be a whole number") from None
            target = str(self.query_one("#umpire-target", Select).value)
            zone = str(self.query_one("#umpire-zone", Select).value)
            iv = Intervention(
                kind, target, value, zone if kind in ("place", "remove") else None, reason
            )
        check(self.scenario, iv)
        return iv

    @on(Button.Pressed, "#umpire-apply")
    @on(Input.Submitted, "#umpire-reason")
    def action_apply(self) -> None:
        """Apply the intervention, or say what is missing."""
        try:
            iv = self.intervention()
        except UmpireError as exc:
            self.query_one("#umpire-error", Label).update(f"✗ {exc}")
            return
        self.dismiss(iv)

    def action_cancel(self) -> None:
        """Close without intervening."""
        self.dismiss(None)


__all__ = ["UmpireDialog"]
