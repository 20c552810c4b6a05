"""Differences between two plan documents, by their place in the file
(`target_groups[born].receiving_unit: "straxen" → "modtagelsen"`): how a draft differs from
the version in force, and what an edit in the admin changed."""

from dataclasses import dataclass
from typing import Any

import yaml

from .dump import ReadableDumper

# List items are matched by these keys (in this order) when they have one, else by position.
_ITEM_KEYS = ("code", "level", "audience", "topic", "unit")


@dataclass(frozen=True)
class Difference:
    place: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    @property
    def old_display(self) -> str:
        return _short(self.old)

    @property
    def new_display(self) -> str:
        return _short(self.new)

    def __str__(self) -> str:
        if self.kind == "added":
            return f"{self.place}: tilføjet {_short(self.new)}"
        if self.kind == "removed":
            return f"{self.place}: fjernet (var {_short(self.old)})"
        return f"{self.place}: {_short(self.old)} → {_short(self.new)}"


def _short(value: Any, limit: int = 120) -> str:
    if isinstance(value, dict | list):
        text = yaml.dump(
            value, Dumper=ReadableDumper, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10**6
        )
        text = text.strip()
    elif isinstance(value, str):
        text = f'"{value}"'
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item_key(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in _ITEM_KEYS:
            if isinstance(item.get(key), str) and item[key]:
                return item[key]
    return None


_MISSING = object()  # a key or position one side does not have


def _diff(old: Any, new: Any, place: str, out: list[Difference]) -> None:
    """Append to `out` what changed from `old` to `new` below `place`."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = list(old) + [k for k in new if k not in old]
        pairs = ((f"{place}.{k}" if place else str(k), old.get(k, _MISSING), new.get(k, _MISSING)) for k in keys)
        _diff_pairs(pairs, out)
    elif isinstance(old, list) and isinstance(new, list):
        _diff_lists(old, new, place, out)
    elif old != new:
        out.append(Difference(place, old, new))


def _diff_pairs(pairs, out: list[Difference]) -> None:
    """(place, old, new) triples: a side that is _MISSING makes the value added or removed."""
    for here, old, new in pairs:
        if new is _MISSING:
            out.append(Difference(here, old, None))
        elif old is _MISSING:
            out.append(Difference(here, None, new))
        else:
            _diff(old, new, here, out)


def _diff_lists(old: list, new: list, place: str, out: list[Difference]) -> None:
    """Items with a unique key (_ITEM_KEYS) on both sides are matched by key, and a changed order
    is one difference of its own; other lists are compared position by position."""
    old_keys, new_keys = [_item_key(i) for i in old], [_item_key(i) for i in new]
    keyed = all(old_keys) and all(new_keys) and len(set(old_keys)) == len(old) and len(set(new_keys)) == len(new)
    if not keyed:
        pairs = (
            (f"{place}[{i}]", old[i] if i < len(old) else _MISSING, new[i] if i < len(new) else _MISSING)
            for i in range(max(len(old), len(new)))
        )
        _diff_pairs(pairs, out)
        return
    old_map, new_map = dict(zip(old_keys, old, strict=True)), dict(zip(new_keys, new, strict=True))
    keys = old_keys + [k for k in new_keys if k not in old_map]
    _diff_pairs(((f"{place}[{k}]", old_map.get(k, _MISSING), new_map.get(k, _MISSING)) for k in keys), out)
    if [k for k in old_keys if k in new_map] != [k for k in new_keys if k in old_map]:
        out.append(Difference(f"{place} (rækkefølge)", old_keys, new_keys))


def diff_documents(old: dict, new: dict) -> list[Difference]:
    """Every difference from `old` to `new` (plan documents, `plan_to_document`), in file order."""
    out: list[Difference] = []
    _diff(old, new, "", out)
    return out
