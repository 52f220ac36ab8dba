"""What to write instead: the hints the loader adds where pydantic's own words would leave
an author guessing (types are strict, nothing is coerced: see engine.load.models.base).

Each hint is worded for what the author wrote — in quotes or not, one id or a mapping — and
says what to write, so that the message is the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from engine.errors import did_you_mean
from engine.load.models.base import ID_PATTERN


def type_hint(kind: str, value: Any, pattern: str = "", quoted: bool = True) -> str | None:
    """What to write instead, for a value of the wrong type that looks like the right one
    (types are strict: nothing is coerced, see engine.load.models.base). ``quoted``: whether
    the author wrote the value in quotes (else "without quotes" would make no sense)."""
    numeral = isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value)
    if kind in ("int_type", "string_pattern_mismatch") and numeral:
        if not quoted:  # (a number YAML reads as text, e.g. 08)
            return f"'{value}' is read as text, not a number: write {_without_zeros(value)}"
        return f"'{value}' is a number in quotes: write {value.strip()} without quotes"
    if kind == "int_type" and isinstance(value, bool):
        return f"{str(value).lower()} is not a number: write a whole number"
    if kind == "int_type" and isinstance(value, str) and value.lower() in _YAML11_BOOLS:
        return f"'{value}' is not a number: write a whole number"
    if kind == "int_type" and isinstance(value, float) and value.is_integer():
        return f"{value} is not a whole number as written: write {int(value)}"
    if kind == "string_pattern_mismatch" and pattern == ID_PATTERN and isinstance(value, str):
        suggestion = re.sub(r"[^a-z0-9_]+", "_", value.strip().lower()).strip("_")
        if suggestion and suggestion[0].isalpha() and suggestion != value:
            return (
                f"'{value}' is not an id: ids are lower-case letters, digits and _ "
                f"(write '{suggestion}'; a display name goes in 'name')"
            )
    if kind == "bool_type" and isinstance(value, str) and quoted:
        return f"'{value}' is not true or false: write true or false, without quotes"
    if kind == "bool_type" and isinstance(value, str) and value.lower() in _YAML11_WORDS:
        meant = _YAML11_WORDS[value.lower()]
        return (
            f"'{value}' is not true or false (scenarios are read as YAML 1.2, where yes, no, "
            f"on and off are words): write {meant}"
        )
    if kind == "bool_type" and isinstance(value, str):
        return f"'{value}' is not true or false: write true or false"
    if kind == "bool_type" and isinstance(value, int):
        return f"{value} is not true or false: write true or false"
    return None


def _without_zeros(numeral: str) -> str:
    """``08`` as ``8``, ``-007`` as ``-7`` (text, not ``int()``: it may be thousands of
    digits long, which ``int()`` refuses)."""
    text = numeral.strip()
    sign = "-" if text.startswith("-") else ""
    return sign + (text.lstrip("+-").lstrip("0") or "0")


#: Words YAML 1.1 read as booleans; the loader reads them as text, as YAML 1.2 does.
_YAML11_BOOLS = ("yes", "no", "on", "off", "true", "false")
#: What an author who wrote one of YAML 1.1's truth words (unquoted) meant by it.
_YAML11_WORDS = {
    "yes": "true",
    "y": "true",
    "on": "true",
    "no": "false",
    "n": "false",
    "off": "false",
}


#: The keys an author may wrap a deal's id in (``offer: {deal: x}``), for :func:`offer_hint`.
_DEAL_KEYS = ("deal", "id")


def offer_hint(written: Any, deals: Iterable[str]) -> str:
    """The message for an ``offer:`` given a mapping (``offer: {deal: x}``) where it takes a
    deal's id, with a did-you-mean among ``deals`` (the ids of the scenario's deals)."""
    deals = list(deals)
    named = [written[k] for k in _DEAL_KEYS if isinstance(written.get(k), str)]
    start = "offer takes a deal's id alone, not a mapping"
    if len(named) == 1 and named[0] in deals:
        return f"{start}: write 'offer: {named[0]}'"
    if len(named) == 1:
        suggestion = did_you_mean(named[0], deals) if deals and len(named[0]) <= 60 else ""
        known = _deals_known(deals) if not suggestion else ""
        unknown = f"unknown deal '{_short(named[0])}'"
        return f"{start} (write 'offer: ID'); {unknown}{suggestion}{known}"
    return f"{start}: write 'offer: ID'{_deals_known(deals)}"


def _deals_known(deals: list[str]) -> str:
    if not deals:  # (a shared file checked on its own may offer a deal declared elsewhere)
        return "; no deal is declared in the files read (under 'deals:')"
    shown = ", ".join(_short(d) for d in deals[:8]) + (", …" if len(deals) > 8 else "")
    return f"; the deals declared: {shown}"


def _short(text: str) -> str:
    """``text`` cut to a length a message can show (it may be anything an author wrote)."""
    return text if len(text) <= 60 else f"{text[:57]}…"


def deal_ids(data: Iterable[Any]) -> list[str]:
    """The deal ids declared in these files' data (as read, before validation)."""
    out: list[str] = []
    for doc in data:
        deals = doc.get("deals") if isinstance(doc, dict) else None
        for deal in deals if isinstance(deals, list) else ():
            if isinstance(deal, dict) and isinstance(deal.get("id"), str):
                out.append(deal["id"])
    return out


__all__ = ["deal_ids", "offer_hint", "type_hint"]
