"""The shipped scenarios: found beside the ``scenarios`` package, installed or editable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import scenarios
from engine.errors import did_you_mean

_ID = re.compile(r"^id:\s*['\"]?([a-z][a-z0-9-]*)['\"]?\s*$", re.MULTILINE)
_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_SUMMARY = re.compile(r"^summary:\s*(.+?)\s*$", re.MULTILINE)
_BASE = re.compile(r"^base:", re.MULTILINE)


@dataclass(frozen=True)
class Entry:
    """A shipped scenario: its id, title, one-line summary and file."""

    id: str
    title: str
    summary: str
    path: Path


def scenarios_dir() -> Path:
    """The folder holding the shipped YAML."""
    return Path(scenarios.__file__).parent


def is_scenario_file(path: str | Path) -> bool:
    """Whether ``path`` is a scenario (a top-level ``id:``) rather than a shared part or a
    variant file (see :mod:`engine.load.read.verdict`)."""
    from engine.load.read.verdict import Kind, kind_of

    return kind_of(path)[0] is Kind.SCENARIO


def shipped() -> list[Entry]:
    """Every shipped scenario (files with a top-level ``id:``), sorted by id."""
    out = []
    for path in sorted(scenarios_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = _ID.search(text)
        if not found:
            continue
        title = _TITLE.search(text)
        summary = _SUMMARY.search(text)
        if _BASE.search(text):  # a variant file: its why is its summary
            why = _variant_why(text)
            if why:
                out.append(Entry(found.group(1), _title(title, found), why, path))
                continue
        out.append(
            Entry(
                found.group(1),
                title.group(1).strip("'\"") if title else found.group(1),
                summary.group(1).strip("'\"") if summary else "",
                path,
            )
        )
    return sorted(out, key=lambda e: e.id)


def _title(title: re.Match[str] | None, found: re.Match[str]) -> str:
    return title.group(1).strip("'\"") if title else found.group(1)


def _variant_why(text: str) -> str:
    import yaml

    try:  # (libyaml's safe loader where there is one: `wargame list` reads every variant)
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return ""
    why = data.get("why") if isinstance(data, dict) else None
    return " ".join(why.split()) if isinstance(why, str) else ""


class UnknownScenarioError(ValueError):
    """Neither a file nor a shipped scenario id."""


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the system, a NUL byte
        return False


def shipped_path(ref: str) -> Path | None:
    """The file of the shipped scenario ``ref``, if there is one."""
    return next((e.path for e in shipped() if e.id == ref), None)


def unknown_scenario(ref: str) -> str:
    """Why ``ref`` names no scenario, with a did-you-mean among the shipped ids."""
    entries = shipped()
    shown = ref if len(ref) <= 80 else ref[:77] + "…"
    hint = did_you_mean(ref, [e.id for e in entries])
    ids = ", ".join(e.id for e in entries)
    return f"unknown scenario '{shown}'{hint}: not a file, and not a shipped id ({ids})"


def resolve(ref: str | Path) -> Path:
    """A scenario file from a path or a shipped id."""
    path = Path(ref)
    if _is_file(path):
        return path
    found = shipped_path(str(ref))
    if found is None:
        raise UnknownScenarioError(unknown_scenario(str(ref)))
    return found
