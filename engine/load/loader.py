"""Reading scenario files: includes, per-file validation, merging — every fault located.

Each file is parsed with positions (:mod:`engine.load.yamlpos`) and validated on its own, so a
pydantic error maps straight back to ``file:line:column``. Included files are merged into one
:class:`Merged` document whose list items remember their origin, for the cross-reference
checks that run afterwards (:mod:`engine.load.build`).
"""

from __future__ import annotations

import hashlib
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, did_you_mean
from engine.load.fingerprint import fingerprint
from engine.load.models import LIST_SECTIONS, SINGLE_SECTIONS, Fragment, ScenarioDocument
from engine.load.yamlpos import LocatedDocument, PathKey, dotted, load_located


@dataclass(frozen=True)
class Origin:
    """Where a merged item came from: its file and its path inside that file."""

    doc: LocatedDocument
    loc: PathKey

    def problem(self, sub: PathKey, message: str, *, key: bool = False, offset: int = 0) -> Problem:
        """A problem at ``sub`` below this item."""
        return self.doc.problem((*self.loc, *sub), message, key=key, offset=offset)


@dataclass
class Merged:
    """The root document plus every included file, merged section by section."""

    root: ScenarioDocument
    root_doc: LocatedDocument
    items: dict[str, list[tuple[Any, Origin]]] = field(default_factory=dict)
    singles: dict[str, tuple[Any, Origin]] = field(default_factory=dict)
    briefings: dict[str, tuple[str, Origin]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    content_hash: str = ""
    #: Ids switched off by a variant (still known to ``exclude_cards``).
    disabled: set[str] = field(default_factory=set)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_scenario_files(
    path: Path, *, as_fragment: bool = False
) -> tuple[Merged | None, list[Problem]]:
    """Load ``path`` and its includes; return the merged document and every problem found.

    With ``as_fragment``, the file is checked as a shared part (no id or title needed) and
    no merged document is returned.
    """
    problems: list[Problem] = []
    fragments: list[tuple[Fragment, LocatedDocument, Path]] = []
    _visit(path.resolve(), [], set(), fragments, problems, None, as_fragment)
    if as_fragment:
        return None, problems
    if not fragments:
        return None, problems
    root_fragment, root_doc, _ = fragments[-1]
    if not isinstance(root_fragment, ScenarioDocument):
        return None, problems
    merged = Merged(root=root_fragment, root_doc=root_doc)
    for fragment, doc, file_path in fragments:
        merged.files.append(file_path)
        _merge(merged, fragment, doc, problems)
    # A fingerprint of what the rules do, from the merged models: comments, layout, key
    # order and where the files live do not change it (engine.load.fingerprint).
    merged.content_hash = fingerprint(merged)
    return merged, problems


#: Parsed and validated scenario files by resolved path, with a digest of each file read:
#: variants of one scenario (an ablation loads dozens) parse the YAML only once.
_CACHE: dict[Path, tuple[tuple[tuple[Path, bytes], ...], Merged]] = {}


def read_scenario_files_cached(path: Path) -> tuple[Merged | None, list[Problem]]:
    """:func:`read_scenario_files` with a per-process cache, returning a private copy.

    The copy shares the (immutable) models but not the lists holding them, so a variant may
    replace or drop items. Any change to a file's bytes reloads it (hashing is far cheaper
    than parsing, and unlike modification times it cannot miss a quick rewrite).
    """
    key = path.resolve()
    hit = _CACHE.get(key)
    if hit is not None and all(_digest(f) == d for f, d in hit[0]):
        return _copy(hit[1]), []
    merged, problems = read_scenario_files(path)
    if merged is not None and not problems:
        digests = tuple((f, _digest(f)) for f in merged.files)
        if all(d for _, d in digests):
            _CACHE[key] = (digests, _copy(merged))
    return merged, problems


def _digest(path: Path) -> bytes:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return b""


def _copy(merged: Merged) -> Merged:
    return Merged(
        root=merged.root,
        root_doc=merged.root_doc,
        items={section: list(bucket) for section, bucket in merged.items.items()},
        singles=dict(merged.singles),
        briefings=dict(merged.briefings),
        files=list(merged.files),
        content_hash=merged.content_hash,
        disabled=set(merged.disabled),
    )


def _visit(
    path: Path,
    stack: list[Path],
    seen: set[Path],
    out: list[tuple[Fragment, LocatedDocument, Path]],
    problems: list[Problem],
    include_origin: Origin | None,
    as_fragment: bool = False,
) -> None:
    """Depth-first: a file's includes come before the file itself; each file once."""
    if path in stack:
        chain = " -> ".join(display_path(p) for p in [*stack, path])
        assert include_origin is not None
        problems.append(include_origin.problem((), f"cyclic include: {chain}"))
        return
    if path in seen:
        return
    seen.add(path)
    doc, found = load_located(path, display_path(path))
    problems.extend(found)
    if doc.data is None:
        return
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "the file must be a mapping of sections (key: value)"))
        return
    model = ScenarioDocument if not (stack or as_fragment) else Fragment
    fragment = _validate(model, doc, problems)
    includes = doc.data.get("include", [])
    if isinstance(includes, list):
        for i, name in enumerate(includes):
            if not isinstance(name, str):
                continue
            origin = Origin(doc, ("include", i))
            target = (path.parent / name).resolve()
            if not target.is_file():
                siblings = (
                    [p.name for p in target.parent.glob("*.yaml")] if target.parent.is_dir() else []
                )
                hint = did_you_mean(target.name, siblings)
                problems.append(origin.problem((), f"included file '{name}' not found{hint}"))
                continue
            _visit(target, [*stack, path], seen, out, problems, origin, as_fragment)
    if fragment is not None:
        out.append((fragment, doc, path))


def _validate(
    model: type[Fragment], doc: LocatedDocument, problems: list[Problem]
) -> Fragment | None:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        # A union (e.g. "a number or an expression") fails once per member at the same
        # place: merge those into one problem that lists what would have been accepted.
        by_place: dict[tuple[str, int, int, str], Problem] = {}
        for error in exc.errors():
            problem = _problem_from_error(model, doc, error)
            place = (problem.path, problem.line, problem.column, problem.key)
            if place in by_place and error["type"] not in ("missing", "extra_forbidden"):
                first = by_place[place]
                message = _merge_alternatives(first.message, problem.message)
                by_place[place] = Problem(*place, message)
            else:
                by_place.setdefault(place, problem)
        problems.extend(by_place.values())
        return None


def _merge_alternatives(first: str, second: str) -> str:
    """'Input should be a valid integer (got x)' + '... a valid string' → one message."""
    got = ""
    if " (got " in first:
        first, got = first.split(" (got ", 1)
        got = " (got " + got
    second = second.split(" (got ", 1)[0].removeprefix("Input should be ")
    return f"{first} or {second}{got}"


def _problem_from_error(model: type[BaseModel], doc: LocatedDocument, error: Any) -> Problem:
    loc = _data_path(doc.data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(name, allowed) if allowed else ""
        return doc.problem(loc, f"unknown key '{name}'{hint}", key=True)
    if kind == "missing" and isinstance(error["loc"][-1], int):
        return doc.problem(
            loc[:-1] if loc and loc[-1] == error["loc"][-1] else loc,
            f"too few items: item {error['loc'][-1]} is missing",
        )
    if kind == "literal_error":
        value = str(error.get("input"))
        choices = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        hint = did_you_mean(value, choices)
        return doc.problem(loc, f"'{value}' is not one of {', '.join(choices)}{hint}")
    if kind == "missing":
        missing = str(error["loc"][-1])
        found = doc.problem(loc, f"missing required key '{missing}'")
        return Problem(found.path, found.line, found.column, dotted((*loc, missing)), found.message)
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    if kind not in ("value_error", "assertion_error") and not isinstance(value, dict | list):
        shown = repr(value)
        message += f" (got {shown[:60] + '…' if len(shown) > 60 else shown})"
    return doc.problem(loc, message)


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Keep only the parts of a pydantic ``loc`` that index the actual data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in node:
            # A key pydantic expected (missing) or a union member tag: stop or skip.
            continue
    return tuple(out)


def _fields_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    """The keys allowed at ``loc`` below ``model`` (by alias), for did-you-mean hints."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field_info = next(
            (f for n, f in current.model_fields.items() if (f.alias or n) == part), None
        )
        if field_info is None:
            return []
        current = field_info.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/list/dict wrappers down to a model class when there is one."""
    for _ in range(4):
        args = typing.get_args(annotation)
        if not args:
            return annotation
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[0]
        nested = [a for a in args if typing.get_args(a)]
        if not nested:
            return annotation
        annotation = nested[-1]
    return annotation


def _merge(
    merged: Merged, fragment: Fragment, doc: LocatedDocument, problems: list[Problem]
) -> None:
    for section in LIST_SECTIONS:
        values = getattr(fragment, section)
        bucket = merged.items.setdefault(section, [])
        for i, item in enumerate(values):
            bucket.append((item, Origin(doc, (section, i))))
    for section in SINGLE_SECTIONS:
        value = getattr(fragment, section)
        if value is None:
            continue
        if section in merged.singles:
            first = merged.singles[section][1]
            problems.append(
                doc.problem(
                    (section,),
                    f"'{section}' is already given in {first.doc.path}; give it in one file only",
                    key=True,
                )
            )
            continue
        merged.singles[section] = (value, Origin(doc, (section,)))
    for actor, text in fragment.briefings.items():
        merged.briefings[actor] = (text, Origin(doc, ("briefings", actor)))
