"""Which mentions report one happening: grouping, the event row of a group, and batch planning. No SQL.

See docs/store.md ("Deduplication"). Everything here is a pure function of the mentions given, so the
events do not depend on the order documents were stored in.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Sequence

from ..records import PLACE, QUAD_CLASS, content_hash
from .rows import DocumentRows

# Modalities of one happening that merge into one event, strongest first (see docs/store.md).
HAPPENING_MODALITIES: tuple[str, ...] = ("reported", "planned", "expected")
# Sources that name no file, so that two different texts from them never replace each other.
ANONYMOUS_SOURCES = frozenset({"", "-", "<stdin>", "stdin"})


def modality_family(modality: str) -> str:
    """Which modalities may describe the same happening: planned/expected/reported, else only itself."""
    return "happening" if modality in HAPPENING_MODALITIES else modality


@dataclass
class EventGroup:
    """Mentions judged to report one happening, with the mention that anchors its date."""

    anchor: dict[str, Any]
    members: list[dict[str, Any]] = field(default_factory=list)


def _mention_order(mention: dict[str, Any]) -> tuple:
    """Shortest (most precise) dated period first, then by date; undated last; ties by mention id."""
    start, end = mention.get("date_start"), mention.get("date_end")
    if start is None or end is None:
        return (1, 0, date.max, mention["mention_id"])
    return (0, (end - start).days, start, mention["mention_id"])


def group_mentions(mentions: Iterable[dict[str, Any]]) -> list[EventGroup]:
    """Group the mentions of one (source country, target country, type) into events.

    Mentions are taken shortest date period first; each founds an event unless an event already
    founded has its date (the founder's period) within the mention's period, the same modality
    family and no other named actor on either side, in which case the mention joins the earliest
    such event. So a "June 2023" mention joins a
    "18 June 2023" event, two different days stay apart, and undated mentions never merge. The result
    does not depend on the order of ``mentions``.
    """
    ordered = sorted(mentions, key=_mention_order)
    groups: list[EventGroup] = []
    # Per modality family: (anchor start, group index), sorted, for a bisect lookup by date.
    starts: dict[str, list[tuple[date, int]]] = {}
    for mention in ordered:
        start, end = mention.get("date_start"), mention.get("date_end")
        if start is None or end is None:
            groups.append(EventGroup(anchor=mention, members=[mention]))
            continue
        index = starts.setdefault(modality_family(mention["modality"]), [])
        chosen = None
        # Every founded period is no longer than this one, so "nests" means: starts and ends inside it.
        position = bisect.bisect_left(index, (start, -1))
        while position < len(index) and index[position][0] <= end:
            group = groups[index[position][1]]
            if group.anchor["date_end"] <= end and _same_named_actors(group, mention):
                chosen = group
                break
            position += 1
        if chosen is None:
            groups.append(EventGroup(anchor=mention, members=[mention]))
            bisect.insort(index, (start, len(groups) - 1))
        else:
            chosen.members.append(mention)
    return groups


def _same_named_actors(group: EventGroup, mention: dict[str, Any]) -> bool:
    """Whether a mention may join a group: on each side, a named actor (a person or institution from
    the dictionary) must not differ from one already named in the group. "Macron's trip" and
    "Scholz's trip" to China in one week are two events; "the president's trip" joins either."""
    for side in ("source", "target"):
        named = mention.get(f"{side}_actor_id")
        if named is None:
            continue
        others = {m.get(f"{side}_actor_id") for m in group.members} - {None}
        if others and named not in others:
            return False
    return True


def _published_order(mention: dict[str, Any]) -> tuple:
    """By publication date (undated last), document and sentence: never by when a document was stored,
    so an event's history does not depend on the order documents were ingested in."""
    published = mention.get("published")
    return (published is None, published or date.min, mention["doc_id"], mention.get("sentence_index") or 0,
            mention["mention_id"])


def summarise_group(key: tuple[str | None, str | None, str], group: EventGroup) -> dict[str, Any]:
    """The events-table row of one group: current modality and its history, dates, actors, counts."""
    source_country, target_country, event_type = key
    members = sorted(group.members, key=_published_order)
    anchor = group.anchor
    modalities = {m["modality"] for m in members}
    if modality_family(anchor["modality"]) == "happening":
        current = next(m for m in HAPPENING_MODALITIES if m in modalities)
    else:
        current = anchor["modality"]
    history: list[dict[str, Any]] = []
    for mention in members:
        if not history or history[-1]["modality"] != mention["modality"]:
            published = mention.get("published")
            history.append({"modality": mention["modality"],
                            "since": published.isoformat() if published else None,
                            "doc_id": mention["doc_id"]})
    modes: dict[str, int] = {}
    for mention in members:
        if mention.get("mode"):
            modes[mention["mode"]] = modes.get(mention["mode"], 0) + 1
    mode = max(sorted(modes), key=lambda m: modes[m]) if modes else None

    def actors(side: str) -> list[dict[str, Any]]:
        seen: dict[tuple, dict[str, Any]] = {}
        for mention in members:
            if mention.get(f"{side}_text") is None and mention.get(f"{side}_country") is None:
                continue
            ident = (mention.get(f"{side}_country"), mention.get(f"{side}_sector"), mention.get(f"{side}_actor_id"))
            seen.setdefault(ident, {"code": ident[0], "sector": ident[1],
                                    "text": mention.get(f"{side}_text"), "actor_id": ident[2]})
        return list(seen.values())

    published = [m["published"] for m in members if m.get("published")]
    # Where it happened: the anchor's place, else the first place its reports (in publication order) state.
    located = next((m for m in [anchor, *members] if m.get("location_latitude") is not None), None)
    location = {f"location_{part.name}": located.get(f"location_{part.name}") if located else None
                for part in PLACE}
    return {
        "event_id": content_hash("event|" + anchor["mention_id"]),
        "source_country": source_country,
        "target_country": target_country,
        "event_type": event_type,
        "quad_class": QUAD_CLASS[event_type],
        "mode": mode,
        "modality": current,
        "modality_history": json.dumps(history),
        "date_value": anchor.get("date_value"),
        "date_precision": anchor.get("date_precision") or "none",
        "date_start": anchor.get("date_start"),
        "date_end": anchor.get("date_end"),
        "n_mentions": len(members),
        "n_documents": len({m["doc_id"] for m in members}),
        "first_seen": min(published) if published else None,
        "last_seen": max(published) if published else None,
        "confidence": max((m.get("confidence") or 0.0) for m in members),
        "source_actors": json.dumps(actors("source")),
        "target_actors": json.dumps(actors("target")),
        "anchor_mention_id": anchor["mention_id"],
        **location,
    }


def conflict_free_runs(batch: Sequence[DocumentRows]) -> list[list[int]]:
    """Indices of ``batch`` cut into runs in which no document id and no named source repeats.

    Each run can be stored at once and give what storing its documents one by one would give.
    """
    runs: list[list[int]] = []
    ids: set[str] = set()
    sources: set[str] = set()
    for index, rows in enumerate(batch):
        named = rows.source not in ANONYMOUS_SOURCES
        if not runs or rows.doc_id in ids or (named and rows.source in sources):
            runs.append([])
            ids, sources = set(), set()
        runs[-1].append(index)
        ids.add(rows.doc_id)
        if named:
            sources.add(rows.source)
    return runs


def merged_windows(windows: Iterable[tuple[tuple, date, date]]) -> list[tuple[tuple, date, date]]:
    """Per key, overlapping date windows merged into one; sorted by key and start."""
    def order(window: tuple[tuple, date, date]) -> tuple:
        key, low, _ = window
        return (tuple("" if part is None else part for part in key), low)

    merged: list[tuple[tuple, date, date]] = []
    for key, low, high in sorted(windows, key=order):
        if merged and merged[-1][0] == key and low <= merged[-1][2]:
            merged[-1] = (key, merged[-1][1], max(high, merged[-1][2]))
        else:
            merged.append((key, low, high))
    return merged
