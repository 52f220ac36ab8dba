"""Reading scenario files: includes, per-file validation, merging — every fault located.

Each file is parsed with positions (:mod:`engine.load.read.yamlpos`) and validated on its own, so a
pydantic error maps straight back to ``file:line:column``. Included files are merged into one
:class:`Merged` document whose list items remember their origin, for the cross-reference
checks that run afterwards (:mod:`engine.load.check.build`).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, did_you_mean, omitted
from engine.load.fingerprint import fingerprint
from engine.load.limits import MAX_FILES, MAX_MAGNITUDE, MAX_PROBLEMS_PER_FILE
from engine.load.models import LIST_SECTIONS, SINGLE_SECTIONS, Fragment, ScenarioDocument
from engine.load.models.base import RowError
from engine.load.read.hints import deal_ids, offer_hint, type_hint
from engine.load.read.yamlpos import Budget, LocatedDocument, PathKey, dotted, load_located

#: Any pydantic model the loader validates a parsed file into.
ModelT = TypeVar("ModelT", bound=BaseModel)


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
    path: Path,
    *,
    as_fragment: bool = False,
    allow: Iterable[str | Path] = (),
    budget: Budget | None = None,
) -> tuple[Merged | None, list[Problem]]:
    """Load ``path`` and its includes; return the merged document and every problem found.

    With ``as_fragment``, the file is checked as a shared part (no id or title needed) and
    no merged document is returned. Includes must lie under ``path``'s folder, a folder in
    ``allow`` or one allowed for the whole process (:func:`allow_includes`); all the files
    read share one ``budget`` of bytes, values and files (:mod:`engine.load.limits`).
    """
    problems: list[Problem] = []
    fragments: list[tuple[Fragment, LocatedDocument, Path]] = []
    root = resolved(path)
    reading = _Reading(include_roots(root, allow), budget or Budget(), fragments, problems)
    reading.visit(root, [], None, as_fragment)
    reading.name_deals()
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
_CACHE: dict[tuple[Path, tuple[Path, ...]], tuple[tuple[tuple[Path, bytes], ...], Merged]] = {}


def read_scenario_files_cached(
    path: Path, *, allow: Iterable[str | Path] = (), budget: Budget | None = None
) -> tuple[Merged | None, list[Problem]]:
    """:func:`read_scenario_files` with a per-process cache, returning a private copy.

    The copy shares the (immutable) models but not the lists holding them, so a variant may
    replace or drop items. Any change to a file's bytes reloads it (hashing is far cheaper
    than parsing, and unlike modification times it cannot miss a quick rewrite).
    """
    root = resolved(path)
    key = (root, include_roots(root, allow))
    hit = _CACHE.get(key)
    if hit is not None and all(_digest(f) == d for f, d in hit[0]):
        return _copy(hit[1]), []
    merged, problems = read_scenario_files(path, allow=allow, budget=budget)
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


# -- includes ----------------------------------------------------------------------------
#: Folders every scenario loaded in this process may include from (``--allow-includes``).
_ALLOWED: list[Path] = []


def allow_includes(folders: Iterable[str | Path]) -> None:
    """Let every scenario loaded from now on in this process (and in the worker processes
    it forks) include files under ``folders`` too, beside its own folder."""
    _ALLOWED[:] = [resolved(Path(f)) for f in folders]


def resolved(path: Path) -> Path:
    """``path`` made absolute with symbolic links resolved, as far as that is possible (a
    link loop or an odd name is left for reading to report)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


def include_roots(root: Path, allow: Iterable[str | Path] = ()) -> tuple[Path, ...]:
    """The folders a scenario file ``root`` may include from: its own, and those allowed."""
    extra = [resolved(Path(f)) for f in allow]
    return tuple(dict.fromkeys([root.parent, *extra, *_ALLOWED]))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    if isinstance(exc, RuntimeError):
        return "a loop of symbolic links"
    return str(exc)


def _siblings(folder: Path, limit: int = 1000) -> list[str]:
    """Up to ``limit`` names of ``.yaml`` files in ``folder``, for a did-you-mean."""
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".yaml"):
                    names.append(entry.name)
                    if len(names) >= limit:
                        break
    except (OSError, ValueError):
        return []
    return names


@dataclass
class _Reading:
    """One scenario's files being read: where includes may come from, what is left."""

    roots: tuple[Path, ...]
    budget: Budget
    out: list[tuple[Fragment, LocatedDocument, Path]]
    problems: list[Problem]
    seen: set[Path] = field(default_factory=set)
    #: Every file read, and the offers written as mappings (see :meth:`name_deals`).
    docs: list[LocatedDocument] = field(default_factory=list)
    offers: list[OfferNote] = field(default_factory=list)

    def visit(
        self,
        path: Path,
        stack: list[Path],
        include_origin: Origin | None,
        as_fragment: bool = False,
    ) -> None:
        """Depth-first: a file's includes come before the file itself; each file once."""
        problems = self.problems
        if path in stack:
            chain = " -> ".join(display_path(p) for p in [*stack, path])
            assert include_origin is not None
            problems.append(include_origin.problem((), f"cyclic include: {chain}"))
            return
        if path in self.seen:
            return
        self.seen.add(path)
        self.budget.files -= 1
        if self.budget.files < 0:
            assert include_origin is not None
            message = f"a scenario may read at most {MAX_FILES} files (with all its includes)"
            problems.append(include_origin.problem((), message))
            return
        doc, found = load_located(path, display_path(path), self.budget)
        problems.extend(found)
        if doc.data is None:
            return
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), "the file must be a mapping of sections (key: value)"))
            return
        model = ScenarioDocument if not (stack or as_fragment) else Fragment
        self.docs.append(doc)
        fragment = _validate(model, doc, problems, self.offers)
        includes = doc.data.get("include", [])
        if isinstance(includes, list):
            for i, name in enumerate(includes):
                if not isinstance(name, str):
                    continue
                origin = Origin(doc, ("include", i))
                target, problem = self.target(path, name, origin)
                if problem is not None:
                    problems.append(problem)
                    continue
                self.visit(target, [*stack, path], origin, as_fragment)
        if fragment is not None:
            self.out.append((fragment, doc, path))

    def name_deals(self) -> None:
        """Reword each offer written as a mapping with the deals of every file read: a file
        is validated before its includes are read, so it alone named them at first."""
        if not self.offers:
            return
        deals = deal_ids(doc.data for doc in self.docs)
        for doc, loc, value in self.offers:
            first = doc.problem(loc, offer_hint(value, deal_ids([doc.data])))
            if first in self.problems:
                self.problems[self.problems.index(first)] = doc.problem(
                    loc, offer_hint(value, deals)
                )

    def target(self, path: Path, name: str, origin: Origin) -> tuple[Path, Problem | None]:
        """The file an include names, or the problem with it: only regular files under the
        scenario's folder (or an allowed one) may be read."""
        try:
            target = (path.parent / name).resolve()
        except (OSError, RuntimeError, ValueError) as exc:
            return path, origin.problem(
                (), f"included file '{name}' cannot be read: {_reason(exc)}"
            )
        if not any(target.is_relative_to(root) for root in self.roots):
            home = display_path(self.roots[0])
            message = (
                f"included file '{name}' is outside the scenario's folder ({home}); a "
                "scenario may include only files under its own folder (allow another "
                "folder with --allow-includes DIR)"
            )
            return target, origin.problem((), message)
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            # Suggest names as the include wrote them, folder included ('tutorial/map.yaml').
            folder = os.path.dirname(name)
            hint = did_you_mean(name, [os.path.join(folder, s) for s in _siblings(target.parent)])
            return target, origin.problem((), f"included file '{name}' not found{hint}")
        except (OSError, ValueError) as exc:
            return target, origin.problem(
                (), f"included file '{name}' cannot be read: {_reason(exc)}"
            )
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            return target, origin.problem((), f"included file '{name}' is {what}")
        return target, None


def _validate(
    model: type[ModelT],
    doc: LocatedDocument,
    problems: list[Problem],
    offers: list[OfferNote] | None = None,
) -> ModelT | None:
    """``model`` validated from ``doc``, or None with the problems appended (``offers``
    collects the offers written as mappings, to be named among every file's deals)."""
    problems.extend(_magnitudes(doc))
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        # A union (e.g. "a number or an expression") fails once per member at the same
        # place: merge those into one problem that lists what would have been accepted.
        by_place: dict[tuple[str, int, int, str], Problem] = {}
        errors = exc.errors()
        for n, error in enumerate(errors):
            if len(by_place) >= MAX_PROBLEMS_PER_FILE:  # the rest are only counted
                problems.append(omitted(doc.path, len(errors) - n))
                break
            problem = _problem_from_error(model, doc, error, offers)
            place = (problem.path, problem.line, problem.column, problem.key)
            if place in by_place and error["type"] not in ("missing", "extra_forbidden"):
                first = by_place[place]
                message = _merge_alternatives(first.message, problem.message)
                by_place[place] = Problem(*place, message)
            else:
                by_place.setdefault(place, problem)
        problems.extend(by_place.values())
        return None


def _magnitudes(doc: LocatedDocument) -> list[Problem]:
    """A problem for each number past ``MAX_MAGNITUDE`` (in any file of a scenario)."""
    out = []
    for loc, value in doc.large[:MAX_PROBLEMS_PER_FILE]:
        shown = str(value) if len(str(value)) <= 16 else f"{str(value)[:12]}…"
        message = f"{shown} is too large: numbers lie within ±{MAX_MAGNITUDE:,}"
        out.append(doc.problem(loc, message))
    return out


def _merge_alternatives(first: str, second: str) -> str:
    """'Input should be a valid integer (got x)' + '... a valid string' → one message."""
    if first == second:
        return first
    got = ""
    if " (got " in first:
        first, got = first.split(" (got ", 1)
        got = " (got " + got
    second = second.split(" (got ", 1)[0].removeprefix("Input should be ")
    return f"{first} or {second}{got}"


#: An ``offer:`` written as a mapping: its file, place and value (see :func:`offer_hint`).
OfferNote = tuple[LocatedDocument, PathKey, dict[str, Any]]


def _problem_from_error(
    model: type[BaseModel],
    doc: LocatedDocument,
    error: Any,
    offers: list[OfferNote] | None = None,
) -> Problem:
    loc = _data_path(doc.data, error["loc"])
    kind = error["type"]
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, RowError):  # a check of the whole model that faults one row
        loc = _data_path(doc.data, (*loc, *cause.sub))
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(name, allowed) if allowed else ""
        if not hint and re.search(r"[()'\" <>=]", name):
            # `{where: pieces('x', z) > 0}`: the comma split the expression into a new key
            hint = "; inside { … } quote an expression that holds a comma"
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
    value = error.get("input")
    if kind == "string_type" and loc and loc[-1] == "offer" and isinstance(value, dict):
        if offers is not None:  # (named among the scenario's deals once all files are read)
            offers.append((doc, loc, value))
        return doc.problem(loc, offer_hint(value, deal_ids([doc.data])))
    pattern = (error.get("ctx") or {}).get("pattern", "")
    quoted = isinstance(value, str) and doc.position(loc).quoted  # (as the author wrote it)
    instead = type_hint(kind, value, pattern, quoted=quoted)
    if instead:
        return doc.problem(loc, instead)
    message = error["msg"].removeprefix("Value error, ")
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
